package dev.chcdc.clickhouse.encoding;

/** Writes one column's value in RowBinary; built once per column, called once per row. */
@FunctionalInterface
interface ColumnEncoder {
    void encode(Object value, RowBinaryBuffer out);
}
