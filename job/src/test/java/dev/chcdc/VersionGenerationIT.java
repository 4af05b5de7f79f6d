package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chcdc.config.JobConfig;
import dev.chcdc.event.TableSchema;
import dev.chcdc.source.BinlogHistory;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.stack.ServiceProcess;
import dev.chcdc.testsupport.Eventually;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code _version} across a new binlog history: {@code RESET MASTER} while the job is stopped starts the binlog
 * again at file 1, position 4, below every version already in ClickHouse. Resumed from a savepoint, and later
 * from a retained checkpoint after a second reset, every change made after the reset must reach the views; and
 * after a reset under the running job, once that job is resumed from its retained checkpoint.
 * {@code RESET MASTER} affects every job reading a server, so this test has a MariaDB of its own; ClickHouse is
 * the shared one.
 */
@ExtendWith(RealServices.class)
class VersionGenerationIT {
    private static final int ROWS = 1_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @Test
    void changesAfterResetMasterReachClickHouseAfterResumingFromASavepointAndFromARetainedCheckpoint(
            ClickHouseServer clickHouse, TestNames names) throws Exception {
        MariaDbServer mariaDb = RealServices.privateMariaDb("version-generation");
        try (ServiceProcess ignored = mariaDb.startBound();
                PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            createTables(mysql);
            // Heartbeats every second, so the running job probes its binlog position often (at most every 10 s).
            JobConfig config = fixture.config(Map.of("mysql.heartbeat-interval", "1s"));
            Path checkpoints = Files.createDirectories(mariaDb.dir().resolveSibling("checkpoints"));

            JobStartup first = JobStartup.prepare(config);
            List<TableSchema> tables = first.tables();
            JobClient job = fixture.track(submit(config, first, null, checkpoints));
            updateItems(mysql, 0, 100, "before-stop");
            fixture.awaitParity(tables, TIMEOUT);
            assertThat(JobStartup.prepare(config).history()).as("resubmitted on the same history")
                    .extracting(BinlogHistory.Decision::generation, BinlogHistory.Decision::newHistory)
                    .containsExactly(0, false);
            String savepoint = job.stopWithSavepoint(false, mariaDb.dir().resolveSibling("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get();

            resetMaster(mysql);
            updateItems(mysql, 0, 500, "after-first-reset");
            deleteItems(mysql, 0, 10);
            insertItems(mysql, ROWS, 20);
            bumpTag(mysql, "a");
            JobClient resumed = fixture.track(submit(config, JobStartup.prepare(config), savepoint, checkpoints));
            fixture.awaitParity(tables, TIMEOUT);
            assertNoDuplicateKeyVersions(fixture, tables);
            assertThat(generationOfMaxVersion(fixture, "items")).isEqualTo(1);
            assertThat(JobStartup.prepare(config).history()).as("resubmitted on the new history")
                    .extracting(BinlogHistory.Decision::generation, BinlogHistory.Decision::newHistory)
                    .containsExactly(1, false);

            updateItems(mysql, 100, 200, "before-cancel");
            fixture.awaitParity(tables, TIMEOUT);
            resumed.cancel().get();
            awaitTerminal(resumed);
            String checkpoint = latestRetainedCheckpoint(checkpoints.resolve(resumed.getJobID().toString()));

            // More changes than the first new history held, so its end lies beyond the committed position.
            resetMaster(mysql);
            updateItems(mysql, 0, 990, "after-second-reset");
            updateItems(mysql, 10, 990, "after-second-reset-again");
            deleteItems(mysql, 10, 10);
            insertItems(mysql, ROWS + 20, 20);
            bumpTag(mysql, "b");
            JobClient third = fixture.track(submit(config, JobStartup.prepare(config), checkpoint, checkpoints));
            fixture.awaitParity(tables, TIMEOUT);
            assertNoDuplicateKeyVersions(fixture, tables);
            assertThat(generationOfMaxVersion(fixture, "items")).isEqualTo(2);

            // RESET MASTER under the running job: MariaDB's dump thread then sends no more changes and no error; the
            // job must stop, not sit RUNNING. The runbook's recovery: resume from the retained checkpoint.
            resetMaster(mysql);
            updateItems(mysql, 200, 300, "under-the-running-job");
            deleteItems(mysql, 20, 5);
            insertItems(mysql, ROWS + 40, 5);
            JobStatus status = Eventually.poll(TIMEOUT, Duration.ofMillis(200), () -> third.getJobStatus().get(),
                    JobStatus::isGloballyTerminalState);
            assertThat(status).isEqualTo(JobStatus.FAILED);
            Throwable failure = catchThrowable(() -> third.getJobExecutionResult().get());
            assertThat(ExceptionUtils.stringifyException(failure))
                    .contains("The MySQL binlog no longer holds", "bin/job resume --from-checkpoint");
            String afterRunningReset = latestRetainedCheckpoint(checkpoints.resolve(third.getJobID().toString()));
            fixture.track(submit(config, JobStartup.prepare(config), afterRunningReset, checkpoints));
            fixture.awaitParity(tables, TIMEOUT);
            assertNoDuplicateKeyVersions(fixture, tables);
            assertThat(generationOfMaxVersion(fixture, "items")).isEqualTo(3);
        }
    }

    private static void createTables(Connection mysql) throws Exception {
        try (Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, qty INT NOT NULL)");
            statement.execute("CREATE TABLE tags (tag VARCHAR(16) PRIMARY KEY, uses INT NOT NULL)");
            statement.execute("INSERT INTO tags VALUES ('a', 0), ('b', 0), ('c', 0)");
        }
        insertItems(mysql, 0, ROWS);
    }

    private static void insertItems(Connection mysql, int firstId, int count) throws Exception {
        try (PreparedStatement insert = mysql.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
            for (int id = firstId; id < firstId + count; id++) {
                insert.setLong(1, id);
                insert.setString(2, "item-" + id);
                insert.setInt(3, id % 7);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** One UPDATE statement (its own transaction) per row, ids {@code from} .. {@code from + count - 1}. */
    private static void updateItems(Connection mysql, int from, int count, String name) throws Exception {
        try (PreparedStatement update = mysql.prepareStatement("UPDATE items SET name = ?, qty = qty + 1 WHERE id = ?")) {
            for (int id = from; id < from + count; id++) {
                update.setString(1, name + "-" + id);
                update.setLong(2, id);
                update.executeUpdate();
            }
        }
    }

    private static void deleteItems(Connection mysql, int from, int count) throws Exception {
        try (Statement statement = mysql.createStatement()) {
            statement.executeUpdate("DELETE FROM items WHERE id >= " + from + " AND id < " + (from + count));
        }
    }

    private static void bumpTag(Connection mysql, String tag) throws Exception {
        try (Statement statement = mysql.createStatement()) {
            statement.executeUpdate("UPDATE tags SET uses = uses + 1 WHERE tag = '" + tag + "'");
        }
    }

    private static void resetMaster(Connection mysql) throws Exception {
        try (Statement statement = mysql.createStatement()) {
            statement.execute("RESET MASTER");
        }
    }

    /** The generation (the top bits) of the highest {@code _version} in a raw table. */
    private static long generationOfMaxVersion(PipelineFixture fixture, String table) throws Exception {
        return Long.parseLong(fixture.clickHouseQuery("SELECT bitShiftRight(max(_version), 56) FROM `"
                + fixture.database() + "`.`" + table + "_raw`"));
    }

    private static void assertNoDuplicateKeyVersions(PipelineFixture fixture, List<TableSchema> tables) throws Exception {
        for (TableSchema table : tables) {
            assertThat(fixture.duplicateKeyVersions(table)).as(table.table().toString()).isZero();
        }
    }

    private static void awaitTerminal(JobClient job) throws Exception {
        boolean terminal = Eventually.poll(TIMEOUT, Duration.ofMillis(200),
                () -> job.getJobStatus().get().isGloballyTerminalState(), done -> done);
        assertThat(terminal).as("job " + job.getJobID() + " terminal").isTrue();
    }

    /** The newest complete checkpoint (one with {@code _metadata}) a cancelled job left behind. */
    private static String latestRetainedCheckpoint(Path jobCheckpoints) throws Exception {
        try (Stream<Path> entries = Files.list(jobCheckpoints)) {
            Optional<Path> latest = entries
                    .filter(path -> path.getFileName().toString().startsWith("chk-"))
                    .filter(path -> Files.exists(path.resolve("_metadata")))
                    .max((a, b) -> Long.compare(checkpointNumber(a), checkpointNumber(b)));
            assertThat(latest).as("a retained checkpoint under " + jobCheckpoints).isPresent();
            return latest.get().toUri().toString();
        }
    }

    private static long checkpointNumber(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring("chk-".length()));
    }

    /** The job's own topology, checkpoints retained on cancellation under {@code checkpoints}. */
    private static JobClient submit(JobConfig config, JobStartup startup, String restorePath, Path checkpoints)
            throws Exception {
        Configuration submission = new Configuration();
        submission.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        submission.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (restorePath != null) {
            submission.set(StateRecoveryOptions.SAVEPOINT_PATH, restorePath);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(submission);
        CdcJob.build(env, config, startup);
        return env.executeAsync("version-generation-it");
    }
}
