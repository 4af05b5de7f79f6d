package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.config.JobConfig;
import dev.chcdc.event.TableSchema;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.stack.ServiceProcess;
import dev.chcdc.testsupport.Eventually;
import dev.chcdc.testsupport.MySqlWorkload;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import dev.chcdc.testsupport.WorkloadTables;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The architecture document's network outages, as an operator meets them: MySQL restarted mid-snapshot and
 * unreachable for a minute mid-stream ends in an automatic resume with exact parity; ClickHouse down for a
 * minute only delays commits. Each test has its own server, so stopping it disturbs no other test.
 */
@ExtendWith(RealServices.class)
class OutageIT {
    private static final Logger LOG = LoggerFactory.getLogger(OutageIT.class);
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @Test
    void mysqlRestartedMidSnapshotAndDownForAMinuteMidStreamEndsInAnAutomaticResumeWithExactParity(
            ClickHouseServer clickHouse, TestNames names) throws Exception {
        MariaDbServer mariaDb = RealServices.privateMariaDb("outage-mariadb");
        ServiceProcess server = mariaDb.startBound();
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names)) {
            MySqlWorkload workload = new MySqlWorkload(fixture.mysqlRoot(), WorkloadTables.all(), 13);
            workload.createTables();
            workload.insertRows(40_000);
            JobConfig config = fixture.config(Map.of("mysql.snapshot.chunk-size", "2000"));
            JobStartup startup = JobStartup.prepare(config);
            JobClient job = fixture.track(submit(config, startup));

            // Mid-snapshot: some rows are in ClickHouse, most are not yet.
            Eventually.poll(TIMEOUT, Duration.ofMillis(200), () -> rows(fixture, startup), rows -> rows > 0);
            server.close();
            LOG.info("MariaDB stopped mid-snapshot ({} rows in ClickHouse)", rows(fixture, startup));
            TimeUnit.SECONDS.sleep(15);
            server = mariaDb.startBound();
            workload.reconnect(fixture.mysqlRoot());
            workload.randomChanges(2_000);
            fixture.awaitParity(startup.tables(), TIMEOUT);

            // Mid-stream: changes before and after a minute without MySQL.
            workload.randomChanges(2_000);
            server.close();
            TimeUnit.SECONDS.sleep(OUTAGE.toSeconds());
            server = mariaDb.startBound();
            workload.reconnect(fixture.mysqlRoot());
            workload.randomChanges(2_000);
            fixture.awaitParity(startup.tables(), TIMEOUT);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertNoDuplicateVersions(fixture, startup);
        } finally {
            server.close();
        }
    }

    @Test
    void clickHouseDownForAMinuteOnlyDelaysCommits(MariaDbServer mariaDb, TestNames names) throws Exception {
        ClickHouseServer clickHouse = RealServices.privateClickHouse("outage-clickhouse");
        ServiceProcess server = clickHouse.startBound();
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names)) {
            MySqlWorkload workload = new MySqlWorkload(fixture.mysqlRoot(), WorkloadTables.all(), 17);
            workload.createTables();
            workload.insertRows(5_000);
            JobConfig config = fixture.config(Map.of());
            JobStartup startup = JobStartup.prepare(config);
            JobClient job = fixture.track(submit(config, startup));
            fixture.awaitParity(startup.tables(), TIMEOUT);

            server.close();
            workload.randomChanges(3_000); // while ClickHouse is down
            TimeUnit.SECONDS.sleep(OUTAGE.toSeconds());
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            server = clickHouse.startBound();
            workload.randomChanges(1_000);
            fixture.awaitParity(startup.tables(), TIMEOUT);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertNoDuplicateVersions(fixture, startup);
        } finally {
            server.close();
        }
    }

    /** The job as production runs it: restarts with exponential back-off, never giving up. */
    private static JobClient submit(JobConfig config, JobStartup startup) throws Exception {
        Configuration submission = new Configuration();
        submission.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        submission.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        submission.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(10));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(submission);
        CdcJob.build(env, config, startup);
        return env.executeAsync("outage-it");
    }

    private static long rows(PipelineFixture fixture, JobStartup startup) {
        long rows = 0;
        for (TableSchema table : startup.tables()) {
            try {
                rows += Long.parseLong(fixture.clickHouseQuery("SELECT count() FROM `" + fixture.database() + "`.`"
                        + table.table().table() + "_raw`"));
            } catch (Exception e) {
                return -1;
            }
        }
        return rows;
    }

    private static void assertNoDuplicateVersions(PipelineFixture fixture, JobStartup startup) throws Exception {
        for (TableSchema table : startup.tables()) {
            assertThat(fixture.duplicateKeyVersions(table)).as(table.table().toString()).isZero();
        }
    }
}
