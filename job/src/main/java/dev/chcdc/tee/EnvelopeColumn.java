package dev.chcdc.tee;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chcdc.config.TeeValueFormat;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.MySqlTemporalText;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * How one MySQL column's value looks in the tee's JSON, following Debezium's MySQL connector with
 * {@code decimal.handling.mode=string}, {@code time.precision.mode=adaptive_time_microseconds} and
 * {@code bigint.unsigned.handling.mode=precise}: integers as numbers, DECIMAL as text, DATE as days since the
 * epoch, DATETIME(0..3) as epoch milliseconds and DATETIME(4..6) as epoch microseconds of the wall clock,
 * TIMESTAMP as ISO-8601 text in UTC, TIME as microseconds, BIT(1) as a boolean, BIT(n) and binary strings as
 * base64 (BIT little-endian in ⌈n/8⌉ bytes, as Debezium), spatial values as Debezium's {@code {"wkb": base64,
 * "srid": n}}. Each reads back to exactly the {@link dev.chcdc.event.RowImage} value it was written from.
 *
 * With {@link TeeValueFormat#TEXT}, DATE, DATETIME and TIME are written as MySQL's text and BIGINT UNSIGNED as a
 * string; both spellings are read.
 *
 * @param bitBytes for BIT(n), the ⌈n/8⌉ bytes Debezium writes; 0 otherwise
 * @param fractionDigits for DATETIME and TIME, the column's fraction digits
 */
record EnvelopeColumn(Kind kind, int bitBytes, int fractionDigits, boolean text) {
    /** Debezium's encodings of MySQL values. */
    enum Kind {
        INTEGER, UNSIGNED_BIGINT, DECIMAL, FLOAT, DOUBLE, BIT_BOOLEAN, BITS, DATE, DATETIME_MILLIS, DATETIME_MICROS,
        TIMESTAMP, TIME, STRING, BYTES, SPATIAL
    }

    static EnvelopeColumn of(ColumnSchema column, TeeValueFormat format) {
        Kind kind = switch (column.type()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, YEAR -> Kind.INTEGER;
            case BIGINT -> column.unsigned() ? Kind.UNSIGNED_BIGINT : Kind.INTEGER;
            case DECIMAL -> Kind.DECIMAL;
            case FLOAT -> Kind.FLOAT;
            case DOUBLE -> Kind.DOUBLE;
            case BIT -> column.precision() == 1 ? Kind.BIT_BOOLEAN : Kind.BITS;
            case DATE -> Kind.DATE;
            case DATETIME -> column.precision() <= 3 ? Kind.DATETIME_MILLIS : Kind.DATETIME_MICROS;
            case TIMESTAMP -> Kind.TIMESTAMP;
            case TIME -> Kind.TIME;
            case BINARY -> Kind.BYTES;
            case TEXT, ENUM, SET, JSON -> Kind.STRING;
            case SPATIAL -> Kind.SPATIAL;
        };
        return new EnvelopeColumn(kind, kind == Kind.BITS ? (column.precision() + 7) / 8 : 0,
                Math.max(0, column.precision()), format == TeeValueFormat.TEXT);
    }

    void write(Object value, JsonGenerator json) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        switch (kind) {
            case INTEGER -> json.writeNumber(value instanceof Boolean flag ? (flag ? 1 : 0) : ((Number) value).longValue());
            case UNSIGNED_BIGINT -> {
                if (text) {
                    json.writeString(value instanceof BigDecimal decimal ? decimal.toBigIntegerExact().toString()
                            : Long.toString(((Number) value).longValue()));
                } else if (value instanceof BigDecimal decimal) {
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
                byte[] littleEndian = new byte[bitBytes];
                for (int i = 0; i < bitBytes; i++) {
                    littleEndian[i] = (byte) (bits >>> (8 * i));
                }
                json.writeBinary(littleEndian);
            }
            case DATE -> {
                if (text) {
                    json.writeString(MySqlTemporalText.date(((Number) value).longValue()));
                } else {
                    json.writeNumber(((Number) value).intValue());
                }
            }
            case DATETIME_MILLIS, DATETIME_MICROS -> {
                long micros = ((Number) value).longValue();
                if (text) {
                    json.writeString(MySqlTemporalText.dateTime(micros, fractionDigits));
                } else {
                    json.writeNumber(kind == Kind.DATETIME_MILLIS ? Math.floorDiv(micros, 1000L) : micros);
                }
            }
            case TIME -> {
                long micros = ((Number) value).longValue();
                if (text) {
                    json.writeString(MySqlTemporalText.time(micros, fractionDigits));
                } else {
                    json.writeNumber(micros);
                }
            }
            case TIMESTAMP -> json.writeString(Instant.EPOCH.plus(((Number) value).longValue(), ChronoUnit.MICROS).toString());
            case STRING -> json.writeString((String) value);
            case BYTES -> json.writeBinary((byte[]) value);
            case SPATIAL -> {
                ByteBuffer mysql = ByteBuffer.wrap((byte[]) value).order(ByteOrder.LITTLE_ENDIAN);
                int srid = mysql.getInt();
                byte[] wkb = new byte[mysql.remaining()];
                mysql.get(wkb);
                json.writeStartObject();
                json.writeFieldName("wkb");
                json.writeBinary(wkb);
                json.writeNumberField("srid", srid);
                json.writeEndObject();
            }
        }
    }

    Object read(JsonNode node) throws IOException {
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (kind) {
            case INTEGER -> node.longValue();
            case DATETIME_MICROS -> node.isTextual() ? MySqlTemporalText.parseDateTime(node.textValue()) : node.longValue();
            case TIME -> node.isTextual() ? MySqlTemporalText.parseTime(node.textValue()) : node.longValue();
            case UNSIGNED_BIGINT -> node.isTextual() ? new BigDecimal(node.textValue()) : new BigDecimal(node.bigIntegerValue());
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
            case DATE -> node.isTextual() ? MySqlTemporalText.parseDate(node.textValue()) : node.intValue();
            case DATETIME_MILLIS ->
                    node.isTextual() ? MySqlTemporalText.parseDateTime(node.textValue()) : node.longValue() * 1000;
            case TIMESTAMP -> {
                Instant instant = Instant.parse(node.textValue());
                yield instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
            }
            case STRING -> node.textValue();
            case BYTES -> Base64.getDecoder().decode(node.textValue());
            case SPATIAL -> {
                byte[] wkb = Base64.getDecoder().decode(node.path("wkb").textValue());
                yield ByteBuffer.allocate(4 + wkb.length).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(node.path("srid").intValue()).put(wkb).array();
            }
        };
    }
}
