package dev.chcdc.clickhouse.schema;

import dev.chcdc.clickhouse.schema.ClickHouseType.DateTime64;
import dev.chcdc.clickhouse.schema.ClickHouseType.Decimal;
import dev.chcdc.clickhouse.schema.ClickHouseType.Scalar;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;

/**
 * The ClickHouse type of each MySQL column. Every mapping keeps every value MySQL can store in the column,
 * unchanged; a type without such a mapping is refused with {@link UnsupportedColumnTypeException}, never
 * narrowed.
 */
public final class MySqlTypeMapping {
    private MySqlTypeMapping() {}

    /** The ClickHouse type for {@code column}, Nullable exactly when MySQL allows NULL in it. */
    public static ClickHouseType toClickHouse(TableId table, ColumnSchema column) {
        ClickHouseType type = baseType(table, column);
        return column.nullable() ? ClickHouseType.nullable(type) : type;
    }

    /**
     * The ClickHouse type for the column at {@code column} in {@code schema}; primary-key columns are never
     * Nullable, as they form the ORDER BY of the table.
     */
    public static ClickHouseType toClickHouse(TableSchema schema, int column) {
        ColumnSchema mysql = schema.columns().get(column);
        if (schema.keyColumns().contains(column)) {
            return baseType(schema.table(), mysql);
        }
        return toClickHouse(schema.table(), mysql);
    }

    private static ClickHouseType baseType(TableId table, ColumnSchema column) {
        boolean unsigned = column.unsigned();
        return switch (column.dataType()) {
            case "tinyint" -> unsigned ? Scalar.UINT8 : Scalar.INT8;
            case "smallint" -> unsigned ? Scalar.UINT16 : Scalar.INT16;
            // MEDIUMINT is 24 bits; ClickHouse has no such width, the next one up holds it.
            case "mediumint", "int", "integer" -> unsigned ? Scalar.UINT32 : Scalar.INT32;
            case "bigint" -> unsigned ? Scalar.UINT64 : Scalar.INT64;
            // MySQL allows DECIMAL(65, 30) at most, ClickHouse Decimal(76, S): every MySQL decimal fits.
            case "decimal", "numeric" -> new Decimal(column.precision(), column.scale());
            case "float" -> Scalar.FLOAT32;
            case "double", "real" -> Scalar.FLOAT64;
            // BIT(n) for n > 1 is a bit field, not a number; UInt64 holds all 64 bits.
            case "bit" -> column.precision() == 1 ? Scalar.BOOL : Scalar.UINT64;
            // Date32, not Date: Date ends in 2149, MySQL DATE goes to 9999 and ClickHouse's Date32 to 2299.
            case "date" -> Scalar.DATE32;
            // DATETIME is a wall clock without zone; stored as if it were UTC, it reads back unchanged.
            case "datetime", "timestamp" -> new DateTime64(column.precision());
            // TIME is a signed duration up to 838:59:59, not a time of day. ClickHouse's Time/Time64 only exist
            // from 25.6 and need enable_time_time64_type on 25.x servers, so the text MySQL prints is kept.
            case "time" -> Scalar.STRING;
            case "year" -> Scalar.UINT16;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> Scalar.STRING;
            // ClickHouse String is a byte string, so binary data is kept byte for byte.
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> Scalar.STRING;
            // Not ClickHouse's Enum8/16: a new ENUM member in MySQL would need an ALTER before the first row
            // with it could be written. LowCardinality keeps the dictionary encoding without that coupling.
            case "enum" -> Scalar.LOW_CARDINALITY_STRING;
            case "set", "json" -> Scalar.STRING;
            default -> throw new UnsupportedColumnTypeException(table, column);
        };
    }
}
