package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.config.JobConfig;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.FreePorts;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.PrometheusScrape;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-table freshness metric, read from Flink's Prometheus reporter: low on a table nobody changes
 * (heartbeats), rising while ClickHouse refuses inserts, and back down once it takes them again.
 */
@ExtendWith(RealServices.class)
class FreshnessMetricIT {
    private static final int PROMETHEUS_PORT = FreePorts.next();
    private static final String FRESHNESS = "flink_taskmanager_job_task_operator_cdc_table_freshnessMs";

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster(PrometheusScrape.reporter(PROMETHEUS_PORT));

    @Test
    void freshnessStaysLowOnQuietTablesRisesWhileTheSinkIsBlockedAndFallsBackAfter(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            String db = fixture.database();
            statement.execute("CREATE TABLE quiet (id INT PRIMARY KEY, v INT)");
            statement.execute("CREATE TABLE busy (id INT PRIMARY KEY, v INT)");
            statement.execute("INSERT INTO quiet VALUES (1, 1)");
            statement.execute("INSERT INTO busy VALUES (1, 1)");
            JobConfig config = fixture.config(Map.of("mysql.heartbeat-interval", "1s"));
            JobStartup startup = JobStartup.prepare(config);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            CdcJob.build(env, config, startup);
            fixture.track(env.executeAsync("freshness-it"));
            fixture.awaitParity(startup.tables(), Duration.ofMinutes(2));
            statement.execute("UPDATE busy SET v = 2");
            fixture.awaitParity(startup.tables(), Duration.ofMinutes(1));

            // Nothing changes "quiet" at all, yet heartbeats keep it fresh: at most heartbeat + checkpoint + scrape.
            TimeUnit.SECONDS.sleep(12);
            assertThat(freshness(db + ".quiet")).isLessThan(6_000);

            clickHouse.query("ALTER TABLE `" + db + "`.busy_raw MODIFY SETTING parts_to_throw_insert = 1");
            statement.execute("UPDATE busy SET v = 3");
            TimeUnit.SECONDS.sleep(12);
            double blocked = freshness(db + ".busy");
            assertThat(blocked).isGreaterThan(10_000);

            clickHouse.query("ALTER TABLE `" + db + "`.busy_raw MODIFY SETTING parts_to_throw_insert = 3000");
            fixture.awaitParity(startup.tables(), Duration.ofMinutes(2));
            TimeUnit.SECONDS.sleep(5);
            assertThat(freshness(db + ".busy")).isLessThan(6_000);
        }
    }

    /** {@code freshnessMs} of {@code table}, as Prometheus has it. */
    private static double freshness(String table) throws Exception {
        return PrometheusScrape.tableGauge(PROMETHEUS_PORT, FRESHNESS, table, Duration.ofSeconds(30), value -> true);
    }
}
