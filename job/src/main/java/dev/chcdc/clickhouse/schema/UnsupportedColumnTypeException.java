package dev.chcdc.clickhouse.schema;

import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.TableId;

/**
 * A MySQL column whose type has no faithful ClickHouse counterpart in this job (spatial types, for example). It
 * is a configuration error: the table cannot be captured until it is excluded or the column changes.
 */
public class UnsupportedColumnTypeException extends RuntimeException {
    private final TableId table;
    private final String column;
    private final String columnType;

    public UnsupportedColumnTypeException(TableId table, ColumnSchema column) {
        super("Column `" + column.name() + "` of table " + table + " has MySQL type " + column.columnType()
                + ", which this job cannot capture to ClickHouse; exclude the table " + table
                + " from the captured tables");
        this.table = table;
        this.column = column.name();
        this.columnType = column.columnType();
    }

    public TableId table() {
        return table;
    }

    public String column() {
        return column;
    }

    public String columnType() {
        return columnType;
    }
}
