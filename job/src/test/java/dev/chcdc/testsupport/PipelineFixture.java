package dev.chcdc.testsupport;

import dev.chcdc.clickhouse.schema.TableDdl;
import com.clickhouse.client.api.Client;
import dev.chcdc.config.JobConfig;
import dev.chcdc.config.JobConfigLoader;
import dev.chcdc.event.TableSchema;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.MariaDbServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One test's slice of the shared services: a fresh MySQL database (also the ClickHouse database name), its
 * own replication server ids, a job configuration pointing at both, and the parity check between them.
 */
public final class PipelineFixture implements AutoCloseable {
    private final MariaDbServer mariaDb;
    private final ClickHouseServer clickHouse;
    private final String database;
    private final String serverIdStart;
    private final Client clickHouseClient;
    private final List<org.apache.flink.core.execution.JobClient> jobs = new ArrayList<>();

    public PipelineFixture(MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws SQLException {
        this.mariaDb = mariaDb;
        this.clickHouse = clickHouse;
        this.database = names.unique("shop");
        this.serverIdStart = names.serverIdRange().split("-")[0];
        mariaDb.createCapturedDatabase(database);
        this.clickHouseClient = new Client.Builder()
                .addEndpoint(clickHouse.httpUrl())
                .setUsername(ClickHouseServer.ADMIN_USER)
                .setPassword("")
                .build();
    }

    /**
     * A MiniCluster for pipeline tests: 4 slots (jobs run at parallelism 2), checkpoints on disk (the writer's
     * batches can exceed the in-memory storage's limit), and restarts after injected failures.
     */
    public static org.apache.flink.test.junit5.MiniClusterExtension miniCluster() {
        return miniCluster(new org.apache.flink.configuration.Configuration());
    }

    /** The same, with further cluster settings (e.g. a metrics reporter). */
    public static org.apache.flink.test.junit5.MiniClusterExtension miniCluster(
            org.apache.flink.configuration.Configuration extra) {
        org.apache.flink.configuration.Configuration configuration = new org.apache.flink.configuration.Configuration(extra);
        try {
            java.nio.file.Path checkpoints = java.nio.file.Files.createTempDirectory("pipeline-checkpoints");
            configuration.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            configuration.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    checkpoints.toUri().toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        configuration.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        configuration.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        configuration.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                Duration.ofSeconds(1));
        return new org.apache.flink.test.junit5.MiniClusterExtension(
                new org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(4)
                        .setConfiguration(configuration)
                        .build());
    }

    public String database() {
        return database;
    }

    public Client clickHouse() {
        return clickHouseClient;
    }

    /** A root connection to this test's database that batches inserts. */
    public Connection mysqlRoot() throws SQLException {
        return DriverManager.getConnection(mariaDb.jdbcUrl(database) + "&rewriteBatchedStatements=true", "root", "");
    }

    /** The job's configuration for this test, plus any overrides. */
    public JobConfig config(Map<String, String> overrides) {
        return new JobConfigLoader(passwordEnvironment()).load(configValues(overrides));
    }

    /**
     * The configuration's keys and values, for a job submitted with {@code flink run --config}; the passwords
     * are not among them: {@link #passwordEnvironment()} holds them.
     */
    public Map<String, String> configValues(Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("mysql.hostname", mariaDb.host());
        values.put("mysql.port", String.valueOf(mariaDb.port()));
        values.put("mysql.username", MariaDbServer.CDC_USER);
        values.put("mysql.databases", database);
        values.put("mysql.ssl-mode", "disabled");
        values.put("mysql.server-id-start", serverIdStart);
        values.put("mysql.snapshot.chunk-size", "5000");
        values.put("clickhouse.url", clickHouse.httpUrl());
        values.put("clickhouse.flush-interval", "1s");
        values.put("pipeline.parallelism", "2");
        // Tests that use Kafka set kafka.bootstrap-servers and switch these back on.
        values.put("tee.enabled", "false");
        values.put("dead-letter.enabled", "false");
        values.putAll(overrides);
        return values;
    }

    /** The environment variables the job reads its passwords from (the options' defaults). */
    public Map<String, String> passwordEnvironment() {
        return Map.of("MYSQL_CDC_PASSWORD", mariaDb.cdcPassword(), "CLICKHOUSE_PASSWORD", clickHouse.jobPassword());
    }

    /** Waits until every table's view equals MySQL; on timeout fails with the first differences. */
    public void awaitParity(List<TableSchema> tables, Duration timeout) throws Exception {
        awaitParity(tables, database, timeout);
    }

    /** The same, for views in another ClickHouse database (e.g. one a replay rebuilt). */
    public void awaitParity(List<TableSchema> tables, String clickHouseDatabase, Duration timeout) throws Exception {
        List<String> differences = Eventually.poll(timeout, Duration.ofSeconds(1),
                () -> differences(tables, clickHouseDatabase), List::isEmpty);
        if (differences.isEmpty()) {
            return;
        }
        throw new AssertionError("ClickHouse views differ from MySQL after " + timeout.toSeconds() + " s:\n"
                + String.join("\n", differences));
    }

    /** Each table's differences between MySQL and the views in {@code clickHouseDatabase}; empty when equal. */
    public List<String> differences(List<TableSchema> tables, String clickHouseDatabase) throws Exception {
        List<String> differences = new ArrayList<>();
        try (Connection mysql = mariaDb.rootConnection(database)) {
            for (TableSchema table : tables) {
                List<String> expected = TableParity.mysqlRows(mysql, table);
                List<String> actual = TableParity.clickHouseRows(clickHouseClient, clickHouseDatabase, table);
                if (!expected.equals(actual)) {
                    differences.add(table.table() + ": MySQL has " + expected.size() + " rows, ClickHouse "
                            + actual.size() + firstDifference(table, expected, actual));
                }
            }
        }
        return differences;
    }

    /** Up to five differing rows, each reduced to its key and the columns that differ. */
    private static String firstDifference(TableSchema table, List<String> expected, List<String> actual) {
        StringBuilder report = new StringBuilder();
        int reported = 0;
        for (int i = 0; i < Math.min(expected.size(), actual.size()) && reported < 5; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                String[] mysql = expected.get(i).split(" \\| ", -1);
                String[] clickHouse = actual.get(i).split(" \\| ", -1);
                report.append(reported++ == 0 ? "; differences:" : "").append("\n  row ").append(i).append(':');
                for (int column = 0; column < Math.min(mysql.length, clickHouse.length); column++) {
                    if (!mysql[column].equals(clickHouse[column]) || table.keyColumns().contains(column)) {
                        report.append("\n    ").append(table.columns().get(column).name()).append(": MySQL ")
                                .append(mysql[column]).append(" / ClickHouse ").append(clickHouse[column]);
                    }
                }
            }
        }
        return report.toString();
    }

    /** Rows of a raw table that FINAL would count more than once (same key and version): must be 0. */
    public long duplicateKeyVersions(TableSchema table) throws Exception {
        return duplicateKeyVersions(table, database);
    }

    public long duplicateKeyVersions(TableSchema table, String clickHouseDatabase) throws Exception {
        String key = String.join(", ", table.keyColumnNames().stream().map(TableDdl::quote).toList());
        String sql = "SELECT count() FROM (SELECT " + key + ", count() AS n FROM " + TableDdl.quote(clickHouseDatabase)
                + "." + TableDdl.quote(table.table().table() + "_raw") + " FINAL GROUP BY " + key + " HAVING n > 1)";
        return Long.parseLong(clickHouse.query(sql).trim());
    }

    /** Runs a query as ClickHouse's admin and returns its text output, trimmed. */
    /** {@code SELECT count() FROM <from>} in ClickHouse, or -1 while the query fails (e.g. the table is not there yet). */
    public long rowCount(String from) {
        try {
            return Long.parseLong(clickHouseQuery("SELECT count() FROM " + from).trim());
        } catch (Exception e) {
            return -1;
        }
    }

    public String clickHouseQuery(String sql) throws Exception {
        return clickHouse.query(sql).trim();
    }

    /** A started job, and what start-up found. */
    public record Started(dev.chcdc.JobStartup startup, org.apache.flink.core.execution.JobClient job) {}

    /** Prepares {@code config} as {@code flink run} would, and runs the job in the MiniCluster as {@code name}. */
    public Started start(JobConfig config, String name) throws Exception {
        dev.chcdc.JobStartup startup = dev.chcdc.JobStartup.prepare(config);
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env =
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.getExecutionEnvironment();
        dev.chcdc.CdcJob.build(env, config, startup);
        return new Started(startup, track(env.executeAsync(name)));
    }

    /** Settings that switch the tee (topics {@code <prefix>.<db>.<table>}) and dead letters ({@code <prefix>-dlq}) on. */
    public static Map<String, String> teeSettings(String bootstrapServers, String prefix) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap-servers", bootstrapServers);
        settings.put("tee.enabled", "true");
        settings.put("tee.topic-prefix", prefix);
        settings.put("dead-letter.enabled", "true");
        settings.put("dead-letter.topic", prefix + "-dlq");
        return settings;
    }

    /** Remembers a running job so {@link #close()} cancels it even when the test fails. */
    public org.apache.flink.core.execution.JobClient track(org.apache.flink.core.execution.JobClient job) {
        jobs.add(job);
        return job;
    }

    @Override
    public void close() throws Exception {
        for (org.apache.flink.core.execution.JobClient job : jobs) {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
        }
        clickHouseClient.close();
    }
}
