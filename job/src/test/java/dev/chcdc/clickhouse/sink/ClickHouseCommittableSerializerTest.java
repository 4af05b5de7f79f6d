package dev.chcdc.clickhouse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints written by every released version of the committable stay restorable: the files under
 * {@code src/test/resources/dev/chcdc/clickhouse/sink/} were written by that version's serializer.
 */
class ClickHouseCommittableSerializerTest {
    private static final String TOKEN = "shop.orders_raw:3-1-0:00112233445566778899aabbccddeeff";
    private static final byte[] ROWS = {1, 2, 3, 4, 5, 6};
    private static final byte[] HEADER = {2, 2, 'i', 'd', 8, '_', 'v', 'e', 'r', 's', 'i', 'o', 'n', 5, 'I', 'n', 't',
            '3', '2', 6, 'U', 'I', 'n', 't', '6', '4'};
    private static final ClickHouseCommittable CURRENT = new ClickHouseCommittable(
            "shop", "orders_raw", TOKEN, 2, HEADER, ROWS, new int[] {0, 4}, 1764579600123L);

    private final ClickHouseCommittableSerializer serializer = new ClickHouseCommittableSerializer();

    @Test
    void writesTheCurrentVersionExactlyAsStored() throws IOException {
        assertThat(serializer.getVersion()).isEqualTo(3);
        assertThat(serializer.serialize(CURRENT)).isEqualTo(stored("committable-v3.bin"));
    }

    @Test
    void readsVersion3WithTheColumnsTheRowsWereWrittenFor() throws IOException {
        ClickHouseCommittable read = serializer.deserialize(3, stored("committable-v3.bin"));

        assertThat(read.header()).isEqualTo(HEADER);
        assertThat(read.rows()).isEqualTo(ROWS);
        assertThat(read.rowOffsets()).containsExactly(0, 4);
        assertThat(read).extracting(ClickHouseCommittable::database, ClickHouseCommittable::table,
                        ClickHouseCommittable::deduplicationToken, ClickHouseCommittable::rowCount,
                        ClickHouseCommittable::lastCommitTimeMillis)
                .containsExactly("shop", "orders_raw", TOKEN, 2, 1764579600123L);
    }

    @Test
    void readsVersion2WithoutAHeader() throws IOException {
        ClickHouseCommittable read = serializer.deserialize(2, stored("committable-v2.bin"));

        assertThat(read.header()).isNull();
        assertThat(read.rows()).isEqualTo(ROWS);
        assertThat(read.rowOffsets()).containsExactly(0, 4);
        assertThat(read.lastCommitTimeMillis()).isEqualTo(1764579600123L);
        assertThat(read.splittable()).isTrue();
    }

    @Test
    void readsVersion1AsABatchThatCannotBeSplit() throws IOException {
        ClickHouseCommittable read = serializer.deserialize(1, stored("committable-v1.bin"));

        assertThat(read.deduplicationToken()).isEqualTo(TOKEN);
        assertThat(read.rowCount()).isEqualTo(2);
        assertThat(read.rows()).isEqualTo(ROWS);
        assertThat(read.header()).isNull();
        assertThat(read.splittable()).isFalse();
    }

    @Test
    void refusesAnUnknownVersionNamingIt() {
        assertThatThrownBy(() -> serializer.deserialize(4, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 4")
                .hasMessageContaining("restore with the job version that wrote the checkpoint");
    }

    private static byte[] stored(String name) {
        try (InputStream in = ClickHouseCommittableSerializerTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
