package dev.chcdc.tee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chcdc.config.TeeValueFormat;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.Operation;
import dev.chcdc.event.RowImage;
import dev.chcdc.event.SourcePosition;
import dev.chcdc.event.TableSchema;
import dev.chcdc.testsupport.EveryTypeRow;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebeziumEnvelopeTest {
    private static final DebeziumEnvelope ENVELOPE = new DebeziumEnvelope(EveryTypeRow.SCHEMA, "mysql-cdc");
    private static final SourcePosition BINLOG = new SourcePosition("mysql-bin.000003", 4711, 2, "3E11FA47:23", 1);

    private static JsonNode json(byte[] bytes) throws Exception {
        return new ObjectMapper().readTree(bytes);
    }

    @Test
    void everyValueReadsBackExactlyAsItWasWritten() {
        RowImage before = EveryTypeRow.row(7);
        RowImage after = EveryTypeRow.row(8);
        ChangeEvent update = new ChangeEvent(EveryTypeRow.TABLE, Operation.UPDATE, before, after, BINLOG, 99, 1_700_000_000_000L);

        ChangeEvent read = ENVELOPE.read(ENVELOPE.value(update, 5), 99L);

        assertThat(read).isEqualTo(update);
    }

    @Test
    void valuesAreSpelledAsDebeziumsMySqlConnectorSpellsThem() throws Exception {
        ChangeEvent insert = new ChangeEvent(EveryTypeRow.TABLE, Operation.INSERT, null, EveryTypeRow.row(7), BINLOG, 99, 1_700_000_000_000L);

        JsonNode after = json(ENVELOPE.value(insert, 5)).get("after");

        assertThat(after.get("u64").toString()).isEqualTo("18446744073709551615");
        assertThat(after.get("dec").textValue()).isEqualTo("-12345678901234567890123456789012345.123456789012345678901234567890");
        assertThat(after.get("b1").booleanValue()).isTrue();
        assertThat(after.get("b12").textValue()).isEqualTo("vAo="); // 0xABC little-endian: BC 0A
        assertThat(after.get("day").intValue()).isEqualTo(-25_000);
        assertThat(after.get("dt3").longValue()).isEqualTo(-2_208_988_800_000L + 123);
        assertThat(after.get("dt6").longValue()).isEqualTo(1_700_000_000_123_456L);
        assertThat(after.get("ts").textValue()).isEqualTo("2038-01-19T03:14:07.999999Z");
        assertThat(after.get("t").longValue()).isEqualTo(-3020399000000L);
        assertThat(after.get("s").textValue()).isEqualTo("héllo 🐬");
        assertThat(after.get("bin").textValue()).isEqualTo("AP9/");
        assertThat(after.get("n").isNull()).isTrue();
    }

    @Test
    void bitFieldsArePaddedToTheirWholeBytesAsDebeziumPadsThem() throws Exception {
        DebeziumEnvelope envelope = new DebeziumEnvelope(new TableSchema(EveryTypeRow.TABLE, List.of(
                new ColumnSchema("id", "int", "int", 10, 0, false),
                new ColumnSchema("b12", "bit", "bit(12)", 12, -1, false),
                new ColumnSchema("b64", "bit", "bit(64)", 64, -1, false)), List.of(0)), "mysql-cdc");
        ChangeEvent zeros = new ChangeEvent(EveryTypeRow.TABLE, Operation.INSERT, null, RowImage.of(1L, 0L, 0L), BINLOG,
                99, 1_700_000_000_000L);

        JsonNode after = json(envelope.value(zeros, 5)).get("after");

        assertThat(after.get("b12").textValue()).isEqualTo("AAA=");
        assertThat(after.get("b64").textValue()).isEqualTo("AAAAAAAAAAA=");
        assertThat(envelope.read(envelope.value(zeros, 5), 99L)).isEqualTo(zeros);
    }

    @Test
    void spatialValuesAreDebeziumsWkbAndSridAndReadBackAsMySqlsBytes() throws Exception {
        DebeziumEnvelope envelope = new DebeziumEnvelope(new TableSchema(EveryTypeRow.TABLE, List.of(
                new ColumnSchema("id", "int", "int", 10, 0, false),
                new ColumnSchema("at", "point", "point", -1, -1, false)), List.of(0)), "mysql-cdc");
        // SRID 4326 (E6 10 00 00), then the WKB of POINT(1 2).
        byte[] mysql = java.util.HexFormat.of().parseHex(
                "E6100000" + "0101000000" + "000000000000F03F" + "0000000000000040");
        ChangeEvent insert = new ChangeEvent(EveryTypeRow.TABLE, Operation.INSERT, null, RowImage.of(1L, mysql), BINLOG,
                99, 1_700_000_000_000L);

        JsonNode at = json(envelope.value(insert, 5)).get("after").get("at");

        assertThat(at.get("srid").intValue()).isEqualTo(4326);
        assertThat(java.util.Base64.getDecoder().decode(at.get("wkb").textValue()))
                .isEqualTo(java.util.Arrays.copyOfRange(mysql, 4, mysql.length));
        assertThat(envelope.read(envelope.value(insert, 5), 99L)).isEqualTo(insert);
    }

    @Test
    void theTextFormatSpellsDatesTimesAndUnsignedBigintsAsMySqlTextAndReadsBackExactly() throws Exception {
        DebeziumEnvelope text = new DebeziumEnvelope(EveryTypeRow.SCHEMA, "mysql-cdc", TeeValueFormat.TEXT);
        ChangeEvent insert = new ChangeEvent(EveryTypeRow.TABLE, Operation.INSERT, null, EveryTypeRow.row(7), BINLOG, 99,
                1_700_000_000_000L);

        byte[] value = text.value(insert, 5);
        JsonNode after = json(value).get("after");

        assertThat(after.get("u64").textValue()).isEqualTo("18446744073709551615");
        assertThat(after.get("day").textValue()).isEqualTo("1901-07-22");
        assertThat(after.get("dt3").textValue()).isEqualTo("1900-01-01 00:00:00.123");
        assertThat(after.get("dt6").textValue()).isEqualTo("2023-11-14 22:13:20.123456");
        assertThat(after.get("t").textValue()).isEqualTo("-838:59:59.000000");
        assertThat(after.get("ts").textValue()).isEqualTo("2038-01-19T03:14:07.999999Z");
        assertThat(text.read(value, 99L)).isEqualTo(insert);
        // Either envelope reads either format: a replay needs no setting.
        assertThat(ENVELOPE.read(value, 99L)).isEqualTo(insert);
    }

    @Test
    void envelopeCarriesOperationSourceAndCommitTime() throws Exception {
        ChangeEvent delete = new ChangeEvent(EveryTypeRow.TABLE, Operation.DELETE, EveryTypeRow.row(7), null, BINLOG, 99, 1_700_000_000_000L);

        JsonNode value = json(ENVELOPE.value(delete, 1_700_000_000_500L));

        assertThat(value.get("op").textValue()).isEqualTo("d");
        assertThat(value.get("after").isNull()).isTrue();
        assertThat(value.get("ts_ms").longValue()).isEqualTo(1_700_000_000_500L);
        JsonNode source = value.get("source");
        assertThat(source.get("connector").textValue()).isEqualTo("mysql");
        assertThat(source.get("name").textValue()).isEqualTo("mysql-cdc");
        assertThat(source.get("db").textValue()).isEqualTo("shop");
        assertThat(source.get("table").textValue()).isEqualTo("every_type");
        assertThat(source.get("file").textValue()).isEqualTo("mysql-bin.000003");
        assertThat(source.get("pos").longValue()).isEqualTo(4711);
        assertThat(source.get("row").intValue()).isEqualTo(2);
        assertThat(source.get("gtid").textValue()).isEqualTo("3E11FA47:23");
        assertThat(source.get("ts_ms").longValue()).isEqualTo(1_700_000_000_000L);
        assertThat(source.get("snapshot").textValue()).isEqualTo("false");
    }

    @Test
    void snapshotRowsAreReadsMarkedAsSnapshot() throws Exception {
        ChangeEvent read = new ChangeEvent(EveryTypeRow.TABLE, Operation.READ, null, EveryTypeRow.row(1),
                SourcePosition.snapshot(), 41, 1_700_000_000_000L);

        JsonNode value = json(ENVELOPE.value(read, 0));

        assertThat(value.get("op").textValue()).isEqualTo("r");
        assertThat(value.get("source").get("snapshot").textValue()).isEqualTo("true");
        assertThat(ENVELOPE.read(ENVELOPE.value(read, 0), 41L)).isEqualTo(read);
    }

    @Test
    void keyIsThePrimaryKeyOfTheRowTheChangeLeaves() {
        ChangeEvent delete = new ChangeEvent(EveryTypeRow.TABLE, Operation.DELETE, EveryTypeRow.row(7), null, BINLOG, 99, 0);

        assertThat(new String(ENVELOPE.key(delete), StandardCharsets.UTF_8)).isEqualTo("{\"id\":7}");
    }

    @Test
    void withoutAVersionHeaderTheVersionComesFromTheBinlogPosition() {
        ChangeEvent insert = new ChangeEvent(EveryTypeRow.TABLE, Operation.INSERT, null, EveryTypeRow.row(7), BINLOG,
                dev.chcdc.event.ChangeVersion.of("mysql-bin.000003", 4711, 2), 0);

        assertThat(ENVELOPE.read(ENVELOPE.value(insert, 0), null)).isEqualTo(insert);
    }

    @Test
    void aSnapshotRowWithoutVersionHeaderIsRefused() {
        ChangeEvent read = new ChangeEvent(EveryTypeRow.TABLE, Operation.READ, null, EveryTypeRow.row(1),
                SourcePosition.snapshot(), 41, 0);

        assertThatThrownBy(() -> ENVELOPE.read(ENVELOPE.value(read, 0), null))
                .hasMessageContaining("without a _version header");
    }

    @Test
    void aValueThatCannotBeReadIsNamedByColumnAndKindButNeverQuoted() throws Exception {
        ChangeEvent insert = new ChangeEvent(EveryTypeRow.TABLE, Operation.INSERT, null, EveryTypeRow.row(7), BINLOG, 99, 1_700_000_000_000L);
        com.fasterxml.jackson.databind.node.ObjectNode value = (com.fasterxml.jackson.databind.node.ObjectNode)
                json(ENVELOPE.value(insert, 5));
        ((com.fasterxml.jackson.databind.node.ObjectNode) value.get("after")).put("dec", "Zq7Sentinel");

        assertThatThrownBy(() -> ENVELOPE.read(new ObjectMapper().writeValueAsBytes(value), 99L))
                .hasMessageContaining("Column " + EveryTypeRow.TABLE + ".dec of the after image: a JSON string that is "
                        + "not a DECIMAL (NumberFormatException)")
                .hasMessageNotContaining("Zq7Sentinel")
                .hasNoCause();
    }

    @Test
    void aRecordThatIsNotJsonIsNamedByPlaceButNeverQuoted() {
        assertThatThrownBy(() -> ENVELOPE.read("{\"after\": Zq7Sentinel}".getBytes(StandardCharsets.UTF_8), 99L))
                .hasMessageStartingWith("Not a JSON change event (")
                .hasMessageContaining("at line 1, column")
                .hasMessageNotContaining("Zq7Sentinel")
                .hasNoCause();
    }

    private static final TableSchema DOCUMENTS = new TableSchema(new dev.chcdc.event.TableId("shop", "documents"), List.of(
            new ColumnSchema("id", "bigint", "bigint", 19, 0, false),
            new ColumnSchema("title", "varchar", "varchar(100)", -1, -1, false),
            new ColumnSchema("body", "longtext", "longtext", -1, -1, true),
            new ColumnSchema("scan", "longblob", "longblob", -1, -1, true)), List.of(0));

    private static ChangeEvent documentUpdate(int bodyChars, int scanBytes) {
        RowImage before = RowImage.of(1L, "draft", "b".repeat(bodyChars), new byte[scanBytes]);
        RowImage after = RowImage.of(1L, "final", "a".repeat(bodyChars), new byte[scanBytes]);
        return new ChangeEvent(DOCUMENTS.table(), Operation.UPDATE, before, after, BINLOG, 99, 1_700_000_000_000L);
    }

    @Test
    void aChangeWithinTheLimitIsWrittenWhole() {
        DebeziumEnvelope envelope = new DebeziumEnvelope(DOCUMENTS, "mysql-cdc");
        ChangeEvent update = documentUpdate(1000, 1000);

        DebeziumEnvelope.Fitted fitted = envelope.valueWithin(update, 5, 1_000_000);

        assertThat(fitted.omittedColumns()).isEmpty();
        assertThat(fitted.value()).isEqualTo(envelope.value(update, 5));
    }

    @Test
    void aChangeOverTheLimitLeavesOutItsLargestValuesFirstAndKeepsTheKey() throws Exception {
        DebeziumEnvelope envelope = new DebeziumEnvelope(DOCUMENTS, "mysql-cdc");
        ChangeEvent update = documentUpdate(200_000, 600_000); // the scan is 800 kB of base64 per image

        DebeziumEnvelope.Fitted fitted = envelope.valueWithin(update, 5, 1_000_000);

        assertThat(fitted.omittedColumns()).containsExactly("scan");
        assertThat(fitted.value().length).isLessThanOrEqualTo(1_000_000);
        JsonNode after = json(fitted.value()).get("after");
        assertThat(after.get("id").longValue()).isEqualTo(1);
        assertThat(after.get("title").textValue()).isEqualTo("final");
        assertThat(after.get("body").textValue()).hasSize(200_000);
        assertThat(after.get("scan").isNull()).isTrue();
        assertThat(json(fitted.value()).get("before").get("scan").isNull()).isTrue();
    }

    @Test
    void aChangeFarOverTheLimitLeavesOutAsManyOfTheLargestValuesAsItTakes() {
        DebeziumEnvelope envelope = new DebeziumEnvelope(DOCUMENTS, "mysql-cdc");

        DebeziumEnvelope.Fitted fitted = envelope.valueWithin(documentUpdate(600_000, 600_000), 5, 100_000);

        assertThat(fitted.omittedColumns()).containsExactly("body", "scan");
        assertThat(fitted.value().length).isLessThanOrEqualTo(100_000);
    }
}
