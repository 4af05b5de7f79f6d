package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chcdc.config.JobConfig;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.TableSchema;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.testsupport.Eventually;
import dev.chcdc.testsupport.MySqlWorkload;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.RepeatedChanges;
import dev.chcdc.testsupport.TestNames;
import dev.chcdc.testsupport.WorkloadTables;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.testutils.junit.SharedObjectsExtension;
import org.apache.flink.testutils.junit.SharedReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tables that join a job resumed from a savepoint: one added to {@code mysql.tables.include}, and tables created
 * in MySQL while the job was stopped (one in place, one filled elsewhere and renamed in, so the binlog holds none
 * of its rows under the captured name). A resume that Flink CDC would run without its new tables (savepoint taken
 * before the snapshot was complete) is refused, naming them. Each gets its rows from a snapshot taken while the other tables keep
 * streaming, then its changes from the binlog, with exact parity; the tables captured before are not read
 * again, and a table dropped from the include list is left as it was.
 */
@ExtendWith(RealServices.class)
class NewTablesIT {
    @RegisterExtension
    final SharedObjectsExtension shared = SharedObjectsExtension.create();
    private SharedReference<Set<String>> seen;
    private SharedReference<AtomicLong> repeats;

    private static final int ROWS = 3_000;
    private static final int CHANGES = 1_500;
    private static final Duration PARITY_TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @Test
    void tableAddedToTheIncludeListOnResumeIsSnapshottedThenStreamed(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            MySqlWorkload customers = filled(mysql, "customers", 1);
            MySqlWorkload orderLines = filled(mysql, "order_lines", 2);
            MySqlWorkload allTypes = filled(mysql, "all_types", 3);
            String db = fixture.database();
            JobConfig before = fixture.config(settings("mysql.tables.include", db + "\\.(customers|all_types)"));
            JobStartup first = JobStartup.prepare(before);
            JobClient job = fixture.track(submit(before, first, null));
            customers.randomChanges(CHANGES);
            allTypes.randomChanges(CHANGES / 3);
            fixture.awaitParity(first.tables(), PARITY_TIMEOUT);
            String savepoint = stopWithSavepointAfterTheSnapshot(job);
            Map<String, String> snapshotVersions = snapshotVersions(fixture, first.tables());
            String allTypesLeftBehind = rawContent(fixture, "all_types");

            customers.randomChanges(CHANGES / 3); // while stopped
            orderLines.randomChanges(CHANGES / 3);
            allTypes.randomChanges(CHANGES / 3);
            JobConfig after = fixture.config(settings("mysql.tables.include", db + "\\.(customers|order_lines)"));
            JobStartup resumed = JobStartup.prepare(after);
            assertThat(resumed.tables()).extracting(table -> table.table().table())
                    .containsExactlyInAnyOrder("customers", "order_lines");
            JobClient second = fixture.track(submit(after, resumed, savepoint));
            for (int round = 0; round < 5; round++) { // during the new table's snapshot
                customers.randomChanges(CHANGES / 5);
                orderLines.randomChanges(CHANGES / 5);
                allTypes.randomChanges(CHANGES / 10);
            }
            fixture.awaitParity(resumed.tables(), PARITY_TIMEOUT);
            orderLines.randomChanges(CHANGES); // from the binlog only
            customers.randomChanges(CHANGES / 3);
            fixture.awaitParity(resumed.tables(), PARITY_TIMEOUT);

            assertThat(second.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(snapshotVersions(fixture, first.tables()).get("customers"))
                    .as("customers was not snapshotted again").isEqualTo(snapshotVersions.get("customers"));
            assertThat(rawContent(fixture, "all_types")).as("all_types, no longer captured, is left as it was")
                    .isEqualTo(allTypesLeftBehind);
            assertNoDuplicateKeyVersions(fixture, resumed.tables());
        }
    }

    @Test
    void tablesCreatedInMySqlWhileTheJobWasStoppedAreSnapshottedThenStreamed(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Connection staging = fixture.mysqlRoot()) {
            MySqlWorkload customers = filled(mysql, "customers", 4);
            JobConfig config = fixture.config(settings());
            JobStartup first = JobStartup.prepare(config);
            JobClient job = fixture.track(submit(config, first, null));
            customers.randomChanges(CHANGES);
            fixture.awaitParity(first.tables(), PARITY_TIMEOUT);
            String savepoint = stopWithSavepointAfterTheSnapshot(job);
            Map<String, String> snapshotVersions = snapshotVersions(fixture, first.tables());

            // While stopped: order_lines is created and filled in place; all_types is filled in another database
            // and moved in, so the binlog holds none of its rows under the captured name.
            MySqlWorkload orderLines = filled(mysql, "order_lines", 5);
            orderLines.randomChanges(CHANGES / 3);
            String stagingDatabase = fixture.database() + "_staging";
            mariaDb.createCapturedDatabase(stagingDatabase);
            try (Statement statement = staging.createStatement()) {
                statement.execute("USE `" + stagingDatabase + "`");
            }
            MySqlWorkload allTypes = filled(staging, "all_types", 6);
            allTypes.randomChanges(CHANGES / 3);
            try (Statement statement = staging.createStatement()) {
                statement.execute("RENAME TABLE `" + stagingDatabase + "`.all_types TO `" + fixture.database()
                        + "`.all_types");
                statement.execute("USE `" + fixture.database() + "`");
            }
            customers.randomChanges(CHANGES / 3);
            JobStartup resumed = JobStartup.prepare(config);
            assertThat(resumed.tables()).extracting(table -> table.table().table())
                    .containsExactlyInAnyOrder("customers", "order_lines", "all_types");
            JobClient second = fixture.track(submit(config, resumed, savepoint));
            for (int round = 0; round < 5; round++) { // during the new tables' snapshot
                customers.randomChanges(CHANGES / 5);
                orderLines.randomChanges(CHANGES / 5);
                allTypes.randomChanges(CHANGES / 10);
            }
            fixture.awaitParity(resumed.tables(), PARITY_TIMEOUT);
            orderLines.randomChanges(CHANGES); // from the binlog only
            allTypes.randomChanges(CHANGES / 3);
            fixture.awaitParity(resumed.tables(), PARITY_TIMEOUT);

            assertThat(second.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(snapshotVersions(fixture, first.tables()))
                    .as("customers was not snapshotted again").isEqualTo(snapshotVersions);
            assertNoDuplicateKeyVersions(fixture, resumed.tables());
        }
    }

    @Test
    void resumingASavepointTakenMidSnapshotWithANewTableIsRefusedNamingIt(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            MySqlWorkload customers = new MySqlWorkload(mysql, table("customers"), 7);
            customers.createTables();
            customers.insertRows(10_000);
            filled(mysql, "order_lines", 8);
            String db = fixture.database();
            JobConfig before = fixture.config(settings("mysql.tables.include", db + "\\.customers",
                    "mysql.snapshot.chunk-size", "200"));
            JobStartup first = JobStartup.prepare(before);
            JobClient job = fixture.track(submit(before, first, null));
            Eventually.poll(PARITY_TIMEOUT, Duration.ofMillis(200), () -> Long.parseLong(fixture.clickHouseQuery(
                    "SELECT count() FROM `" + db + "`.customers_raw")), rows -> rows > 0);
            String savepoint = stopWithSavepoint(job);
            assertThat(Long.parseLong(fixture.clickHouseQuery("SELECT count() FROM `" + db + "`.customers_raw")))
                    .as("the savepoint was taken mid-snapshot").isLessThan(10_000);

            JobConfig after = fixture.config(settings("mysql.tables.include", db + "\\.(customers|order_lines)"));
            JobClient second = fixture.track(submit(after, JobStartup.prepare(after), savepoint));

            assertThatThrownBy(() -> second.getJobExecutionResult().get(PARITY_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .hasStackTraceContaining("Tables [" + db + ".order_lines] are new to this job")
                    .hasStackTraceContaining("before the job's snapshot was complete");
        }
    }

    /** Creates one of the {@link WorkloadTables} and fills it. */
    private static MySqlWorkload filled(Connection mysql, String table, long seed) throws Exception {
        MySqlWorkload workload = new MySqlWorkload(mysql, table(table), seed);
        workload.createTables();
        workload.insertRows(ROWS);
        return workload;
    }

    private static List<WorkloadTables.Table> table(String name) {
        return WorkloadTables.all().stream().filter(candidate -> candidate.name().equals(name)).toList();
    }

    /** Small chunks, so a new table's snapshot takes several chunks while changes go on. */
    private static Map<String, String> settings(String... keysAndValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("mysql.snapshot.chunk-size", "500");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }

    /** The job, with a probe between source and sinks that counts binlog changes passed on twice. */
    private JobClient submit(JobConfig config, JobStartup startup, String savepoint) throws Exception {
        if (repeats == null) {
            seen = shared.add(ConcurrentHashMap.newKeySet());
            repeats = shared.add(new AtomicLong());
        }
        Configuration submission = new Configuration();
        if (savepoint != null) {
            submission.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(submission);
        CdcJob.build(env, config, startup, changes -> changes.map(new RepeatedChanges(seen, repeats))
                .returns(TypeInformation.of(ChangeEvent.class))
                .uid("repeated-changes"));
        return env.executeAsync("new-tables-it");
    }

    /**
     * Stops with a savepoint once Flink CDC counts the snapshot as complete: its split assigner turns "finished"
     * only when a checkpoint after the last chunk completes, which can be after the views already equal MySQL. A
     * savepoint taken earlier is one that a resume with new tables is (rightly) refused from.
     */
    private static String stopWithSavepointAfterTheSnapshot(JobClient job) throws Exception {
        TimeUnit.SECONDS.sleep(4); // four checkpoint intervals (clickhouse.flush-interval 1 s)
        return stopWithSavepoint(job);
    }

    private static String stopWithSavepoint(JobClient job) throws Exception {
        return job.stopWithSavepoint(false, Files.createTempDirectory("new-tables-savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get();
    }

    /** The distinct _version values of each table's snapshot rows: a second snapshot would add one. */
    private static Map<String, String> snapshotVersions(PipelineFixture fixture, List<TableSchema> tables)
            throws Exception {
        Map<String, String> versions = new LinkedHashMap<>();
        for (TableSchema table : tables) {
            versions.put(table.table().table(), fixture.clickHouseQuery("SELECT arraySort(groupUniqArray(_version)) "
                    + "FROM `" + fixture.database() + "`.`" + table.table().table() + "_raw` WHERE _binlog_file = ''"));
        }
        return versions;
    }

    /** Row count and a hash of every stored row version of a raw table. */
    private static String rawContent(PipelineFixture fixture, String table) throws Exception {
        return fixture.clickHouseQuery("SELECT count(), sum(cityHash64(*)) FROM `" + fixture.database() + "`.`"
                + table + "_raw`");
    }

    private void assertNoDuplicateKeyVersions(PipelineFixture fixture, List<TableSchema> tables)
            throws Exception {
        // No binlog change was passed on twice when Flink CDC moved the binlog back for the joining table (the tee
        // receives every change the sink does).
        assertThat(repeats.get().get()).as("binlog changes passed on twice").isZero();
        for (TableSchema table : tables) {
            assertThat(fixture.duplicateKeyVersions(table)).as(table.table().toString()).isZero();
        }
    }
}
