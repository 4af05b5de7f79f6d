package dev.chcdc.clickhouse.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.clickhouse.schema.ClickHouseTable.Column;
import dev.chcdc.clickhouse.schema.ClickHouseType;
import dev.chcdc.clickhouse.schema.ClickHouseType.DateTime64;
import dev.chcdc.clickhouse.schema.ClickHouseType.Decimal;
import dev.chcdc.clickhouse.schema.ClickHouseType.Scalar;
import dev.chcdc.config.OutOfRangePolicy;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.RowImage;
import dev.chcdc.event.SourcePosition;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RowBinaryEncoderTest {
    private static final TableId TABLE = new TableId("shop", "orders");
    /** _version 0, is_deleted 0, _binlog_file '', _binlog_pos 0, _commit_time 0. */
    private static final String SNAPSHOT_METADATA = "0000000000000000" + "00" + "00" + "0000000000000000"
            + "0000000000000000";

    /** The hex of one row of a one-column table, without the metadata columns. */
    private static String encodeValue(String dataType, int precision, ClickHouseType type, Object value) {
        RowBinaryBuffer out = new RowBinaryBuffer();
        encoder(dataType, precision, type).encode(RowImage.of(value), 0, false, SourcePosition.snapshot(), 0, out);
        String hex = HexFormat.of().formatHex(out.toByteArray());
        assertThat(hex).endsWith(SNAPSHOT_METADATA);
        return hex.substring(0, hex.length() - SNAPSHOT_METADATA.length());
    }

    private static String encodeValue(ClickHouseType type, Object value) {
        return encodeValue("varchar", -1, type, value);
    }

    private static RowBinaryEncoder encoder(String dataType, int precision, ClickHouseType type) {
        TableSchema schema = new TableSchema(TABLE,
                List.of(new ColumnSchema("c", dataType, dataType, precision, -1, false)), List.of(0));
        return new RowBinaryEncoder(new ClickHouseTable("shop_ch", schema, List.of(new Column("c", type))));
    }

    private static RowBinaryBuffer failingBuffer(ClickHouseType type, Object value) {
        RowBinaryBuffer out = new RowBinaryBuffer();
        encoder("varchar", -1, type).encode(RowImage.of(value), 0, false, SourcePosition.snapshot(), 0, out);
        return out;
    }

    @Test
    void integersAreLittleEndianOfTheColumnWidth() {
        assertThat(encodeValue(Scalar.INT8, -1L)).isEqualTo("ff");
        assertThat(encodeValue(Scalar.INT16, -2L)).isEqualTo("feff");
        assertThat(encodeValue(Scalar.UINT32, 4_294_967_295L)).isEqualTo("ffffffff");
        assertThat(encodeValue(Scalar.INT64, Long.MIN_VALUE)).isEqualTo("0000000000000080");
        assertThat(encodeValue(Scalar.INT8, Boolean.TRUE)).isEqualTo("01");
    }

    @Test
    void uint64MaximumArrivesAsBigDecimalOrBigInteger() {
        assertThat(encodeValue(Scalar.UINT64, new BigDecimal("18446744073709551615"))).isEqualTo("ffffffffffffffff");
        assertThat(encodeValue(Scalar.UINT64, new BigInteger("9223372036854775808"))).isEqualTo("0000000000000080");
        assertThat(encodeValue(Scalar.UINT64, 1L)).isEqualTo("0100000000000000");
    }

    @Test
    void bitFieldsKeepAllSixtyFourBits() {
        assertThat(encodeValue("bit", 64, Scalar.UINT64, -1L)).isEqualTo("ffffffffffffffff");
        assertThat(encodeValue("bit", 1, Scalar.BOOL, true)).isEqualTo("01");
        assertThat(encodeValue(Scalar.BOOL, 0L)).isEqualTo("00");
    }

    @Test
    void decimalsAreUnscaledTwosComplementOfTheWidthForTheirPrecision() {
        assertThat(encodeValue(new Decimal(9, 2), new BigDecimal("1.5"))).isEqualTo("96000000");
        assertThat(encodeValue(new Decimal(10, 2), new BigDecimal("-12.50"))).isEqualTo("1efbffffffffffff");
        assertThat(encodeValue(new Decimal(38, 0), new BigDecimal("12345678901234567890123456789")))
                .isEqualTo("1581396eb1c9be46321be42700000000");
        assertThat(encodeValue(new Decimal(65, 30), new BigDecimal("-123.000000000000000000000000000456")))
                .isEqualTo("38feff3f73b0d125eea79085eff9ffffffffffffffffffffffffffffffffffff");
    }

    @Test
    void floatsAreIeeeLittleEndian() {
        assertThat(encodeValue(Scalar.FLOAT32, 1.5f)).isEqualTo("0000c03f");
        assertThat(encodeValue(Scalar.FLOAT64, -0.1d)).isEqualTo("9a9999999999b9bf");
    }

    @Test
    void nullableWritesAFlagByteBeforeTheValue() {
        assertThat(encodeValue(ClickHouseType.nullable(Scalar.INT32), null)).isEqualTo("01");
        assertThat(encodeValue(ClickHouseType.nullable(Scalar.INT32), 5L)).isEqualTo("0005000000");
    }

    @Test
    void stringsAreLengthPrefixedUtf8AndBinaryIsKeptByteForByte() {
        assertThat(encodeValue(Scalar.STRING, "a😀")).isEqualTo("0561f09f9880");
        assertThat(encodeValue(Scalar.LOW_CARDINALITY_STRING, "é")).isEqualTo("02c3a9");
        assertThat(encodeValue(Scalar.STRING, new byte[] {0x00, (byte) 0xFF})).isEqualTo("0200ff");
    }

    @Test
    void utf8EncodingMatchesTheJdkIncludingLoneSurrogates() {
        for (String text : List.of("", "plain", "café ☕", "😀😀", "x\uD800y", "\uDC00", "end\uD83D")) {
            RowBinaryBuffer out = new RowBinaryBuffer(16);
            out.writeUtf8String(text);
            RowBinaryBuffer expected = new RowBinaryBuffer(16);
            expected.writeBinaryString(text.getBytes(StandardCharsets.UTF_8));
            assertThat(out.toByteArray()).as(text).isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void lengthsAreLeb128() {
        RowBinaryBuffer out = new RowBinaryBuffer();
        out.writeVarUInt(300);
        assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo("ac02");
    }

    @Test
    void date32IsDaysSinceEpoch() {
        assertThat(encodeValue(Scalar.DATE32, -25567)).isEqualTo("219cffff");
        assertThat(encodeValue(Scalar.DATE32, 120529)).isEqualTo("d1d60100");
    }

    @Test
    void dateTime64IsTicksOfItsPrecision() {
        long micros = 1_709_251_199_123_456L; // 2024-02-29 23:59:59.123456 UTC
        assertThat(encodeValue(new DateTime64(6), micros)).isEqualTo("00408e0e8e120600");
        assertThat(encodeValue(new DateTime64(3), micros)).isEqualTo("93804ff78d010000");
        assertThat(encodeValue(new DateTime64(0), -1L)).isEqualTo("ffffffffffffffff");
    }

    @Test
    void timeIsTheTextMySqlPrintsWithTheColumnsFractionalDigits() {
        assertThat(encodeValue("time", 0, Scalar.STRING, -3_020_399_000_000L))
                .isEqualTo("0a" + HexFormat.of().formatHex("-838:59:59".getBytes(StandardCharsets.US_ASCII)));
        assertThat(dev.chcdc.event.MySqlTemporalText.time(45_296_500_000L, 6)).isEqualTo("12:34:56.500000");
        assertThat(dev.chcdc.event.MySqlTemporalText.time(3_723_500_000L, 1)).isEqualTo("01:02:03.5");
        assertThat(dev.chcdc.event.MySqlTemporalText.time(-1_250_000L, 3)).isEqualTo("-00:00:01.250");
        assertThat(dev.chcdc.event.MySqlTemporalText.time(-1L, 6)).isEqualTo("-00:00:00.000001");
        assertThat(dev.chcdc.event.MySqlTemporalText.time(-3_020_398_999_999L, 6)).isEqualTo("-838:59:58.999999");
        assertThat(dev.chcdc.event.MySqlTemporalText.time(0, 0)).isEqualTo("00:00:00");
        assertThat(dev.chcdc.event.MySqlTemporalText.time(3_020_399_000_000L, 2)).isEqualTo("838:59:59.00");
    }

    @Test
    void metadataColumnsFollowTheUserColumns() {
        RowBinaryBuffer out = new RowBinaryBuffer();
        encoder("tinyint", 3, Scalar.INT8).encode(RowImage.of(7L), 42L, true,
                new SourcePosition("mysql-bin.000003", 4567, 0, null, 1), 1_700_000_000_123L, out);

        assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo("07"
                + "2a00000000000000"
                + "01"
                + "10" + "6d7973716c2d62696e2e303030303033"
                + "d711000000000000"
                + "7b68e5cf8b010000");
    }

    @Test
    void anIntegerOutsideTheColumnWidthIsOutOfRangeNamingTheColumnButNotTheValue() {
        assertThatThrownBy(() -> failingBuffer(Scalar.INT8, 300L))
                .isInstanceOf(ValueOutOfRangeException.class)
                .hasMessage("A value of column `c` in table shop.orders is outside the range the ClickHouse"
                        + " column can hold: Int8 holds -128..127");
        assertThatThrownBy(() -> failingBuffer(Scalar.UINT8, -1L)).isInstanceOf(ValueOutOfRangeException.class);
        assertThatThrownBy(() -> failingBuffer(Scalar.UINT64, -1L)).isInstanceOf(ValueOutOfRangeException.class);
        assertThatThrownBy(() -> failingBuffer(Scalar.UINT64, new BigInteger("18446744073709551616")))
                .isInstanceOf(ValueOutOfRangeException.class);
        assertThatThrownBy(() -> failingBuffer(Scalar.BOOL, 2L)).isInstanceOf(ValueOutOfRangeException.class);
    }

    @Test
    void aDecimalThatNeedsRoundingOrMoreDigitsIsOutOfRange() {
        assertThatThrownBy(() -> failingBuffer(new Decimal(10, 2), new BigDecimal("1.005")))
                .isInstanceOf(ValueOutOfRangeException.class)
                .hasMessageEndingWith(
                        "Decimal(10, 2) holds -99999999.99..99999999.99 with at most 2 fractional digits");
        assertThatThrownBy(() -> failingBuffer(new Decimal(10, 2), new BigDecimal("100000000")))
                .isInstanceOf(ValueOutOfRangeException.class);
    }

    @Test
    void datesAndTimesOutsideClickHouseRangesAreOutOfRange() {
        assertThatThrownBy(() -> failingBuffer(Scalar.DATE32, -25568))
                .isInstanceOf(ValueOutOfRangeException.class)
                .hasMessageContaining("1900-01-01..2299-12-31");
        assertThatThrownBy(() -> failingBuffer(new DateTime64(6), 10_413_792_000_000_000L))
                .isInstanceOf(ValueOutOfRangeException.class)
                .hasMessageContaining("2299-12-31 23:59:59.999999");
        assertThatThrownBy(() -> encoder("time", 0, Scalar.STRING).encode(RowImage.of(3_020_400_000_000L), 0,
                false, SourcePosition.snapshot(), 0, new RowBinaryBuffer()))
                .isInstanceOf(ValueOutOfRangeException.class)
                .hasMessageContaining("-838:59:59..838:59:59");
    }

    @Test
    void saturateWritesTheNearestEndOfTheRangeAndTellsOncePerValue() {
        AtomicInteger saturated = new AtomicInteger();
        OutOfRangeHandling handling = new OutOfRangeHandling(OutOfRangePolicy.SATURATE, saturated::incrementAndGet);
        // 1000-01-01 and 9999-12-31 as days since 1970-01-01; 1900-01-01 is -25567, 2299-12-31 is 120529.
        assertThat(encodeValue("date", -1, Scalar.DATE32, -354_285L, handling)).isEqualTo(littleEndianInt(-25_567));
        assertThat(encodeValue("date", -1, Scalar.DATE32, 2_932_896L, handling)).isEqualTo(littleEndianInt(120_529));
        // 0000-01-01 00:00:00 (the zero DATETIME) into DateTime64(3): 1900-01-01 00:00:00.000 is -2208988800000 ms.
        assertThat(encodeValue("datetime", 3, new DateTime64(3), -62_167_219_200_000_000L, handling))
                .isEqualTo(littleEndianLong(-2_208_988_800_000L));
        // 9999-12-31 23:59:59.999999 into DateTime64(2): 2299-12-31 23:59:59.99 is 10413791999.99 s.
        assertThat(encodeValue("datetime", 2, new DateTime64(2), 253_402_300_799_999_999L, handling))
                .isEqualTo(littleEndianLong(1_041_379_199_999L));
        assertThat(saturated).hasValue(4);
        assertThat(encodeValue("date", -1, Scalar.DATE32, 0L, handling)).isEqualTo(littleEndianInt(0));
        assertThat(saturated).hasValue(4);
    }

    @Test
    void datesKeptAsTextAreMySqlsTextWithTheColumnsFractionDigits() {
        assertThat(dev.chcdc.event.MySqlTemporalText.dateTime(-62_135_596_800_000_000L + 1_000, 3))
                .isEqualTo("0001-01-01 00:00:00.001");
        assertThat(dev.chcdc.event.MySqlTemporalText.dateTime(253_402_300_799_999_999L, 6)).isEqualTo("9999-12-31 23:59:59.999999");
        assertThat(dev.chcdc.event.MySqlTemporalText.dateTime(-1L, 0)).isEqualTo("1969-12-31 23:59:59");
        // 0017-08-12 as days since 1970-01-01, written as a length-prefixed string.
        assertThat(encodeValue("date", -1, Scalar.STRING, java.time.LocalDate.of(17, 8, 12).toEpochDay()))
                .isEqualTo("0a" + HexFormat.of().formatHex("0017-08-12".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void failStopsWithTheColumnAndTheKeyToChangeInsteadOfDeadLettering() {
        assertThatThrownBy(() -> encodeValue("date", -1, Scalar.DATE32, -354_285L,
                OutOfRangeHandling.uncounted(OutOfRangePolicy.FAIL)))
                .isInstanceOf(OutOfRangeFailException.class)
                .hasMessageContaining("column `c` in table shop.orders")
                .hasMessageContaining("clickhouse.out-of-range.shop.orders.c");
    }

    private static String encodeValue(String dataType, int precision, ClickHouseType type, Object value,
            OutOfRangeHandling handling) {
        TableSchema schema = new TableSchema(TABLE,
                List.of(new ColumnSchema("c", dataType, dataType, precision, -1, false)), List.of(0));
        RowBinaryEncoder encoder = new RowBinaryEncoder(new ClickHouseTable("shop_ch", schema,
                List.of(new Column("c", type))), column -> handling);
        RowBinaryBuffer out = new RowBinaryBuffer();
        encoder.encode(RowImage.of(value), 0, false, SourcePosition.snapshot(), 0, out);
        String hex = HexFormat.of().formatHex(out.toByteArray());
        return hex.substring(0, hex.length() - SNAPSHOT_METADATA.length());
    }

    private static String littleEndianInt(int value) {
        return HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(value).array());
    }

    private static String littleEndianLong(long value) {
        return HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(value).array());
    }

    @Test
    void aFailedRowLeavesTheBufferAsItWas() {
        TableSchema schema = new TableSchema(TABLE, List.of(
                new ColumnSchema("a", "tinyint", "tinyint(4)", 3, 0, false),
                new ColumnSchema("b", "tinyint", "tinyint(4)", 3, 0, false)), List.of(0));
        RowBinaryEncoder encoder = new RowBinaryEncoder(ClickHouseTable.from(schema, "shop_ch"));
        RowBinaryBuffer out = new RowBinaryBuffer();
        encoder.encode(RowImage.of(1L, 2L), 1, false, SourcePosition.snapshot(), 0, out);
        byte[] before = out.toByteArray();

        assertThatThrownBy(() -> encoder.encode(RowImage.of(3L, 300L), 2, false, SourcePosition.snapshot(), 0, out))
                .isInstanceOf(ValueOutOfRangeException.class);
        assertThat(out.toByteArray()).isEqualTo(before);
    }

    @Test
    void nullInANotNullColumnOrAWrongJavaTypeIsASchemaMismatch() {
        assertThatThrownBy(() -> failingBuffer(Scalar.INT32, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NOT NULL");
        assertThatThrownBy(() -> failingBuffer(Scalar.INT32, "12"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }

    @Test
    void theBufferGrowsPastItsInitialCapacity() {
        RowBinaryBuffer out = new RowBinaryBuffer(16);
        for (int i = 0; i < 1000; i++) {
            out.writeLongLE(i);
        }
        assertThat(out.size()).isEqualTo(8000);
        assertThat(out.toByteArray()[8 * 999]).isEqualTo((byte) (999 & 0xFF));
    }
}
