package dev.chcdc.bench;

import dev.chcdc.config.JobConfig;
import dev.chcdc.config.JobConfigLoader;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.FreePorts;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.stack.ProjectPaths;
import dev.chcdc.stack.ServiceProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real MariaDB and ClickHouse of one benchmark run, started bound to this JVM under the run's folder (they
 * stop when it exits, even on kill -9), plus what every measurement needs from them: job configurations, root
 * JDBC connections, admin queries to ClickHouse, and the process ids for {@link CpuMeter}.
 */
final class BenchServices implements AutoCloseable {
    static final String CDC_PASSWORD = "bench-cdc-password";
    static final String WRITER_PASSWORD = "bench-writer-password";

    private final MariaDbServer mariaDb;
    private final ClickHouseServer clickHouse;
    private final ServiceProcess mariaDbProcess;
    private final ServiceProcess clickHouseProcess;
    /** Every Flink job gets its own replication server-id range: a leftover binlog client must not clash. */
    private final AtomicInteger nextServerId = new AtomicInteger(5400);

    private BenchServices(MariaDbServer mariaDb, ServiceProcess mariaDbProcess, ClickHouseServer clickHouse,
            ServiceProcess clickHouseProcess) {
        this.mariaDb = mariaDb;
        this.mariaDbProcess = mariaDbProcess;
        this.clickHouse = clickHouse;
        this.clickHouseProcess = clickHouseProcess;
    }

    static BenchServices start(Path dir) throws IOException {
        MariaDbServer mariaDb = new MariaDbServer(dir.resolve("mariadb"), FreePorts.next(), CDC_PASSWORD);
        ServiceProcess mariaDbProcess = mariaDb.startBound();
        try {
            ClickHouseServer clickHouse = new ClickHouseServer(dir.resolve("clickhouse"),
                    ProjectPaths.detect().chdbLibrary(), FreePorts.next(), FreePorts.next(), WRITER_PASSWORD,
                    ClickHouseServer.ALL_DATABASES);
            return new BenchServices(mariaDb, mariaDbProcess, clickHouse, clickHouse.startBound());
        } catch (IOException | RuntimeException e) {
            mariaDbProcess.close();
            throw e;
        }
    }

    MariaDbServer mariaDb() {
        return mariaDb;
    }

    ClickHouseServer clickHouse() {
        return clickHouse;
    }

    long mariaDbPid() {
        return mariaDbProcess.pid();
    }

    long clickHousePid() {
        return clickHouseProcess.pid();
    }

    /** A root connection to {@code database} that rewrites batched inserts into multi-row statements. */
    Connection root(String database) throws SQLException {
        return DriverManager.getConnection(mariaDb.jdbcUrl(database) + "&rewriteBatchedStatements=true",
                MariaDbServer.ROOT_USER, "");
    }

    /** A connection as the job's replication user, which is what a copy tool would read with. */
    Connection cdcUser(String database) throws SQLException {
        return mariaDb.cdcConnection(database);
    }

    /** Runs a query as ClickHouse's admin over HTTP; the answer is TabSeparated text. */
    String clickHouseQuery(String sql) {
        try {
            return clickHouse.query(sql);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + sql, e);
        }
    }

    long clickHouseCount(String database, String table) {
        return Long.parseLong(clickHouseQuery("SELECT count() FROM `" + database + "`.`" + table + "`").trim());
    }

    /** The next free server id range start for a job of {@code parallelism} subtasks. */
    int serverIdStart(int parallelism) {
        return nextServerId.getAndAdd(Math.max(10, parallelism + 2));
    }

    /**
     * The job's configuration as a deployment would set it, reading MySQL {@code database} into ClickHouse
     * {@code targetDatabase}; everything not named here has the job's defaults, then {@code overrides} apply.
     */
    JobConfig jobConfig(String database, String targetDatabase, int parallelism, Duration flushInterval,
            Map<String, String> overrides) {
        return jobConfig(mariaDb.port(), clickHouse.httpUrl(), database, targetDatabase, parallelism, flushInterval,
                serverIdStart(parallelism), overrides);
    }

    /** The same, from plain coordinates: what the memory test's child JVM uses. */
    static JobConfig jobConfig(int mysqlPort, String clickHouseUrl, String database, String targetDatabase,
            int parallelism, Duration flushInterval, int serverIdStart, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("mysql.hostname", "127.0.0.1");
        values.put("mysql.port", String.valueOf(mysqlPort));
        values.put("mysql.username", MariaDbServer.CDC_USER);
        values.put("mysql.databases", database);
        values.put("mysql.ssl-mode", "disabled");
        values.put("mysql.server-id-start", String.valueOf(serverIdStart));
        values.put("clickhouse.url", clickHouseUrl);
        // The benchmark measures MySQL → ClickHouse; the Kafka tee is a separate, optional cost.
        values.put("tee.enabled", "false");
        values.put("dead-letter.enabled", "false");
        values.put("clickhouse.username", ClickHouseServer.JOB_USER);
        values.put("clickhouse.database", targetDatabase);
        values.put("clickhouse.flush-interval", flushInterval.toMillis() + "ms");
        values.put("pipeline.parallelism", String.valueOf(parallelism));
        values.put("pipeline.name", "benchmark-" + targetDatabase);
        values.putAll(overrides);
        return new JobConfigLoader(Map.of("MYSQL_CDC_PASSWORD", CDC_PASSWORD, "CLICKHOUSE_PASSWORD", WRITER_PASSWORD))
                .load(values);
    }

    @Override
    public void close() {
        clickHouseProcess.close();
        mariaDbProcess.close();
    }
}
