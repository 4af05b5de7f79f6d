package dev.chcdc.tee;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chcdc.event.ColumnSchema;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;

/**
 * How one MySQL column's value looks in the tee's JSON, following Debezium's MySQL connector with
 * {@code decimal.handling.mode=string}, {@code time.precision.mode=adaptive_time_microseconds} and
 * {@code bigint.unsigned.handling.mode=precise}: integers as numbers, DECIMAL as text, DATE as days since the
 * epoch, DATETIME(0..3) as epoch milliseconds and DATETIME(4..6) as epoch microseconds of the wall clock,
 * TIMESTAMP as ISO-8601 text in UTC, TIME as microseconds, BIT(1) as a boolean, BIT(n) and binary strings as
 * base64 (BIT little-endian, as Debezium). Each kind reads back to exactly the {@link dev.chcdc.event.RowImage}
 * value it was written from.
 */
enum EnvelopeColumn {
    INTEGER,
    UNSIGNED_BIGINT,
    DECIMAL,
    FLOAT,
    DOUBLE,
    BIT_BOOLEAN,
    BITS,
    DATE,
    DATETIME_MILLIS,
    DATETIME_MICROS,
    TIMESTAMP,
    TIME,
    STRING,
    BYTES;

    static EnvelopeColumn of(ColumnSchema column) {
        return switch (column.dataType().toLowerCase(Locale.ROOT)) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "year" -> INTEGER;
            case "bigint" -> column.unsigned() ? UNSIGNED_BIGINT : INTEGER;
            case "decimal", "numeric" -> DECIMAL;
            case "float" -> FLOAT;
            case "double", "real" -> DOUBLE;
            case "bit" -> column.precision() == 1 ? BIT_BOOLEAN : BITS;
            case "date" -> DATE;
            case "datetime" -> column.precision() <= 3 ? DATETIME_MILLIS : DATETIME_MICROS;
            case "timestamp" -> TIMESTAMP;
            case "time" -> TIME;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> BYTES;
            default -> STRING;
        };
    }

    void write(Object value, JsonGenerator json) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        switch (this) {
            case INTEGER -> json.writeNumber(value instanceof Boolean flag ? (flag ? 1 : 0) : ((Number) value).longValue());
            case UNSIGNED_BIGINT -> {
                if (value instanceof BigDecimal decimal) {
                    json.writeNumber(decimal.toBigIntegerExact());
                } else {
                    json.writeNumber(((Number) value).longValue());
                }
            }
            case DECIMAL -> json.writeString(((BigDecimal) value).toPlainString());
            case FLOAT -> json.writeNumber(((Number) value).floatValue());
            case DOUBLE -> json.writeNumber(((Number) value).doubleValue());
            case BIT_BOOLEAN -> json.writeBoolean(value instanceof Boolean flag ? flag : ((Number) value).longValue() != 0);
            case BITS -> {
                long bits = ((Number) value).longValue();
                int length = Math.max(1, (64 - Long.numberOfLeadingZeros(bits) + 7) / 8);
                byte[] littleEndian = new byte[length];
                for (int i = 0; i < length; i++) {
                    littleEndian[i] = (byte) (bits >>> (8 * i));
                }
                json.writeBinary(littleEndian);
            }
            case DATE -> json.writeNumber(((Number) value).intValue());
            case DATETIME_MILLIS -> json.writeNumber(Math.floorDiv(((Number) value).longValue(), 1000L));
            case DATETIME_MICROS, TIME -> json.writeNumber(((Number) value).longValue());
            case TIMESTAMP -> json.writeString(Instant.EPOCH.plus(((Number) value).longValue(), ChronoUnit.MICROS).toString());
            case STRING -> json.writeString((String) value);
            case BYTES -> json.writeBinary((byte[]) value);
        }
    }

    Object read(JsonNode node) throws IOException {
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (this) {
            case INTEGER, DATETIME_MICROS, TIME -> node.longValue();
            case UNSIGNED_BIGINT -> new BigDecimal(node.bigIntegerValue());
            case DECIMAL -> new BigDecimal(node.textValue());
            // The reader keeps numbers as decimals (USE_BIG_DECIMAL_FOR_FLOATS): parsing the written digits
            // directly avoids a double rounding through double on the way to float.
            case FLOAT -> Float.parseFloat(node.asText());
            case DOUBLE -> Double.parseDouble(node.asText());
            case BIT_BOOLEAN -> node.booleanValue();
            case BITS -> {
                byte[] littleEndian = Base64.getDecoder().decode(node.textValue());
                long bits = 0;
                for (int i = littleEndian.length - 1; i >= 0; i--) {
                    bits = (bits << 8) | (littleEndian[i] & 0xFF);
                }
                yield bits;
            }
            case DATE -> node.intValue();
            case DATETIME_MILLIS -> node.longValue() * 1000;
            case TIMESTAMP -> {
                Instant instant = Instant.parse(node.textValue());
                yield instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
            }
            case STRING -> node.textValue();
            case BYTES -> Base64.getDecoder().decode(node.textValue());
        };
    }
}
