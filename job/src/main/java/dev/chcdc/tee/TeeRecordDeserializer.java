package dev.chcdc.tee;

import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import dev.chcdc.ops.TableMetrics;
import dev.chcdc.ops.ValueFreeText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads tee (and dead-letter) records back into change events for replay. The table comes from the
 * {@code table} header (else the envelope's {@code source}), the version from the {@code _version} header.
 * Tombstones are skipped; a record that cannot be read fails the replay with its topic, partition and offset. A
 * record written without some values ({@link TeeHeaders#OMITTED_COLUMNS}, over tee.max-record-size) is skipped with
 * an ERROR and counted ({@link TableMetrics#REPLAY_RECORDS_INCOMPLETE}): writing it would put NULLs in place of
 * MySQL's values, so the replayed table keeps that key's previous version (README, Large rows).
 */
final class TeeRecordDeserializer implements KafkaRecordDeserializationSchema<ChangeEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(TeeRecordDeserializer.class);

    private final Map<TableId, TableSchema> schemas;
    private final String serverName;
    private transient Map<TableId, DebeziumEnvelope> envelopes;
    private transient TableMetrics metrics;

    TeeRecordDeserializer(List<TableSchema> tables, String serverName) {
        Map<TableId, TableSchema> byTable = new HashMap<>();
        tables.forEach(table -> byTable.put(table.table(), table));
        this.schemas = Map.copyOf(byTable);
        this.serverName = serverName;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        metrics = new TableMetrics(context.getMetricGroup());
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ChangeEvent> out) throws IOException {
        if (record.value() == null) {
            return;
        }
        if (envelopes == null) {
            envelopes = new HashMap<>();
        }
        try {
            String tableHeader = header(record, TeeHeaders.TABLE);
            TableId table = tableHeader != null ? TableId.parse(tableHeader) : tableOf(record.value());
            TableSchema schema = schemas.get(table);
            if (schema == null) {
                throw new IllegalArgumentException("no schema for table " + table + " in the tee's _schemas topic");
            }
            String version = header(record, TeeHeaders.VERSION);
            String omitted = header(record, TeeHeaders.OMITTED_COLUMNS);
            if (omitted != null) {
                LOG.error("Replay skips the record at {}/{}@{} (a change of {}, version {}): the tee wrote it without "
                        + "the values of {} (larger than tee.max-record-size), so it cannot be replayed truthfully; "
                        + "the replayed table keeps the key's previous version. README, Large rows",
                        record.topic(), record.partition(), record.offset(), table, version, omitted);
                if (metrics != null) {
                    metrics.counter(table, TableMetrics.REPLAY_RECORDS_INCOMPLETE).inc();
                }
                return;
            }
            out.collect(envelopes.computeIfAbsent(table, id -> new DebeziumEnvelope(schema, serverName))
                    .read(record.value(), version == null ? null : Long.parseUnsignedLong(version)));
        } catch (RuntimeException e) {
            throw new IOException("Cannot replay the record at " + record.topic() + "/" + record.partition() + "@"
                    + record.offset() + ": " + ValueFreeText.of(e), ValueFreeText.quotesInput(e) ? null : e);
        }
    }

    private static TableId tableOf(byte[] value) {
        try {
            var source = new com.fasterxml.jackson.databind.ObjectMapper().readTree(value).path("source");
            return new TableId(source.path("db").asText(), source.path("table").asText());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public TypeInformation<ChangeEvent> getProducedType() {
        return TypeInformation.of(ChangeEvent.class);
    }
}
