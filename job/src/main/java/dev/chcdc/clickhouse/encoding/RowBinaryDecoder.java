package dev.chcdc.clickhouse.encoding;

import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.clickhouse.schema.ClickHouseType;
import dev.chcdc.clickhouse.schema.ClickHouseType.DateTime64;
import dev.chcdc.clickhouse.schema.ClickHouseType.Decimal;
import dev.chcdc.clickhouse.schema.ClickHouseType.Nullable;
import dev.chcdc.clickhouse.schema.ClickHouseType.Scalar;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.MySqlTemporalText;
import dev.chcdc.event.MySqlType;
import dev.chcdc.event.RowImage;
import dev.chcdc.event.SourcePosition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads back rows that {@link RowBinaryEncoder} wrote for one table, into the same {@link RowImage} values. The
 * sink needs it only on its error path: a batch ClickHouse refuses holds encoded rows, and the rows it
 * dead-letters must carry the change event, not bytes.
 */
public final class RowBinaryDecoder {
    /** One decoded row of the raw table: the MySQL row and the metadata columns. */
    public record DecodedRow(RowImage row, long version, boolean deleted, SourcePosition source, long commitTimeMillis) {}

    private final ClickHouseTable table;

    public RowBinaryDecoder(ClickHouseTable table) {
        this.table = table;
    }

    /** Reads the row at {@code offset} of {@code rows}. */
    public DecodedRow decode(byte[] rows, int offset) {
        ByteBuffer in = ByteBuffer.wrap(rows).order(ByteOrder.LITTLE_ENDIAN);
        in.position(offset);
        List<ColumnSchema> mysql = table.source().columns();
        Object[] values = new Object[mysql.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = read(in, mysql.get(i), table.columns().get(i).type());
        }
        long version = in.getLong();
        boolean deleted = in.get() != 0;
        String file = string(in);
        long position = in.getLong();
        long commitTimeMillis = in.getLong();
        SourcePosition source = file.isEmpty() ? SourcePosition.snapshot() : new SourcePosition(file, position, 0, null, 0);
        return new DecodedRow(RowImage.of(values), version, deleted, source, commitTimeMillis);
    }

    private static Object read(ByteBuffer in, ColumnSchema mysql, ClickHouseType type) {
        if (type instanceof Nullable nullable) {
            return in.get() == 1 ? null : read(in, mysql, nullable.inner());
        }
        if (type instanceof Decimal decimal) {
            int precision = decimal.precision();
            BigInteger unscaled = precision <= 9 ? BigInteger.valueOf(in.getInt())
                    : precision <= 18 ? BigInteger.valueOf(in.getLong())
                    : wide(in, precision <= 38 ? 16 : 32);
            return new BigDecimal(unscaled, decimal.scale());
        }
        if (type instanceof DateTime64 dateTime) {
            return in.getLong() * BigInteger.TEN.pow(6 - dateTime.precision()).longValueExact();
        }
        MySqlType mysqlType = mysql.type();
        return switch ((Scalar) type) {
            case INT8 -> (long) in.get();
            case INT16 -> (long) in.getShort();
            case INT32 -> (long) in.getInt();
            case INT64 -> in.getLong();
            case UINT8 -> (long) (in.get() & 0xFF);
            case UINT16 -> (long) (in.getShort() & 0xFFFF);
            case UINT32 -> in.getInt() & 0xFFFF_FFFFL;
            case UINT64 -> {
                long bits = in.getLong();
                yield mysqlType == MySqlType.BIT ? (Object) bits
                        : new BigDecimal(new BigInteger(Long.toUnsignedString(bits)));
            }
            case BOOL -> in.get() != 0;
            case FLOAT32 -> in.getFloat();
            case FLOAT64 -> in.getDouble();
            case DATE32 -> in.getInt();
            case STRING, LOW_CARDINALITY_STRING -> switch (mysqlType) {
                case BINARY, SPATIAL -> bytes(in);
                case TIME -> MySqlTemporalText.parseTime(string(in));
                case TEXT, ENUM, SET, JSON -> string(in);
                case DATE -> MySqlTemporalText.parseDate(string(in));
                case DATETIME, TIMESTAMP -> MySqlTemporalText.parseDateTime(string(in));
                case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT, DECIMAL, FLOAT, DOUBLE, BIT,
                        YEAR -> throw new IllegalArgumentException("Column `" + mysql.name() + "` (" + mysql.columnType()
                                + ") is not stored as a ClickHouse String");
            };
        };
    }

    private static BigInteger wide(ByteBuffer in, int width) {
        byte[] bigEndian = new byte[width];
        for (int i = width - 1; i >= 0; i--) {
            bigEndian[i] = in.get();
        }
        return new BigInteger(bigEndian);
    }

    private static byte[] bytes(ByteBuffer in) {
        byte[] bytes = new byte[(int) varUInt(in)];
        in.get(bytes);
        return bytes;
    }

    private static String string(ByteBuffer in) {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    private static long varUInt(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}
