package dev.chcdc.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.ChangeVersion;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.Operation;
import dev.chcdc.event.RowImage;
import dev.chcdc.event.SourcePosition;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class ChangeEventDeserializerTest {
    private static final TableId ORDERS = new TableId("shop", "orders");
    private static final TableSchema SCHEMA = new TableSchema(ORDERS, List.of(
            new ColumnSchema("id", "bigint", "bigint", 19, 0, false),
            new ColumnSchema("amount", "decimal", "decimal(10,2)", 10, 2, true),
            new ColumnSchema("placed_at", "datetime", "datetime(6)", 6, -1, true),
            new ColumnSchema("status", "enum", "enum('new','paid')", -1, -1, true)), List.of(0));
    private static final long SNAPSHOT_VERSION = 77;

    /** Debezium's row schema, with fields in another order than the table, to prove mapping by name. */
    private static final Schema ROW = SchemaBuilder.struct().name("shop.orders.Value")
            .field("status", io.debezium.data.Enum.builder("new,paid").optional().build())
            .field("id", Schema.INT64_SCHEMA)
            .field("amount", Decimal.builder(2).optional().build())
            .field("placed_at", io.debezium.time.MicroTimestamp.builder().optional().build())
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct()
            .field("db", Schema.STRING_SCHEMA).field("table", Schema.OPTIONAL_STRING_SCHEMA)
            .field("file", Schema.STRING_SCHEMA).field("pos", Schema.INT64_SCHEMA)
            .field("row", Schema.OPTIONAL_INT32_SCHEMA).field("server_id", Schema.INT64_SCHEMA)
            .field("gtid", Schema.OPTIONAL_STRING_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
            .build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("shop.orders.Envelope")
            .field("before", SchemaBuilder.struct().name("shop.orders.Value").optional()
                    .field("status", io.debezium.data.Enum.builder("new,paid").optional().build())
                    .field("id", Schema.INT64_SCHEMA)
                    .field("amount", Decimal.builder(2).optional().build())
                    .field("placed_at", io.debezium.time.MicroTimestamp.builder().optional().build())
                    .build())
            .field("after", SchemaBuilder.struct().name("shop.orders.Value").optional()
                    .field("status", io.debezium.data.Enum.builder("new,paid").optional().build())
                    .field("id", Schema.INT64_SCHEMA)
                    .field("amount", Decimal.builder(2).optional().build())
                    .field("placed_at", io.debezium.time.MicroTimestamp.builder().optional().build())
                    .build())
            .field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    private final ChangeEventDeserializer deserializer = new ChangeEventDeserializer(Map.of(ORDERS, SCHEMA), SNAPSHOT_VERSION, 0, null);

    private static Struct row(long id, String amount, Long placedAtMicros, String status) {
        Schema schema = ENVELOPE.field("after").schema();
        return new Struct(schema).put("id", id).put("amount", amount == null ? null : new BigDecimal(amount))
                .put("placed_at", placedAtMicros).put("status", status);
    }

    private static Struct beforeRow(long id, String amount, Long placedAtMicros, String status) {
        Schema schema = ENVELOPE.field("before").schema();
        return new Struct(schema).put("id", id).put("amount", amount == null ? null : new BigDecimal(amount))
                .put("placed_at", placedAtMicros).put("status", status);
    }

    private static SourceRecord record(String op, Struct before, Struct after, String file, long pos, int row) {
        Struct source = new Struct(SOURCE).put("db", "shop").put("table", "orders").put("file", file)
                .put("pos", pos).put("row", row).put("server_id", 1L).put("ts_ms", 1_700_000_000_000L);
        Struct value = new Struct(ENVELOPE).put("before", before).put("after", after).put("source", source)
                .put("op", op).put("ts_ms", 1_700_000_000_500L);
        return new SourceRecord(Map.of(), Map.of(), "shop.orders", ENVELOPE, value);
    }

    private List<ChangeEvent> deserialize(SourceRecord record) throws Exception {
        List<ChangeEvent> events = new ArrayList<>();
        deserializer.deserialize(record, new Collector<>() {
            @Override
            public void collect(ChangeEvent event) {
                events.add(event);
            }

            @Override
            public void close() {}
        });
        return events;
    }

    /** Debezium's heartbeat record, as Flink CDC's emitter hands it on (value schema {@code ...Heartbeat}). */
    private static SourceRecord heartbeat(long timeMillis) {
        Schema schema = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA).build();
        return new SourceRecord(Map.of(), Map.of(), "__debezium-heartbeat.mysql_binlog_source", schema,
                new Struct(schema).put("ts_ms", timeMillis));
    }

    @Test
    void heartbeatOnAnIdleBinlogCarriesItsOwnTime() throws Exception {
        assertThat(deserialize(heartbeat(1_700_000_009_000L))).singleElement().satisfies(event -> {
            assertThat(event.isHeartbeat()).isTrue();
            assertThat(event.commitTimeMillis()).isEqualTo(1_700_000_009_000L);
        });
    }

    @Test
    void heartbeatAfterChangesCarriesTheLastChangesCommitTimeSoLagStaysVisible() throws Exception {
        deserialize(record("c", null, row(7, null, null, null), "mysql-bin.000003", 4000, 0));

        assertThat(deserialize(heartbeat(1_700_000_009_000L))).singleElement()
                .extracting(ChangeEvent::commitTimeMillis).isEqualTo(1_700_000_000_000L);
        assertThat(deserialize(heartbeat(1_700_000_010_000L))).singleElement()
                .extracting(ChangeEvent::commitTimeMillis).isEqualTo(1_700_000_010_000L);
    }

    @Test
    void insertCarriesValuesInTheTableColumnOrderAndABinlogVersion() throws Exception {
        List<ChangeEvent> events = deserialize(record("c", null, row(7, "12.50", 1_000_001L, "paid"), "mysql-bin.000003", 4000, 2));

        assertThat(events).containsExactly(new ChangeEvent(ORDERS, Operation.INSERT, null,
                RowImage.of(7L, new BigDecimal("12.50"), 1_000_001L, "paid"),
                new SourcePosition("mysql-bin.000003", 4000, 2, null, 1),
                ChangeVersion.of("mysql-bin.000003", 4000, 2), 1_700_000_000_000L));
    }

    @Test
    void snapshotReadTakesTheSnapshotVersionAndNoBinlogPosition() throws Exception {
        List<ChangeEvent> events = deserialize(record("r", null, row(7, null, null, null), "", 0, 0));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.operation()).isEqualTo(Operation.READ);
            assertThat(event.version()).isEqualTo(SNAPSHOT_VERSION);
            assertThat(event.source().isSnapshot()).isTrue();
            assertThat(event.after()).isEqualTo(RowImage.of(7L, null, null, null));
        });
    }

    @Test
    void deleteKeepsTheBeforeImage() throws Exception {
        List<ChangeEvent> events = deserialize(record("d", beforeRow(7, "1.00", null, "new"), null, "mysql-bin.000003", 5000, 0));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.operation()).isEqualTo(Operation.DELETE);
            assertThat(event.latestImage()).isEqualTo(RowImage.of(7L, new BigDecimal("1.00"), null, "new"));
        });
    }

    @Test
    void updateThatChangesThePrimaryKeyBecomesDeleteOfTheOldKeyAndInsertOfTheNewOne() throws Exception {
        List<ChangeEvent> events = deserialize(record("u", beforeRow(7, "1.00", null, "new"),
                row(8, "1.00", null, "new"), "mysql-bin.000003", 6000, 1));

        assertThat(events).extracting(ChangeEvent::operation, event -> event.latestImage().get(0), ChangeEvent::version)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Operation.DELETE, 7L, ChangeVersion.of("mysql-bin.000003", 6000, 1)),
                        org.assertj.core.groups.Tuple.tuple(Operation.INSERT, 8L, ChangeVersion.of("mysql-bin.000003", 6000, 1)));
    }

    @Test
    void updateKeepingTheKeyIsOneUpdate() throws Exception {
        List<ChangeEvent> events = deserialize(record("u", beforeRow(7, "1.00", null, "new"),
                row(7, "2.00", null, "paid"), "mysql-bin.000003", 6000, 0));

        assertThat(events).extracting(ChangeEvent::operation).containsExactly(Operation.UPDATE);
    }

    @Test
    void recordWithoutAnOperationIsSkipped() throws Exception {
        Schema heartbeat = SchemaBuilder.struct().field("ts_ms", Schema.INT64_SCHEMA).build();
        SourceRecord record = new SourceRecord(Map.of(), Map.of(), "__debezium-heartbeat", heartbeat,
                new Struct(heartbeat).put("ts_ms", 1L));

        assertThat(deserialize(record)).isEmpty();
    }

    @Test
    void columnTheJobDoesNotKnowFailsNamingTableAndColumn() {
        TableSchema withoutStatus = new TableSchema(ORDERS, SCHEMA.columns().subList(0, 3), List.of(0));
        ChangeEventDeserializer stale = new ChangeEventDeserializer(Map.of(ORDERS, withoutStatus), SNAPSHOT_VERSION, 0, null);

        assertThatThrownBy(() -> stale.deserialize(record("c", null, row(1, null, null, "new"), "mysql-bin.000001", 4, 0),
                        new Collector<>() {
                            @Override
                            public void collect(ChangeEvent event) {}

                            @Override
                            public void close() {}
                        }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Table shop.orders has a column 'status' that the job did not know at start-up");
    }
}
