package dev.chcdc.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, flink-conf/config.yaml, the files under deploy/, the root pom.xml and the README describe one
 * deployment; these tests keep them saying the same thing. YAML is read with SnakeYAML (already the launcher's
 * parser), which, like docker-compose, resolves the {@code <<: *flink} merge key; Jackson's YAML reader does not.
 */
class DeploymentConsistencyTest {
    private static final Path ROOT = ProjectPaths.detect().root();
    private static final List<String> FLINK_SERVICES = List.of("jobmanager", "taskmanager");
    private static final String BIND = "${BIND_ADDRESS:-127.0.0.1}:";

    private static Map<String, Object> yaml(String file) throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve(file), StandardCharsets.UTF_8)) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws IOException {
        return (Map<String, Object>) yaml("docker-compose.yml").get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws IOException {
        Map<String, Object> service = (Map<String, Object>) services().get(name);
        assertThat(service).as("service %s in docker-compose.yml", name).isNotNull();
        return service;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> service, String key) {
        return (List<String>) service.getOrDefault(key, List.of());
    }

    private static Configuration flinkConfig() {
        return GlobalConfiguration.loadConfiguration(ROOT.resolve("flink-conf").toString());
    }

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    void flinkWebUiIsPublishedOnHostPort8088FromRestPort8081() throws Exception {
        assertThat(flinkConfig().get(RestOptions.PORT)).isEqualTo(8081);
        assertThat(list(service("jobmanager"), "ports")).containsExactly(BIND + "8088:8081");
        assertThat(read("README.md")).contains("http://127.0.0.1:8088").contains("8081 inside the container");
    }

    @Test
    void everyPublishedPortBindsToTheConfiguredAddress() throws Exception {
        for (String name : services().keySet()) {
            assertThat(list(service(name), "ports")).as(name).allMatch(port -> port.startsWith(BIND));
        }
    }

    @Test
    void prometheusScrapesTheReporterPortOfBothFlinkContainers() throws Exception {
        String port = flinkConfig().getString("metrics.reporter.prom.port", null);
        assertThat(port).isEqualTo("9249");
        assertThat(read("deploy/prometheus/prometheus.yml"))
                .contains("[\"jobmanager:" + port + "\", \"taskmanager:" + port + "\"]");
        assertThat(read("README.md")).contains(port);
    }

    @Test
    void savepointAndCheckpointFoldersAreTheProjectFoldersMountedIntoBothFlinkContainers() throws Exception {
        Configuration conf = flinkConfig();
        assertThat(conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).isEqualTo("file:///opt/flink/savepoints");
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:///opt/flink/checkpoints");
        for (String name : FLINK_SERVICES) {
            assertThat(list(service(name), "volumes")).as(name)
                    .contains("./savepoints:/opt/flink/savepoints", "./checkpoints:/opt/flink/checkpoints");
        }
        assertThat(read("README.md")).contains("`savepoints/`");
    }

    @Test
    void flinkImageIsTheOfficialImageOfThePomsFlinkVersion() throws Exception {
        NodeList version = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ROOT.resolve("pom.xml").toFile()).getElementsByTagName("flink.version");
        String image = "flink:" + version.item(0).getTextContent() + "-scala_2.12-java17";
        for (String name : FLINK_SERVICES) {
            assertThat(service(name).get("image")).as(name).isEqualTo(image);
        }
        assertThat(read("README.md")).contains("`" + image + "`");
    }

    @Test
    void clickHouseImageIsAPinned25Release() throws Exception {
        String image = (String) service("clickhouse").get("image");
        assertThat(image).matches("clickhouse/clickhouse-server:25\\.\\d+(\\.\\d+)*");
        assertThat(read("README.md")).contains("`" + image + "`");
    }

    @Test
    void builtJobJarIsMountedIntoUsrlibOfTheJobManager() throws Exception {
        String jar = "job/target/mysql-clickhouse-cdc-job.jar";
        assertThat(list(service("jobmanager"), "volumes"))
                .contains("./" + jar + ":/opt/flink/usrlib/mysql-clickhouse-cdc-job.jar:ro");
        assertThat(read("bin/job")).contains(jar);
        assertThat(read("README.md")).contains(jar);
    }

    @Test
    void projectFlinkConfigurationIsMountedAndCopiedOverTheImagesByTheEntrypoint() throws Exception {
        for (String name : FLINK_SERVICES) {
            Map<String, Object> service = service(name);
            assertThat(list(service, "volumes")).as(name)
                    .contains("./flink-conf:/opt/flink/conf-project:ro", "./deploy/flink:/opt/flink/deploy:ro");
            assertThat(list(service, "entrypoint")).as(name).containsExactly("bash", "/opt/flink/deploy/entrypoint.sh");
        }
        assertThat(read("deploy/flink/entrypoint.sh"))
                .contains("cp /opt/flink/conf-project/config.yaml /opt/flink/conf/config.yaml")
                .contains("exec /docker-entrypoint.sh \"$@\"");
    }

    @Test
    void everyServiceHasAHealthcheck() throws Exception {
        for (String name : services().keySet()) {
            assertThat(service(name)).as(name).containsKey("healthcheck");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyDependencyWaitsUntilTheServiceIsHealthy() throws Exception {
        for (String name : services().keySet()) {
            Map<String, Map<String, Object>> dependencies =
                    (Map<String, Map<String, Object>>) service(name).getOrDefault("depends_on", Map.of());
            dependencies.forEach((dependency, condition) ->
                    assertThat(condition).as(name + " -> " + dependency).containsEntry("condition", "service_healthy"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySecretIsAVariableOfTheGitIgnoredDotEnvFile() throws Exception {
        String compose = read("docker-compose.yml");
        Set<String> required = new TreeSet<>();
        Matcher variable = Pattern.compile("\\$\\{(\\w+):\\?").matcher(compose);
        while (variable.find()) {
            required.add(variable.group(1));
        }
        assertThat(required).containsExactly("CLICKHOUSE_PASSWORD", "CONSOLE_PASSWORD", "CONSOLE_USER",
                "GRAFANA_ADMIN_PASSWORD", "MYSQL_CDC_PASSWORD", "MYSQL_ROOT_PASSWORD");
        Set<String> documented = new TreeSet<>();
        for (String line : read(".env.example").split("\n")) {
            if (line.matches("\\w+=.*")) {
                documented.add(line.substring(0, line.indexOf('=')));
            }
        }
        assertThat(documented).containsAll(required);
        for (String name : services().keySet()) {
            Map<String, Object> environment = (Map<String, Object>) service(name).getOrDefault("environment", Map.of());
            environment.forEach((key, value) -> {
                if (key.contains("PASSWORD")) {
                    assertThat(value.toString()).as(name + " " + key).startsWith("${");
                }
            });
        }
        assertThat(read(".gitignore").lines()).contains(".env");
    }

    @Test
    void theTestsQuietTheSameRowPrintingLoggersAsTheContainersAndTheLocalStack() throws Exception {
        Map<String, String> production = loggerLevels(ROOT.resolve("flink-conf/log4j-console.properties"));
        Map<String, String> tests = loggerLevels(ROOT.resolve("job/src/test/resources/log4j2-test.properties"));
        Map<String, String> quieted = new java.util.TreeMap<>();
        production.forEach((logger, level) -> {
            if (logger.startsWith("org.apache.flink.cdc") || logger.startsWith("io.debezium")
                    || logger.startsWith("org.apache.flink.connector.base")) {
                quieted.put(logger, level);
            }
        });
        assertThat(quieted).isNotEmpty();
        assertThat(tests).containsAllEntriesOf(quieted);
    }

    /** A Log4j 2 properties file's {@code logger.<id>.name} and {@code .level}, as logger name to level. */
    private static Map<String, String> loggerLevels(Path file) throws IOException {
        java.util.Properties properties = new java.util.Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> levels = new java.util.HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("logger.") && key.endsWith(".name")) {
                String id = key.substring(0, key.length() - ".name".length());
                levels.put(properties.getProperty(key).strip(), String.valueOf(properties.getProperty(id + ".level")).strip());
            }
        }
        return levels;
    }

    @Test
    void clickHouseJobUserHasTheLocalStacksGrantsAndLogsInFromTheComposeNetworkOnly() throws Exception {
        NodeList queries = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ROOT.resolve("deploy/clickhouse/users.d/cdc-writer.xml").toFile())
                .getElementsByTagName("query");
        List<String> grants = new ArrayList<>();
        for (int i = 0; i < queries.getLength(); i++) {
            grants.add(queries.item(i).getTextContent());
        }
        assertThat(grants).isEqualTo(ClickHouseServer.jobGrants(LocalStack.DEMO_DATABASE));
        NodeList networks = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ROOT.resolve("deploy/clickhouse/users.d/cdc-writer.xml").toFile())
                .getElementsByTagName("ip");
        assertThat(networks.getLength()).isEqualTo(1);
        assertThat(yaml("docker-compose.yml").get("networks").toString())
                .as("the compose network's fixed subnet, the only one the job user may log in from")
                .contains("subnet=" + networks.item(0).getTextContent());
        assertThat(service("clickhouse").get("volumes").toString())
                .contains("./deploy/clickhouse/users.d/cdc-writer.xml:/etc/clickhouse-server/users.d/cdc-writer.xml:ro");
    }

    @Test
    void memoryLimitsLeaveAQuarterOfThe64GbVpsToThePageCache() throws Exception {
        long total = 0;
        for (String name : List.of("redpanda", "console", "console-proxy", "clickhouse", "jobmanager", "taskmanager")) {
            Object limit = service(name).get("mem_limit");
            total += limit == null ? 0 : MemorySize.parse(limit.toString()).getBytes();
        }
        assertThat(total).isLessThanOrEqualTo(MemorySize.parse("48g").getBytes());
        Configuration conf = flinkConfig();
        assertThat(conf.get(JobManagerOptions.TOTAL_PROCESS_MEMORY).getBytes())
                .isLessThanOrEqualTo(MemorySize.parse(service("jobmanager").get("mem_limit").toString()).getBytes());
        assertThat(conf.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY).getBytes())
                .isLessThanOrEqualTo(MemorySize.parse(service("taskmanager").get("mem_limit").toString()).getBytes());
    }

    @Test
    void grafanaDashboardShowsTheArchitectureDocumentsMonitoringList() throws Exception {
        String dashboard = read("deploy/grafana/dashboards/cdc-pipeline.json");
        assertThat(dashboard).contains(
                "flink_taskmanager_job_task_operator_cdc_table_eventsRead",
                "flink_taskmanager_job_task_operator_cdc_table_freshnessMs",
                "flink_taskmanager_job_task_operator_currentEmitEventTimeLag",
                "flink_jobmanager_job_lastCheckpointDuration",
                "flink_taskmanager_job_task_operator_cdc_table_lastBatchSize",
                "flink_taskmanager_job_task_operator_cdc_table_deadLettered",
                "ClickHouseAsyncMetrics_TotalPartsOfMergeTreeTables");
        assertThat(read("deploy/clickhouse/config.d/prometheus.xml")).contains("<port>9363</port>");
        assertThat(read("deploy/prometheus/prometheus.yml")).contains("clickhouse:9363");
    }
}
