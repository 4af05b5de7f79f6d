package dev.chcdc.tee;

import dev.chcdc.config.TeeValueFormat;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import dev.chcdc.ops.TableMetrics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A change event as its tee record: topic {@code <prefix>.<database>.<table>}, key the primary key as JSON
 * (so one key's changes share a partition and keep their order), value the Debezium envelope, headers the
 * table and the {@code _version}. The record timestamp is the time it is written, so the topics' retention
 * counts from the tee, not from MySQL's commit (a job resuming after days would otherwise write
 * already-expired records).
 *
 * <p>A record larger than {@code tee.max-record-size} would fail the producer and stop the pipeline, so it is
 * written without its largest values ({@link DebeziumEnvelope#valueWithin}), their columns named in the header
 * {@link TeeHeaders#OMITTED_COLUMNS}, and counted ({@link TableMetrics#TEE_RECORDS_TRIMMED}); ClickHouse gets the
 * whole row from the job itself, and a replay skips such records (it cannot rebuild those values).
 */
final class TeeRecordSerializer implements KafkaRecordSerializationSchema<ChangeEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(TeeRecordSerializer.class);
    /** Room for the headers and the record's framing. */
    private static final int HEADER_BYTES = 512;

    private final String prefix;
    private final Map<TableId, TableSchema> schemas;
    private final Map<TableId, String> topics;
    private final TeeValueFormat format;
    private final long maxRecordBytes;
    /** Built per table on first use, where the sink runs (envelopes are not serializable). */
    private transient Map<TableId, DebeziumEnvelope> envelopes;
    private transient TableMetrics metrics;

    TeeRecordSerializer(String prefix, List<TableSchema> tables, TeeValueFormat format, long maxRecordBytes) {
        this.prefix = prefix;
        this.format = format;
        this.maxRecordBytes = maxRecordBytes;
        Map<TableId, TableSchema> byTable = new HashMap<>();
        tables.forEach(table -> byTable.put(table.table(), table));
        this.schemas = Map.copyOf(byTable);
        this.topics = Map.copyOf(TeeTopics.topics(prefix, tables));
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        metrics = new TableMetrics(context.getMetricGroup());
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
        byte[] key = envelope.key(event);
        DebeziumEnvelope.Fitted value =
                envelope.valueWithin(event, System.currentTimeMillis(), maxRecordBytes - key.length - HEADER_BYTES);
        if (!value.omittedColumns().isEmpty()) {
            String omitted = String.join(",", value.omittedColumns());
            headers.add(TeeHeaders.OMITTED_COLUMNS, omitted.getBytes(StandardCharsets.UTF_8));
            if (metrics != null) {
                metrics.counter(event.table(), TableMetrics.TEE_RECORDS_TRIMMED).inc();
            }
            LOG.warn("The tee record of a change of {} (version {}, {}) is larger than tee.max-record-size ({} bytes): "
                    + "written without the values of {}; ClickHouse has the whole row, a replay skips this record "
                    + "(README, Large rows)", event.table(), Long.toUnsignedString(event.version()),
                    event.source().describe(), maxRecordBytes, omitted);
        }
        return new ProducerRecord<>(topics.get(event.table()), null, null, key, value.value(), headers);
    }
}
