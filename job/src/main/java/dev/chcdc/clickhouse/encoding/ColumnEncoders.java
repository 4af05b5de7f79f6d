package dev.chcdc.clickhouse.encoding;

import dev.chcdc.clickhouse.schema.ClickHouseType;
import dev.chcdc.clickhouse.schema.ClickHouseType.DateTime64;
import dev.chcdc.clickhouse.schema.ClickHouseType.Decimal;
import dev.chcdc.clickhouse.schema.ClickHouseType.Nullable;
import dev.chcdc.clickhouse.schema.ClickHouseType.Scalar;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.MySqlTemporalText;
import dev.chcdc.event.MySqlType;
import dev.chcdc.event.TableId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Chooses each column's {@link ColumnEncoder} from its ClickHouse type (and, where the ClickHouse type alone does
 * not say how to read the value, its MySQL type), with the NULL handling wrapped around it. The accepted Java
 * types are those of {@link dev.chcdc.event.RowImage}; a value of another type is a bug upstream and fails with
 * {@link IllegalArgumentException}, a value the column cannot hold with {@link ValueOutOfRangeException}. The
 * range checks here are the only ones: ClickHouse takes RowBinary as it comes, so a Decimal(5, 0) would store
 * 1000000, a Date32 a day in 1887 and a Bool the byte 2 (seen on 26.7).
 */
final class ColumnEncoders {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    // ClickHouse's Date32 and DateTime64 both cover 1900-01-01 .. 2299-12-31.
    private static final LocalDate FIRST_DAY = LocalDate.of(1900, 1, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(2299, 12, 31);
    private static final long MIN_MICROS = FIRST_DAY.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    private static final long MAX_MICROS =
            LAST_DAY.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L - 1;

    // MySQL's TIME range is -838:59:59 .. 838:59:59.
    private static final long MAX_TIME_MICROS = (838 * 3600 + 59 * 60 + 59) * 1_000_000L;
    private static final int MAX_FRACTION_DIGITS = 6;

    private ColumnEncoders() {}

    static ColumnEncoder create(TableId table, ColumnSchema mysql, ClickHouseType type, OutOfRangeHandling outOfRange) {
        Column column = new Column(table, mysql.name(), type);
        if (type instanceof Nullable nullable) {
            ColumnEncoder inner = nonNull(column, mysql, nullable.inner(), outOfRange);
            // RowBinary's Nullable: one byte, 1 for NULL (and nothing follows) or 0 followed by the value.
            return (value, out) -> {
                if (value == null) {
                    out.writeByte(1);
                } else {
                    out.writeByte(0);
                    inner.encode(value, out);
                }
            };
        }
        ColumnEncoder encoder = nonNull(column, mysql, type, outOfRange);
        return (value, out) -> {
            if (value == null) {
                throw new IllegalArgumentException(column.describe() + " is NOT NULL, but the row has NULL;"
                        + " the change event does not match the table schema");
            }
            encoder.encode(value, out);
        };
    }

    private static ColumnEncoder nonNull(Column column, ColumnSchema mysql, ClickHouseType type,
            OutOfRangeHandling outOfRange) {
        if (type instanceof Decimal decimal) {
            return decimal(column, decimal);
        }
        if (type instanceof DateTime64 dateTime) {
            return dateTime64(column, dateTime.precision(), outOfRange);
        }
        if (!(type instanceof Scalar scalar)) {
            throw new IllegalArgumentException(column.describe() + " has a type nested in Nullable twice");
        }
        return switch (scalar) {
            case INT8 -> integer(column, Byte.MIN_VALUE, Byte.MAX_VALUE, 1);
            case INT16 -> integer(column, Short.MIN_VALUE, Short.MAX_VALUE, 2);
            case INT32 -> integer(column, Integer.MIN_VALUE, Integer.MAX_VALUE, 4);
            case INT64 -> integer(column, Long.MIN_VALUE, Long.MAX_VALUE, 8);
            case UINT8 -> integer(column, 0, 0xFFL, 1);
            case UINT16 -> integer(column, 0, 0xFFFFL, 2);
            case UINT32 -> integer(column, 0, 0xFFFF_FFFFL, 4);
            case UINT64 -> mysql.type() == MySqlType.BIT ? bits(column, mysql.precision()) : uint64(column);
            case BOOL -> bool(column);
            case FLOAT32 -> (value, out) -> out.writeFloatLE(column.number(value).floatValue());
            case FLOAT64 -> (value, out) -> out.writeDoubleLE(column.number(value).doubleValue());
            case STRING, LOW_CARDINALITY_STRING -> switch (mysql.type()) {
                case TIME -> time(column, Math.max(0, mysql.precision()));
                case DATE, DATETIME, TIMESTAMP -> dateText(mysql);
                default -> string(column);
            };
            case DATE32 -> date32(column, outOfRange);
        };
    }

    /** A fixed-width integer; a Boolean (TINYINT(1) may arrive as one) is 0 or 1. */
    private static ColumnEncoder integer(Column column, long min, long max, int width) {
        String range = min + ".." + max;
        return (value, out) -> {
            long number = value instanceof Boolean flag ? (flag ? 1 : 0) : column.exactLong(value, range);
            if (number < min || number > max) {
                throw column.outOfRange(value, range);
            }
            switch (width) {
                case 1 -> out.writeByte((int) number);
                case 2 -> out.writeShortLE((int) number);
                case 4 -> out.writeIntLE((int) number);
                default -> out.writeLongLE(number);
            }
        };
    }

    /** BIGINT UNSIGNED: a Long below 2^63, or a BigDecimal/BigInteger up to 2^64-1. */
    private static ColumnEncoder uint64(Column column) {
        String range = "0.." + UINT64_MAX;
        return (value, out) -> {
            if (value instanceof BigInteger || value instanceof BigDecimal) {
                BigInteger number = column.exactBigInteger(value, range);
                if (number.signum() < 0 || number.bitLength() > 64) {
                    throw column.outOfRange(value, range);
                }
                // The low 64 bits are the UInt64's bits, even where the long would read as negative.
                out.writeLongLE(number.longValue());
                return;
            }
            long number = column.exactLong(value, range);
            if (number < 0) {
                throw column.outOfRange(value, range);
            }
            out.writeLongLE(number);
        };
    }

    /** BIT(n): a Long holding the n bits; for BIT(64) every long, negative ones included, is a valid pattern. */
    private static ColumnEncoder bits(Column column, int bitCount) {
        String range = "BIT(" + bitCount + "): a Long with no bit above the lowest " + bitCount + " set";
        ColumnEncoder other = uint64(column);
        return (value, out) -> {
            if (!(value instanceof Long number)) {
                other.encode(value, out);
                return;
            }
            if (bitCount < 64 && number >>> bitCount != 0) {
                throw column.outOfRange(value, range);
            }
            out.writeLongLE(number);
        };
    }

    private static ColumnEncoder bool(Column column) {
        return (value, out) -> {
            if (value instanceof Boolean flag) {
                out.writeByte(flag ? 1 : 0);
                return;
            }
            long number = column.exactLong(value, "0..1");
            if (number != 0 && number != 1) {
                throw column.outOfRange(value, "0..1");
            }
            out.writeByte((int) number);
        };
    }

    /** Decimal(P, S) as its unscaled value: Int32, Int64, Int128 or Int256 by P, two's complement. */
    private static ColumnEncoder decimal(Column column, Decimal type) {
        int precision = type.precision();
        int scale = type.scale();
        BigDecimal max = new BigDecimal(BigInteger.TEN.pow(precision).subtract(BigInteger.ONE), scale);
        String range = max.negate().toPlainString() + ".." + max.toPlainString() + " with at most " + scale
                + " fractional digits";
        int width = precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
        return (value, out) -> {
            BigDecimal scaled;
            try {
                scaled = column.decimal(value).setScale(scale, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw column.outOfRange(value, range);
            }
            if (scaled.precision() > precision) {
                throw column.outOfRange(value, range);
            }
            BigInteger unscaled = scaled.unscaledValue();
            switch (width) {
                case 4 -> out.writeIntLE(unscaled.intValue());
                case 8 -> out.writeLongLE(unscaled.longValue());
                default -> writeWideLE(unscaled, width, out);
            }
        };
    }

    private static void writeWideLE(BigInteger number, int width, RowBinaryBuffer out) {
        byte[] bigEndian = number.toByteArray();
        for (int i = bigEndian.length - 1; i >= 0; i--) {
            out.writeByte(bigEndian[i]);
        }
        int signExtension = number.signum() < 0 ? 0xFF : 0;
        for (int i = bigEndian.length; i < width; i++) {
            out.writeByte(signExtension);
        }
    }

    private static ColumnEncoder string(Column column) {
        return (value, out) -> {
            if (value instanceof String text) {
                out.writeUtf8String(text);
            } else if (value instanceof byte[] bytes) {
                out.writeBinaryString(bytes);
            } else {
                throw column.wrongType(value, "String or byte[]");
            }
        };
    }

    /** Date32: days since 1970-01-01 as Int32. */
    private static ColumnEncoder date32(Column column, OutOfRangeHandling outOfRange) {
        long first = FIRST_DAY.toEpochDay();
        long last = LAST_DAY.toEpochDay();
        String range = FIRST_DAY + ".." + LAST_DAY + " (days since 1970-01-01: " + first + ".." + last + ")";
        return (value, out) -> out.writeIntLE((int) inRange(column, value, column.exactLong(value, range), first, last,
                range, outOfRange));
    }

    /** DateTime64(P): ticks of 10^-P seconds since the epoch as Int64; the value arrives in microseconds. */
    private static ColumnEncoder dateTime64(Column column, int precision, OutOfRangeHandling outOfRange) {
        long microsPerTick = BigInteger.TEN.pow(MAX_FRACTION_DIGITS - precision).longValueExact();
        String range = FIRST_DAY + " 00:00:00.." + LAST_DAY + " 23:59:59.999999 UTC (microseconds since the epoch: "
                + MIN_MICROS + ".." + MAX_MICROS + ")";
        return (value, out) -> {
            long micros = inRange(column, value, column.exactLong(value, range), MIN_MICROS, MAX_MICROS, range,
                    outOfRange);
            // MySQL stores no digits beyond the column's precision; flooring keeps pre-1970 values in their second.
            out.writeLongLE(Math.floorDiv(micros, microsPerTick));
        };
    }

    /** {@code number} if within {@code min..max}, else what the column's out-of-range policy says. */
    private static long inRange(Column column, Object value, long number, long min, long max, String range,
            OutOfRangeHandling outOfRange) {
        if (number >= min && number <= max) {
            return number;
        }
        return switch (outOfRange.policy()) {
            case SATURATE -> {
                outOfRange.onSaturated().run();
                yield number < min ? min : max;
            }
            case DEAD_LETTER -> throw column.outOfRange(value, range);
            case FAIL -> throw new OutOfRangeFailException(column.outOfRange(value, range));
            // A text column is a String, written by dateText; it never reaches a range check.
            case TEXT -> throw new IllegalStateException(column.describe() + " is configured as text but typed "
                    + column.type().sql() + "; the table model does not match the configuration");
        };
    }

    /**
     * A DATE, DATETIME or TIMESTAMP kept as MySQL's text ({@code clickhouse.out-of-range=text}): days or
     * microseconds since the epoch printed as {@code YYYY-MM-DD[ hh:mm:ss[.f]]} with the column's fraction digits,
     * TIMESTAMP in UTC; every MySQL year 0000..9999 fits.
     */
    private static ColumnEncoder dateText(ColumnSchema mysql) {
        if (mysql.type() == MySqlType.DATE) {
            return (value, out) -> out.writeUtf8String(MySqlTemporalText.date(((Number) value).longValue()));
        }
        int digits = Math.max(0, mysql.precision());
        return (value, out) -> out.writeUtf8String(MySqlTemporalText.dateTime(((Number) value).longValue(), digits));
    }

    /** TIME as MySQL prints it: [-]HH:MM:SS, hours growing to three digits, then fsp fractional digits. */
    private static ColumnEncoder time(Column column, int fractionDigits) {
        if (fractionDigits > MAX_FRACTION_DIGITS) {
            throw new IllegalArgumentException(column.describe() + " is a TIME with " + fractionDigits
                    + " fractional digits; MySQL has at most " + MAX_FRACTION_DIGITS);
        }
        String range = "-838:59:59..838:59:59 (microseconds: " + -MAX_TIME_MICROS + ".." + MAX_TIME_MICROS + ")";
        return (value, out) -> {
            long micros = column.exactLong(value, range);
            if (micros < -MAX_TIME_MICROS || micros > MAX_TIME_MICROS) {
                throw column.outOfRange(value, range);
            }
            out.writeUtf8String(MySqlTemporalText.time(micros, fractionDigits));
        };
    }

    /** One column, for the messages of its errors and the conversions they come from. */
    private record Column(TableId table, String name, ClickHouseType type) {
        String describe() {
            return "Column `" + name + "` (" + type.sql() + ") of table " + table;
        }

        ValueOutOfRangeException outOfRange(Object value, String range) {
            return new ValueOutOfRangeException(table, name, value, type.sql() + " holds " + range);
        }

        IllegalArgumentException wrongType(Object value, String expected) {
            return new IllegalArgumentException(describe() + " takes " + expected + " values, got "
                    + value.getClass().getName() + "; the change event does not match the table schema");
        }

        Number number(Object value) {
            if (value instanceof Number number) {
                return number;
            }
            throw wrongType(value, "Number");
        }

        /** An integral value as a long; a fractional or too large one is out of {@code range}. */
        long exactLong(Object value, String range) {
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            BigInteger number = exactBigInteger(value, range);
            if (number.bitLength() > 63) {
                throw outOfRange(value, range);
            }
            return number.longValue();
        }

        BigInteger exactBigInteger(Object value, String range) {
            if (value instanceof BigInteger number) {
                return number;
            }
            if (value instanceof BigDecimal number) {
                try {
                    return number.toBigIntegerExact();
                } catch (ArithmeticException e) {
                    throw outOfRange(value, range);
                }
            }
            throw wrongType(value, "integer");
        }

        BigDecimal decimal(Object value) {
            if (value instanceof BigDecimal number) {
                return number;
            }
            if (value instanceof BigInteger number) {
                return new BigDecimal(number);
            }
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return BigDecimal.valueOf(((Number) value).longValue());
            }
            throw wrongType(value, "BigDecimal");
        }
    }
}
