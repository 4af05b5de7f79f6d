package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.config.JobConfig;
import dev.chcdc.event.TableId;
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
 * Keys of every kind and unusual table and column names, snapshotted in many small chunks (so Flink CDC's chunk
 * splitter works on each key) and then changed through the binlog. The tables Flink CDC 3.5 cannot split are
 * quarantined at start-up and every other table arrives.
 */
@ExtendWith(RealServices.class)
class UnusualKeysIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    /** Table name, its columns and key, and rows (the first value of each row is unique). */
    private static final List<String[]> TABLES = List.of(
            new String[] {"k_varbinary", "k VARBINARY(8) NOT NULL, v INT, PRIMARY KEY (k)",
                    "(X'00', 1), (X'FF', 2), (X'00FF', 3), (X'80', 4), (X'7F00', 5), (X'0000', 6)"},
            new String[] {"k_decimal", "k DECIMAL(20,5) NOT NULL, v INT, PRIMARY KEY (k)",
                    "(-99999.5, 1), (0, 2), (0.00001, 3), (123456789012345.12345, 4), (-0.00001, 5), (7, 6)"},
            new String[] {"k_ubigint", "k BIGINT UNSIGNED NOT NULL, v INT, PRIMARY KEY (k)",
                    "(0, 1), (1, 2), (9223372036854775807, 3), (9223372036854775808, 4), "
                            + "(18446744073709551614, 5), (18446744073709551615, 6)"},
            new String[] {"k_temporal", "d DATE NOT NULL, dt DATETIME(3) NOT NULL, t TIME NOT NULL, v INT, "
                    + "PRIMARY KEY (d, dt, t)",
                    "('2024-01-01', '2024-01-01 00:00:00.001', '00:00:00', 1), "
                            + "('2024-01-01', '2024-01-01 00:00:00.001', '-01:00:00', 2), "
                            + "('2024-01-01', '2024-01-01 00:00:00.002', '12:00:00', 3), "
                            + "('2023-12-31', '2025-01-01 00:00:00', '-00:00:01', 4), "
                            + "('2024-06-01', '1999-01-01 23:59:59.999', '23:59:59', 5), "
                            + "('2024-06-02', '1999-01-01 23:59:59.999', '01:00:00', 6)"},
            new String[] {"k_time_long", "t TIME(6) NOT NULL, v INT, PRIMARY KEY (t)",
                    "('24:00:00', 1), ('838:59:59', 2), ('-838:59:59', 3), ('100:00:00.5', 4), ('00:00:00', 5), "
                            + "('-24:00:00.000001', 6)"},
            new String[] {"k_ubigint_later", "k BIGINT UNSIGNED NOT NULL, v INT, PRIMARY KEY (k)",
                    "(0, 1), (1, 2), (9223372036854775806, 3), (9223372036854775807, 4)"},
            new String[] {"k_enum", "k ENUM('z', 'a', 'm') NOT NULL, v INT, PRIMARY KEY (k)",
                    "('z', 1), ('a', 2), ('m', 3)"},
            new String[] {"k_ci", "k VARCHAR(20) COLLATE utf8mb4_general_ci NOT NULL, v INT, PRIMARY KEY (k)",
                    "('apple', 1), ('Banana', 2), ('cherry', 3), ('Äpfel', 4), ('zebra', 5), ('_x', 6)"},
            new String[] {"`Mixed$Case-Name`", "`Id` INT NOT NULL, `col-with-dash` INT, `$dollar` INT, PRIMARY KEY (`Id`)",
                    "(1, 1, 1), (2, 2, 2), (3, 3, 3), (4, 4, 4), (5, 5, 5)"},
            new String[] {"`dot.ted`", "`key.part` INT NOT NULL, `[br]` INT, PRIMARY KEY (`key.part`)",
                    "(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)"},
            new String[] {"`表格`", "`编号` INT NOT NULL, `名字` VARCHAR(10), PRIMARY KEY (`编号`)",
                    "(1, '一'), (2, '二'), (3, '三'), (4, '四'), (5, '五')"},
            new String[] {"`quo'te\"s`", "`a'b` INT NOT NULL, `c\"d` INT, PRIMARY KEY (`a'b`)",
                    "(1, 1), (2, 2), (3, 3), (4, 4)"},
            new String[] {"`back``tick`", "`k``ey` INT NOT NULL, `v``al` INT, PRIMARY KEY (`k``ey`)",
                    "(1, 1), (2, 2), (3, 3), (4, 4)"});

    @Test
    void everyKindOfKeyAndNameArrivesExactlyOnSnapshotAndBinlogOrIsQuarantinedWhileTheOthersGoOn(MariaDbServer mariaDb, ClickHouseServer clickHouse,
            TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            for (String[] table : TABLES) {
                String name = table[0].startsWith("`") ? table[0] : "`" + table[0] + "`";
                statement.execute("CREATE TABLE " + name + " (" + table[1] + ")");
                statement.execute("INSERT INTO " + name + " VALUES " + table[2]);
            }
            JobConfig config = fixture.config(Map.of("mysql.snapshot.chunk-size", "2"));
            JobStartup startup = JobStartup.prepare(config);
            String db = fixture.database();
            assertThat(startup.quarantined()).containsOnlyKeys(new TableId(db, "back`tick"),
                    new TableId(db, "quo'te\"s"), new TableId(db, "k_time_long"), new TableId(db, "k_ubigint"));
            assertThat(startup.quarantined().get(new TableId(db, "k_time_long"))).contains("`t` is a TIME");
            assertThat(startup.tables()).hasSize(TABLES.size() - 4);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            CdcJob.build(env, config, startup);
            fixture.track(env.executeAsync("unusual-keys-it"));
            fixture.awaitParity(startup.tables(), TIMEOUT);

            for (String[] table : TABLES) {
                String name = table[0].startsWith("`") ? table[0] : "`" + table[0] + "`";
                statement.execute("DELETE FROM " + name + " LIMIT 1");
            }
            statement.execute("UPDATE `表格` SET `名字` = '六' WHERE `编号` = 5");
            statement.execute("UPDATE `Mixed$Case-Name` SET `col-with-dash` = 50, `Id` = 50 WHERE `Id` = 5");
            statement.execute("UPDATE k_ci SET k = 'APPLE' WHERE k = 'apple'");
            // Values from 2^63 arriving after the snapshot: the splitter is done with the table, it stays captured.
            statement.execute("INSERT INTO k_ubigint_later VALUES (18446744073709551615, 5), (9223372036854775808, 6)");
            fixture.awaitParity(startup.tables(), TIMEOUT);
            assertThat(JobStartup.prepare(config).quarantined()).doesNotContainKey(new TableId(db, "k_ubigint_later"))
                    .containsKey(new TableId(db, "k_ubigint"));
        }
    }
}
