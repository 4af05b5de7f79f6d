package dev.chcdc.clickhouse.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.data.ClickHouseFormat;
import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.clickhouse.schema.TableDdl;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.RowImage;
import dev.chcdc.event.SourcePosition;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fidelity spec: one row holding every supported MySQL type at its edges, encoded by {@link RowBinaryEncoder},
 * inserted by the job's user into a table created by {@link TableDdl}, reads back from a real ClickHouse exactly
 * as MySQL would print it.
 */
@ExtendWith(RealServices.class)
class RowBinaryFidelityIT {
    private static final SourcePosition BINLOG = new SourcePosition("mysql-bin.000042", 1234, 0, null, 1);
    private static final long COMMIT_TIME = 1_709_251_199_123L; // 2024-02-29 23:59:59.123 UTC

    /** A MySQL column, the value the source hands over for it, and how ClickHouse must print it back. */
    private record Case(ColumnSchema column, Object value, String readBack, String expected) {}

    private static Case column(String name, String dataType, String columnType, int precision, int scale,
            Object value, String expected) {
        return new Case(new ColumnSchema(name, dataType, columnType, precision, scale, false), value,
                "toString(`" + name + "`)", expected);
    }

    private static Case nullableColumn(String name, String dataType, String columnType, int precision, int scale,
            Object value, String expected) {
        return new Case(new ColumnSchema(name, dataType, columnType, precision, scale, true), value,
                "toString(`" + name + "`)", expected);
    }

    private static Case binaryColumn(String name, String dataType, String columnType, byte[] value, String hex) {
        return new Case(new ColumnSchema(name, dataType, columnType, -1, -1, false), value, "hex(`" + name + "`)", hex);
    }

    private static long micros(String localDateTime) {
        LocalDateTime time = LocalDateTime.parse(localDateTime);
        return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1_000;
    }

    private static int days(String date) {
        return (int) LocalDate.parse(date).toEpochDay();
    }

    private static long timeMicros(int hours, int minutes, int seconds, int micros) {
        long magnitude = ((Math.abs(hours) * 60L + minutes) * 60 + seconds) * 1_000_000L + micros;
        return hours < 0 ? -magnitude : magnitude;
    }

    private static final List<Case> EVERY_TYPE = List.of(
            column("id", "bigint", "bigint(20)", 19, 0, 1L, "1"),
            column("tiny_min", "tinyint", "tinyint(4)", 3, 0, -128L, "-128"),
            column("tiny_max", "tinyint", "tinyint(4)", 3, 0, 127L, "127"),
            column("tiny_bool", "tinyint", "tinyint(1)", 3, 0, true, "1"),
            column("utiny_max", "tinyint", "tinyint(3) unsigned", 3, 0, 255L, "255"),
            column("small_min", "smallint", "smallint(6)", 5, 0, -32768L, "-32768"),
            column("small_max", "smallint", "smallint(6)", 5, 0, 32767L, "32767"),
            column("usmall_max", "smallint", "smallint(5) unsigned", 5, 0, 65535L, "65535"),
            column("medium_min", "mediumint", "mediumint(9)", 7, 0, -8388608L, "-8388608"),
            column("medium_max", "mediumint", "mediumint(9)", 7, 0, 8388607L, "8388607"),
            column("umedium_max", "mediumint", "mediumint(8) unsigned", 7, 0, 16777215L, "16777215"),
            column("int_min", "int", "int(11)", 10, 0, -2147483648L, "-2147483648"),
            column("int_max", "int", "int(11)", 10, 0, 2147483647L, "2147483647"),
            column("uint_max", "int", "int(10) unsigned", 10, 0, 4294967295L, "4294967295"),
            column("big_min", "bigint", "bigint(20)", 19, 0, Long.MIN_VALUE, "-9223372036854775808"),
            column("big_max", "bigint", "bigint(20)", 19, 0, Long.MAX_VALUE, "9223372036854775807"),
            column("ubig_max", "bigint", "bigint(20) unsigned", 20, 0,
                    new BigDecimal("18446744073709551615"), "18446744073709551615"),
            column("ubig_zero", "bigint", "bigint(20) unsigned", 20, 0, 0L, "0"),
            column("dec_wide", "decimal", "decimal(65,30)", 65, 30,
                    new BigDecimal("-12345678901234567890123456789012345.123456789012345678901234567891"),
                    "-12345678901234567890123456789012345.123456789012345678901234567891"),
            column("dec_widest", "decimal", "decimal(65,30)", 65, 30,
                    new BigDecimal("99999999999999999999999999999999999.999999999999999999999999999999"),
                    "99999999999999999999999999999999999.999999999999999999999999999999"),
            column("dec_money", "decimal", "decimal(10,2)", 10, 2, new BigDecimal("-12345678.91"), "-12345678.91"),
            column("dec_small", "decimal", "decimal(5,0)", 5, 0, new BigDecimal("-99999"), "-99999"),
            column("dec_int128", "decimal", "decimal(30,10)", 30, 10,
                    new BigDecimal("-12345678901234567890.0123456789"), "-12345678901234567890.0123456789"),
            column("flt", "float", "float", 12, -1, -3.4028235E38f, "-3.4028235e38"),
            column("flt_small", "float", "float", 12, -1, 1.1f, "1.1"),
            column("dbl", "double", "double", 22, -1, 1.7976931348623157E308, "1.7976931348623157e308"),
            column("dbl_tenth", "double", "double", 22, -1, 0.1, "0.1"),
            column("bit_one", "bit", "bit(1)", 1, -1, true, "true"),
            column("bit_all", "bit", "bit(64)", 64, -1, -1L, "18446744073709551615"),
            column("bit_some", "bit", "bit(10)", 10, -1, 0b10_0000_0001L, "513"),
            column("date_min", "date", "date", -1, -1, days("1900-01-01"), "1900-01-01"),
            column("date_max", "date", "date", -1, -1, days("2299-12-31"), "2299-12-31"),
            column("dt0", "datetime", "datetime", 0, -1, micros("2024-02-29T23:59:59"), "2024-02-29 23:59:59"),
            column("dt3_before_epoch", "datetime", "datetime(3)", 3, -1, micros("1969-12-31T23:59:59.999"),
                    "1969-12-31 23:59:59.999"),
            column("dt6_min", "datetime", "datetime(6)", 6, -1, micros("1900-01-01T00:00:00.000001"),
                    "1900-01-01 00:00:00.000001"),
            column("dt6_max", "datetime", "datetime(6)", 6, -1, micros("2299-12-31T23:59:59.999999"),
                    "2299-12-31 23:59:59.999999"),
            column("ts6", "timestamp", "timestamp(6)", 6, -1, micros("2038-01-19T03:14:07.499999"),
                    "2038-01-19 03:14:07.499999"),
            column("time0_min", "time", "time", 0, -1, timeMicros(-838, 59, 59, 0), "-838:59:59"),
            column("time6", "time", "time(6)", 6, -1, timeMicros(12, 34, 56, 1), "12:34:56.000001"),
            column("time1", "time", "time(1)", 1, -1, timeMicros(1, 2, 3, 500_000), "01:02:03.5"),
            column("yr", "year", "year(4)", -1, -1, 2155L, "2155"),
            column("chr", "char", "char(4)", -1, -1, "😀ab", "😀ab"),
            column("vchr", "varchar", "varchar(255)", -1, -1, "café ☕ 😀", "café ☕ 😀"),
            column("txt", "text", "text", -1, -1, "日本語テキスト𝄞", "日本語テキスト𝄞"),
            column("empty_txt", "longtext", "longtext", -1, -1, "", ""),
            binaryColumn("bin", "binary", "binary(4)", new byte[] {0x00, (byte) 0xFF, 0x00, 0x7F}, "00FF007F"),
            binaryColumn("blb", "blob", "blob", new byte[] {0x00, (byte) 0xFF}, "00FF"),
            column("en", "enum", "enum('new','paid')", -1, -1, "paid", "paid"),
            column("st", "set", "set('a','b','c')", -1, -1, "a,c", "a,c"),
            column("js", "json", "json", -1, -1, "{\"k\": [1, \"x\"], \"e\": \"😀\"}",
                    "{\"k\": [1, \"x\"], \"e\": \"😀\"}"),
            nullableColumn("null_text", "varchar", "varchar(10)", -1, -1, null, "\\N"),
            nullableColumn("null_enum", "enum", "enum('a')", -1, -1, null, "\\N"),
            nullableColumn("null_decimal", "decimal", "decimal(65,30)", 65, 30, null, "\\N"),
            nullableColumn("null_datetime", "datetime", "datetime(6)", 6, -1, null, "\\N"),
            nullableColumn("nullable_int", "int", "int(11)", 10, 0, 7L, "7"),
            nullableColumn("nullable_enum", "enum", "enum('a')", -1, -1, "a", "a"),
            nullableColumn("nullable_time", "time", "time(3)", 3, -1, timeMicros(-1, 0, 0, 250_000),
                    "-01:00:00.250"));

    private static Client jobClient(ClickHouseServer clickHouse) {
        return new Client.Builder()
                .addEndpoint(clickHouse.httpUrl())
                .setUsername(ClickHouseServer.JOB_USER)
                .setPassword(clickHouse.jobPassword())
                .build();
    }

    private static ClickHouseTable createTable(ClickHouseServer clickHouse, TableSchema schema, String database)
            throws Exception {
        ClickHouseTable table = ClickHouseTable.from(schema, database);
        clickHouse.query(TableDdl.createDatabase(database));
        clickHouse.query(TableDdl.createRawTable(table, 100));
        clickHouse.query(TableDdl.createView(table));
        return table;
    }

    private static void insert(Client client, ClickHouseTable table, RowBinaryBuffer rows) throws Exception {
        try (InsertResponse ignored = client.insert(table.database() + "." + table.rawTable(),
                rows.toInputStream(), ClickHouseFormat.RowBinary).get()) {
            // Closing the response releases the connection.
        }
    }

    @Test
    void everyTypeAtItsEdgesReadsBackAsMySqlHasIt(ClickHouseServer clickHouse, TestNames names) throws Exception {
        TableSchema schema = new TableSchema(new TableId("shop", "every_type"),
                EVERY_TYPE.stream().map(Case::column).toList(), List.of(0));
        ClickHouseTable table = createTable(clickHouse, schema, names.unique("fidelity"));
        RowBinaryEncoder encoder = new RowBinaryEncoder(table);
        RowBinaryBuffer rows = new RowBinaryBuffer();
        encoder.encode(RowImage.of(EVERY_TYPE.stream().map(Case::value).toArray()), 77L, false, BINLOG, COMMIT_TIME,
                rows);

        try (Client client = jobClient(clickHouse)) {
            insert(client, table, rows);
        }

        String select = EVERY_TYPE.stream().map(Case::readBack).collect(Collectors.joining(", "));
        String[] read = clickHouse.query("SELECT " + select + " FROM `" + table.database() + "`.`" + table.view()
                + "` FORMAT TSV").split("\n", -1)[0].split("\t", -1);
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < EVERY_TYPE.size(); i++) {
            actual.add(EVERY_TYPE.get(i).column().name() + "=" + (i < read.length ? read[i] : "<missing>"));
        }
        assertThat(actual).containsExactlyElementsOf(
                EVERY_TYPE.stream().map(c -> c.column().name() + "=" + c.expected()).toList());
        assertThat(clickHouse.query("SELECT _version, is_deleted, _binlog_file, _binlog_pos, toString(_commit_time)"
                + " FROM `" + table.database() + "`.`" + table.rawTable() + "` FORMAT TSV"))
                .isEqualTo("77\t0\tmysql-bin.000042\t1234\t2024-02-29 23:59:59.123\n");
    }

    @Test
    void theDdlGivesEachColumnTheMappedType(ClickHouseServer clickHouse, TestNames names) throws Exception {
        TableSchema schema = new TableSchema(new TableId("shop", "every_type"),
                EVERY_TYPE.stream().map(Case::column).toList(), List.of(0));
        ClickHouseTable table = createTable(clickHouse, schema, names.unique("fidelity_types"));

        String types = clickHouse.query("SELECT name, type FROM system.columns WHERE database = '"
                + table.database() + "' AND table = '" + table.rawTable() + "' ORDER BY position FORMAT TSVRaw");
        assertThat(types.split("\n")).containsExactlyElementsOf(table.allColumns().stream()
                .map(column -> column.name() + "\t" + column.type().sql()).toList());
    }

    @Test
    void theViewShowsTheLatestLiveVersionAndHidesDeletedKeys(ClickHouseServer clickHouse, TestNames names)
            throws Exception {
        ClickHouseTable table = createTable(clickHouse, smallSchema(), names.unique("fidelity_view"));
        RowBinaryEncoder encoder = new RowBinaryEncoder(table);
        RowBinaryBuffer first = new RowBinaryBuffer();
        encoder.encode(RowImage.of(1L, "one"), 10, false, BINLOG, COMMIT_TIME, first);
        encoder.encode(RowImage.of(2L, "two"), 11, false, BINLOG, COMMIT_TIME, first);
        RowBinaryBuffer second = new RowBinaryBuffer();
        encoder.encode(RowImage.of(1L, "one"), 12, true, BINLOG, COMMIT_TIME, second);
        encoder.encode(RowImage.of(2L, "two, updated"), 13, false, BINLOG, COMMIT_TIME, second);

        try (Client client = jobClient(clickHouse)) {
            insert(client, table, first);
            assertThat(selectView(clickHouse, table)).isEqualTo("1\tone\n2\ttwo\n");
            insert(client, table, second);
        }

        assertThat(selectView(clickHouse, table)).isEqualTo("2\ttwo, updated\n");
    }

    @Test
    void theSameKeyAndVersionInsertedTwiceCountsOnceUnderFinal(ClickHouseServer clickHouse, TestNames names)
            throws Exception {
        ClickHouseTable table = createTable(clickHouse, smallSchema(), names.unique("fidelity_dedup"));
        RowBinaryEncoder encoder = new RowBinaryEncoder(table);
        RowBinaryBuffer batch = new RowBinaryBuffer();
        encoder.encode(RowImage.of(5L, "five"), 20, false, BINLOG, COMMIT_TIME, batch);
        // The same change again in a different block, as a replay after a restore would send it.
        RowBinaryBuffer replay = new RowBinaryBuffer();
        encoder.encode(RowImage.of(6L, "six"), 21, false, BINLOG, COMMIT_TIME, replay);
        encoder.encode(RowImage.of(5L, "five"), 20, false, BINLOG, COMMIT_TIME, replay);

        try (Client client = jobClient(clickHouse)) {
            insert(client, table, batch);
            insert(client, table, batch);
            insert(client, table, replay);
        }

        String raw = "`" + table.database() + "`.`" + table.rawTable() + "`";
        assertThat(clickHouse.query("SELECT id, count() FROM " + raw + " FINAL GROUP BY id ORDER BY id FORMAT TSV"))
                .isEqualTo("5\t1\n6\t1\n");
        // The identical second block is dropped on insert by non_replicated_deduplication_window.
        assertThat(clickHouse.query("SELECT count() FROM " + raw + " WHERE id = 5 FORMAT TSV")).isEqualTo("2\n");
    }

    private static TableSchema smallSchema() {
        return new TableSchema(new TableId("shop", "notes"), List.of(
                new ColumnSchema("id", "bigint", "bigint(20)", 19, 0, false),
                new ColumnSchema("body", "varchar", "varchar(100)", -1, -1, true)), List.of(0));
    }

    private static String selectView(ClickHouseServer clickHouse, ClickHouseTable table) throws Exception {
        return clickHouse.query("SELECT id, body FROM `" + table.database() + "`.`" + table.view()
                + "` ORDER BY id FORMAT TSV");
    }
}
