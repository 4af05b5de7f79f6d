package dev.chcdc.tee;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chcdc.config.TeeValueFormat;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.ChangeVersion;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.Operation;
import dev.chcdc.event.RowImage;
import dev.chcdc.event.SourcePosition;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One table's change events as Debezium's JSON (the JSON converter with {@code schemas.enable=false}), so
 * existing Debezium consumers read the tee unchanged: the key is the primary key's columns, the value
 * {@code {"before", "after", "source", "op", "ts_ms", "transaction"}} with the MySQL connector's {@code source}
 * block ({@code db}, {@code table}, {@code file}, {@code pos}, {@code row}, {@code gtid}, {@code server_id},
 * {@code ts_ms} = commit time, {@code snapshot}). Column values follow {@link EnvelopeColumn}. Not
 * serializable: built where an operator opens, from the serializable {@link TableSchema}.
 */
public final class DebeziumEnvelope {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper READER =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final String CONNECTOR_VERSION = "mysql-clickhouse-cdc";

    private final TableSchema schema;
    private final String serverName;
    private final EnvelopeColumn[] columns;

    /** {@code serverName} is Debezium's logical server name: the tee's topic prefix. */
    public DebeziumEnvelope(TableSchema schema, String serverName) {
        this(schema, serverName, TeeValueFormat.DEBEZIUM);
    }

    /** Writes values in {@code format}; reads values of either format. */
    public DebeziumEnvelope(TableSchema schema, String serverName, TeeValueFormat format) {
        this.schema = schema;
        this.serverName = serverName;
        List<ColumnSchema> columnSchemas = schema.columns();
        columns = new EnvelopeColumn[columnSchemas.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = EnvelopeColumn.of(columnSchemas.get(i), format);
        }
    }

    public TableSchema schema() {
        return schema;
    }

    /** The record key: the primary-key columns of the row the change leaves behind, in key order. */
    public byte[] key(ChangeEvent event) {
        RowImage row = event.latestImage();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (JsonGenerator json = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            json.writeStartObject();
            for (int column : schema.keyColumns()) {
                json.writeFieldName(schema.columns().get(column).name());
                columns[column].write(row.get(column), json);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The record value; {@code processedAtMillis} is the envelope's {@code ts_ms}, as Debezium's. */
    public byte[] value(ChangeEvent event, long processedAtMillis) {
        return value(event, processedAtMillis, Set.of());
    }

    /**
     * A record value and the columns whose values it leaves out (written as null) to stay within a size: none
     * when the whole change fits.
     */
    public record Fitted(byte[] value, List<String> omittedColumns) {}

    /**
     * The record value within {@code maxBytes}: whole if it fits, else without the largest values of non-key
     * columns, largest first, until it fits. The key columns are always kept.
     */
    public Fitted valueWithin(ChangeEvent event, long processedAtMillis, long maxBytes) {
        byte[] whole = value(event, processedAtMillis);
        if (whole.length <= maxBytes) {
            return new Fitted(whole, List.of());
        }
        long[] sizes = new long[columns.length];
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            if (!schema.keyColumns().contains(i)) {
                sizes[i] = valueBytes(event.before(), i) + valueBytes(event.after(), i);
                candidates.add(i);
            }
        }
        candidates.sort(Comparator.comparingLong((Integer i) -> sizes[i]).reversed());
        Set<Integer> omitted = new TreeSet<>();
        long estimate = whole.length;
        byte[] fitted = whole;
        for (int column : candidates) {
            omitted.add(column);
            estimate -= sizes[column];
            if (estimate <= maxBytes) {
                fitted = value(event, processedAtMillis, omitted);
                if (fitted.length <= maxBytes) {
                    break;
                }
            }
        }
        if (fitted == whole) {
            fitted = value(event, processedAtMillis, omitted);
        }
        return new Fitted(fitted, omitted.stream().map(i -> schema.columns().get(i).name()).toList());
    }

    /** The JSON size of one value of {@code row}; 0 without the row. */
    private long valueBytes(RowImage row, int column) {
        if (row == null) {
            return 0;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (JsonGenerator json = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            columns[column].write(row.get(column), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }

    private byte[] value(ChangeEvent event, long processedAtMillis, Set<Integer> omitted) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeFieldName("before");
            writeRow(event.before(), omitted, json);
            json.writeFieldName("after");
            writeRow(event.operation() == Operation.DELETE ? null : event.after(), omitted, json);
            writeSource(event, json);
            json.writeStringField("op", event.operation().code());
            json.writeNumberField("ts_ms", processedAtMillis);
            json.writeNullField("transaction");
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void writeRow(RowImage row, Set<Integer> omitted, JsonGenerator json) throws IOException {
        if (row == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        for (int i = 0; i < columns.length; i++) {
            json.writeFieldName(schema.columns().get(i).name());
            columns[i].write(omitted.contains(i) ? null : row.get(i), json);
        }
        json.writeEndObject();
    }

    private void writeSource(ChangeEvent event, JsonGenerator json) throws IOException {
        SourcePosition position = event.source();
        json.writeObjectFieldStart("source");
        json.writeStringField("version", CONNECTOR_VERSION);
        json.writeStringField("connector", "mysql");
        json.writeStringField("name", serverName);
        json.writeNumberField("ts_ms", event.commitTimeMillis());
        json.writeStringField("snapshot", position.isSnapshot() ? "true" : "false");
        json.writeStringField("db", event.table().database());
        json.writeNullField("sequence");
        json.writeStringField("table", event.table().table());
        json.writeNumberField("server_id", position.serverId());
        json.writeStringField("gtid", position.gtid());
        json.writeStringField("file", position.isSnapshot() ? "" : position.file());
        json.writeNumberField("pos", position.position());
        json.writeNumberField("row", position.row());
        json.writeNullField("thread");
        json.writeNullField("query");
        json.writeEndObject();
    }

    /**
     * Reads a value written by {@link #value} (or by Debezium's MySQL connector with the settings of
     * {@link EnvelopeColumn}) back into the event. {@code version} is the record's {@code _version} header;
     * when absent (a record Debezium wrote) it is computed from the binlog position, which a snapshot row lacks.
     */
    public ChangeEvent read(byte[] value, Long version) {
        JsonNode root;
        try {
            root = READER.readTree(value);
        } catch (IOException e) {
            // Jackson's message quotes the record's text: only its type and place are kept.
            throw new IllegalArgumentException("Not a JSON change event (" + e.getClass().getSimpleName()
                    + (e instanceof com.fasterxml.jackson.core.JacksonException json && json.getLocation() != null
                            ? " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr()
                            : "") + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("Not a JSON change event (a tombstone or a bare value)");
        }
        Operation operation = Operation.fromCode(root.path("op").asText());
        JsonNode source = root.path("source");
        TableId table = new TableId(source.path("db").asText(), source.path("table").asText());
        if (!table.equals(schema.table())) {
            throw new IllegalArgumentException("A change of " + table + " cannot be read with the schema of " + schema.table());
        }
        String file = source.path("file").asText("");
        SourcePosition position = file.isEmpty() || operation == Operation.READ
                ? SourcePosition.snapshot()
                : new SourcePosition(file, source.path("pos").asLong(), source.path("row").asInt(),
                        source.path("gtid").isNull() ? null : source.path("gtid").asText(), source.path("server_id").asLong());
        long resolvedVersion;
        if (version != null) {
            resolvedVersion = version;
        } else if (!position.isSnapshot()) {
            resolvedVersion = ChangeVersion.of(position.file(), position.position(), position.row());
        } else {
            throw new IllegalArgumentException("A snapshot row of " + table + " without a _version header: its "
                    + "version cannot be derived from a binlog position");
        }
        RowImage before = readRow(root.get("before"), "before");
        RowImage after = readRow(root.get("after"), "after");
        return new ChangeEvent(table, operation, before, after, position, resolvedVersion, source.path("ts_ms").asLong());
    }

    private RowImage readRow(JsonNode row, String image) {
        if (row == null || row.isNull()) {
            return null;
        }
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            String name = schema.columns().get(i).name();
            JsonNode node = row.get(name);
            if (node == null) {
                throw new IllegalArgumentException("The " + image + " image of a change of " + schema.table()
                        + " has no column '" + name + "'");
            }
            try {
                values[i] = columns[i].read(node);
            } catch (IOException | RuntimeException e) {
                // Neither the JSON value nor the parser's message (which quotes it) is kept.
                throw new IllegalArgumentException("Column " + schema.table() + "." + name + " of the " + image
                        + " image: a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                        + " that is not a " + columns[i].kind() + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return RowImage.of(values);
    }
}
