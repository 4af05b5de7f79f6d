package dev.chcdc.source;

import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.ChangeVersion;
import dev.chcdc.event.Operation;
import dev.chcdc.event.RowImage;
import dev.chcdc.event.SourcePosition;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.connectors.mysql.source.utils.RecordUtils;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Field;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.util.Collector;

/**
 * Turns Flink CDC's Debezium records into {@link ChangeEvent}s. Row values are placed in the column order of
 * the table's {@link TableSchema} (read from MySQL when the job was submitted), through converters built once
 * per Debezium row schema. An UPDATE that changes the primary key becomes a DELETE of the old key and an INSERT
 * of the new one, sharing one version. Binlog heartbeats become {@link ChangeEvent#heartbeat heartbeats}; other
 * records that are not row changes (schema changes) are skipped.
 *
 * <p>Fails, naming the table and column, when a row carries a column the job does not know: the ClickHouse
 * table would silently lose it otherwise.
 */
public final class ChangeEventDeserializer implements DebeziumDeserializationSchema<ChangeEvent> {
    private final Map<TableId, TableSchema> schemas;
    private final long snapshotVersion;
    private final int generation;
    /** {@code mysql.columns.exclude}: the fields of these columns are dropped; null when none are. */
    private final String columnsExclude;
    /** Debezium reuses one Schema object per table version, so identity is the right key. */
    private transient Map<Schema, RowConverter> converters;
    private transient long lastChangeCommitMillis;
    private transient boolean changeSinceHeartbeat;

    /**
     * {@code generation}: the binlog history's {@link ChangeVersion} generation, decided at submission;
     * {@code columnsExclude}: the regular expression on {@code <database>.<table>.<column>} of the columns left
     * out (null for none).
     */
    public ChangeEventDeserializer(Map<TableId, TableSchema> schemas, long snapshotVersion, int generation,
            String columnsExclude) {
        this.schemas = Map.copyOf(schemas);
        this.snapshotVersion = snapshotVersion;
        this.generation = generation;
        this.columnsExclude = columnsExclude;
    }

    @Override
    public void deserialize(SourceRecord record, Collector<ChangeEvent> out) {
        if (!(record.value() instanceof Struct value)) {
            return;
        }
        if (value.schema().field("op") == null) {
            if (RecordUtils.isHeartbeatEvent(record) && value.schema().field("ts_ms") != null) {
                out.collect(heartbeat(value.getInt64("ts_ms")));
            }
            return;
        }
        Operation operation = Operation.fromCode(value.getString("op"));
        Struct source = value.getStruct("source");
        TableId table = new TableId(source.getString("db"), source.getString("table"));
        TableSchema schema = schemas.get(table);
        if (schema == null) {
            throw new IllegalStateException("Received a change of " + table + ", which the job did not read at "
                    + "start-up; restart the job so it creates the ClickHouse table");
        }
        RowImage before = row(schema, value.getStruct("before"));
        RowImage after = row(schema, value.getStruct("after"));
        Long commitTime = source.getInt64("ts_ms");
        long commitTimeMillis = commitTime != null && commitTime > 0 ? commitTime : value.getInt64("ts_ms");

        SourcePosition position;
        long version;
        if (operation == Operation.READ) {
            position = SourcePosition.snapshot();
            version = snapshotVersion;
        } else {
            String file = source.getString("file");
            long pos = source.getInt64("pos");
            Integer row = source.getInt32("row");
            Long serverId = source.getInt64("server_id");
            position = new SourcePosition(file, pos, row == null ? 0 : row, source.getString("gtid"),
                    serverId == null ? 0 : serverId);
            version = ChangeVersion.of(generation, file, pos, position.row());
        }

        if (!position.isSnapshot()) {
            lastChangeCommitMillis = commitTimeMillis;
            changeSinceHeartbeat = true;
        }
        if (operation == Operation.UPDATE && keyChanged(schema, before, after)) {
            out.collect(new ChangeEvent(table, Operation.DELETE, before, null, position, version, commitTimeMillis));
            out.collect(new ChangeEvent(table, Operation.INSERT, null, after, position, version, commitTimeMillis));
        } else {
            out.collect(new ChangeEvent(table, operation, before, after, position, version, commitTimeMillis));
        }
    }

    /**
     * How far the binlog has been read: with no change since the previous heartbeat the reader is idle at the
     * end of the binlog, so the heartbeat's own time holds; while changes stream, the heartbeat's time would
     * hide any lag, so the commit time of the last change read holds instead.
     */
    private ChangeEvent heartbeat(long heartbeatMillis) {
        long readUpTo = changeSinceHeartbeat ? lastChangeCommitMillis : heartbeatMillis;
        changeSinceHeartbeat = false;
        return ChangeEvent.heartbeat(SourcePosition.snapshot(), readUpTo);
    }

    private static boolean keyChanged(TableSchema schema, RowImage before, RowImage after) {
        for (int column : schema.keyColumns()) {
            if (!Objects.deepEquals(before.get(column), after.get(column))) {
                return true;
            }
        }
        return false;
    }

    private RowImage row(TableSchema schema, Struct struct) {
        if (struct == null) {
            return null;
        }
        if (converters == null) {
            converters = new IdentityHashMap<>();
        }
        return converters.computeIfAbsent(struct.schema(),
                rowSchema -> new RowConverter(schema, rowSchema, columnsExclude)).convert(struct);
    }

    @Override
    public TypeInformation<ChangeEvent> getProducedType() {
        return TypeInformation.of(ChangeEvent.class);
    }

    /** Places one Debezium row schema's fields into the table's column order. */
    private static final class RowConverter {
        private final int columnCount;
        private final List<Field> fields;
        private final int[] positions;
        private final ValueConverter[] valueConverters;

        RowConverter(TableSchema schema, Schema rowSchema, String columnsExclude) {
            Pattern excluded = columnsExclude == null ? null : Pattern.compile(columnsExclude);
            this.columnCount = schema.columns().size();
            this.fields = rowSchema.fields();
            this.positions = new int[fields.size()];
            this.valueConverters = new ValueConverter[fields.size()];

            for (int i = 0; i < fields.size(); i++) {
                Field field = fields.get(i);
                int position = schema.indexOf(field.name());
                if (position < 0 && excluded != null
                        && excluded.matcher(schema.table() + "." + field.name()).matches()) {
                    positions[i] = -1;
                    continue;
                }
                if (position < 0) {
                    throw new IllegalStateException("Table " + schema.table() + " has a column '" + field.name()
                            + "' that the job did not know at start-up (added by ALTER TABLE?). Add it to the "
                            + "ClickHouse table " + schema.table().table() + "_raw and its view, then restart the job");
                }
                positions[i] = position;
                valueConverters[i] = ValueConverter.forSchema(schema.table() + "." + field.name(), field.schema());
            }
        }

        RowImage convert(Struct struct) {
            Object[] values = new Object[columnCount];
            for (int i = 0; i < positions.length; i++) {
                if (positions[i] < 0) {
                    continue;
                }
                // Not Struct.get(Field): for a NULL it returns the field's default, i.e. the column's DEFAULT.
                values[positions[i]] = valueConverters[i].convert(struct.getWithoutDefault(fields.get(i).name()));
            }
            return RowImage.of(values);
        }
    }
}
