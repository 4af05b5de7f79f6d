package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.config.JobConfig;
import dev.chcdc.event.TableId;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.KafkaBroker;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.tee.TeeHeaders;
import dev.chcdc.tee.TeeTopics;
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
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rows of several megabytes (LONGTEXT and LONGBLOB) on real MariaDB, ClickHouse and Kafka: within
 * tee.max-record-size they pass the tee (an UPDATE's record holds both images, the blob in base64), ClickHouse and a
 * replay exactly; over it, the tee record leaves out the largest values and says so, ClickHouse still gets the
 * whole row, and nothing stops.
 */
@ExtendWith(RealServices.class)
class FatRowsIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int MEGABYTE = 1024 * 1024;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @Test
    void rowsOfEightMegabytesPassTheTeeClickHouseAndAReplayExactly(MariaDbServer mariaDb, ClickHouseServer clickHouse,
            KafkaBroker kafka, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            createDocuments(statement, 8 * MEGABYTE);
            String prefix = names.unique("fat");
            JobStartup startup = fixture.start(fixture.config(tee(kafka, prefix, Map.of())), "fat-rows").startup();
            fixture.awaitParity(startup.tables(), TIMEOUT);

            statement.execute("UPDATE documents SET body = REPEAT('b', " + 8 * MEGABYTE + ") WHERE id = 1");
            statement.execute("UPDATE documents SET scan = UNHEX(REPEAT('A5', " + 8 * MEGABYTE + ")) WHERE id = 2");
            fixture.awaitParity(startup.tables(), TIMEOUT);

            String topic = TeeTopics.topic(prefix, new TableId(fixture.database(), "documents"));
            List<ConsumerRecord<byte[], byte[]>> records = Eventually.poll(TIMEOUT, Duration.ofSeconds(1),
                    () -> TeeTopicReader.readAll(kafka.bootstrapServers(), topic), read -> read.size() == 4);
            assertThat(records).hasSize(4);
            assertThat(records).allSatisfy(record -> assertThat(record.headers().lastHeader(TeeHeaders.OMITTED_COLUMNS)).isNull());
            // The UPDATE of the blob: two images of 8 MB in base64.
            assertThat(records.stream().mapToInt(record -> record.value().length).max().orElseThrow())
                    .isGreaterThan(2 * 8 * MEGABYTE * 4 / 3);

            String rebuilt = names.unique("fat_rebuilt");
            Map<String, String> replay = new HashMap<>();
            replay.put("pipeline.mode", "replay");
            replay.put("clickhouse.database", rebuilt);
            replay.put("replay.group-id", names.unique("fat-replay"));
            replay.put("replay.stop-at-latest", "true");
            JobConfig replayConfig = fixture.config(tee(kafka, prefix, replay));
            StreamExecutionEnvironment replayEnv = StreamExecutionEnvironment.getExecutionEnvironment();
            CdcJob.build(replayEnv, replayConfig, JobStartup.prepare(replayConfig));
            fixture.track(replayEnv.executeAsync("fat-rows-replay")).getJobExecutionResult()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            fixture.awaitParity(startup.tables(), rebuilt, Duration.ofSeconds(10));
        }
    }

    @Test
    void aTeeRecordOverTheLimitLeavesOutItsLargestValuesWhileClickHouseGetsTheWholeRow(MariaDbServer mariaDb,
            ClickHouseServer clickHouse, KafkaBroker kafka, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            createDocuments(statement, 2 * MEGABYTE);
            String prefix = names.unique("trimmed");
            JobStartup startup = fixture.start(fixture.config(tee(kafka, prefix, Map.of("tee.max-record-size", "1mb"))),
                    "trimmed-rows").startup();
            fixture.awaitParity(startup.tables(), TIMEOUT);
            statement.execute("INSERT INTO documents VALUES (3, 'small', 'short', UNHEX('00FF'))");
            fixture.awaitParity(startup.tables(), TIMEOUT);

            String topic = TeeTopics.topic(prefix, new TableId(fixture.database(), "documents"));
            List<ConsumerRecord<byte[], byte[]>> records = Eventually.poll(TIMEOUT, Duration.ofSeconds(1),
                    () -> TeeTopicReader.readAll(kafka.bootstrapServers(), topic), read -> read.size() == 3);
            Map<String, String> omitted = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Header header = record.headers().lastHeader(TeeHeaders.OMITTED_COLUMNS);
                omitted.put(new String(record.key(), StandardCharsets.UTF_8),
                        header == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
                assertThat(record.value().length).isLessThanOrEqualTo(MEGABYTE);
            }
            // Row 1's text is its largest value, row 2's blob; row 3 fits whole.
            assertThat(omitted).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "{\"id\":1}", "body", "{\"id\":2}", "scan", "{\"id\":3}", ""));
        }
    }

    /** Row 1 holds {@code size} characters of text, row 2 {@code size} bytes of binary. */
    private static void createDocuments(Statement statement, int size) throws Exception {
        statement.execute("CREATE TABLE documents (id INT PRIMARY KEY, title VARCHAR(40) NOT NULL, body LONGTEXT, "
                + "scan LONGBLOB)");
        statement.execute("INSERT INTO documents VALUES (1, 'text', REPEAT('a', " + size + "), UNHEX('0102'))");
        statement.execute("INSERT INTO documents VALUES (2, 'blob', 'x', UNHEX(REPEAT('5A', " + size + ")))");
    }

    private static Map<String, String> tee(KafkaBroker kafka, String prefix, Map<String, String> more) {
        Map<String, String> settings = PipelineFixture.teeSettings(kafka.bootstrapServers(), prefix);
        settings.putAll(more);
        return settings;
    }
}
