package dev.chcdc.testsupport;

import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.RowImage;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.math.BigDecimal;
import java.util.List;

/** A table with one column of every value kind the job carries, and a row with edge values, for unit tests. */
public final class EveryTypeRow {
    public static final TableId TABLE = new TableId("shop", "every_type");

    public static final TableSchema SCHEMA = new TableSchema(TABLE, List.of(
            new ColumnSchema("id", "bigint", "bigint", 19, 0, false),
            new ColumnSchema("tiny", "tinyint", "tinyint", 3, 0, false),
            new ColumnSchema("u64", "bigint", "bigint unsigned", 20, 0, false),
            new ColumnSchema("dec", "decimal", "decimal(65,30)", 65, 30, false),
            new ColumnSchema("f", "float", "float", 12, -1, false),
            new ColumnSchema("d", "double", "double", 22, -1, false),
            new ColumnSchema("b1", "bit", "bit(1)", 1, -1, false),
            new ColumnSchema("b12", "bit", "bit(12)", 12, -1, false),
            new ColumnSchema("day", "date", "date", -1, -1, false),
            new ColumnSchema("dt3", "datetime", "datetime(3)", 3, -1, false),
            new ColumnSchema("dt6", "datetime", "datetime(6)", 6, -1, false),
            new ColumnSchema("ts", "timestamp", "timestamp(6)", 6, -1, false),
            new ColumnSchema("t", "time", "time(6)", 6, -1, false),
            new ColumnSchema("y", "year", "year", -1, -1, false),
            new ColumnSchema("s", "varchar", "varchar(20)", -1, -1, false),
            new ColumnSchema("bin", "varbinary", "varbinary(8)", -1, -1, false),
            new ColumnSchema("e", "enum", "enum('a','b')", -1, -1, false),
            new ColumnSchema("j", "json", "json", -1, -1, false),
            new ColumnSchema("n", "int", "int", 10, 0, true)), List.of(0));

    /** Edge values: the largest unsigned BIGINT, a 65-digit decimal, dates before 1970, emoji, bytes that are not UTF-8. */
    public static RowImage row(long id) {
        return RowImage.of(id, -128L, new BigDecimal("18446744073709551615"),
                new BigDecimal("-12345678901234567890123456789012345.123456789012345678901234567890"), 3.4028235e38f,
                -1.7976931348623157e308, true, 0xABCL, -25_000, -2_208_988_800_000_000L + 123_000, 1_700_000_000_123_456L,
                2_147_483_647_999_999L, -3020399000000L, 2155L, "héllo 🐬", new byte[] {0, (byte) 0xFF, 0x7F}, "b",
                "{\"k\": [1, 2]}", null);
    }

    private EveryTypeRow() {}
}
