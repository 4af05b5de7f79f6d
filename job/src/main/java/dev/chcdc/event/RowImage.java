package dev.chcdc.event;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One row's values in the column order of its {@link TableSchema}. Values are normalised Java types, the same
 * for snapshot and binlog rows: {@code Long} for integers (and YEAR, BIT), {@code BigDecimal} for DECIMAL and
 * BIGINT UNSIGNED, {@code Float}/{@code Double}, {@code String} for text, ENUM, SET and JSON, {@code byte[]} for
 * binary, {@code Integer} days for DATE, {@code Long} microseconds for DATETIME (wall clock read as UTC),
 * TIMESTAMP (since the epoch, UTC) and TIME (signed duration), {@code Boolean} for BIT(1); null for NULL.
 */
public final class RowImage implements Serializable {
    private final Object[] values;

    private RowImage(Object[] values) {
        this.values = values;
    }

    /** Takes ownership of {@code values}; callers must not change the array afterwards. */
    public static RowImage of(Object... values) {
        return new RowImage(values);
    }

    public Object get(int column) {
        return values[column];
    }

    public int size() {
        return values.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RowImage row && Arrays.deepEquals(values, row.values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }

    /** Never the values: a row image must not reach a log line or an exception message by accident. */
    @Override
    public String toString() {
        return "RowImage[" + values.length + " values]";
    }
}
