package dev.chcdc.event;

import java.io.Serializable;

/**
 * A MySQL column as INFORMATION_SCHEMA describes it: {@code dataType} is DATA_TYPE ({@code int}, {@code varchar},
 * ...), {@code columnType} is COLUMN_TYPE ({@code int(10) unsigned}, {@code enum('a','b')}, ...), precision and
 * scale are NUMERIC_PRECISION/SCALE or DATETIME_PRECISION (-1 where MySQL has none).
 */
public record ColumnSchema(
        String name, String dataType, String columnType, int precision, int scale, boolean nullable)
        implements Serializable {

    /** The parsed type; fails for a type the job does not capture (the schema reader refuses those first). */
    public MySqlType type() {
        return MySqlType.of(dataType).orElseThrow(() -> new IllegalStateException("Column `" + name + "` has the "
                + "MySQL type " + columnType + ", which the job does not capture"));
    }

    /** DATE, DATETIME or TIMESTAMP: the types whose values can lie outside ClickHouse's date range. */
    public boolean holdsDates() {
        return type().holdsDates();
    }

    public boolean unsigned() {
        return columnType.toLowerCase(java.util.Locale.ROOT).contains("unsigned");
    }
}
