package io.debezium.connector.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The binlog's TIME decoding of our patched {@link RowDeserializers}: bytes as MySQL writes them (literal vectors
 * computed from MySQL's my_time_packed_to_binary, and that function re-implemented below) to exact durations.
 */
class RowDeserializersTest {

    private static Duration time2(int fsp, String hexBytes) throws IOException {
        return (Duration) RowDeserializers.deserializeTimeV2(fsp, stream(hexBytes));
    }

    private static ByteArrayInputStream stream(String hexBytes) {
        return new ByteArrayInputStream(HexFormat.ofDelimiter(" ").parseHex(hexBytes));
    }

    private static Duration time(boolean negative, int hours, int minutes, int seconds, int micros) {
        Duration magnitude = Duration.ofSeconds(hours * 3600L + minutes * 60L + seconds, micros * 1000L);
        return negative ? magnitude.negated() : magnitude;
    }

    /**
     * MySQL's TIME_to_longlong_time_packed and my_time_packed_to_binary (mysys/my_time.cc), line by line: Java's
     * {@code >>} and {@code %} behave as C's on these signed values, and a store keeps the low bytes.
     */
    private static byte[] mysqlTime2(boolean negative, int hours, int minutes, int seconds, int micros, int fsp) {
        long hms = ((long) hours << 12) | (minutes << 6) | seconds;
        long tmp = (hms << 24) + micros;
        long nr = negative ? -tmp : tmp;
        long intPart = nr >> 24;
        long fracPart = nr % (1L << 24);
        return switch (fsp) {
            case 0 -> bigEndian(0x800000L + intPart, 3, 0, 0);
            case 1, 2 -> bigEndian(0x800000L + intPart, 3, fracPart / 10000, 1);
            case 3, 4 -> bigEndian(0x800000L + intPart, 3, fracPart / 100, 2);
            default -> bigEndian(nr + 0x800000000000L, 6, 0, 0);
        };
    }

    private static byte[] bigEndian(long first, int firstLength, long second, int secondLength) {
        byte[] bytes = new byte[firstLength + secondLength];
        for (int i = 0; i < firstLength; i++) {
            bytes[i] = (byte) (first >> (8 * (firstLength - 1 - i)));
        }
        for (int i = 0; i < secondLength; i++) {
            bytes[firstLength + i] = (byte) (second >> (8 * (secondLength - 1 - i)));
        }
        return bytes;
    }

    @Test
    void time0BoundariesAndZero() throws IOException {
        assertThat(time2(0, "80 00 00")).isEqualTo(Duration.ZERO);
        assertThat(time2(0, "B4 6E FB")).isEqualTo(time(false, 838, 59, 59, 0));
        assertThat(time2(0, "4B 91 05")).isEqualTo(time(true, 838, 59, 59, 0));
        assertThat(time2(0, "7F FA 58")).isEqualTo(time(true, 0, 22, 40, 0));
    }

    @Test
    void negativeWholeValueInTime6HasNoFraction() throws IOException {
        assertThat(time2(6, "4B 91 05 00 00 00")).isEqualTo(time(true, 838, 59, 59, 0));
        assertThat(time2(6, "7F F0 00 00 00 00")).isEqualTo(time(true, 1, 0, 0, 0));
    }

    @Test
    void negativeFractionBorrowsFromTheWholeSeconds() throws IOException {
        assertThat(time2(6, "7F FF FF FF FF FF")).isEqualTo(time(true, 0, 0, 0, 1));
        assertThat(time2(6, "4B 91 05 F0 BD C1")).isEqualTo(time(true, 838, 59, 58, 999_999));
        assertThat(time2(6, "7F F1 05 F1 7B 80")).isEqualTo(time(true, 0, 59, 58, 951_424));
        assertThat(time2(6, "6C 63 B2 FD 23 B2")).isEqualTo(time(true, 313, 49, 13, 187_470));
    }

    @Test
    void shortFractionsAreReadInTheirUnits() throws IOException {
        assertThat(time2(1, "7F FF FF F6")).isEqualTo(time(true, 0, 0, 0, 100_000));
        assertThat(time2(1, "7F 37 47 CE")).isEqualTo(time(true, 12, 34, 56, 500_000));
        assertThat(time2(2, "7F FF FF FF")).isEqualTo(time(true, 0, 0, 0, 10_000));
        assertThat(time2(2, "7F FF FF 00")).isEqualTo(time(true, 0, 0, 1, 0));
        assertThat(time2(3, "7F 37 47 EC 78")).isEqualTo(time(true, 12, 34, 56, 500_000));
        assertThat(time2(4, "7F FF FE FF FF")).isEqualTo(time(true, 0, 0, 1, 100));
    }

    @Test
    void everyPrecisionDecodesWhatMySqlEncodes() throws IOException {
        List<int[]> values = List.of(new int[] {0, 0, 0, 0}, new int[] {0, 0, 0, 1}, new int[] {0, 0, 1, 0},
                new int[] {0, 1, 0, 0}, new int[] {1, 0, 0, 0}, new int[] {0, 22, 40, 0},
                new int[] {0, 59, 58, 951_424}, new int[] {0, 59, 59, 999_999}, new int[] {12, 34, 56, 500_000},
                new int[] {313, 49, 13, 187_470}, new int[] {837, 59, 58, 951_424}, new int[] {838, 59, 58, 999_999},
                new int[] {838, 59, 59, 0});
        for (int fsp = 0; fsp <= 6; fsp++) {
            int unit = (int) Math.pow(10, 6 - fsp); // MySQL stores no digits beyond the column's precision
            for (int[] value : values) {
                int micros = value[3] / unit * unit;
                for (boolean negative : new boolean[] {false, true}) {
                    byte[] bytes = mysqlTime2(negative, value[0], value[1], value[2], micros, fsp);
                    assertThat(RowDeserializers.deserializeTimeV2(fsp, new ByteArrayInputStream(bytes)))
                            .as("TIME(%d) %s%d:%d:%d.%06d", fsp, negative ? "-" : "", value[0], value[1], value[2], micros)
                            .isEqualTo(time(negative, value[0], value[1], value[2], micros));
                }
            }
        }
    }

    @Test
    void time2ReadsExactlyItsOwnBytes() throws IOException {
        ByteArrayInputStream twoValues = stream("7F FF FF F6 80 00 01 0A");
        assertThat(RowDeserializers.deserializeTimeV2(1, twoValues)).isEqualTo(time(true, 0, 0, 0, 100_000));
        assertThat(RowDeserializers.deserializeTimeV2(1, twoValues)).isEqualTo(time(false, 0, 0, 1, 100_000));
        assertThat(twoValues.available()).isZero();
    }

    @Test
    void oldFormatTimeIsASignedLittleEndianNumber() throws IOException {
        assertThat(RowDeserializers.deserializeTime(stream("A7 F5 7F"))).isEqualTo(time(false, 838, 59, 59, 0));
        assertThat(RowDeserializers.deserializeTime(stream("59 0A 80"))).isEqualTo(time(true, 838, 59, 59, 0));
        assertThat(RowDeserializers.deserializeTime(stream("FF FF FF"))).isEqualTo(time(true, 0, 0, 1, 0));
        assertThat(RowDeserializers.deserializeTime(stream("00 00 00"))).isEqualTo(Duration.ZERO);
    }
}
