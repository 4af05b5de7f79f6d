package dev.chcdc.ops.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.event.ColumnSchema;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MySQL (MariaDB) and ClickHouse render FLOAT and DOUBLE values as the same canonical text, over the types' whole
 * range: random bit patterns, the workload's multiples of 1/64 and values on a 7-digit tie, where rounding to
 * FLOAT's 6 printed digits must go the same way on both sides. ClickHouse holds a FLOAT the way the pipeline
 * writes it: exact from the binlog, or parsed from MySQL's 6-digit text from the snapshot.
 */
@ExtendWith(RealServices.class)
class FloatCanonicalTextIT {
    private static final int VALUES = 5_000;
    private static final ColumnSchema FLOAT = new ColumnSchema("v", "float", "float", 12, -1, false);
    private static final ColumnSchema DOUBLE = new ColumnSchema("v", "double", "double", 22, -1, false);

    @Test
    void floatTextAgreesForBinlogAndSnapshotCopies(MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names)
            throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            List<Double> values = floats(new Random(7));
            List<String> expected = mysqlTexts(mysql, "FLOAT", values, FLOAT);
            List<String> printed = mysqlPrinted(mysql);
            List<Double> snapshot = printed.stream().map(text -> (double) Float.parseFloat(text)).toList();

            assertThat(clickHouseTexts(fixture, "Float32", values, FLOAT)).isEqualTo(expected);
            assertThat(clickHouseTexts(fixture, "Float32", snapshot, FLOAT)).isEqualTo(expected);
        }
    }

    @Test
    void doubleTextAgrees(MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot()) {
            List<Double> values = doubles(new Random(11));

            assertThat(clickHouseTexts(fixture, "Float64", values, DOUBLE))
                    .isEqualTo(mysqlTexts(mysql, "DOUBLE", values, DOUBLE));
        }
    }

    /** Float values as exact doubles: random bits, multiples of 1/64, and 7-digit ties at every exponent. */
    private static List<Double> floats(Random random) {
        List<Double> values = new ArrayList<>();
        while (values.size() < VALUES) {
            float value = switch (values.size() % 3) {
                case 0 -> Float.intBitsToFloat(random.nextInt());
                case 1 -> random.nextInt(1 << 20) / 64.0f - 1000f;
                default -> (float) ((1_000_000 + random.nextInt(9_000_000) + 0.5) * Math.pow(10, random.nextInt(70) - 45));
            };
            // MySQL has no NaN or infinities.
            if (Float.isFinite(value)) {
                values.add((double) value);
            }
        }
        return values;
    }

    private static List<Double> doubles(Random random) {
        List<Double> values = new ArrayList<>();
        while (values.size() < VALUES) {
            double value = values.size() % 2 == 0
                    ? Double.longBitsToDouble(random.nextLong())
                    : random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            if (Double.isFinite(value)) {
                values.add(value);
            }
        }
        return values;
    }

    /** Stores the values in a MySQL column of {@code type} and reads back their canonical text, in order. */
    private static List<String> mysqlTexts(Connection mysql, String type, List<Double> values, ColumnSchema column)
            throws SQLException {
        try (Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE numbers (id INT PRIMARY KEY, v " + type + " NOT NULL)");
        }
        try (PreparedStatement insert = mysql.prepareStatement("INSERT INTO numbers VALUES (?, ?)")) {
            for (int i = 0; i < values.size(); i++) {
                insert.setInt(1, i);
                // The exact double: a FLOAT value converts to FLOAT without rounding.
                insert.setDouble(2, values.get(i));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return strings(mysql, "SELECT " + CanonicalText.mysql(column) + " FROM numbers ORDER BY id");
    }

    /** The FLOAT values as MySQL prints them, which is what the snapshot reads. */
    private static List<String> mysqlPrinted(Connection mysql) throws SQLException {
        return strings(mysql, "SELECT CAST(v AS CHAR) FROM numbers ORDER BY id");
    }

    private static List<String> clickHouseTexts(PipelineFixture fixture, String type, List<Double> values,
            ColumnSchema column) throws Exception {
        String table = "`" + fixture.database() + "`.numbers_" + type + "_" + System.nanoTime();
        fixture.clickHouseQuery("CREATE DATABASE IF NOT EXISTS `" + fixture.database() + "`");
        fixture.clickHouseQuery("CREATE TABLE " + table + " (id Int32, v " + type + ") ENGINE = MergeTree ORDER BY id");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            rows.append(i == 0 ? "" : ", ").append('(').append(i).append(", ").append(values.get(i)).append(')');
        }
        fixture.clickHouseQuery("INSERT INTO " + table + " VALUES " + rows);
        String texts = fixture.clickHouseQuery("SELECT " + CanonicalText.clickHouse(column) + " FROM " + table
                + " ORDER BY id FORMAT TSVRaw");
        return texts.lines().collect(Collectors.toList());
    }

    private static List<String> strings(Connection mysql, String sql) throws SQLException {
        List<String> texts = new ArrayList<>();
        try (Statement statement = mysql.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                texts.add(result.getString(1));
            }
        }
        return texts;
    }
}
