package dev.chcdc.clickhouse.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.clickhouse.encoding.RowBinaryDecoder.DecodedRow;
import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.event.RowImage;
import dev.chcdc.event.SourcePosition;
import dev.chcdc.testsupport.EveryTypeRow;
import org.junit.jupiter.api.Test;

class RowBinaryDecoderTest {
    private static final ClickHouseTable TABLE = ClickHouseTable.from(EveryTypeRow.SCHEMA, "shop");

    @Test
    void decodesEveryValueTheEncoderWrote() {
        RowBinaryBuffer out = new RowBinaryBuffer();
        RowBinaryEncoder encoder = new RowBinaryEncoder(TABLE);
        encoder.encode(EveryTypeRow.row(1), 10, false, SourcePosition.snapshot(), 1000, out);
        int second = out.size();
        encoder.encode(EveryTypeRow.row(2), 77, true, new SourcePosition("mysql-bin.000009", 4711, 0, null, 1), 2000, out);

        RowBinaryDecoder decoder = new RowBinaryDecoder(TABLE);
        DecodedRow first = decoder.decode(out.toByteArray(), 0);
        DecodedRow next = decoder.decode(out.toByteArray(), second);

        assertThat(first).isEqualTo(new DecodedRow(EveryTypeRow.row(1), 10, false, SourcePosition.snapshot(), 1000));
        assertThat(next).isEqualTo(new DecodedRow(EveryTypeRow.row(2), 77, true,
                new SourcePosition("mysql-bin.000009", 4711, 0, null, 0), 2000));
    }

    @Test
    void timeTextReadsBackAsSignedMicroseconds() {
        assertThat(dev.chcdc.event.MySqlTemporalText.parseTime("-838:59:59.000000")).isEqualTo(-3020399000000L);
        assertThat(dev.chcdc.event.MySqlTemporalText.parseTime("00:00:00.5")).isEqualTo(500_000L);
        assertThat(dev.chcdc.event.MySqlTemporalText.parseTime("12:34:56")).isEqualTo(45_296_000_000L);
    }

    @Test
    void nullableNullsDecodeAsNull() {
        RowBinaryBuffer out = new RowBinaryBuffer();
        new RowBinaryEncoder(TABLE).encode(EveryTypeRow.row(3), 1, false, SourcePosition.snapshot(), 0, out);

        RowImage row = new RowBinaryDecoder(TABLE).decode(out.toByteArray(), 0).row();

        assertThat(row.get(EveryTypeRow.SCHEMA.indexOf("n"))).isNull();
    }
}
