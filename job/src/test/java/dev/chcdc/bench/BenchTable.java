package dev.chcdc.bench;

import dev.chcdc.stack.MariaDbServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's MySQL table: {@code items} with the column types the brief asks for (BIGINT key, INT,
 * DECIMAL(12,2), two VARCHARs, DATETIME(6), TIMESTAMP(3)), one in ten notes NULL so the Nullable path is
 * exercised, loaded in bulk from MariaDB's {@code seq_1_to_N} sequence engine with the binlog off for the
 * loading session (the snapshot reads the table, not the binlog). Rows are a pure function of their id, so
 * every copy can be checked against MySQL with {@link #mysqlChecksum} and {@link #clickHouseChecksum}.
 */
final class BenchTable {
    static final String TABLE = "items";
    static final String RAW_TABLE = TABLE + "_raw";
    /** Characters in the main table's note column. */
    static final int NOTE_LENGTH = 40;
    static final List<String> COLUMNS =
            List.of("id", "qty", "price", "name", "note", "created_at", "updated_at");
    private static final Logger LOG = LoggerFactory.getLogger(BenchTable.class);
    private static final long LOAD_CHUNK = 250_000;

    /** InnoDB's view of the table after ANALYZE TABLE: clustered index (the rows) and secondary indexes. */
    record Size(long rows, long dataLength, long indexLength, long avgRowLength) {}

    /** Aggregates that identify a table's content; the first eight are comparable between MySQL and ClickHouse. */
    record Checksum(List<String> values, String contentHash) {
        boolean sameRowsAs(Checksum other) {
            return values.equals(other.values);
        }
    }

    private BenchTable() {}

    /** Creates database {@code database} with an empty {@code items} table whose note holds {@code noteLength} characters. */
    static void create(Connection root, String database, int noteLength) throws SQLException {
        try (Statement statement = root.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + database + "`");
            statement.execute("GRANT SELECT ON `" + database + "`.* TO '" + MariaDbServer.CDC_USER + "'@'%'");
            statement.execute("CREATE TABLE `" + database + "`.`" + TABLE + "` ("
                    + "id BIGINT NOT NULL PRIMARY KEY, "
                    + "qty INT NOT NULL, "
                    + "price DECIMAL(12,2) NOT NULL, "
                    + "name VARCHAR(64) NOT NULL, "
                    + "note VARCHAR(" + Math.max(255, noteLength) + ") NULL, "
                    + "created_at DATETIME(6) NOT NULL, "
                    + "updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)"
                    + ") ENGINE=InnoDB");
        }
    }

    /** Appends rows {@code from..to} (ids), in transactions of {@value #LOAD_CHUNK} rows, without binlog. */
    static void load(Connection root, String database, long from, long to, int noteLength) throws SQLException {
        long started = System.nanoTime();
        try (Statement statement = root.createStatement()) {
            statement.execute("SET SESSION sql_log_bin = 0");
            statement.execute("SET SESSION time_zone = '+00:00'");
            for (long start = from; start <= to; start += LOAD_CHUNK) {
                long end = Math.min(to, start + LOAD_CHUNK - 1);
                statement.executeUpdate("INSERT INTO `" + database + "`.`" + TABLE + "` SELECT "
                        + "seq, "
                        + "seq % 1000, "
                        + "CAST((seq % 1000000) / 100 AS DECIMAL(12,2)), "
                        + "CONCAT('item-', seq), "
                        + "IF(seq % 10 = 0, NULL, LEFT(REPEAT(CONCAT(MD5(seq), ' '), " + (noteLength / 33 + 1) + "), "
                        + noteLength + ")), "
                        + "TIMESTAMP'2020-01-01 00:00:00' + INTERVAL seq SECOND + INTERVAL (seq * 7919) % 1000000 MICROSECOND, "
                        + "FROM_UNIXTIME(1600000000 + seq + (seq % 1000) / 1000) "
                        + "FROM `" + database + "`.seq_" + start + "_to_" + end);
            }
            statement.execute("SET SESSION sql_log_bin = 1");
        }
        LOG.info("Loaded rows {}..{} into {}.{} in {} s", from, to, database, TABLE,
                String.format("%.1f", (System.nanoTime() - started) / 1e9));
    }

    static Size size(Connection root, String database) throws SQLException {
        try (Statement statement = root.createStatement()) {
            statement.execute("ANALYZE TABLE `" + database + "`.`" + TABLE + "`");
        }
        try (PreparedStatement statement = root.prepareStatement("SELECT TABLE_ROWS, DATA_LENGTH, INDEX_LENGTH, "
                + "AVG_ROW_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            statement.setString(1, database);
            statement.setString(2, TABLE);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return new Size(result.getLong(1), result.getLong(2), result.getLong(3), result.getLong(4));
            }
        }
    }

    static Checksum mysqlChecksum(Connection root, String database) throws SQLException {
        try (Statement statement = root.createStatement()) {
            statement.execute("SET SESSION time_zone = '+00:00'");
            try (ResultSet result = statement.executeQuery("SELECT COUNT(*), SUM(id), SUM(qty), SUM(price), "
                    + "SUM(note IS NULL), SUM(CHAR_LENGTH(name)), "
                    + "SUM(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', created_at)), "
                    + "SUM(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', updated_at)) DIV 1000 "
                    + "FROM `" + database + "`.`" + TABLE + "`")) {
                result.next();
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= 8; i++) {
                    values.add(normalise(result.getString(i)));
                }
                return new Checksum(values, null);
            }
        }
    }

    /** The same aggregates over a ClickHouse raw table, plus a hash of every user column of every row. */
    static Checksum clickHouseChecksum(BenchServices services, String database) {
        String answer = services.clickHouseQuery("SELECT count(), sum(id), sum(qty), sum(price), countIf(isNull(note)), "
                + "sum(lengthUTF8(name)), sum(toInt128(toUnixTimestamp64Micro(created_at))), "
                + "sum(toInt128(toUnixTimestamp64Milli(updated_at))), "
                + "sum(cityHash64(id, qty, price, name, note, created_at, updated_at)) "
                + "FROM `" + database + "`.`" + RAW_TABLE + "` FORMAT TabSeparated").trim();
        String[] fields = answer.split("\t");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            values.add(normalise(fields[i]));
        }
        return new Checksum(values, fields[8]);
    }

    private static String normalise(String number) {
        return number == null ? "NULL" : new BigDecimal(number).stripTrailingZeros().toPlainString();
    }
}
