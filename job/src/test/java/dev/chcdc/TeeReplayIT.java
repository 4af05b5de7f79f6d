package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chcdc.config.JobConfig;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.KafkaBroker;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.tee.TeeTopics;
import dev.chcdc.testsupport.FailAfterEvents;
import dev.chcdc.testsupport.LedgerWorkload;
import dev.chcdc.testsupport.MySqlWorkload;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TeeTopicReader;
import dev.chcdc.testsupport.TestNames;
import dev.chcdc.testsupport.WorkloadTables;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.testutils.junit.SharedObjectsExtension;
import org.apache.flink.testutils.junit.SharedReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka tee and replay, on real MariaDB, ClickHouse and Kafka: one live run (snapshot, then random changes
 * with a task failure in the middle) feeds every test; replays rebuild ClickHouse from the tee alone.
 */
@ExtendWith(RealServices.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeeReplayIT {
    private static final int LEDGER_ROWS = 2_000;
    private static final int LEDGER_CHANGES = 3_000;
    private static final int WORKLOAD_ROWS = 2_000;
    private static final int WORKLOAD_CHANGES = 2_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @RegisterExtension
    final SharedObjectsExtension shared = SharedObjectsExtension.create();

    private PipelineFixture fixture;
    private KafkaBroker kafka;
    private String prefix;
    private List<TableSchema> tables;
    private LedgerWorkload ledger;
    private String replayDatabase;

    @Test
    void readCommittedConsumerOfTheTeeSeesEveryChangeOnceInPerKeyBinlogOrder(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, KafkaBroker kafka, TestNames names) throws Exception {
        live(mariaDb, clickHouse, kafka, names);
        String topic = TeeTopics.topic(prefix, new TableId(fixture.database(), LedgerWorkload.TABLE));

        Map<Integer, List<String>> seen = ledger.awaitChangesInTee(kafka.bootstrapServers(), topic, TIMEOUT);

        assertThat(seen).isEqualTo(ledger.expectedChanges());
    }

    @Test
    void teeRecordsCarryTableAndVersionHeadersAndThePrimaryKeyAsKey(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, KafkaBroker kafka, TestNames names) throws Exception {
        live(mariaDb, clickHouse, kafka, names);
        String topic = TeeTopics.topic(prefix, new TableId(fixture.database(), LedgerWorkload.TABLE));

        ConsumerRecord<byte[], byte[]> first = TeeTopicReader.readAll(kafka.bootstrapServers(), topic).get(0);

        JsonNode key = new ObjectMapper().readTree(first.key());
        JsonNode value = new ObjectMapper().readTree(first.value());
        assertThat(key.fieldNames()).toIterable().containsExactly("id");
        assertThat(key.get("id").intValue()).isEqualTo(value.path("after").path("id").intValue());
        assertThat(header(first, "table")).isEqualTo(fixture.database() + ".ledger");
        assertThat(Long.parseLong(header(first, "_version"))).isPositive();
    }

    @Test
    void replayIntoAnEmptyDatabaseRebuildsViewsEqualToMySql(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, KafkaBroker kafka, TestNames names) throws Exception {
        live(mariaDb, clickHouse, kafka, names);

        replayOnce(names);

        fixture.awaitParity(tables, replayDatabase, Duration.ofSeconds(10));
        for (TableSchema table : tables) {
            assertThat(fixture.duplicateKeyVersions(table, replayDatabase)).as(table.table().toString()).isZero();
        }
    }

    @Test
    void secondReplayOverTheSameDataChangesNothingAQuerySees(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, KafkaBroker kafka, TestNames names) throws Exception {
        live(mariaDb, clickHouse, kafka, names);
        replayOnce(names);

        runReplay(replayDatabase, names.unique("replay-again"));

        assertThat(fixture.differences(tables, replayDatabase)).isEmpty();
        for (TableSchema table : tables) {
            assertThat(fixture.duplicateKeyVersions(table, replayDatabase)).as(table.table().toString()).isZero();
        }
    }

    /** The live run, once for all tests: snapshot, changes with a failure mid-stream, parity, then cancel. */
    private void live(MariaDbServer mariaDb, ClickHouseServer clickHouse, KafkaBroker kafka, TestNames names)
            throws Exception {
        if (fixture != null) {
            return;
        }
        this.kafka = kafka;
        fixture = new PipelineFixture(mariaDb, clickHouse, names);
        prefix = names.unique("tee");
        try (Connection mysql = fixture.mysqlRoot()) {
            MySqlWorkload workload = new MySqlWorkload(mysql, WorkloadTables.all(), 11);
            workload.createTables();
            workload.insertRows(WORKLOAD_ROWS);
            ledger = new LedgerWorkload(mysql, LEDGER_ROWS + 500, 12);
            ledger.create(LEDGER_ROWS);

            JobConfig config = fixture.config(kafkaSettings(Map.of("pipeline.name", names.unique("tee-live"))));
            JobStartup startup = JobStartup.prepare(config);
            tables = startup.tables();
            long snapshotEvents = 3L * WORKLOAD_ROWS + LEDGER_ROWS;
            SharedReference<AtomicLong> failures = shared.add(new AtomicLong());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            CdcJob.build(env, config, startup, changes -> changes
                    .map(new FailAfterEvents(shared.add(new AtomicLong()), failures,
                            List.of(snapshotEvents + (LEDGER_CHANGES + WORKLOAD_CHANGES) / 2)))
                    .returns(TypeInformation.of(ChangeEvent.class))
                    .uid("fail-after-events"));
            JobClient job = fixture.track(env.executeAsync("tee-live"));

            fixture.awaitParity(tables, TIMEOUT);
            for (int round = 0; round < 4; round++) {
                ledger.changes(LEDGER_CHANGES / 4);
                workload.randomChanges(WORKLOAD_CHANGES / 4);
            }
            fixture.awaitParity(tables, TIMEOUT);
            assertThat(failures.get().get()).isEqualTo(1);
            ledger.awaitChangesInTee(kafka.bootstrapServers(),
                    TeeTopics.topic(prefix, new TableId(fixture.database(), LedgerWorkload.TABLE)), TIMEOUT);
            job.cancel().get();
        }
    }

    private void replayOnce(TestNames names) throws Exception {
        if (replayDatabase == null) {
            String database = names.unique("rebuilt");
            runReplay(database, names.unique("replay"));
            replayDatabase = database;
        }
    }

    /** Replays every tee topic into {@code database} and waits until the bounded replay finishes. */
    private void runReplay(String database, String groupId) throws Exception {
        Map<String, String> replay = new HashMap<>();
        replay.put("pipeline.mode", "replay");
        replay.put("clickhouse.database", database);
        replay.put("replay.group-id", groupId);
        replay.put("replay.stop-at-latest", "true");
        JobConfig config = fixture.config(kafkaSettings(replay));
        JobStartup startup = JobStartup.prepare(config);
        assertThat(startup.tables()).isEqualTo(tables);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CdcJob.build(env, config, startup);
        JobClient job = fixture.track(env.executeAsync("tee-replay"));
        job.getJobExecutionResult().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private Map<String, String> kafkaSettings(Map<String, String> more) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        settings.put("tee.enabled", "true");
        settings.put("dead-letter.enabled", "true");
        settings.put("tee.topic-prefix", prefix);
        settings.put("dead-letter.topic", prefix + "-dlq");
        settings.putAll(more);
        return settings;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @AfterAll
    void closeFixture() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }
}
