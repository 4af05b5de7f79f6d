package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chcdc.config.ConfigException;
import dev.chcdc.config.JobConfig;
import dev.chcdc.event.TableId;
import dev.chcdc.ops.validate.ValidateCommand;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.KafkaBroker;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.tee.TeeTopics;
import dev.chcdc.testsupport.Eventually;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TeeTopicReader;
import dev.chcdc.testsupport.TestNames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that Debezium, left to itself, changes silently: NULL in a column with a DEFAULT, years 0001..0099, zero
 * and partly zero dates, YEAR 0000, and dates outside ClickHouse's range (saturated by default). Each value is
 * written once before the job starts (snapshot) and once after (binlog), and compared with what MySQL holds:
 * exactly in the tee, and under the documented rules in ClickHouse. MariaDB 10.11 stores zero and partly zero
 * dates like MySQL 8 with {@code sql_mode=''} (MySQL 8's default mode refuses them on insert, but tables migrated
 * from older servers hold them).
 */
@ExtendWith(RealServices.class)
class ValueFidelityIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** Snapshot rows get ids 1.., binlog rows ids 101..: the same values. */
    private static final int BINLOG_IDS = 100;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @TempDir
    Path folder;

    @Test
    void nullStaysNullAndDistinctFromEmptyAndZeroInColumnsWithDefaultsOnSnapshotAndBinlog(MariaDbServer mariaDb,
            ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE defaults (id INT PRIMARY KEY, d NUMERIC(7,5) NULL DEFAULT '15.28', "
                    + "v VARCHAR(10) NULL DEFAULT 'flink', ts TIMESTAMP NULL DEFAULT '2000-01-01 00:00:00', "
                    + "n INT NULL DEFAULT 7, b VARBINARY(4) NULL DEFAULT 'x', day DATE NULL DEFAULT '2001-02-03', "
                    + "f DOUBLE NULL DEFAULT 1.5)");
            insertDefaultsRows(statement, 0);
            JobStartup startup = start(fixture, Map.of());
            fixture.awaitParity(startup.tables(), TIMEOUT);

            insertDefaultsRows(statement, BINLOG_IDS);
            statement.execute("UPDATE defaults SET d = NULL, v = NULL, ts = NULL, n = NULL, b = NULL, day = NULL, "
                    + "f = NULL WHERE id IN (3, 103)");
            fixture.awaitParity(startup.tables(), TIMEOUT);
            assertThat(fixture.clickHouseQuery("SELECT count() FROM `" + fixture.database() + "`.defaults "
                    + "WHERE d IS NULL AND v IS NULL AND ts IS NULL AND n IS NULL AND b IS NULL AND day IS NULL "
                    + "AND f IS NULL").strip()).isEqualTo("4");
        }
    }

    private static void insertDefaultsRows(Statement statement, int offset) throws Exception {
        statement.execute("INSERT INTO defaults VALUES (" + (offset + 1) + ", NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        statement.execute("INSERT INTO defaults VALUES (" + (offset + 2) + ", 0, '', '1970-01-01 00:00:01', 0, '', "
                + "'1970-01-01', 0)");
        statement.execute("INSERT INTO defaults (id) VALUES (" + (offset + 3) + ")");
    }

    /** A row: the value MySQL is given (and stores), the DATE and DATETIME(0)/(6) ClickHouse must show. */
    private record DateCase(String date, String dateTime6, String clickHouseDate, String clickHouseDateTime6) {
        String dateTime0() {
            return dateTime6.substring(0, 19);
        }

        String clickHouseDateTime0() {
            return clickHouseDateTime6.substring(0, 19);
        }
    }

    private static final List<DateCase> DATES = List.of(
            new DateCase("2024-02-29", "2024-02-29 12:34:56.789012", "2024-02-29", "2024-02-29 12:34:56.789012"),
            new DateCase("1900-01-01", "1900-01-01 00:00:00.000000", "1900-01-01", "1900-01-01 00:00:00.000000"),
            new DateCase("2299-12-31", "2299-12-31 23:59:59.999999", "2299-12-31", "2299-12-31 23:59:59.999999"),
            // Years 0001..0099: not moved to 19xx/20xx (then saturated like every year before 1900).
            new DateCase("0001-01-01", "0001-01-01 00:00:00.000001", "1900-01-01", "1900-01-01 00:00:00.000000"),
            new DateCase("0010-06-15", "0010-06-15 10:00:00.000000", "1900-01-01", "1900-01-01 00:00:00.000000"),
            new DateCase("0017-08-12", "0017-08-12 17:08:12.000000", "1900-01-01", "1900-01-01 00:00:00.000000"),
            new DateCase("0099-12-31", "0099-12-31 23:59:59.999999", "1900-01-01", "1900-01-01 00:00:00.000000"),
            new DateCase("0100-01-01", "0100-01-01 00:00:00.000000", "1900-01-01", "1900-01-01 00:00:00.000000"),
            new DateCase("1000-01-01", "1000-01-01 00:00:00.000000", "1900-01-01", "1900-01-01 00:00:00.000000"),
            new DateCase("1899-12-31", "1899-12-31 23:59:59.999999", "1900-01-01", "1900-01-01 00:00:00.000000"),
            new DateCase("9999-12-31", "9999-12-31 23:59:59.999999", "2299-12-31", "2299-12-31 23:59:59.999999"),
            new DateCase("2300-01-01", "2300-01-01 00:00:00.000000", "2299-12-31", "2299-12-31 23:59:59.999999"),
            // Zero and partly zero dates: a zero month or day reads as 01, a zero year stays 0 (then saturated).
            new DateCase("0000-00-00", "0000-00-00 00:00:00.000000", "1900-01-01", "1900-01-01 00:00:00.000000"),
            new DateCase("2020-00-00", "2020-00-00 10:11:12.500000", "2020-01-01", "2020-01-01 10:11:12.500000"),
            new DateCase("2020-05-00", "2020-05-00 00:00:01.000000", "2020-05-01", "2020-05-01 00:00:01.000000"),
            new DateCase("2020-00-15", "2020-00-15 23:59:59.000000", "2020-01-15", "2020-01-15 23:59:59.000000"));

    @Test
    void datesOfEveryCenturyAndZeroDatesFollowOneRuleOnSnapshotAndBinlogAndTheTeeKeepsMySqlsValue(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, KafkaBroker kafka, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("SET SESSION sql_mode = ''");
            // The DATE is part of the key: ClickHouse's sorting key cannot hold NULL, so no value may become one.
            statement.execute("CREATE TABLE dates (id INT NOT NULL, d DATE NOT NULL, dt0 DATETIME NOT NULL, "
                    + "dt6 DATETIME(6) NULL, y YEAR NULL, ts TIMESTAMP NULL DEFAULT NULL, PRIMARY KEY (id, d))");
            insertDates(statement, 0);
            String prefix = names.unique("tee");
            Map<String, String> tee = new HashMap<>();
            tee.put("kafka.bootstrap-servers", kafka.bootstrapServers());
            tee.put("tee.enabled", "true");
            tee.put("tee.topic-prefix", prefix);
            tee.put("pipeline.name", names.unique("fidelity"));
            start(fixture, tee);
            awaitDates(fixture, DATES.size());

            insertDates(statement, BINLOG_IDS);
            // An update to a sentinel the view must show, not keep the old row frozen.
            statement.execute("UPDATE dates SET dt0 = '9999-12-31 23:59:59', dt6 = '0000-00-00 00:00:00' WHERE id = 101");
            awaitDates(fixture, 2 * DATES.size());

            for (int offset : new int[] {BINLOG_IDS, 0}) {
                for (int i = 0; i < DATES.size(); i++) {
                    DateCase value = DATES.get(i);
                    int id = offset + i + 1;
                    boolean updated = id == 101;
                    String expected = String.join(" | ", value.clickHouseDate(),
                            updated ? "2299-12-31 23:59:59" : value.clickHouseDateTime0(),
                            updated ? "1900-01-01 00:00:00.000000" : value.clickHouseDateTime6());
                    if (offset == 0 && value.dateTime6().contains("-00")) {
                        // Known gap (README, What is not done yet): Flink CDC's snapshot reads a DATETIME with a zero
                        // part as NULL (NOT NULL: 1970-01-01) in its own private reader; the DATE follows the rule.
                        expected = value.clickHouseDate() + " | 1970-01-01 00:00:00 | NULL";
                    }
                    assertThat(clickHouseRow(fixture, id)).as("id %d (%s)", id, value.date()).isEqualTo(expected);
                }
            }
            // YEAR 0000 stays 0; the zero TIMESTAMP follows the zero-date rule on the binlog (the snapshot: NULL, as
            // for DATETIME above).
            Map<Integer, Integer> teeDays = teeDays(kafka, TeeTopics.topic(prefix, new TableId(fixture.database(), "dates")));
            for (int i = 0; i < DATES.size(); i++) {
                int expected = (int) mysqlCalendarDay(DATES.get(i).date()).toEpochDay();
                assertThat(teeDays.get(i + 1)).as("tee, snapshot row %s", DATES.get(i).date()).isEqualTo(expected);
                assertThat(teeDays.get(BINLOG_IDS + i + 1)).as("tee, binlog row %s", DATES.get(i).date())
                        .isEqualTo(expected);
            }

            // validate applies the same rules, so the saturated copy is not drift (the snapshot's known gap aside).
            statement.execute("DELETE FROM dates WHERE id = 1 OR (id < " + BINLOG_IDS + " AND dt6 LIKE '%-00%')");
            Eventually.poll(TIMEOUT, Duration.ofMillis(500), () -> fixture.clickHouseQuery("SELECT count() FROM `"
                    + fixture.database() + "`.dates").strip(), count -> count.equals(Integer.toString(2 * DATES.size() - 5)));
            assertThat(validate(fixture, Map.of())).contains("dates", "saturated d=");
        }
    }

    @Test
    void integersAtTheirLimitsBitsDecimalsAndSpatialValuesArriveExactlyAndExcludedColumnsStayOut(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE numbers (id INT PRIMARY KEY, t TINYINT, tu TINYINT UNSIGNED, t1 TINYINT(1), "
                    + "s SMALLINT, su SMALLINT UNSIGNED ZEROFILL, m MEDIUMINT, mu MEDIUMINT UNSIGNED, i INT, "
                    + "iu INT UNSIGNED, b BIGINT, bu BIGINT UNSIGNED, b1 BIT(1), b7 BIT(7), b64 BIT(64), "
                    + "d65 DECIMAL(65,30), d75 DECIMAL(7,5), f FLOAT(7,3), dd DOUBLE(12,4))");
            // A column left out by mysql.columns.exclude, on both paths.
            statement.execute("CREATE TABLE shapes (id INT PRIMARY KEY, g GEOMETRY NULL, p POINT NOT NULL, "
                    + "ls LINESTRING NULL, poly POLYGON NULL, mp MULTIPOLYGON NULL, gc GEOMETRYCOLLECTION NULL, "
                    + "legacy VARCHAR(36) NULL)");
            insertNumbers(statement, 0);
            insertShapes(statement, 0);
            Map<String, String> exclude = Map.of("mysql.columns.exclude", ".*\\.shapes\\.legacy");
            JobStartup startup = start(fixture, exclude);
            assertThat(startup.tables()).filteredOn(table -> table.table().table().equals("shapes"))
                    .singleElement().satisfies(table -> assertThat(table.columns()).extracting("name")
                            .containsExactly("id", "g", "p", "ls", "poly", "mp", "gc"));
            fixture.awaitParity(startup.tables(), TIMEOUT);

            insertNumbers(statement, BINLOG_IDS);
            insertShapes(statement, BINLOG_IDS);
            statement.execute("UPDATE shapes SET legacy = UUID(), p = ST_GeomFromText('POINT(-1.5 2.25)', 3857) "
                    + "WHERE id = 1");
            fixture.awaitParity(startup.tables(), TIMEOUT);
            assertThat(fixture.clickHouseQuery("SELECT toString(t1) FROM `" + fixture.database()
                    + "`.numbers WHERE id IN (2, 102) ORDER BY id")).isEqualTo("5\n5");
            assertThat(fixture.clickHouseQuery("SELECT concat(toString(reinterpretAsUInt32(substring(p, 1, 4))), ' ', "
                    + "toString(readWKB(substring(p, 5)))) FROM `" + fixture.database() + "`.shapes WHERE id = 1"))
                    .isEqualTo("3857 (-1.5,2.25)");
            assertThat(validate(fixture, exclude)).contains("numbers", "shapes");
        }
    }

    @Test
    void columnsOfTypesTheJobDoesNotCaptureAreAllNamedAtStartUpInsteadOfRestartingForEver(MariaDbServer mariaDb, ClickHouseServer clickHouse,
            TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE hosts (id INT PRIMARY KEY, uid UUID, v6 INET6, v4 INET4)");
            statement.execute("CREATE TABLE fine (id INT PRIMARY KEY)");

            assertThatThrownBy(() -> JobStartup.prepare(fixture.config(Map.of())))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("Column `uid` of table " + fixture.database() + ".hosts has the MySQL type uuid")
                    .hasMessageContaining("Column `v6` of table " + fixture.database() + ".hosts has the MySQL type inet6")
                    .hasMessageContaining("Column `v4` of table " + fixture.database() + ".hosts has the MySQL type inet4")
                    .hasMessageContaining("leave the table out with mysql.tables.exclude");
        }
    }

    /** A column per charset, with text that charset can hold. */
    private static final Map<String, String> CHARSET_TEXT = charsetText();

    private static Map<String, String> charsetText() {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("latin1", "café ÿ ñ");
        text.put("latin2", "Łódź ő");
        text.put("cp1250", "Žluťoučký kůň");
        text.put("cp1251", "Привет, мир");
        text.put("cp1257", "Ąžuolas ē");
        text.put("greek", "Καλημέρα");
        text.put("hebrew", "שלום");
        text.put("cp866", "Привет");
        text.put("tis620", "สวัสดี");
        text.put("macroman", "café ü");
        text.put("macce", "Łódź");
        text.put("big5", "中文測試");
        text.put("gbk", "中文简体");
        text.put("gb2312", "简体中文");
        text.put("sjis", "日本語カナ");
        text.put("cp932", "日本語①");
        text.put("ujis", "日本語");
        text.put("euckr", "한국어");
        text.put("ucs2", "Ω≈€");
        text.put("utf8mb3", "ÆØÅ€");
        text.put("utf8mb4", "emoji 🐬");
        return text;
    }

    @Test
    void textInEveryCharsetArrivesAsTheSameCharactersAndBinaryStaysBytesOnSnapshotAndBinlog(MariaDbServer mariaDb,
            ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            String columns = CHARSET_TEXT.keySet().stream()
                    .map(charset -> "c_" + charset + " VARCHAR(40) CHARACTER SET " + charset)
                    .collect(Collectors.joining(", "));
            statement.execute("CREATE TABLE charsets (id INT PRIMARY KEY, " + columns + ", raw VARBINARY(8), "
                    + "fixed BINARY(4)) DEFAULT CHARSET latin1");
            statement.execute("CREATE TABLE latin_table (id INT PRIMARY KEY, name VARCHAR(20)) DEFAULT CHARSET cp1251");
            insertCharsets(statement, 1);
            JobStartup startup = start(fixture, Map.of());
            fixture.awaitParity(startup.tables(), TIMEOUT);

            insertCharsets(statement, BINLOG_IDS + 1);
            fixture.awaitParity(startup.tables(), TIMEOUT);
            for (int id : new int[] {1, BINLOG_IDS + 1}) {
                assertThat(fixture.clickHouseQuery("SELECT concat(c_sjis, '|', c_cp1251, '|', c_tis620, '|', hex(raw), "
                        + "'|', hex(fixed)) FROM `" + fixture.database() + "`.charsets WHERE id = " + id))
                        .isEqualTo("日本語カナ|Привет, мир|สวัสดี|00FF80|AB000000");
            }
        }
    }

    private static void insertCharsets(Statement statement, int id) throws Exception {
        String values = CHARSET_TEXT.values().stream().map(text -> "'" + text + "'").collect(Collectors.joining(", "));
        statement.execute("INSERT INTO charsets VALUES (" + id + ", " + values + ", X'00FF80', X'AB')");
        statement.execute("INSERT INTO latin_table VALUES (" + id + ", 'Добрый день')");
    }

    private static void insertNumbers(Statement statement, int offset) throws Exception {
        statement.execute("INSERT INTO numbers VALUES (" + (offset + 1) + ", -128, 255, 1, -32768, 65535, -8388608, "
                + "16777215, -2147483648, 4294967295, -9223372036854775808, 18446744073709551615, b'1', b'1111111', "
                + "b'1111111111111111111111111111111111111111111111111111111111111111', "
                + "-99999999999999999999999999999999999.999999999999999999999999999999, -99.99999, -999.999, "
                + "-99999999.9999)");
        // TINYINT(1) holding 5; MySQL rounds 1.234565 to 1.23457 and 2.5e-31 to 0; BIT(64) zero; FLOAT(7,3) rounds.
        statement.execute("INSERT INTO numbers VALUES (" + (offset + 2) + ", 127, 0, 5, 32767, 1, 8388607, 0, "
                + "2147483647, 0, 9223372036854775807, 0, b'0', b'0', b'0', 0.00000000000000000000000000000025, "
                + "1.234565, 1.2345, 0.00005)");
        statement.execute("INSERT INTO numbers (id) VALUES (" + (offset + 3) + ")");
    }

    private static void insertShapes(Statement statement, int offset) throws Exception {
        statement.execute("INSERT INTO shapes VALUES (" + (offset + 1) + ", ST_GeomFromText('POINT(1 2)'), "
                + "ST_GeomFromText('POINT(1 2)', 4326), ST_GeomFromText('LINESTRING(0 0, 1 1, 2 0.5)'), "
                + "ST_GeomFromText('POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1))'), "
                + "ST_GeomFromText('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))'), "
                + "ST_GeomFromText('GEOMETRYCOLLECTION(POINT(3 4), LINESTRING(0 0, 9 9))', 3857), UUID())");
        statement.execute("INSERT INTO shapes (id, p) VALUES (" + (offset + 2) + ", ST_GeomFromText('POINT(0 0)'))");
    }

    @Test
    void theTextPolicyKeepsEveryDateOfEveryCenturyExactlyOnSnapshotAndBinlogAndTheTeeCanSpellThemAsText(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, KafkaBroker kafka, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("SET SESSION sql_mode = ''");
            statement.execute("SET time_zone = '+00:00'");
            statement.execute("CREATE TABLE early (id INT PRIMARY KEY, d DATE NOT NULL, dt DATETIME(3) NULL, "
                    + "ts TIMESTAMP(6) NULL DEFAULT NULL, kept DATE NULL)");
            String rows = "(%d, '0001-01-01', '0001-01-01 00:00:00.001', '1970-01-01 00:00:01.000001', '0017-08-12'), "
                    + "(%d, '0017-08-12', '0099-12-31 23:59:59.999', '2038-01-19 03:14:07.999999', '9999-12-31'), "
                    + "(%d, '9999-12-31', '9999-12-31 23:59:59.999', NULL, NULL), "
                    + "(%d, '0000-00-00', '1899-12-31 23:59:59.000', '2024-02-29 12:00:00.5', '2020-00-00')";
            statement.execute("INSERT INTO early VALUES " + rows.formatted(1, 2, 3, 4));
            Map<String, String> text = Map.of("clickhouse.out-of-range", "text",
                    "clickhouse.out-of-range." + fixture.database() + ".early.kept", "saturate");
            String prefix = names.unique("tee");
            Map<String, String> withTee = new HashMap<>(text);
            withTee.put("kafka.bootstrap-servers", kafka.bootstrapServers());
            withTee.put("tee.enabled", "true");
            withTee.put("tee.topic-prefix", prefix);
            withTee.put("tee.value-format", "text");
            withTee.put("pipeline.name", names.unique("text"));
            start(fixture, withTee);
            String query = "SELECT arrayStringConcat(groupArray(concat(toString(id), ' ', d, ' ', ifNull(dt, 'NULL'), "
                    + "' ', ifNull(ts, 'NULL'), ' ', ifNull(toString(kept), 'NULL'))), ',') FROM (SELECT * FROM `"
                    + fixture.database() + "`.early WHERE id %% 100 = %d ORDER BY id)";
            Eventually.poll(TIMEOUT, Duration.ofMillis(500), () -> fixture.clickHouseQuery("SELECT count() FROM `"
                    + fixture.database() + "`.early"), count -> count.equals("4"));
            statement.execute("INSERT INTO early VALUES " + rows.formatted(101, 102, 103, 104));
            Eventually.poll(TIMEOUT, Duration.ofMillis(500), () -> fixture.clickHouseQuery("SELECT count() FROM `"
                    + fixture.database() + "`.early"), count -> count.equals("8"));

            for (int id : new int[] {1, 2, 3, 4}) {
                assertThat(fixture.clickHouseQuery(query.formatted(id))).as("id %d and %d", id, 100 + id)
                        .isEqualTo(String.join(",", expectedEarly(id), expectedEarly(100 + id)));
            }
            assertThat(validate(fixture, text)).contains("early", "saturated kept=4 (dates outside");
            List<ConsumerRecord<byte[], byte[]>> records = Eventually.poll(TIMEOUT, Duration.ofMillis(500),
                    () -> TeeTopicReader.readAll(kafka.bootstrapServers(),
                            TeeTopics.topic(prefix, new TableId(fixture.database(), "early"))), all -> all.size() >= 8);
            List<String> teeDates = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                JsonNode after = new ObjectMapper().readTree(record.value()).path("after");
                teeDates.add(after.path("id").asText() + " " + after.path("d").asText() + " " + after.path("dt").asText());
            }
            assertThat(teeDates).contains("2 0017-08-12 0099-12-31 23:59:59.999", "102 0017-08-12 0099-12-31 23:59:59.999",
                    "4 0000-01-01 1899-12-31 23:59:59.000");
        }
    }

    private static String expectedEarly(int id) {
        return id + " " + switch (id % 100) {
            case 1 -> "0001-01-01 0001-01-01 00:00:00.001 1970-01-01 00:00:01.000001 1900-01-01";
            case 2 -> "0017-08-12 0099-12-31 23:59:59.999 2038-01-19 03:14:07.999999 2299-12-31";
            case 3 -> "9999-12-31 9999-12-31 23:59:59.999 NULL NULL";
            default -> "0000-01-01 1899-12-31 23:59:59.000 2024-02-29 12:00:00.500000 2020-01-01";
        };
    }

    /** MySQL's stored date under the zero-date rule (zero month or day as 01), the value the tee carries. */
    private static LocalDate mysqlCalendarDay(String text) {
        String[] parts = text.split("-");
        return LocalDate.of(Integer.parseInt(parts[0]), Math.max(1, Integer.parseInt(parts[1])),
                Math.max(1, Integer.parseInt(parts[2])));
    }

    private static void insertDates(Statement statement, int offset) throws Exception {
        List<String> rows = new ArrayList<>();
        String[] years = {"0", "1901", "2155"};
        String[] stamps = {"0000-00-00 00:00:00", "1970-01-01 00:00:01", "2038-01-19 03:14:07"};
        for (int i = 0; i < DATES.size(); i++) {
            DateCase value = DATES.get(i);
            String year = i < years.length ? years[i] : "NULL";
            String stamp = i < stamps.length ? "'" + stamps[i] + "'" : "NULL";
            rows.add("(" + (offset + i + 1) + ", '" + value.date() + "', '" + value.dateTime0() + "', '"
                    + value.dateTime6() + "', " + year + ", " + stamp + ")");
        }
        statement.execute("SET time_zone = '+00:00'");
        statement.execute("INSERT INTO dates VALUES " + String.join(", ", rows));
    }

    private static void awaitDates(PipelineFixture fixture, int rows) throws Exception {
        Eventually.poll(TIMEOUT, Duration.ofMillis(500), () -> fixture.clickHouseQuery("SELECT count() FROM `"
                + fixture.database() + "`.dates").strip(), count -> count.equals(Integer.toString(rows)));
        // The update of row 101 is the last change written.
        Eventually.poll(TIMEOUT, Duration.ofMillis(500), () -> fixture.clickHouseQuery("SELECT count() FROM `"
                + fixture.database() + "`.dates WHERE id = 101 AND toString(dt0) = '2299-12-31 23:59:59'").strip(),
                count -> rows <= DATES.size() || count.equals("1"));
    }

    private static String clickHouseRow(PipelineFixture fixture, int id) throws Exception {
        return fixture.clickHouseQuery("SELECT concat(toString(d), ' | ', toString(dt0), ' | ', ifNull(toString(dt6), "
                + "'NULL')) FROM `"
                + fixture.database() + "`.dates WHERE id = " + id).strip();
    }

    /** Each row's DATE as the tee's latest record of it carries it: Debezium's days since 1970-01-01. */
    private static Map<Integer, Integer> teeDays(KafkaBroker kafka, String topic) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<Integer, Integer> days = new LinkedHashMap<>();
        List<ConsumerRecord<byte[], byte[]>> records = Eventually.poll(TIMEOUT, Duration.ofMillis(500),
                () -> TeeTopicReader.readAll(kafka.bootstrapServers(), topic), all -> all.size() >= 2 * DATES.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode after = json.readTree(record.value()).path("after");
            if (after.isObject()) {
                days.put(after.path("id").intValue(), after.path("d").intValue());
            }
        }
        return days;
    }

    private JobStartup start(PipelineFixture fixture, Map<String, String> overrides) throws Exception {
        JobConfig config = fixture.config(overrides);
        JobStartup startup = JobStartup.prepare(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CdcJob.build(env, config, startup);
        fixture.track(env.executeAsync("value-fidelity-it"));
        return startup;
    }

    /** bin/validate's report for the test's database. */
    private String validate(PipelineFixture fixture, Map<String, String> overrides) throws Exception {
        Path properties = folder.resolve("job.properties");
        Files.writeString(properties, fixture.configValues(overrides).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining("\n")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ValidateCommand.run(new String[] {"--config", properties.toString()}, fixture.passwordEnvironment(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isEqualTo(ValidateCommand.EXIT_OK);
        return report;
    }
}
