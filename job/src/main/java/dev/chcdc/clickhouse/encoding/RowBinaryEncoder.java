package dev.chcdc.clickhouse.encoding;

import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.Operation;
import dev.chcdc.event.RowImage;
import dev.chcdc.event.SourcePosition;
import java.util.List;
import java.util.function.Function;

/**
 * Writes rows of one {@link ClickHouseTable} in ClickHouse's RowBinary format: the user columns in table order,
 * then the metadata columns of {@link ClickHouseTable#METADATA_COLUMNS}. The column encoders are chosen once, in
 * the constructor. A row is written whole or not at all: when a value fails ({@link ValueOutOfRangeException}
 * for a value its column cannot hold, {@link IllegalArgumentException} for a row that does not match the
 * schema), the buffer is left as it was before the row. Not serializable: build it where the operator opens,
 * from the serializable table model. It keeps no state between rows.
 */
public final class RowBinaryEncoder {
    private final ClickHouseTable table;
    private final ColumnEncoder[] encoders;

    /** An encoder that refuses every value out of its column's range ({@link OutOfRangeHandling#REFUSE}). */
    public RowBinaryEncoder(ClickHouseTable table) {
        this(table, column -> OutOfRangeHandling.REFUSE);
    }

    /** {@code outOfRange}: each column's handling of dates and times its ClickHouse type cannot hold. */
    public RowBinaryEncoder(ClickHouseTable table, Function<ColumnSchema, OutOfRangeHandling> outOfRange) {
        this.table = table;
        List<ColumnSchema> mysqlColumns = table.source().columns();
        encoders = new ColumnEncoder[mysqlColumns.size()];
        for (int i = 0; i < encoders.length; i++) {
            ColumnSchema column = mysqlColumns.get(i);
            encoders[i] = ColumnEncoders.create(table.source().table(), column, table.columns().get(i).type(),
                    outOfRange.apply(column));
        }
    }

    public ClickHouseTable table() {
        return table;
    }

    /**
     * The header of ClickHouse's RowBinaryWithNamesAndTypes format for this table's rows: column count, names,
     * types. Sent before the rows, it makes ClickHouse match columns by name and refuse a batch whose types no
     * longer match the table (a table altered under the job) instead of misreading its bytes.
     */
    public byte[] namesAndTypesHeader() {
        List<ClickHouseTable.Column> columns = table.allColumns();
        RowBinaryBuffer header = new RowBinaryBuffer(64 * columns.size());
        header.writeVarUInt(columns.size());
        columns.forEach(column -> header.writeUtf8String(column.name()));
        columns.forEach(column -> header.writeUtf8String(column.type().sql()));
        return header.toByteArray();
    }

    /** Appends the row that {@code event} leaves behind: a delete is its before image marked deleted. */
    public void encode(ChangeEvent event, RowBinaryBuffer out) {
        if (!event.table().equals(table.source().table())) {
            throw new IllegalArgumentException("A change of " + event.table() + " cannot be written to the table of "
                    + table.source().table());
        }
        encode(event.latestImage(), event.version(), event.operation() == Operation.DELETE, event.source(),
                event.commitTimeMillis(), out);
    }

    /**
     * Appends one row: {@code row}'s values, then {@code version} (UInt64, the long's bits), {@code deleted},
     * the binlog file and position of {@code source} (empty and 0 for a snapshot row) and the commit time.
     */
    public void encode(RowImage row, long version, boolean deleted, SourcePosition source, long commitTimeMillis,
            RowBinaryBuffer out) {
        if (row.size() != encoders.length) {
            throw new IllegalArgumentException("Table " + table.source().table() + " has " + encoders.length
                    + " columns, but the row has " + row.size() + " values");
        }
        int rowStart = out.size();
        try {
            for (int i = 0; i < encoders.length; i++) {
                encoders[i].encode(row.get(i), out);
            }
        } catch (RuntimeException e) {
            out.truncate(rowStart);
            throw e;
        }
        out.writeLongLE(version);
        out.writeByte(deleted ? 1 : 0);
        out.writeUtf8String(source.file() == null ? "" : source.file());
        out.writeLongLE(source.position());
        // _commit_time is DateTime64(3): its ticks are milliseconds.
        out.writeLongLE(commitTimeMillis);
    }
}
