package dev.chcdc.testsupport;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QuerySettings;
import dev.chcdc.clickhouse.schema.TableDdl;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.TableSchema;
import dev.chcdc.source.MySqlIdentifier;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Compares a MySQL table with its ClickHouse view, column by column and value by value. Both sides render every
 * value as canonical text in SQL (hex for binary, UTC for TIMESTAMP, exact digits for DECIMAL and floats), so
 * a difference in any value, a missing row or an extra row shows up as a differing line.
 */
public final class TableParity {
    private TableParity() {}

    /** The MySQL rows as canonical lines, sorted. */
    public static List<String> mysqlRows(Connection mysql, TableSchema schema) throws SQLException {
        String columns = schema.columns().stream().map(TableParity::mysqlExpression).collect(Collectors.joining(", "));
        String sql = "SELECT " + columns + " FROM " + MySqlIdentifier.quote(schema.table().database()) + "."
                + MySqlIdentifier.quote(schema.table().table());
        List<String> rows = new ArrayList<>();
        try (Statement statement = mysql.createStatement()) {
            statement.execute("SET time_zone = '+00:00'");
            try (ResultSet result = statement.executeQuery(sql)) {
                while (result.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < schema.columns().size(); i++) {
                        values.add(canonical(schema.columns().get(i), result.getString(i + 1)));
                    }
                    rows.add(String.join(" | ", values));
                }
            }
        }
        // Sorted here, not by ORDER BY: the engines order some keys differently (collations, ENUM, TIME as text).
        Collections.sort(rows);
        return rows;
    }

    /** The ClickHouse view's rows as canonical lines, sorted. */
    public static List<String> clickHouseRows(Client clickHouse, String database, TableSchema schema) throws Exception {
        String columns = schema.columns().stream().map(TableParity::clickHouseExpression).collect(Collectors.joining(", "));
        String sql = "SELECT " + columns + " FROM " + TableDdl.quote(database) + "." + TableDdl.quote(schema.table().table());
        QuerySettings settings = new QuerySettings().serverSetting("output_format_decimal_trailing_zeros", "1");
        List<String> rows = new ArrayList<>();
        try (var response = clickHouse.query(sql, settings).get()) {
            var reader = clickHouse.newBinaryFormatReader(response);
            while (reader.hasNext()) {
                reader.next();
                List<String> values = new ArrayList<>();
                for (int i = 0; i < schema.columns().size(); i++) {
                    values.add(canonical(schema.columns().get(i), reader.hasValue(i + 1) ? reader.getString(i + 1) : null));
                }
                rows.add(String.join(" | ", values));
            }
        }
        // Sorted here, not by ORDER BY: the engines order some keys differently (collations, ENUM, TIME as text).
        Collections.sort(rows);
        return rows;
    }

    private static String mysqlExpression(ColumnSchema column) {
        String name = MySqlIdentifier.quote(column.name());
        return switch (column.type()) {
            case BINARY, SPATIAL -> "HEX(" + name + ")";
            // + 0: ZEROFILL's leading zeros are MySQL's display, not the value.
            case BIT, TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT, DECIMAL -> "CAST(" + name + " + 0 AS CHAR)";
            case FLOAT -> "CAST(" + name + " AS DOUBLE)";
            default -> "CAST(" + name + " AS CHAR)";
        };
    }

    private static String clickHouseExpression(ColumnSchema column) {
        String name = TableDdl.quote(column.name());
        return switch (column.type()) {
            case BINARY, SPATIAL -> "hex(" + name + ")";
            case BIT -> column.precision() == 1 ? "toString(toUInt8(" + name + "))" : "toString(" + name + ")";
            case FLOAT -> "toString(toFloat64(" + name + "))";
            default -> "toString(" + name + ")";
        };
    }

    /** Evens out spellings that differ without the value differing (trailing decimal zeros, float digits). */
    private static String canonical(ColumnSchema column, String value) {
        if (value == null) {
            return "NULL";
        }
        return switch (column.type()) {
            case DECIMAL -> new BigDecimal(value).stripTrailingZeros().toPlainString();
            // FLOAT holds 6 significant decimal digits; the snapshot reads it through MySQL's text protocol,
            // which prints exactly those 6 (1878.6875 reads as 1878.69, printf rounding: half-even), the binlog carries all 4 bytes.
            case FLOAT -> new BigDecimal(Double.parseDouble(value)).round(new java.math.MathContext(6, java.math.RoundingMode.HALF_EVEN))
                    .stripTrailingZeros().toPlainString();
            case DOUBLE -> Double.toString(Double.parseDouble(value));
            default -> value;
        };
    }
}
