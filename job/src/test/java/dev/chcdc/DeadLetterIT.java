package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chcdc.config.JobConfig;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.KafkaBroker;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.testsupport.Eventually;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TeeTopicReader;
import dev.chcdc.testsupport.TestNames;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rows ClickHouse cannot take go to the dead-letter topic with their reason while every other row arrives and
 * the job keeps running; after the cause is fixed, replaying the dead-letter topic delivers them.
 */
@ExtendWith(RealServices.class)
class DeadLetterIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(500);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @Test
    void poisonRowsAreDeadLetteredWithTheirReasonAndEveryOtherRowArrives(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, KafkaBroker kafka, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            String db = fixture.database();
            String deadLetterTopic = names.unique("dlq");
            statement.execute("CREATE TABLE events (id INT PRIMARY KEY, day DATE NOT NULL, amount INT NOT NULL)");
            statement.execute("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(40) NOT NULL)");
            statement.execute("INSERT INTO events SELECT seq, '2024-01-01', seq FROM seq_1_to_100");
            // A DATE ClickHouse's Date32 cannot hold (it starts in 1900): refused by the writer's range check, as the
            // column's out-of-range policy is dead-letter (the default, saturate, would write 1900-01-01).
            statement.execute("INSERT INTO events VALUES (101, '1000-01-01', 101)");
            statement.execute("INSERT INTO notes SELECT seq, CONCAT('note ', seq) FROM seq_1_to_10");

            JobConfig config = fixture.config(kafka(kafka, deadLetterTopic,
                    Map.of("clickhouse.out-of-range." + db + ".events.day", "dead-letter")));
            JobStartup startup = JobStartup.prepare(config);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            CdcJob.build(env, config, startup);
            JobClient job = fixture.track(env.executeAsync("dead-letter-it"));
            assertThat(Eventually.poll(TIMEOUT, POLL,
                    () -> fixture.rowCount(db + ".events") + fixture.rowCount(db + ".notes"),
                    rows -> rows == 110)).isEqualTo(110);

            // ClickHouse itself refuses a row (a constraint). (A table whose columns changed under the job is not
            // the rows' fault: its commits block until it is fixed, see CommitBlockedIT.)
            clickHouse.query("ALTER TABLE `" + db + "`.events_raw ADD CONSTRAINT no_13 CHECK amount != 13013");
            statement.execute("INSERT INTO events SELECT 1000 + seq, '2024-02-02', 13000 + seq FROM seq_1_to_20");
            statement.execute("INSERT INTO notes VALUES (11, 'after the constraint'), (12, 'also after')");
            assertThat(Eventually.poll(TIMEOUT, POLL, () -> fixture.rowCount(db + ".events"), rows -> rows == 119))
                    .isEqualTo(119);
            List<ConsumerRecord<byte[], byte[]>> letters = Eventually.poll(TIMEOUT, POLL,
                    () -> TeeTopicReader.readAll(kafka.bootstrapServers(), deadLetterTopic), records -> records.size() >= 2);

            assertThat(job.getJobStatus().get().isGloballyTerminalState()).isFalse();
            assertThat(fixture.rowCount(db + ".events WHERE id IN (101, 1013)")).isZero();
            assertThat(letters).extracting(record -> header(record, "table") + " " + key(record) + " "
                            + header(record, "error.class").replaceAll(".*\\.", ""))
                    .containsExactlyInAnyOrder(
                            db + ".events {\"id\":101} ValueOutOfRangeException",
                            db + ".events {\"id\":1013} ClickHouseWriteException");
            assertThat(Eventually.poll(TIMEOUT, POLL, () -> fixture.rowCount(db + ".notes"), rows -> rows == 12))
                    .isEqualTo(12);
            ConsumerRecord<byte[], byte[]> constraint = letters.stream()
                    .filter(record -> key(record).equals("{\"id\":1013}")).findFirst().orElseThrow();
            assertThat(header(constraint, "error.message")).contains("no_13");
            assertThat(Integer.parseInt(header(constraint, "attempts"))).isGreaterThan(1);
            JsonNode value = new ObjectMapper().readTree(constraint.value());
            assertThat(value.path("after").path("amount").intValue()).isEqualTo(13013);
            assertThat(header(constraint, "source.position")).startsWith("mysql-bin.");

            // The fix, then the re-drive: replay the dead-letter topic into the same tables.
            clickHouse.query("ALTER TABLE `" + db + "`.events_raw DROP CONSTRAINT no_13");
            Map<String, String> redrive = new HashMap<>();
            redrive.put("pipeline.mode", "replay");
            redrive.put("replay.topic-pattern", deadLetterTopic.replace(".", "\\."));
            redrive.put("replay.group-id", names.unique("redrive"));
            redrive.put("replay.stop-at-latest", "true");
            redrive.put("tee.enabled", "false");
            redrive.put("clickhouse.out-of-range." + db + ".events.day", "dead-letter");
            JobConfig replay = fixture.config(kafka(kafka, deadLetterTopic, redrive));
            StreamExecutionEnvironment replayEnv = StreamExecutionEnvironment.getExecutionEnvironment();
            CdcJob.build(replayEnv, replay, JobStartup.prepare(replay));
            fixture.track(replayEnv.executeAsync("dead-letter-redrive")).getJobExecutionResult()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            assertThat(fixture.rowCount(db + ".events WHERE id = 1013")).isEqualTo(1);
            // The 1000-01-01 row still cannot be held, so it is dead-lettered again rather than lost.
            assertThat(fixture.rowCount(db + ".events WHERE id = 101")).isZero();
        }
    }

    private static Map<String, String> kafka(KafkaBroker kafka, String deadLetterTopic, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        settings.put("tee.enabled", "false");
        settings.put("dead-letter.enabled", "true");
        settings.put("dead-letter.topic", deadLetterTopic);
        settings.putAll(more);
        return settings;
    }


    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
