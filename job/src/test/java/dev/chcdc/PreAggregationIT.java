package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.query.QuerySettings;
import dev.chcdc.config.JobConfig;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.stack.ProjectPaths;
import dev.chcdc.testsupport.Eventually;
import dev.chcdc.testsupport.FailAfterEvents;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.testutils.junit.SharedObjectsExtension;
import org.apache.flink.testutils.junit.SharedReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The architecture document's {@code user_stats_daily}, built from {@code sql/clickhouse/preaggregations/}, equals
 * the same aggregate computed on MySQL after inserts, updates that move users between groups, deletes, key
 * changes and a task failure that makes the sink commit batches again.
 */
@ExtendWith(RealServices.class)
class PreAggregationIT {
    private static final int USERS = 3_000;
    private static final String[] COUNTRIES = {"US", "DE", "FR", "BR", "IN", "JP"};

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @RegisterExtension
    final SharedObjectsExtension shared = SharedObjectsExtension.create();

    @Test
    void userStatsDailyEqualsTheAggregateOnMySqlAfterUpdatesDeletesAndKeyChanges(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, "
                    + "country CHAR(2) NOT NULL, created_at DATETIME NOT NULL)");
            statement.execute("INSERT INTO users SELECT seq, CONCAT('user ', seq), ELT(1 + seq % 6, "
                    + "'US', 'DE', 'FR', 'BR', 'IN', 'JP'), '2024-01-01' + INTERVAL (seq % 20) DAY FROM seq_1_to_" + USERS);
            JobConfig config = fixture.config(Map.of("clickhouse.changelog.tables", ".*\\.users"));
            JobStartup startup = JobStartup.prepare(config);
            createPreAggregation(fixture);

            SharedReference<AtomicLong> failures = shared.add(new AtomicLong());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            CdcJob.build(env, config, startup, changes -> changes
                    .map(new FailAfterEvents(shared.add(new AtomicLong()), failures, List.of(USERS + 500L)))
                    .returns(TypeInformation.of(ChangeEvent.class))
                    .uid("fail-after-events"));
            fixture.track(env.executeAsync("pre-aggregation-it"));
            fixture.awaitParity(startup.tables(), Duration.ofMinutes(3)); // the snapshot is in
            changeUsers(mysql, 3_000, new Random(7));

            fixture.awaitParity(startup.tables(), Duration.ofMinutes(3));
            assertThat(failures.get().get()).isEqualTo(1);
            List<String> expected = mysqlAggregate(statement);
            assertThat(Eventually.poll(Duration.ofSeconds(30), Duration.ofSeconds(1), () -> clickHouseAggregate(fixture),
                    expected::equals)).isEqualTo(expected);
        }
    }

    /** Runs the repository's SQL file in the test's ClickHouse database, statement by statement. */
    private static void createPreAggregation(PipelineFixture fixture) throws Exception {
        String sql = Files.readString(ProjectPaths.detect().root()
                .resolve("sql/clickhouse/preaggregations/user_stats_daily.sql"));
        StringBuilder code = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (!line.startsWith("--")) {
                code.append(line).append('\n');
            }
        }
        for (String statement : code.toString().split(";")) {
            if (!statement.isBlank()) {
                fixture.clickHouse().query(statement, new QuerySettings().setDatabase(fixture.database())).get().close();
            }
        }
    }

    private static void changeUsers(Connection mysql, int count, Random random) throws Exception {
        mysql.setAutoCommit(false);
        try (Statement statement = mysql.createStatement()) {
            long nextId = USERS + 1;
            for (int i = 0; i < count; i++) {
                long id = 1 + random.nextInt((int) nextId - 1);
                switch (random.nextInt(7)) {
                    case 0 -> statement.executeUpdate("INSERT INTO users VALUES (" + nextId++ + ", 'new', '"
                            + COUNTRIES[random.nextInt(COUNTRIES.length)] + "', '2024-01-" + (10 + random.nextInt(15)) + "')");
                    case 1 -> statement.executeUpdate("DELETE FROM users WHERE id = " + id);
                    case 2 -> statement.executeUpdate("UPDATE users SET country = '"
                            + COUNTRIES[random.nextInt(COUNTRIES.length)] + "' WHERE id = " + id);
                    case 3 -> statement.executeUpdate("UPDATE users SET created_at = created_at + INTERVAL 1 DAY WHERE id = " + id);
                    case 4 -> statement.executeUpdate("UPDATE users SET name = CONCAT(name, '!') WHERE id = " + id);
                    case 5 -> statement.executeUpdate("UPDATE users SET id = " + nextId++ + " WHERE id = " + id);
                    default -> statement.executeUpdate("UPDATE users SET country = 'DE' WHERE id BETWEEN " + id
                            + " AND " + (id + 5));
                }
                if (random.nextInt(3) == 0) {
                    mysql.commit();
                }
            }
            mysql.commit();
        } finally {
            mysql.setAutoCommit(true);
        }
    }

    private static List<String> mysqlAggregate(Statement statement) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("SELECT DATE(created_at), country, COUNT(*), COUNT(DISTINCT id) "
                + "FROM users GROUP BY 1, 2 ORDER BY 1, 2")) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getString(2) + " " + result.getLong(3) + " " + result.getLong(4));
            }
        }
        return rows;
    }

    private static List<String> clickHouseAggregate(PipelineFixture fixture) throws Exception {
        String text = fixture.clickHouseQuery("SELECT date, country, user_count, unique_users FROM `"
                + fixture.database() + "`.user_stats_daily ORDER BY date, country FORMAT TSV");
        List<String> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                rows.add(line.replace('\t', ' '));
            }
        }
        return rows;
    }
}
