package dev.chcdc.ops.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.CdcJob;
import dev.chcdc.JobStartup;
import dev.chcdc.config.JobConfig;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.testsupport.MySqlWorkload;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import dev.chcdc.testsupport.WorkloadTables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validate command against the real pipeline: the workload tables (every type, a composite key) are snapshotted
 * and changed, and once ClickHouse has caught up, validate run as operators run it (the job's properties file,
 * passwords from the environment) must find no drift; rows changed in ClickHouse behind the job's back must be
 * reported by key and kind, and nothing else.
 */
@ExtendWith(RealServices.class)
class ValidateCommandIT {
    private static final int ROWS_PER_TABLE = 2_000;
    private static final int CHANGES = 600;
    /** Small chunks, so that every table is compared in several key ranges. */
    private static final String CHUNK_SIZE = "300";

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @TempDir
    Path folder;

    @Test
    void faithfulCopyValidatesWithoutDrift(MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names)
            throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            startPipelineAtParity(fixture, workload(mysql));

            Run run = validate(mariaDb, clickHouse, fixture.database(), "1s");

            String db = fixture.database();
            assertThat(run.exitStatus()).as(run.output()).isEqualTo(ValidateCommand.EXIT_OK);
            assertThat(run.lines()).containsExactly(
                    header(db),
                    row(db + ".all_types", "OK", count(mysql, "all_types"), count(mysql, "all_types"), 0),
                    row(db + ".customers", "OK", count(mysql, "customers"), count(mysql, "customers"), 0),
                    row(db + ".order_lines", "OK", count(mysql, "order_lines"), count(mysql, "order_lines"), 0),
                    "3 tables: 3 OK, 0 DRIFT, 0 ERROR");
        }
    }

    @Test
    void rowsChangedInClickHouseBehindThePipelineAreReportedByKeyAndKind(MariaDbServer mariaDb,
            ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            JobClient job = startPipelineAtParity(fixture, workload(mysql));
            // Stopped, so that it cannot repair what follows.
            job.cancel().get();

            String db = fixture.database();
            long changed = longValue(mysql, "SELECT id FROM all_types ORDER BY id LIMIT 1 OFFSET 100");
            long order = longValue(mysql, "SELECT order_id FROM order_lines ORDER BY order_id, line_no LIMIT 1 OFFSET 200");
            long line = longValue(mysql, "SELECT line_no FROM order_lines WHERE order_id = " + order + " ORDER BY line_no LIMIT 1");
            long template = longValue(mysql, "SELECT id FROM customers ORDER BY id LIMIT 1");
            long extra = 4_000_000_000L;
            // A newer version with another value, a newer version that deletes, and a key MySQL never had.
            fixture.clickHouseQuery("INSERT INTO `" + db + "`.all_types_raw SELECT * REPLACE (_version + 1 AS _version, "
                    + "'changed behind the job' AS c_varchar) FROM `" + db + "`.all_types_raw FINAL WHERE id = " + changed);
            fixture.clickHouseQuery("INSERT INTO `" + db + "`.order_lines_raw SELECT * REPLACE (_version + 1 AS _version, "
                    + "1 AS is_deleted) FROM `" + db + "`.order_lines_raw FINAL WHERE order_id = " + order
                    + " AND line_no = " + line);
            // The copied row is filtered in a subquery: ClickHouse would read `id` in the WHERE as the new alias.
            fixture.clickHouseQuery("INSERT INTO `" + db + "`.customers_raw SELECT * REPLACE (" + extra + " AS id) FROM "
                    + "(SELECT * FROM `" + db + "`.customers_raw FINAL WHERE id = " + template + ")");

            Run run = validate(mariaDb, clickHouse, db, "1s");

            assertThat(run.exitStatus()).as(run.output()).isEqualTo(ValidateCommand.EXIT_DRIFT);
            long allTypes = count(mysql, "all_types");
            long customers = count(mysql, "customers");
            long orderLines = count(mysql, "order_lines");
            assertThat(run.lines()).containsExactly(
                    header(db),
                    row(db + ".all_types", "DRIFT", allTypes, allTypes, 1),
                    "    changed id=" + changed,
                    row(db + ".customers", "DRIFT", customers, customers + 1, 1),
                    "    extra   id=" + extra,
                    row(db + ".order_lines", "DRIFT", orderLines, orderLines - 1, 1),
                    "    missing order_id=" + order + ", line_no=" + line,
                    "3 tables: 0 OK, 3 DRIFT, 0 ERROR");
        }
    }

    /** Creates and fills the workload tables, starts the job, changes rows while it runs and waits for parity. */
    private static JobClient startPipelineAtParity(PipelineFixture fixture, MySqlWorkload workload) throws Exception {
        workload.createTables();
        workload.insertRows(ROWS_PER_TABLE);
        JobConfig config = fixture.config(Map.of());
        JobStartup startup = JobStartup.prepare(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CdcJob.build(env, config, startup);
        JobClient job = fixture.track(env.executeAsync("validate-it"));
        workload.randomChanges(CHANGES);
        fixture.awaitParity(startup.tables(), Duration.ofMinutes(3));
        return job;
    }

    @Test
    void changesStillOnTheirWayToClickHouseAreNotReportedAfterTheRecheck(MariaDbServer mariaDb,
            ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            MySqlWorkload workload = workload(mysql);
            startPipelineAtParity(fixture, workload);
            // Committed in MySQL now, in ClickHouse only after the job's next checkpoints (flush interval 1 s).
            workload.randomChanges(CHANGES);

            Run run = validate(mariaDb, clickHouse, fixture.database(), "10s");

            assertThat(run.exitStatus()).as(run.output()).isEqualTo(ValidateCommand.EXIT_OK);
            assertThat(run.lines()).last().isEqualTo("3 tables: 3 OK, 0 DRIFT, 0 ERROR");
        }
    }

    private static MySqlWorkload workload(Connection mysql) throws SQLException {
        return new MySqlWorkload(mysql, WorkloadTables.all(), 20_261_127L);
    }

    /** Runs the command as bin/validate does: the job's properties file, passwords in the environment. */
    private Run validate(MariaDbServer mariaDb, ClickHouseServer clickHouse, String database, String recheckDelay)
            throws Exception {
        Path properties = folder.resolve("job.properties");
        Files.writeString(properties, String.join("\n",
                "mysql.hostname=" + mariaDb.host(),
                "mysql.port=" + mariaDb.port(),
                "mysql.username=" + MariaDbServer.CDC_USER,
                "mysql.databases=" + database,
                "mysql.ssl-mode=disabled",
                "clickhouse.url=" + clickHouse.httpUrl(),
                "clickhouse.flush-interval=1s",
                // The job's file names a broker; validate never uses it.
                "kafka.bootstrap-servers=127.0.0.1:9"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ValidateCommand.run(
                new String[] {"--config", properties.toString(), "--chunk-size", CHUNK_SIZE, "--recheck-delay", recheckDelay},
                Map.of("MYSQL_CDC_PASSWORD", mariaDb.cdcPassword(), "CLICKHOUSE_PASSWORD", clickHouse.jobPassword()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exitStatus, String report, String errors) {
        List<String> lines() {
            return report.lines().toList();
        }

        String output() {
            return report + errors;
        }
    }

    private static String header(String database) {
        return String.format("%-" + width(database) + "s  %-6s  %12s  %16s  %15s", "table", "status", "mysql_rows",
                "clickhouse_rows", "differing_keys");
    }

    private static String row(String table, String status, long mysqlRows, long clickHouseRows, long differing) {
        return String.format("%-" + width(table.substring(0, table.indexOf('.'))) + "s  %-6s  %12d  %16d  %15d", table,
                status, mysqlRows, clickHouseRows, differing);
    }

    /** The table column is as wide as the longest name, {@code <db>.order_lines}. */
    private static int width(String database) {
        return (database + ".order_lines").length();
    }

    private static long count(Connection mysql, String table) throws SQLException {
        return longValue(mysql, "SELECT COUNT(*) FROM " + table);
    }

    private static long longValue(Connection mysql, String sql) throws SQLException {
        try (Statement statement = mysql.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as(sql).isTrue();
            return result.getLong(1);
        }
    }
}
