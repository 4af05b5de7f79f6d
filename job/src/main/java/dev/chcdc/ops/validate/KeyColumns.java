package dev.chcdc.ops.validate;

import dev.chcdc.clickhouse.schema.MySqlTypeMapping;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.TableSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A table's primary-key columns as the validator uses them: to compare canonical keys in the order both engines
 * sort them, and to write a key back into each engine's SQL. Key ranges only mean the same set of rows in MySQL and
 * ClickHouse when both sort keys alike, so only key types for which they do are accepted: integers, DECIMAL, BIT,
 * YEAR, DATE, DATETIME, TIMESTAMP, BINARY/VARBINARY and CHAR/VARCHAR with a binary UTF-8 or ASCII collation
 * (code-point order, as ClickHouse sorts UTF-8 bytes). A case-insensitive collation, ENUM (sorted by index in
 * MySQL, by label in ClickHouse), TIME (a string in ClickHouse) or floats are refused.
 */
public final class KeyColumns implements Comparator<RowKey> {
    private final List<KeyColumn> columns;

    private KeyColumns(List<KeyColumn> columns) {
        this.columns = List.copyOf(columns);
    }

    /** One key column: how its canonical texts order and how a text is written back into each engine's SQL. */
    private record KeyColumn(String name, boolean numeric, String mysqlParameter, String clickHouseType,
            boolean binary) {}

    /**
     * The key columns of {@code table}; {@code collations} maps each character column to its collation name.
     *
     * @throws UnsupportedKeyException naming the first key column whose order may differ between the engines
     */
    public static KeyColumns of(TableSchema table, Map<String, String> collations) {
        List<KeyColumn> columns = new ArrayList<>();
        for (int position : table.keyColumns()) {
            ColumnSchema column = table.columns().get(position);
            String clickHouseType = MySqlTypeMapping.toClickHouse(table, position).sql();
            String unsigned = column.unsigned() ? "UNSIGNED" : "SIGNED";
            KeyColumn key = switch (column.type()) {
                case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT ->
                        new KeyColumn(column.name(), true, "CAST(? AS " + unsigned + ")", clickHouseType, false);
                case BIT, YEAR -> new KeyColumn(column.name(), true, "CAST(? AS UNSIGNED)", clickHouseType, false);
                case DECIMAL -> new KeyColumn(column.name(), true, "CAST(? AS DECIMAL("
                        + column.precision() + ", " + column.scale() + "))", clickHouseType, false);
                case DATE -> new KeyColumn(column.name(), false, "CAST(? AS DATE)", clickHouseType, false);
                // TIMESTAMP compares as the UTC wall clock in the validator's UTC session.
                case DATETIME, TIMESTAMP -> new KeyColumn(column.name(), false,
                        "CAST(? AS DATETIME(" + Math.max(0, column.precision()) + "))", clickHouseType, false);
                case BINARY -> new KeyColumn(column.name(), false, "UNHEX(?)", clickHouseType, true);
                case TEXT -> {
                    String collation = collations.getOrDefault(column.name(), "");
                    if (!isBinaryUnicodeOrder(collation)) {
                        throw new UnsupportedKeyException(table.table() + ": key column `" + column.name()
                                + "` has collation " + collation + ", which sorts differently from ClickHouse's "
                                + "byte order; only binary collations (e.g. utf8mb4_bin) can be validated by key range");
                    }
                    yield new KeyColumn(column.name(), false, "?", clickHouseType, false);
                }
                case FLOAT, DOUBLE, TIME, ENUM, SET, JSON, SPATIAL -> throw new UnsupportedKeyException(
                        table.table() + ": key column `" + column.name() + "` ("
                        + column.columnType() + ") sorts differently in MySQL and ClickHouse; tables keyed by it "
                        + "cannot be validated by key range");
            };
            columns.add(key);
        }
        return new KeyColumns(columns);
    }

    private static boolean isBinaryUnicodeOrder(String collation) {
        String name = collation.toLowerCase(Locale.ROOT);
        return name.endsWith("_bin")
                && (name.startsWith("utf8mb4_") || name.startsWith("utf8mb3_") || name.startsWith("utf8_")
                        || name.startsWith("ascii_"));
    }

    public List<String> names() {
        return columns.stream().map(KeyColumn::name).toList();
    }

    public int size() {
        return columns.size();
    }

    /** Orders keys as both engines sort them: numbers by value, all else by code point (dates are fixed-width). */
    @Override
    public int compare(RowKey left, RowKey right) {
        for (int i = 0; i < columns.size(); i++) {
            String a = left.values().get(i);
            String b = right.values().get(i);
            int order = columns.get(i).numeric()
                    ? new BigDecimal(a).compareTo(new BigDecimal(b))
                    : compareCodePoints(a, b);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** The MySQL placeholder for the key column at {@code index}, converting a canonical text back to its type. */
    public String mysqlParameter(int index) {
        return columns.get(index).mysqlParameter();
    }

    /** A ClickHouse literal of the key column's type for the canonical text {@code value}. */
    public String clickHouseLiteral(int index, String value) {
        KeyColumn column = columns.get(index);
        String quoted = "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
        return column.binary() ? "unhex(" + quoted + ")" : "CAST(" + quoted + " AS " + column.clickHouseType() + ")";
    }
}
