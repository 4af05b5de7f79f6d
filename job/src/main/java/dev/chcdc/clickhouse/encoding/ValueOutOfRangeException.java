package dev.chcdc.clickhouse.encoding;

import dev.chcdc.event.TableId;

/**
 * A value that its ClickHouse column cannot hold. It is a permanent error of this one row: retrying cannot help,
 * so the sink sets the row aside (dead-letters it) instead of failing the job. Nothing of the row has been
 * written when it is thrown.
 */
public class ValueOutOfRangeException extends RuntimeException {
    private final TableId table;
    private final String column;
    private final transient Object value;
    private final String allowedRange;

    public ValueOutOfRangeException(TableId table, String column, Object value, String allowedRange) {
        // The value itself stays out of the message, which reaches logs and Flink's exception history.
        super("A value of column `" + column + "` in table " + table
                + " is outside the range the ClickHouse column can hold: " + allowedRange);
        this.table = table;
        this.column = column;
        this.value = value;
        this.allowedRange = allowedRange;
    }

    public TableId table() {
        return table;
    }

    public String column() {
        return column;
    }

    /** The offending value as the change event carried it. */
    public Object value() {
        return value;
    }

    public String allowedRange() {
        return allowedRange;
    }
}
