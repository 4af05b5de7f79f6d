package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.config.JobConfig;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import java.sql.Connection;
import java.sql.ResultSet;
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
 * TIME values keep sign, hours and fraction through both paths: the snapshot (text protocol) and the binlog
 * (TIME2 binary format), from -838:59:59 to 838:59:59, at precisions 0, 1, 3 and 6. Each value is written into
 * every column, so MySQL rounds it to each precision; the parity check compares what MySQL stored with what
 * ClickHouse holds. Negative values depend on our patched Debezium classes (io.debezium.connector.mysql in the
 * job module): Flink CDC 3.5's own copies lose the sign of -00:xx:xx in the snapshot and misread negative TIME2.
 */
@ExtendWith(RealServices.class)
class TimeValuesIT {
    private static final List<String> NON_NEGATIVE = List.of(
            "00:00:00", "00:00:00.000001", "00:22:40", "00:59:58.951424", "12:34:56.500000", "313:49:13.187470",
            "837:59:58.951424", "838:59:59");

    /** Negative values, with the ones whose hours, minutes, seconds or fraction are 0 (where a borrow is needed). */
    private static final List<String> NEGATIVE = List.of(
            "-00:00:00.000001", "-00:00:00.5", "-00:00:01", "-00:01:00", "-00:22:40", "-00:59:58.951424",
            "-00:59:59.999999", "-01:00:00", "-05:00:00.5", "-12:34:56.5", "-313:49:13.187470", "-837:59:58.951424",
            "-838:00:00", "-838:59:58.999999", "-838:59:59");

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @Test
    void nonNegativeTimeValuesArriveUnchangedFromSnapshotAndBinlog(MariaDbServer mariaDb, ClickHouseServer clickHouse,
            TestNames names) throws Exception {
        assertArriveUnchanged(mariaDb, clickHouse, names, NON_NEGATIVE, "00:22:40.250000");
    }

    @Test
    void negativeTimeValuesArriveUnchangedFromSnapshotAndBinlog(MariaDbServer mariaDb, ClickHouseServer clickHouse,
            TestNames names) throws Exception {
        assertArriveUnchanged(mariaDb, clickHouse, names, NEGATIVE, "-00:22:40.250000");
    }

    /**
     * Writes every value into every column, snapshots them, writes them again through the binlog, then updates the
     * first row to {@code updated} and the second to the first value: ClickHouse must equal MySQL after each step.
     */
    private static void assertArriveUnchanged(MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names,
            List<String> values, String updated) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE times (id INT PRIMARY KEY, t0 TIME, t1 TIME(1), t3 TIME(3), t6 TIME(6))");
            int id = 0;
            for (String value : values) {
                insert(statement, ++id, value);
            }
            JobConfig config = fixture.config(Map.of());
            JobStartup startup = JobStartup.prepare(config);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            CdcJob.build(env, config, startup);
            fixture.track(env.executeAsync("time-values-it"));
            fixture.awaitParity(startup.tables(), Duration.ofMinutes(2));

            for (String value : values) {
                insert(statement, ++id, value);
            }
            statement.execute("UPDATE times SET t0 = '" + updated + "', t1 = '" + updated + "', t3 = '" + updated
                    + "', t6 = '" + updated + "' WHERE id = 1");
            statement.execute("UPDATE times SET t0 = '" + values.get(0) + "', t1 = '" + values.get(0) + "', t3 = '"
                    + values.get(0) + "', t6 = '" + values.get(0) + "' WHERE id = 2");
            fixture.awaitParity(startup.tables(), Duration.ofMinutes(2));
            try (ResultSet stored = statement.executeQuery("SELECT CAST(t6 AS CHAR) FROM times WHERE id = 1")) {
                assertThat(stored.next()).isTrue();
                assertThat(stored.getString(1)).isEqualTo(updated);
            }
            assertThat(id).isEqualTo(2 * values.size());
        }
    }

    private static void insert(Statement statement, int id, String value) throws Exception {
        statement.execute("INSERT INTO times VALUES (" + id + ", '" + value + "', '" + value + "', '" + value + "', '"
                + value + "')");
    }
}
