package dev.chcdc.tee;

import dev.chcdc.config.TeeValueFormat;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A change event as its tee record: topic {@code <prefix>.<database>.<table>}, key the primary key as JSON
 * (so one key's changes share a partition and keep their order), value the Debezium envelope, headers the
 * table and the {@code _version}. The record timestamp is the time it is written, so the topics' retention
 * counts from the tee, not from MySQL's commit (a job resuming after days would otherwise write
 * already-expired records).
 */
final class TeeRecordSerializer implements KafkaRecordSerializationSchema<ChangeEvent> {
    private final String prefix;
    private final Map<TableId, TableSchema> schemas;
    private final Map<TableId, String> topics;
    private final TeeValueFormat format;
    /** Built per table on first use, where the sink runs (envelopes are not serializable). */
    private transient Map<TableId, DebeziumEnvelope> envelopes;

    TeeRecordSerializer(String prefix, List<TableSchema> tables, TeeValueFormat format) {
        this.prefix = prefix;
        this.format = format;
        Map<TableId, TableSchema> byTable = new HashMap<>();
        tables.forEach(table -> byTable.put(table.table(), table));
        this.schemas = Map.copyOf(byTable);
        this.topics = Map.copyOf(TeeTopics.topics(prefix, tables));
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ChangeEvent event, KafkaSinkContext context, Long timestamp) {
        if (event.isHeartbeat()) {
            return null; // progress, not a change: Flink's KafkaWriter writes nothing for null
        }
        if (envelopes == null) {
            envelopes = new HashMap<>();
        }
        DebeziumEnvelope envelope = envelopes.computeIfAbsent(event.table(), table -> {
            TableSchema schema = schemas.get(table);
            if (schema == null) {
                throw new IllegalStateException("No tee topic for " + table + "; the job tees the tables it found at start-up");
            }
            return new DebeziumEnvelope(schema, prefix, format);
        });
        RecordHeaders headers = new RecordHeaders();
        headers.add(TeeHeaders.TABLE, event.table().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(TeeHeaders.VERSION, Long.toUnsignedString(event.version()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topics.get(event.table()), null, null, envelope.key(event),
                envelope.value(event, System.currentTimeMillis()), headers);
    }
}
