package dev.chcdc.clickhouse.schema;

import dev.chcdc.clickhouse.schema.ClickHouseType.DateTime64;
import dev.chcdc.clickhouse.schema.ClickHouseType.Decimal;
import dev.chcdc.clickhouse.schema.ClickHouseType.Scalar;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.TableSchema;

/**
 * The ClickHouse type of each MySQL column. Every mapping keeps every value MySQL can store in the column
 * unchanged, except DATE/DATETIME/TIMESTAMP values outside ClickHouse's 1900..2299 (see {@code
 * clickhouse.out-of-range}).
 */
public final class MySqlTypeMapping {
    private MySqlTypeMapping() {}

    /** The ClickHouse type for {@code column}, Nullable exactly when MySQL allows NULL in it. */
    public static ClickHouseType toClickHouse(ColumnSchema column) {
        ClickHouseType type = baseType(column);
        return column.nullable() ? ClickHouseType.nullable(type) : type;
    }

    /**
     * The ClickHouse type for the column at {@code column} in {@code schema}; primary-key columns are never
     * Nullable, as they form the ORDER BY of the table.
     */
    public static ClickHouseType toClickHouse(TableSchema schema, int column) {
        return toClickHouse(schema, column, false);
    }

    /**
     * As {@link #toClickHouse(TableSchema, int)}; {@code asText}: a DATE/DATETIME/TIMESTAMP column kept as
     * MySQL's text in a String ({@code clickhouse.out-of-range=text}).
     */
    public static ClickHouseType toClickHouse(TableSchema schema, int column, boolean asText) {
        ColumnSchema mysql = schema.columns().get(column);
        ClickHouseType type = asText && mysql.holdsDates() ? Scalar.STRING : baseType(mysql);
        return mysql.nullable() && !schema.keyColumns().contains(column) ? ClickHouseType.nullable(type) : type;
    }

    private static ClickHouseType baseType(ColumnSchema column) {
        boolean unsigned = column.unsigned();
        return switch (column.type()) {
            case TINYINT -> unsigned ? Scalar.UINT8 : Scalar.INT8;
            case SMALLINT -> unsigned ? Scalar.UINT16 : Scalar.INT16;
            // MEDIUMINT is 24 bits; ClickHouse has no such width, the next one up holds it.
            case MEDIUMINT, INT -> unsigned ? Scalar.UINT32 : Scalar.INT32;
            case BIGINT -> unsigned ? Scalar.UINT64 : Scalar.INT64;
            // MySQL allows DECIMAL(65, 30) at most, ClickHouse Decimal(76, S): every MySQL decimal fits.
            case DECIMAL -> new Decimal(column.precision(), column.scale());
            case FLOAT -> Scalar.FLOAT32;
            case DOUBLE -> Scalar.FLOAT64;
            // BIT(n) for n > 1 is a bit field, not a number; UInt64 holds all 64 bits.
            case BIT -> column.precision() == 1 ? Scalar.BOOL : Scalar.UINT64;
            // Date32, not Date: Date ends in 2149, MySQL DATE goes to 9999 and ClickHouse's Date32 to 2299.
            case DATE -> Scalar.DATE32;
            // DATETIME is a wall clock without zone; stored as if it were UTC, it reads back unchanged.
            case DATETIME, TIMESTAMP -> new DateTime64(column.precision());
            // TIME is a signed duration up to 838:59:59, not a time of day. ClickHouse's Time/Time64 only exist
            // from 25.6 and need enable_time_time64_type on 25.x servers, so the text MySQL prints is kept.
            case TIME -> Scalar.STRING;
            case YEAR -> Scalar.UINT16;
            case TEXT -> Scalar.STRING;
            // ClickHouse String is a byte string, so binary data is kept byte for byte.
            case BINARY -> Scalar.STRING;
            // Not ClickHouse's Enum8/16: a new ENUM member in MySQL would need an ALTER before the first row
            // with it could be written. LowCardinality keeps the dictionary encoding without that coupling.
            case ENUM -> Scalar.LOW_CARDINALITY_STRING;
            case SET, JSON -> Scalar.STRING;
            // MySQL's own bytes (SRID, then WKB): exact, and readable with ClickHouse's readWKB(substring(c, 5)).
            case SPATIAL -> Scalar.STRING;
        };
    }
}
