package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.config.JobConfig;
import dev.chcdc.config.JobConfigLoader;
import dev.chcdc.event.TableSchema;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.FreePorts;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.PrometheusScrape;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No batch is ever discarded: commits ClickHouse refuses for a reason an operator must fix (a rotated password,
 * a revoked grant, a table renamed or altered under the job) wait, visible in {@code commitBlockedMs}, and
 * either go through once the cause is fixed or fail the job after {@code clickhouse.commit.blocked-timeout},
 * with the batch still in the checkpoint; a refused row with dead letters off stops the job naming the row.
 * In every case, after the fix, MySQL and ClickHouse agree exactly.
 */
@ExtendWith(RealServices.class)
class CommitFailureIT {
    private static final int PROMETHEUS_PORT = FreePorts.next();
    private static final String BLOCKED = "flink_taskmanager_job_task_operator_cdc_table_commitBlockedMs";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster(PrometheusScrape.reporter(PROMETHEUS_PORT));

    @Test
    void commitsToARenamedOrAlteredTableWaitUntilItIsBackAndThenEveryChangeArrives(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            String db = fixture.database();
            createOrders(statement);
            JobConfig config = fixture.config(Map.of());
            JobStartup startup = JobStartup.prepare(config);
            JobClient job = fixture.track(submit(config, startup, null, null, true));
            fixture.awaitParity(startup.tables(), TIMEOUT);

            // The raw table disappears under the job (UNKNOWN_TABLE): commits wait, nothing is dropped.
            clickHouse.query("RENAME TABLE `" + db + "`.orders_raw TO `" + db + "`.orders_parked");
            changeOrders(statement, 1);
            assertThat(blockedMillis(db + ".orders", millis -> millis > 4_000)).isGreaterThan(4_000);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            clickHouse.query("RENAME TABLE `" + db + "`.orders_parked TO `" + db + "`.orders_raw");
            fixture.awaitParity(startup.tables(), TIMEOUT);
            assertThat(blockedMillis(db + ".orders", millis -> millis == 0)).isZero();

            // A column renamed under the job: the table no longer takes the batch's columns. Not the rows'
            // fault, so nothing is dead-lettered (dead letters are off: dead-lettering would stop the job).
            clickHouse.query("ALTER TABLE `" + db + "`.orders_raw RENAME COLUMN note TO remark");
            changeOrders(statement, 2);
            assertThat(blockedMillis(db + ".orders", millis -> millis > 4_000)).isGreaterThan(4_000);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            clickHouse.query("ALTER TABLE `" + db + "`.orders_raw RENAME COLUMN remark TO note");
            fixture.awaitParity(startup.tables(), TIMEOUT);
            assertNoDuplicateVersions(fixture, startup);
        }
    }

    @Test
    void aRotatedPasswordOrRevokedGrantFailsTheJobAfterTheTimeoutAndAResumeWithTheFixCommitsEveryChange(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            String db = fixture.database();
            createOrders(statement);
            Path checkpoints = Files.createTempDirectory("commit-failure-checkpoints");
            Map<String, String> overrides = Map.of("clickhouse.commit.blocked-timeout", "5s");
            JobConfig right = fixture.config(overrides);

            // The job's ClickHouse password no longer works (rotated on the server).
            Map<String, String> rotated = new HashMap<>(fixture.passwordEnvironment());
            rotated.put("CLICKHOUSE_PASSWORD", "rotated-elsewhere");
            JobConfig wrongPassword = new JobConfigLoader(rotated).load(fixture.configValues(overrides));
            JobClient first = fixture.track(submit(wrongPassword, JobStartup.prepare(right), null, checkpoints, false));
            changeOrders(statement, 1);
            assertThat(failure(first)).contains("Commits to " + db + ".orders_raw have been blocked")
                    .contains("error 516");
            assertThat(fixture.clickHouseQuery("SELECT count() FROM `" + db + "`.orders_raw")).isEqualTo("0");

            // Resumed with a user that lacks INSERT (a revoked grant).
            Map<String, String> noInsert = new HashMap<>(overrides);
            noInsert.put("clickhouse.username", ClickHouseServer.NO_INSERT_USER);
            JobConfig revoked = fixture.config(noInsert);
            JobClient second = fixture.track(submit(revoked, JobStartup.prepare(right),
                    latestCheckpoint(checkpoints), checkpoints, false));
            changeOrders(statement, 2);
            assertThat(failure(second)).contains("error 497");

            // Fixed: resumed from the last checkpoint, which still holds every batch.
            JobStartup startup = JobStartup.prepare(right);
            fixture.track(submit(right, startup, latestCheckpoint(checkpoints), checkpoints, false));
            changeOrders(statement, 3);
            fixture.awaitParity(startup.tables(), TIMEOUT);
            assertNoDuplicateVersions(fixture, startup);
        }
    }

    @Test
    void anInsertOverTheMemoryLimitIsAnOutageThatWaitsAndIsNeverTakenForBadRows(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            String db = fixture.database();
            createOrders(statement);
            Path checkpoints = Files.createTempDirectory("memory-limit-checkpoints");
            // Dead letters off: were the refusal taken for bad rows, the job would stop.
            JobConfig right = fixture.config(Map.of("dead-letter.enabled", "false"));
            JobConfig tinyMemory = fixture.config(Map.of("dead-letter.enabled", "false",
                    "clickhouse.username", ClickHouseServer.TINY_MEMORY_USER));
            JobClient first = fixture.track(submit(tinyMemory, JobStartup.prepare(right), null, checkpoints, false));
            changeOrders(statement, 5);
            assertThat(blockedMillis(db + ".orders", millis -> millis > 5_000)).isGreaterThan(5_000);
            assertThat(first.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(fixture.clickHouseQuery("SELECT count() FROM `" + db + "`.orders_raw")).isEqualTo("0");
            first.cancel().get();

            JobStartup startup = JobStartup.prepare(right);
            fixture.track(submit(right, startup, latestCheckpoint(checkpoints), checkpoints, false));
            fixture.awaitParity(startup.tables(), TIMEOUT);
            assertNoDuplicateVersions(fixture, startup);
        }
    }

    @Test
    void aRefusedRowWithDeadLettersOffStopsTheJobNamingItAndNothingAfterItIsLost(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            String db = fixture.database();
            createOrders(statement);
            Path checkpoints = Files.createTempDirectory("refused-row-checkpoints");
            JobConfig config = fixture.config(Map.of("dead-letter.enabled", "false"));
            JobStartup startup = JobStartup.prepare(config);
            JobClient first = fixture.track(submit(config, startup, null, checkpoints, false));
            fixture.awaitParity(startup.tables(), TIMEOUT);

            clickHouse.query("ALTER TABLE `" + db + "`.orders_raw ADD CONSTRAINT not_13 CHECK amount != 13013");
            statement.execute("INSERT INTO orders SELECT 1000 + seq, 13000 + seq, NULL FROM seq_1_to_20");
            assertThat(failure(first)).contains("key (id), version").contains("dead-letter.enabled is false")
                    .contains("ClickHouse error 469 VIOLATED_CONSTRAINT, constraint `not_13`").doesNotContain("Column values")
                    .contains(db + ".orders_raw");
            changeOrders(statement, 4); // after the refused row, while the job is down

            clickHouse.query("ALTER TABLE `" + db + "`.orders_raw DROP CONSTRAINT not_13");
            JobStartup resumed = JobStartup.prepare(config);
            fixture.track(submit(config, resumed, latestCheckpoint(checkpoints), checkpoints, false));
            fixture.awaitParity(resumed.tables(), TIMEOUT);
            assertThat(fixture.clickHouseQuery("SELECT amount FROM `" + db + "`.orders WHERE id = 1013")).isEqualTo("13013");
            assertNoDuplicateVersions(fixture, resumed);
        }
    }

    private static void createOrders(Statement statement) throws Exception {
        statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, amount INT NOT NULL, note VARCHAR(20) NULL)");
        statement.execute("INSERT INTO orders SELECT seq, seq, IF(seq % 3 = 0, NULL, CONCAT('n', seq)) FROM seq_1_to_200");
    }

    /** Updates, deletes and inserts that differ per {@code round}. */
    private static void changeOrders(Statement statement, int round) throws Exception {
        statement.execute("UPDATE orders SET amount = amount + " + round + ", note = CONCAT('r" + round
                + "-', id) WHERE id % 7 = " + round % 7);
        statement.execute("DELETE FROM orders WHERE id % 50 = " + round);
        statement.execute("INSERT INTO orders SELECT 10000 * " + round + " + seq, seq, NULL FROM seq_1_to_30");
    }

    private static void assertNoDuplicateVersions(PipelineFixture fixture, JobStartup startup) throws Exception {
        for (TableSchema table : startup.tables()) {
            assertThat(fixture.duplicateKeyVersions(table)).as(table.table().toString()).isZero();
        }
    }

    /**
     * Submits the job; with {@code checkpoints} its checkpoints go there and stay after it ends. {@code restarts}
     * false makes the first failure final, so the test sees it.
     */
    private static JobClient submit(JobConfig config, JobStartup startup, String restoreFrom, Path checkpoints,
            boolean restarts) throws Exception {
        Configuration submission = new Configuration();
        if (checkpoints != null) {
            submission.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
            submission.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        if (!restarts) {
            submission.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        if (restoreFrom != null) {
            submission.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(submission);
        CdcJob.build(env, config, startup);
        return env.executeAsync("commit-failure-it");
    }

    /** The messages of the job's failure, outermost first; fails when the job does not fail in time. */
    private static String failure(JobClient job) throws Exception {
        try {
            job.getJobExecutionResult().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            StringBuilder messages = new StringBuilder();
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                messages.append(cause.getMessage()).append('\n');
            }
            return messages.toString();
        }
        throw new AssertionError("The job ended without failing");
    }

    /**
     * The newest completed checkpoint under {@code checkpoints}, of whichever job wrote it: a job that fails
     * while restoring completes none, and the one it restored from is still the newest.
     */
    private static String latestCheckpoint(Path checkpoints) throws IOException {
        try (Stream<Path> metadata = Files.find(checkpoints, 3, (path, attributes) ->
                path.getFileName().toString().equals("_metadata") && path.getParent().getFileName().toString().startsWith("chk-"))) {
            return metadata.max(Comparator.comparing(CommitFailureIT::modified))
                    .orElseThrow(() -> new AssertionError("No completed checkpoint under " + checkpoints))
                    .getParent().toUri().toString();
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code commitBlockedMs} of {@code table} once it satisfies {@code done}. */
    private static double blockedMillis(String table, DoublePredicate done) throws Exception {
        return PrometheusScrape.tableGauge(PROMETHEUS_PORT, BLOCKED, table, Duration.ofSeconds(60), done);
    }
}
