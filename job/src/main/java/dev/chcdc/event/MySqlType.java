package dev.chcdc.event;

import java.util.Locale;
import java.util.Optional;

/**
 * The MySQL column types the job captures, parsed once from INFORMATION_SCHEMA's {@code DATA_TYPE}
 * ({@link ColumnSchema#type()}). Every stage that treats types differently (ClickHouse mapping, encoding and
 * decoding, the tee's envelope, {@code validate}) switches on this enum without a default branch, so a new type
 * does not compile until each stage handles it; a type not listed here is refused at start-up with every such
 * column named ({@code MySqlTableSchemaReader}).
 */
public enum MySqlType {
    TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT,
    DECIMAL, FLOAT, DOUBLE,
    /** BIT(1..64). */
    BIT,
    DATE, DATETIME, TIMESTAMP,
    /** A signed duration up to ±838:59:59.999999, not a time of day. */
    TIME,
    YEAR,
    /** CHAR, VARCHAR and the TEXT types: characters in the column's charset. */
    TEXT,
    /** BINARY, VARBINARY and the BLOB types: bytes. */
    BINARY,
    ENUM, SET, JSON,
    /** GEOMETRY and its subtypes, as MySQL stores them: the SRID (4 bytes, little-endian), then the WKB. */
    SPATIAL;

    /** The type for a {@code DATA_TYPE} value, empty for one the job does not capture (e.g. MariaDB's UUID). */
    public static Optional<MySqlType> of(String dataType) {
        return Optional.ofNullable(switch (dataType.toLowerCase(Locale.ROOT)) {
            case "tinyint" -> TINYINT;
            case "smallint" -> SMALLINT;
            case "mediumint" -> MEDIUMINT;
            case "int", "integer" -> INT;
            case "bigint" -> BIGINT;
            case "decimal", "numeric" -> DECIMAL;
            case "float" -> FLOAT;
            case "double", "real" -> DOUBLE;
            case "bit" -> BIT;
            case "date" -> DATE;
            case "datetime" -> DATETIME;
            case "timestamp" -> TIMESTAMP;
            case "time" -> TIME;
            case "year" -> YEAR;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> TEXT;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> BINARY;
            case "enum" -> ENUM;
            case "set" -> SET;
            case "json" -> JSON;
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                    "geometrycollection", "geomcollection" -> SPATIAL;
            default -> null;
        });
    }

    /** DATE, DATETIME or TIMESTAMP: the types whose values can lie outside ClickHouse's date range. */
    public boolean holdsDates() {
        return this == DATE || this == DATETIME || this == TIMESTAMP;
    }
}
