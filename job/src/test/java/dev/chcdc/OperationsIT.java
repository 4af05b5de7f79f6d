package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chcdc.event.TableSchema;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.FlinkCluster;
import dev.chcdc.stack.FreePorts;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.stack.ProjectPaths;
import dev.chcdc.stack.ServiceProcess;
import dev.chcdc.testsupport.MySqlWorkload;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import dev.chcdc.testsupport.WorkloadTables;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operating the pipeline as its users do, end to end: a standalone Flink cluster of real JobManager and
 * TaskManager processes, the packaged job jar, and {@code bin/job} driving Flink's own {@code flink run/stop}
 * and REST API, against real MariaDB and ClickHouse. Stop with a savepoint, changes while stopped and resume
 * end with exact parity and no second snapshot; so does a TaskManager killed with {@code kill -9} mid-stream
 * and replaced. The web UI and both Prometheus reporters serve the running job.
 */
@ExtendWith(RealServices.class)
class OperationsIT {
    private static final Path ROOT = ProjectPaths.detect().root();
    private static final int SNAPSHOT_ROWS_PER_TABLE = 3_000;
    private static final int CHANGES = 1_500;
    private static final Duration PARITY_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern SAVEPOINT = Pattern.compile("stopped with savepoint (\\S+)");
    private static final Pattern RUN = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Path JOB_JAR = ROOT.resolve("job/target/mysql-clickhouse-cdc-job.jar");
    /** What the JobManager logs once a job's snapshot is complete (Flink CDC's MySqlSnapshotSplitAssigner). */
    private static final String SNAPSHOT_FINISHED = "Snapshot split assigner is turn into finished status.";
    /** Debezium's reason when the binlog a savepoint or checkpoint points into was purged. */
    private static final String BINLOG_GONE = "but this is no longer available on the server";

    /**
     * Metrics of the running job that the Grafana dashboard (deploy/grafana) reads, by the reporter serving
     * them. The job's own {@code cdc_table_*} metrics belong in the TaskManager's list once it registers them.
     */
    private static final List<String> JOB_MANAGER_METRICS = List.of(
            "flink_jobmanager_job_lastCheckpointDuration",
            "flink_jobmanager_job_numberOfFailedCheckpoints",
            "flink_jobmanager_job_numRestarts",
            "flink_jobmanager_job_uptime");
    private static final List<String> TASK_MANAGER_METRICS = List.of(
            "flink_taskmanager_job_task_operator_numRecordsOut",
            "flink_taskmanager_job_task_operator_currentEmitEventTimeLag",
            "flink_taskmanager_job_task_operator_cdc_table_eventsRead",
            "flink_taskmanager_job_task_operator_cdc_table_batchesCommitted",
            "flink_taskmanager_job_task_operator_cdc_table_lastBatchSize",
            "flink_taskmanager_job_task_operator_cdc_table_deadLettered",
            "flink_taskmanager_job_task_operator_cdc_table_freshnessMs");

    private static final Logger LOG = LoggerFactory.getLogger(OperationsIT.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir;
    private static FlinkCluster cluster;
    private static Path flinkCli;
    private static ServiceProcess jobManager;
    private static ServiceProcess taskManager;

    @BeforeAll
    static void startCluster() throws Exception {
        Files.createDirectories(ROOT.resolve("target"));
        dir = Files.createTempDirectory(ROOT.resolve("target"), "operations-");
        cluster = new FlinkCluster(new FlinkCluster.Layout(dir.resolve("flink"), ProjectPaths.detect().flinkHome(),
                ProjectPaths.detect().flinkBaseConfig(), dir.resolve("savepoints"), FreePorts.next(), FreePorts.next(),
                FreePorts.next(), FreePorts.next(), 4, "1024m", "2048m"));
        cluster.prepare();
        flinkCli = cluster.writeCliScript(dir.resolve("flink-cli"));
        jobManager = cluster.jobManager().startBound();
        taskManager = cluster.newTaskManager().startBound();
    }

    @AfterAll
    static void stopCluster() {
        if (taskManager != null) {
            taskManager.close();
        }
        if (jobManager != null) {
            jobManager.close();
        }
    }

    @Test
    void stopWithSavepointChangesWhileStoppedAndResumeEndInParityWithoutASecondSnapshot(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        List<String> jobs = new ArrayList<>();
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            MySqlWorkload workload = tablesWithSnapshotRows(mysql, 11);
            Map<String, String> environment = environment(fixture);

            String first = submitted(jobs, job(environment, "submit"));
            awaitRunning(first);
            List<TableSchema> tables = JobStartup.prepare(fixture.config(Map.of())).tables();
            workload.randomChanges(CHANGES);
            fixture.awaitParity(tables, PARITY_TIMEOUT);
            Map<String, String> snapshotVersions = snapshotVersions(clickHouse, fixture, tables);
            assertThat(snapshotVersions.values()).allMatch(versions -> versions.matches("\\[\\d+]"));

            String stopped = job(environment, "stop");
            String savepoint = find(SAVEPOINT, stopped);
            assertThat(Path.of(URI.create(savepoint)).resolve("_metadata")).isRegularFile();
            assertThat(rest("/jobs/" + first).path("state").asText()).isEqualTo("FINISHED");

            workload.randomChanges(CHANGES); // while no job runs
            String resumedOutput = job(environment, "resume");
            assertThat(resumedOutput).contains("Resuming from " + Path.of(URI.create(savepoint)));
            String resumed = submitted(jobs, resumedOutput);
            awaitRunning(resumed);
            JsonNode restored = rest("/jobs/" + resumed + "/checkpoints").path("latest").path("restored");
            assertThat(restored.path("is_savepoint").asBoolean()).isTrue();
            assertThat(restored.path("external_path").asText()).isEqualTo(savepoint.replaceAll("/$", ""));

            fixture.awaitParity(tables, PARITY_TIMEOUT);
            // A second snapshot would have written every row again, with a newer snapshot version.
            assertThat(snapshotVersions(clickHouse, fixture, tables)).isEqualTo(snapshotVersions);
            assertNoDuplicateKeyVersions(fixture, tables);
        } finally {
            cancelRunning(jobs);
        }
    }

    @Test
    void taskManagerKilledMidStreamIsReplacedAndTheJobRecoversFromItsCheckpointInParity(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        List<String> jobs = new ArrayList<>();
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            MySqlWorkload workload = tablesWithSnapshotRows(mysql, 12);
            String jobId = submitted(jobs, job(environment(fixture), "submit"));
            awaitRunning(jobId);
            List<TableSchema> tables = JobStartup.prepare(fixture.config(Map.of())).tables();
            fixture.awaitParity(tables, PARITY_TIMEOUT);

            CompletableFuture<Void> changes = CompletableFuture.runAsync(() -> {
                try {
                    workload.randomChanges(3 * CHANGES);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            TimeUnit.SECONDS.sleep(3);
            killTaskManagerProcess();
            taskManager = cluster.newTaskManager().startBound();
            changes.get(PARITY_TIMEOUT.toMinutes(), TimeUnit.MINUTES);

            fixture.awaitParity(tables, PARITY_TIMEOUT);
            assertThat(rest("/jobs/" + jobId).path("state").asText()).isEqualTo("RUNNING");
            JsonNode restored = rest("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
            assertThat(restored.path("is_savepoint").asBoolean()).as(restored.toString()).isFalse();
            assertThat(restored.path("external_path").asText()).contains("/chk-");
            assertNoDuplicateKeyVersions(fixture, tables);
        } finally {
            cancelRunning(jobs);
        }
    }

    @Test
    void webUiAndBothPrometheusReportersServeTheRunningJob(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        List<String> jobs = new ArrayList<>();
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            MySqlWorkload workload = tablesWithSnapshotRows(mysql, 13);
            Map<String, String> environment = environment(fixture);
            String jobId = submitted(jobs, job(environment, "submit"));
            awaitRunning(jobId);
            workload.randomChanges(CHANGES);

            assertThat(get(cluster.restUrl() + "/")).contains("<title>Apache Flink Web Dashboard</title>");
            JsonNode overview = rest("/jobs/overview").path("jobs");
            assertThat(overview.findValuesAsText("jid")).contains(jobId);
            for (JsonNode job : overview) {
                if (job.path("jid").asText().equals(jobId)) {
                    assertThat(job.path("state").asText()).isEqualTo("RUNNING");
                    assertThat(job.path("name").asText()).isEqualTo("mysql-clickhouse-cdc");
                }
            }
            awaitMetrics(cluster.layout().prometheusPort(), jobId, JOB_MANAGER_METRICS);
            awaitMetrics(cluster.layout().taskManagerPrometheusPort(), jobId, TASK_MANAGER_METRICS);
            awaitCompletedCheckpoint(jobId);
            assertThat(job(environment, "status"))
                    .contains("mysql-clickhouse-cdc  " + jobId + "  RUNNING")
                    .containsPattern("last completed: #\\d+ at ");
        } finally {
            cancelRunning(jobs);
        }
    }

    @Test
    void binlogPurgedWhileStoppedIsRecoveredByANewSnapshotThenDeletingTheRowsItDidNotConfirm(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        List<String> jobs = new ArrayList<>();
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            MySqlWorkload workload = tablesWithSnapshotRows(mysql, 14);
            Map<String, String> environment = environment(fixture);
            submitAndAwaitSnapshot(jobs, environment);
            List<TableSchema> tables = JobStartup.prepare(fixture.config(Map.of())).tables();
            fixture.awaitParity(tables, PARITY_TIMEOUT);
            job(environment, "stop");

            workload.randomChanges(CHANGES);
            long deletedWhileStopped = deleteOneCustomer(mysql);
            purgeBinaryLogs(mariaDb);

            String failing = submitted(jobs, job(environment, "resume"));
            assertThat(awaitFailure(failing)).contains(BINLOG_GONE);
            job(environment, "cancel", failing);
            submitAndAwaitSnapshot(jobs, environment);
            Map<String, Long> versions = newestSnapshotVersions(clickHouse, fixture, tables);
            awaitSnapshotRowsCommitted(clickHouse, fixture, tables, versions);
            // The snapshot rewrote every row MySQL has; a row deleted while no binlog was read is still there.
            assertThat(clickHouse.query("SELECT count() FROM `" + fixture.database() + "`.customers WHERE id = "
                    + deletedWhileStopped).strip()).isEqualTo("1");

            deleteRowsOlderThanTheSnapshot(clickHouse, fixture, versions);
            fixture.awaitParity(tables, PARITY_TIMEOUT);
            assertNoDuplicateKeyVersions(fixture, tables);
        } finally {
            cancelRunning(jobs);
        }
    }

    @Test
    void singleTableIsResnapshottedByASecondJobBesideTheRunningOne(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        List<String> jobs = new ArrayList<>();
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            MySqlWorkload workload = tablesWithSnapshotRows(mysql, 15);
            Map<String, String> environment = environment(fixture);
            // Its own end-of-snapshot line comes first, so the next one is the second job's.
            submitAndAwaitSnapshot(jobs, environment);
            List<TableSchema> tables = JobStartup.prepare(fixture.config(Map.of())).tables();
            fixture.awaitParity(tables, PARITY_TIMEOUT);
            Map<String, String> snapshotVersions = snapshotVersions(clickHouse, fixture, tables);
            // Damage customers in ClickHouse: a third of its rows lost, and a row MySQL never had.
            String raw = "`" + fixture.database() + "`.customers_raw";
            clickHouse.query("ALTER TABLE " + raw + " DELETE WHERE id % 3 = 0 SETTINGS mutations_sync = 1");
            clickHouse.query("INSERT INTO " + raw + " (id, email, name, country, created_at, _version, is_deleted, "
                    + "_binlog_file, _binlog_pos, _commit_time) VALUES (4000000000, 'ghost@example.com', NULL, 'US', "
                    + "now64(3), 1, 0, '', 0, now64(3))");

            long snapshotsFinished = snapshotsFinished();
            long serverIdStart = Long.parseLong(fixture.configValues(Map.of()).get("mysql.server-id-start"));
            String resnapshot = submitted(jobs, flink(environment, "run", "-d", JOB_JAR.toString(),
                    "--config", environment.get("JOB_CONFIG"),
                    "--mysql.tables.include", fixture.database() + "\\.customers",
                    "--mysql.server-id-start", String.valueOf(serverIdStart + 5),
                    "--pipeline.name", "resnapshot-customers"));
            workload.randomChanges(CHANGES); // the main job keeps streaming all tables meanwhile
            awaitSnapshotFinished(snapshotsFinished);
            job(environment, "cancel", resnapshot);
            deleteRowsOlderThanTheSnapshot(clickHouse, fixture,
                    Map.of("customers", newestSnapshotVersions(clickHouse, fixture, tables).get("customers")));

            fixture.awaitParity(tables, PARITY_TIMEOUT);
            snapshotVersions.remove("customers");
            assertThat(snapshotVersions(clickHouse, fixture, tables)).containsAllEntriesOf(snapshotVersions);
            assertNoDuplicateKeyVersions(fixture, tables);
        } finally {
            cancelRunning(jobs);
        }
    }

    /**
     * A session cluster loads the job's classes anew for each submission; a job that leaves threads or driver
     * registrations behind keeps them all (the TaskManager, then the JobManager, died of Metaspace after about
     * eleven). After 20 submissions, alternately cancelled and stopped with a savepoint then resumed from it, the
     * JobManager's and TaskManager's Metaspace and threads after a full GC stay flat.
     */
    @Test
    void twentySubmissionsCancelsAndSavepointResumesLeaveMetaspaceAndThreadsFlat(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        List<String> jobs = new ArrayList<>();
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                java.sql.Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE counters (id INT PRIMARY KEY, n INT NOT NULL)");
            statement.execute("INSERT INTO counters SELECT seq, seq FROM seq_1_to_100");
            Map<String, String> environment = environment(fixture);
            List<Footprint> footprints = new ArrayList<>();
            boolean fromSavepoint = false;
            for (int cycle = 1; cycle <= 20; cycle++) {
                String jobId = submitted(jobs, job(environment, fromSavepoint ? "resume" : "submit"));
                awaitRunning(jobId);
                awaitCompletedCheckpoint(jobId);
                statement.execute("UPDATE counters SET n = n + 1 WHERE id = " + cycle);
                fromSavepoint = cycle % 2 == 0;
                job(environment, fromSavepoint ? "stop" : "cancel", jobId);
                await("job " + jobId + " ended", () -> rest("/jobs/" + jobId).path("state").asText().matches("FINISHED|CANCELED"));
                Footprint footprint = footprint();
                footprints.add(footprint);
                LOG.info("Cycle {} ({}): {}", cycle, fromSavepoint ? "stopped with a savepoint" : "cancelled", footprint);
            }
            Footprint early = footprints.get(4);
            Footprint last = footprints.get(footprints.size() - 1);
            LOG.info("Metaspace after a full GC, cycle 5 -> 20: JobManager {} -> {} MB, TaskManager {} -> {} MB; "
                    + "threads JobManager {} -> {}, TaskManager {} -> {}", early.jobManagerMetaspaceMb(),
                    last.jobManagerMetaspaceMb(), early.taskManagerMetaspaceMb(), last.taskManagerMetaspaceMb(),
                    early.jobManagerThreads(), last.jobManagerThreads(), early.taskManagerThreads(),
                    last.taskManagerThreads());
            // A submission leaked holds about 10 MB of this job's classes on each, so 15 more cycles would add about
            // 150 MB; what stays is a class loader or two that the JVM's soft caches keep until memory runs short.
            assertThat(last.jobManagerMetaspaceMb() - early.jobManagerMetaspaceMb()).as(footprints.toString()).isLessThan(32);
            assertThat(last.taskManagerMetaspaceMb() - early.taskManagerMetaspaceMb()).as(footprints.toString()).isLessThan(32);
            assertThat(last.jobManagerThreads() - early.jobManagerThreads()).as(footprints.toString()).isLessThan(10);
            assertThat(last.taskManagerThreads() - early.taskManagerThreads()).as(footprints.toString()).isLessThan(10);
        } finally {
            cancelRunning(jobs);
        }
    }

    /** Metaspace in use (MB) and live threads of the JobManager and the TaskManager, each after a full GC. */
    private record Footprint(long jobManagerMetaspaceMb, long taskManagerMetaspaceMb, long jobManagerThreads,
            long taskManagerThreads) {}

    private static Footprint footprint() throws Exception {
        fullGc(jobManager);
        fullGc(taskManager);
        String names = "Status.JVM.Memory.Metaspace.Used,Status.JVM.Threads.Count";
        Map<String, Long> jm = metrics(rest("/jobmanager/metrics?get=" + names));
        String taskManagerId = rest("/taskmanagers").path("taskmanagers").get(0).path("id").asText();
        Map<String, Long> tm = metrics(rest("/taskmanagers/" + taskManagerId + "/metrics?get=" + names));
        return new Footprint(jm.get("Status.JVM.Memory.Metaspace.Used") >> 20, tm.get("Status.JVM.Memory.Metaspace.Used") >> 20,
                jm.get("Status.JVM.Threads.Count"), tm.get("Status.JVM.Threads.Count"));
    }

    private static Map<String, Long> metrics(JsonNode answer) {
        Map<String, Long> values = new LinkedHashMap<>();
        answer.forEach(metric -> values.put(metric.path("id").asText(), Long.parseLong(metric.path("value").asText())));
        return values;
    }

    /** A full GC (which unloads the classes of released class loaders) in the service's JVM, with the JDK's jcmd. */
    private static void fullGc(ServiceProcess service) throws Exception {
        long pid = service.handle().descendants()
                .filter(process -> process.info().command().orElse("").endsWith("/java"))
                .findFirst().orElseThrow().pid();
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(gc.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** Creates the workload's tables and fills each with the snapshot rows. */
    private static MySqlWorkload tablesWithSnapshotRows(Connection mysql, long seed) throws Exception {
        MySqlWorkload workload = new MySqlWorkload(mysql, WorkloadTables.all(), seed);
        workload.createTables();
        workload.insertRows(SNAPSHOT_ROWS_PER_TABLE);
        return workload;
    }

    /**
     * What bin/job needs to reach this test's cluster and services: the only place the test's job configuration
     * is written (from PipelineFixture's values); the passwords travel in the environment.
     */
    private static Map<String, String> environment(PipelineFixture fixture) throws IOException {
        Path config = dir.resolve(fixture.database() + ".properties");
        Properties properties = new Properties();
        properties.putAll(fixture.configValues(Map.of()));
        try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            properties.store(writer, "OperationsIT: job configuration of " + fixture.database());
        }
        Map<String, String> environment = new LinkedHashMap<>(fixture.passwordEnvironment());
        environment.put("JOB_CONFIG", config.toString());
        environment.put("FLINK_CLI", flinkCli.toString());
        environment.put("FLINK_REST_URL", cluster.restUrl());
        environment.put("SAVEPOINT_DIR", cluster.layout().savepointDir().toString());
        environment.put("CHECKPOINT_DIR", cluster.layout().dir().resolve("checkpoints").toString());
        return environment;
    }

    /** Runs {@code bin/job --local <arguments>}; returns its output, failing the test when it fails. */
    private static String job(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("bin/job").toString(), "--local"));
        command.addAll(List.of(arguments));
        return run(environment, command);
    }

    /** Runs Flink's CLI of the test's cluster, as {@code bin/flink} does for the local stack. */
    private static String flink(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(flinkCli.toString()));
        command.addAll(List.of(arguments));
        return run(environment, command);
    }

    private static String run(Map<String, String> environment, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        String shown = String.join(" ", command.subList(command.size() > 2 ? 2 : 0, command.size()));
        if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(shown + " did not finish within " + COMMAND_TIMEOUT);
        }
        String text = output.get();
        LOG.info("{}:\n{}", shown, text);
        assertThat(process.exitValue()).as("%s%n%s", shown, text).isZero();
        return text;
    }

    /** The job id printed by bin/job or by {@code flink run}, remembered for cancelling. */
    private static String submitted(List<String> jobs, String output) {
        String jobId = find(RUN, output);
        jobs.add(jobId);
        return jobId;
    }

    /** The distinct _version values of snapshot rows (empty binlog file) in each raw table, e.g. {@code [42]}. */
    private static Map<String, String> snapshotVersions(
            ClickHouseServer clickHouse, PipelineFixture fixture, List<TableSchema> tables) throws Exception {
        Map<String, String> versions = new LinkedHashMap<>();
        for (TableSchema table : tables) {
            versions.put(table.table().table(), clickHouse.query("SELECT arraySort(groupUniqArray(_version)) FROM `"
                    + fixture.database() + "`.`" + table.table().table() + "_raw` WHERE _binlog_file = ''").strip());
        }
        return versions;
    }

    /** Per table, the _version of the newest run's snapshot rows: every later change has a higher one. */
    private static Map<String, Long> newestSnapshotVersions(
            ClickHouseServer clickHouse, PipelineFixture fixture, List<TableSchema> tables) throws Exception {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (TableSchema table : tables) {
            versions.put(table.table().table(), Long.parseLong(clickHouse.query("SELECT max(_version) FROM `"
                    + fixture.database() + "`.`" + table.table().table() + "_raw` WHERE _binlog_file = ''").strip()));
        }
        return versions;
    }

    /** The runbook's step after a new snapshot: rows older than it were not in MySQL when it read them. */
    private static void deleteRowsOlderThanTheSnapshot(
            ClickHouseServer clickHouse, PipelineFixture fixture, Map<String, Long> versions) throws Exception {
        for (Map.Entry<String, Long> table : versions.entrySet()) {
            clickHouse.query("ALTER TABLE `" + fixture.database() + "`.`" + table.getKey() + "_raw` DELETE WHERE "
                    + "_version < " + table.getValue() + " SETTINGS mutations_sync = 1");
        }
    }

    /** Waits until every MySQL row has a row at least as new as the snapshot in ClickHouse (no changes running). */
    private static void awaitSnapshotRowsCommitted(ClickHouseServer clickHouse, PipelineFixture fixture,
            List<TableSchema> tables, Map<String, Long> versions) throws Exception {
        for (TableSchema table : tables) {
            String name = table.table().table();
            long mysqlRows;
            try (Connection mysql = fixture.mysqlRoot(); var statement = mysql.createStatement();
                    var result = statement.executeQuery("SELECT COUNT(*) FROM `" + name + "`")) {
                result.next();
                mysqlRows = result.getLong(1);
            }
            await("snapshot rows of " + name, () -> Long.parseLong(clickHouse.query("SELECT count() FROM `"
                    + fixture.database() + "`.`" + name + "_raw` FINAL WHERE is_deleted = 0 AND _version >= "
                    + versions.get(name)).strip()) == mysqlRows);
        }
    }

    /** Deletes the customer with the lowest id in MySQL; returns its id. */
    private static long deleteOneCustomer(Connection mysql) throws Exception {
        try (var statement = mysql.createStatement();
                var result = statement.executeQuery("SELECT MIN(id) FROM customers")) {
            result.next();
            long id = result.getLong(1);
            statement.executeUpdate("DELETE FROM customers WHERE id = " + id);
            return id;
        }
    }

    /**
     * What a binlog retention shorter than the stop does: the binlog the savepoint points into is gone. MariaDB
     * keeps a rotated file until InnoDB's next checkpoint no longer needs it for crash recovery, so purge again
     * until only the current file is left.
     */
    private static void purgeBinaryLogs(MariaDbServer mariaDb) throws Exception {
        try (Connection root = mariaDb.rootConnection(""); var statement = root.createStatement()) {
            statement.execute("FLUSH BINARY LOGS");
            String current;
            try (var status = statement.executeQuery("SHOW MASTER STATUS")) {
                status.next();
                current = status.getString("File");
            }
            await("binary logs before " + current + " purged", () -> {
                statement.execute("PURGE BINARY LOGS TO '" + current + "'");
                try (var logs = statement.executeQuery("SHOW BINARY LOGS")) {
                    return logs.next() && logs.getString(1).equals(current);
                }
            });
        }
    }

    /** Waits until the job has failed at least once and returns the stack trace of its latest failure. */
    private static String awaitFailure(String jobId) throws Exception {
        String[] failure = new String[1];
        await("a failure of " + jobId, () -> {
            JsonNode entries = rest("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
            failure[0] = entries.isEmpty() ? null : entries.get(0).path("stacktrace").asText();
            return failure[0] != null;
        });
        LOG.info("Failure of {}:\n{}", jobId, failure[0]);
        return failure[0];
    }

    /** Submits with bin/job and waits until the JobManager logs the end of the new job's snapshot. */
    private static String submitAndAwaitSnapshot(List<String> jobs, Map<String, String> environment) throws Exception {
        long before = snapshotsFinished();
        String jobId = submitted(jobs, job(environment, "submit"));
        awaitRunning(jobId);
        awaitSnapshotFinished(before);
        return jobId;
    }

    private static long snapshotsFinished() throws IOException {
        Path log = cluster.layout().dir().resolve("log/jobmanager.log");
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(line -> line.contains(SNAPSHOT_FINISHED)).count();
    }

    /** Waits for the JobManager to log one more finished snapshot than {@code before}. */
    private static void awaitSnapshotFinished(long before) throws Exception {
        await("\"" + SNAPSHOT_FINISHED + "\" in the JobManager log", () -> snapshotsFinished() > before);
    }

    private static void assertNoDuplicateKeyVersions(PipelineFixture fixture, List<TableSchema> tables) throws Exception {
        for (TableSchema table : tables) {
            assertThat(fixture.duplicateKeyVersions(table)).as(table.table().toString()).isZero();
        }
    }

    /** SIGKILLs the TaskManager's JVM (the process under the stop-on-end-of-input wrapper), as kill -9 does. */
    private static void killTaskManagerProcess() throws Exception {
        ProcessHandle java = ProcessHandle.of(taskManager.pid()).orElseThrow().descendants()
                .filter(process -> process.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no TaskManager JVM under process " + taskManager.pid()));
        assertThat(new ProcessBuilder("kill", "-9", String.valueOf(java.pid())).start().waitFor()).isZero();
        java.onExit().get(30, TimeUnit.SECONDS);
        taskManager.close();
    }

    /** Cancels the test's jobs and waits until they are gone, so the next test may submit (bin/job refuses). */
    private static void cancelRunning(List<String> jobs) throws Exception {
        for (String jobId : jobs) {
            if (!finished(jobId)) {
                FlinkCluster.CliResult cancelled = cluster.cli(COMMAND_TIMEOUT, "cancel", jobId);
                assertThat(cancelled.exitCode()).as(cancelled.output()).isZero();
                await("job " + jobId + " cancelled", () -> finished(jobId));
            }
        }
    }

    private static boolean finished(String jobId) throws Exception {
        return List.of("FINISHED", "CANCELED", "FAILED").contains(rest("/jobs/" + jobId).path("state").asText());
    }

    private static void awaitRunning(String jobId) throws Exception {
        await("job " + jobId + " RUNNING", () -> rest("/jobs/" + jobId).path("state").asText().equals("RUNNING"));
    }

    private static void awaitCompletedCheckpoint(String jobId) throws Exception {
        await("a completed checkpoint of " + jobId,
                () -> rest("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asInt() > 0);
    }

    /** Waits until the reporter on {@code port} serves every metric of {@code names} for the job. */
    private static void awaitMetrics(int port, String jobId, List<String> names) throws Exception {
        String url = "http://127.0.0.1:" + port + "/metrics";
        List<String> missing = new ArrayList<>(names);
        await("metrics " + names + " at " + url, () -> {
            String metrics = get(url);
            missing.removeIf(name -> metrics.lines()
                    .anyMatch(line -> line.startsWith(name + "{") && line.contains("job_id=\"" + jobId + "\"")));
            return missing.isEmpty();
        });
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new AssertionError("Timed out waiting for " + what, last);
    }

    private static JsonNode rest(String path) throws Exception {
        return JSON.readTree(get(cluster.restUrl() + path));
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String find(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        assertThat(matcher.find()).as("%s in:%n%s", pattern, output).isTrue();
        return matcher.group(1);
    }
}
