package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.config.JobConfig;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TIME values keep hours and fraction through both paths: the snapshot (text protocol) and the binlog (TIME2
 * binary format), from zero to the maximum, at precisions 0, 1 and 6. Negative TIME values are a documented
 * limitation (Debezium 1.9 inside Flink CDC 3.5 misreads several of them) and are not claimed here.
 */
@ExtendWith(RealServices.class)
class TimeValuesIT {
    private static final List<String> VALUES = List.of(
            "00:00:00", "00:00:00.000001", "00:22:40", "00:59:58.951424", "12:34:56.500000", "313:49:13.187470",
            "837:59:58.951424", "838:59:59");

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @Test
    void timeValuesArriveUnchangedFromSnapshotAndBinlog(MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names)
            throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE times (id INT PRIMARY KEY, t6 TIME(6), t0 TIME, t1 TIME(1))");
            int id = 0;
            for (String value : VALUES) {
                statement.execute("INSERT INTO times VALUES (" + ++id + ", '" + value + "', '" + value + "', '" + value + "')");
            }
            JobConfig config = fixture.config(Map.of());
            JobStartup startup = JobStartup.prepare(config);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            CdcJob.build(env, config, startup);
            fixture.track(env.executeAsync("time-values-it"));
            fixture.awaitParity(startup.tables(), Duration.ofMinutes(2));

            for (String value : VALUES) {
                statement.execute("INSERT INTO times VALUES (" + ++id + ", '" + value + "', '" + value + "', '" + value + "')");
            }
            statement.execute("UPDATE times SET t6 = '00:22:40.250000' WHERE id = 1");
            fixture.awaitParity(startup.tables(), Duration.ofMinutes(2));
            assertThat(id).isEqualTo(2 * VALUES.size());
        }
    }
}
