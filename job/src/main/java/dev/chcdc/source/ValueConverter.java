package dev.chcdc.source;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;

/**
 * Turns one Debezium field value into the normalised Java value of {@link dev.chcdc.event.RowImage}. Chosen once
 * per field schema by {@link #forSchema}, so the per-row path has no lookups and no string parsing except for
 * TIMESTAMP, which Debezium delivers as ISO-8601 text in UTC.
 */
@FunctionalInterface
interface ValueConverter {
    Object convert(Object value);

    /** A converter for a field of this Connect schema; null values pass through every converter unchanged. */
    static ValueConverter forSchema(String column, Schema schema) {
        ValueConverter converter = nonNull(column, schema);
        return value -> value == null ? null : converter.convert(value);
    }

    private static ValueConverter nonNull(String column, Schema schema) {
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case "io.debezium.time.Date":
                    return value -> ((Number) value).intValue();
                case "io.debezium.time.Timestamp": // DATETIME(0..3): milliseconds of the wall clock read as UTC
                case "io.debezium.time.Time": // TIME(0..3): milliseconds
                    return value -> ((Number) value).longValue() * 1000;
                case "io.debezium.time.MicroTimestamp":
                case "io.debezium.time.MicroTime":
                    return value -> ((Number) value).longValue();
                case "io.debezium.time.NanoTimestamp":
                case "io.debezium.time.NanoTime":
                    return value -> ((Number) value).longValue() / 1000;
                case "io.debezium.time.ZonedTimestamp": // TIMESTAMP: "2024-02-29T23:59:59.123456Z"
                    return value -> UtcTimestampText.toEpochMicros((String) value);
                case "io.debezium.time.Year":
                    return value -> ((Number) value).longValue();
                case "io.debezium.data.Bits": // BIT(n > 1): little-endian bytes
                    return value -> {
                        byte[] bytes = bytes(value);
                        long bits = 0;
                        for (int i = bytes.length - 1; i >= 0; i--) {
                            bits = (bits << 8) | (bytes[i] & 0xFF);
                        }
                        return bits;
                    };
                case "io.debezium.data.Enum":
                case "io.debezium.data.EnumSet":
                case "io.debezium.data.Json":
                    return value -> value;
                default:
                    if (logical.equals(Decimal.LOGICAL_NAME)) {
                        return value -> (BigDecimal) value;
                    }
                    if (logical.startsWith("io.debezium.data.geometry")) {
                        return ValueConverter::mysqlGeometry;
                    }
                    break;
            }
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32, INT64 -> value -> ((Number) value).longValue();
            case FLOAT32 -> value -> ((Number) value).floatValue();
            case FLOAT64 -> value -> ((Number) value).doubleValue();
            case BOOLEAN -> value -> (Boolean) value;
            case STRING -> value -> (String) value;
            case BYTES -> ValueConverter::bytes;
            default -> throw new UnsupportedOperationException(
                    "Column " + column + " has the unsupported Debezium type " + schema.type()
                            + (logical == null ? "" : " (" + logical + ")"));
        };
    }

    /**
     * A spatial value as MySQL stores it: the SRID (4 bytes, little-endian), then the WKB. Debezium splits the two
     * into a struct ({@code wkb}, {@code srid}, absent for 0), for POINT also with {@code x} and {@code y}.
     */
    private static byte[] mysqlGeometry(Object value) {
        Struct geometry = (Struct) value;
        byte[] wkb = bytes(geometry.get("wkb"));
        Integer srid = geometry.getInt32("srid");
        return ByteBuffer.allocate(4 + wkb.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(srid == null ? 0 : srid).put(wkb).array();
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] array) {
            return array;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] array = new byte[buffer.remaining()];
        buffer.get(array);
        return array;
    }
}
