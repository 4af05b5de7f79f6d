package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chcdc.config.ConfigException;
import dev.chcdc.config.JobConfig;
import dev.chcdc.event.TableSchema;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tables without a primary key, keyed by {@code mysql.key-columns}: a table of rows that are identical except in
 * the key columns is snapshotted in chunks of its first key column (not unique by itself) and follows updates,
 * deletes, key changes and multi-row updates through the binlog with exact parity. Columns that are not unique
 * collapse the rows sharing a key into one; settings the job cannot honour are refused before submission.
 */
@ExtendWith(RealServices.class)
class KeyColumnsIT {
    private static final int ROWS = 3_000;
    private static final int TENANTS = 7;
    private static final Duration PARITY_TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @Test
    void keylessTableWithDuplicateRowsIsCopiedAndFollowedByTheConfiguredKey(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            try (Statement statement = mysql.createStatement()) {
                statement.execute("CREATE TABLE events (tenant INT NOT NULL, seq BIGINT NOT NULL, "
                        + "kind VARCHAR(20) NOT NULL, amount DECIMAL(10,2), note VARCHAR(100), KEY (tenant))");
                statement.execute("CREATE TABLE visits (page VARCHAR(40) NOT NULL, visitor INT NOT NULL)");
                statement.execute("INSERT INTO visits VALUES ('home', 1), ('home', 2), ('about', 3)");
            }
            insertEvents(mysql, 0, ROWS);
            String db = fixture.database();
            JobConfig config = fixture.config(Map.of(
                    "mysql.key-columns." + db + ".events", "tenant, seq",
                    "mysql.key-columns." + db + ".visits", "page",
                    "mysql.snapshot.chunk-size", "500"));
            JobStartup startup = JobStartup.prepare(config);
            TableSchema events = table(startup, "events");
            assertThat(events.keyColumnNames()).containsExactly("tenant", "seq");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            CdcJob.build(env, config, startup);
            JobClient job = fixture.track(env.executeAsync("key-columns-it"));

            changeEvents(mysql, new Random(21), 1_000, 1_000_000); // during the snapshot
            fixture.awaitParity(List.of(events), PARITY_TIMEOUT);
            changeEvents(mysql, new Random(22), 1_000, 2_000_000); // from the binlog only
            try (Statement statement = mysql.createStatement()) {
                statement.execute("UPDATE events SET amount = amount + 1 WHERE tenant = 3"); // many identical rows
                statement.execute("DELETE FROM events WHERE tenant = 5 AND seq % 2 = 0");
                statement.execute("INSERT INTO visits VALUES ('about', 4)");
            }
            fixture.awaitParity(List.of(events), PARITY_TIMEOUT);

            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(fixture.duplicateKeyVersions(events)).isZero();
            // Not unique: the rows sharing a key are one row in ClickHouse, the one with the highest _version.
            assertThat(fixture.clickHouseQuery("SELECT page, count() FROM `" + db + "`.visits GROUP BY page ORDER BY page"))
                    .isEqualTo("about\t1\nhome\t1");
            assertThat(fixture.clickHouseQuery("SELECT visitor FROM `" + db + "`.visits WHERE page = 'about'"))
                    .isEqualTo("4");
        }
    }

    @Test
    void keyColumnsTheJobCannotHonourAreRefusedBeforeSubmission(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE logs (host VARCHAR(40), line INT NOT NULL)");
            statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, total INT)");
            String db = fixture.database();
            JobConfig config = fixture.config(Map.of(
                    "mysql.key-columns." + db + ".logs", "host,line",
                    "mysql.key-columns." + db + ".orders", "total",
                    "mysql.key-columns." + db + ".ordres", "id"));

            assertThatThrownBy(() -> JobStartup.prepare(config))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("mysql.key-columns." + db + ".logs: column 'host' allows NULL")
                    .hasMessageContaining("mysql.key-columns." + db + ".orders: the table has a primary key [id]")
                    .hasMessageContaining("mysql.key-columns." + db + ".ordres: no captured table " + db + ".ordres");
        }
    }

    /** Rows {@code from .. to-1}: all alike but for the key (tenant, seq). */
    private static void insertEvents(Connection mysql, int from, int to) throws Exception {
        mysql.setAutoCommit(false);
        try (PreparedStatement insert = mysql.prepareStatement(
                "INSERT INTO events VALUES (?, ?, 'click', 1.00, NULL)")) {
            for (int seq = from; seq < to; seq++) {
                insert.setInt(1, seq % TENANTS);
                insert.setLong(2, seq);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        mysql.commit();
        mysql.setAutoCommit(true);
    }

    /** Random updates of other columns, deletes, inserts (keys from {@code firstNewSeq}) and key changes. */
    private static void changeEvents(Connection mysql, Random random, int count, long firstNewSeq) throws Exception {
        for (int i = 0; i < count; i++) {
            long seq = random.nextInt(ROWS);
            int tenant = (int) (seq % TENANTS);
            String sql = switch (random.nextInt(4)) {
                case 0 -> "UPDATE events SET kind = 'view', note = 'n" + random.nextInt(100) + "' WHERE tenant = "
                        + tenant + " AND seq = " + seq;
                case 1 -> "DELETE FROM events WHERE tenant = " + tenant + " AND seq = " + seq;
                case 2 -> "INSERT INTO events VALUES (" + tenant + ", " + (firstNewSeq + i) + ", 'click', 1.00, NULL)";
                default -> "UPDATE events SET seq = seq + 100000000 WHERE tenant = " + tenant + " AND seq = " + seq;
            };
            try (Statement statement = mysql.createStatement()) {
                statement.executeUpdate(sql);
            }
        }
    }

    private static TableSchema table(JobStartup startup, String name) {
        return startup.tables().stream().filter(table -> table.table().table().equals(name)).findFirst().orElseThrow();
    }
}
