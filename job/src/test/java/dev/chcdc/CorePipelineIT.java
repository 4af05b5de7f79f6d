package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.config.JobConfig;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.TableSchema;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.testsupport.FailAfterEvents;
import dev.chcdc.testsupport.MySqlWorkload;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import dev.chcdc.testsupport.WorkloadTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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
 * The core guarantee, end to end on real MariaDB and ClickHouse in a Flink MiniCluster: after a random workload
 * of inserts, updates, deletes, key changes and multi-row transactions, during and after the snapshot, every
 * ClickHouse view equals its MySQL table value by value; also across task failures and a savepoint restart.
 */
@ExtendWith(RealServices.class)
class CorePipelineIT {
    private static final int SNAPSHOT_ROWS_PER_TABLE = Integer.getInteger("it.snapshotRowsPerTable", 66_667);
    private static final int CHANGES = Integer.getInteger("it.changes", 20_000);
    private static final Duration PARITY_TIMEOUT = Duration.ofMinutes(4);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @RegisterExtension
    final SharedObjectsExtension shared = SharedObjectsExtension.create();

    @Test
    void viewsEqualMySqlAfterSnapshotAndChangesDuringAndAfterIt(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            MySqlWorkload workload = tablesWithSnapshotRows(mysql, 1);
            JobConfig config = fixture.config(Map.of());
            JobStartup startup = JobStartup.prepare(config);

            fixture.track(submit(config, startup, null, List.of(), null));
            workload.randomChanges(CHANGES / 2); // while the snapshot runs
            fixture.awaitParity(startup.tables(), PARITY_TIMEOUT);
            workload.randomChanges(CHANGES / 2); // from the binlog only
            fixture.awaitParity(startup.tables(), PARITY_TIMEOUT);
            assertNoDuplicateKeyVersions(fixture, startup);
        }
    }

    @Test
    void viewsEqualMySqlAfterFailuresMidSnapshotAndMidStream(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            MySqlWorkload workload = tablesWithSnapshotRows(mysql, 2);
            JobConfig config = fixture.config(Map.of());
            JobStartup startup = JobStartup.prepare(config);
            long snapshotEvents = 3L * SNAPSHOT_ROWS_PER_TABLE;
            SharedReference<AtomicLong> failures = shared.add(new AtomicLong());

            fixture.track(submit(config, startup, null,
                    List.of(snapshotEvents / 2, snapshotEvents + CHANGES / 2), failures));
            workload.randomChanges(CHANGES);
            fixture.awaitParity(startup.tables(), PARITY_TIMEOUT);
            assertThat(failures.get().get()).isEqualTo(2);
            assertNoDuplicateKeyVersions(fixture, startup);
        }
    }

    @Test
    void viewsEqualMySqlAfterStopWithSavepointChangesWhileStoppedAndResume(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            MySqlWorkload workload = tablesWithSnapshotRows(mysql, 3);
            JobConfig config = fixture.config(Map.of());
            JobStartup startup = JobStartup.prepare(config);

            JobClient first = fixture.track(submit(config, startup, null, List.of(), null));
            workload.randomChanges(CHANGES / 2);
            fixture.awaitParity(startup.tables(), PARITY_TIMEOUT);
            Path savepoints = Files.createTempDirectory("core-pipeline-savepoints");
            String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get();

            workload.randomChanges(CHANGES / 2); // while the job is stopped
            JobStartup restart = JobStartup.prepare(config);
            fixture.track(submit(config, restart, savepoint, List.of(), null));
            fixture.awaitParity(startup.tables(), PARITY_TIMEOUT);

            assertNoDuplicateKeyVersions(fixture, startup);
        }
    }

    /** Creates the workload's tables and fills each with the snapshot rows. */
    private static MySqlWorkload tablesWithSnapshotRows(Connection mysql, long seed) throws Exception {
        MySqlWorkload workload = new MySqlWorkload(mysql, WorkloadTables.all(), seed);
        workload.createTables();
        workload.insertRows(SNAPSHOT_ROWS_PER_TABLE);
        return workload;
    }

    /** No raw table holds two rows with the same key and version that FINAL would count twice. */
    private static void assertNoDuplicateKeyVersions(PipelineFixture fixture, JobStartup startup) throws Exception {
        for (TableSchema table : startup.tables()) {
            assertThat(fixture.duplicateKeyVersions(table)).as(table.table().toString()).isZero();
        }
    }

    /** The job's own topology, with an optional failure injector between source and sinks. */
    private JobClient submit(JobConfig config, JobStartup startup, String savepoint, List<Long> failAfter,
            SharedReference<AtomicLong> failures) throws Exception {
        Configuration submission = new Configuration();
        if (savepoint != null) {
            submission.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(submission);
        CdcJob.build(env, config, startup, changes -> failAfter.isEmpty() ? changes
                : changes.map(new FailAfterEvents(shared.add(new AtomicLong()), failures, failAfter))
                        .returns(TypeInformation.of(ChangeEvent.class))
                        .uid("fail-after-events"));
        return env.executeAsync("core-pipeline-it");
    }
}
