package dev.chcdc.ops.validate;

import dev.chcdc.clickhouse.schema.TableDdl;
import dev.chcdc.source.MySqlIdentifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * WHERE conditions on a table's primary key, for MySQL (placeholders, values converted back with
 * {@link KeyColumns#mysqlParameter}) and for ClickHouse (typed literals). A composite key's range is spelled out as
 * {@code a > x OR (a = x AND b > y)} rather than as a row comparison {@code (a, b) > (x, y)}: both engines'
 * optimizers turn the expanded form into primary-key index ranges.
 */
public final class KeyConditions {
    private final KeyColumns keys;

    public KeyConditions(KeyColumns keys) {
        this.keys = keys;
    }

    public SqlCondition mysql(KeyRange range) {
        List<String> parameters = new ArrayList<>();
        return new SqlCondition(range(range, MySqlIdentifier::quote, mysqlLiteral(parameters)), parameters);
    }

    public SqlCondition clickHouse(KeyRange range) {
        return new SqlCondition(range(range, TableDdl::quote, keys::clickHouseLiteral), List.of());
    }

    /** Rows whose key is one of {@code rowKeys} (not empty). */
    public SqlCondition mysql(Collection<RowKey> rowKeys) {
        List<String> parameters = new ArrayList<>();
        return new SqlCondition(anyOf(rowKeys, MySqlIdentifier::quote, mysqlLiteral(parameters)), parameters);
    }

    public SqlCondition clickHouse(Collection<RowKey> rowKeys) {
        return new SqlCondition(anyOf(rowKeys, TableDdl::quote, keys::clickHouseLiteral), List.of());
    }

    /** {@code a, b}: the key columns for ORDER BY. */
    public String mysqlOrder() {
        return String.join(", ", keys.names().stream().map(MySqlIdentifier::quote).toList());
    }

    public String clickHouseOrder() {
        return String.join(", ", keys.names().stream().map(TableDdl::quote).toList());
    }

    private BiFunction<Integer, String, String> mysqlLiteral(List<String> parameters) {
        return (column, value) -> {
            parameters.add(value);
            return keys.mysqlParameter(column);
        };
    }

    private String range(KeyRange range, UnaryOperator<String> quote, BiFunction<Integer, String, String> literal) {
        List<String> parts = new ArrayList<>();
        if (range.after() != null) {
            parts.add(compare(range.after(), 0, ">", ">", quote, literal));
        }
        if (range.upTo() != null) {
            parts.add(compare(range.upTo(), 0, "<", "<=", quote, literal));
        }
        return parts.isEmpty() ? "1 = 1" : String.join(" AND ", parts);
    }

    /** Lexicographic comparison from column {@code from} on: {@code a > x OR (a = x AND <the rest>)}. */
    private String compare(RowKey key, int from, String strict, String last, UnaryOperator<String> quote,
            BiFunction<Integer, String, String> literal) {
        String column = quote.apply(keys.names().get(from));
        if (from == keys.size() - 1) {
            return column + " " + last + " " + literal.apply(from, key.values().get(from));
        }
        String before = column + " " + strict + " " + literal.apply(from, key.values().get(from));
        String equal = column + " = " + literal.apply(from, key.values().get(from));
        return "(" + before + " OR (" + equal + " AND " + compare(key, from + 1, strict, last, quote, literal) + "))";
    }

    private String anyOf(Collection<RowKey> rowKeys, UnaryOperator<String> quote,
            BiFunction<Integer, String, String> literal) {
        List<String> alternatives = new ArrayList<>();
        for (RowKey key : rowKeys) {
            List<String> equalities = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                equalities.add(quote.apply(keys.names().get(i)) + " = " + literal.apply(i, key.values().get(i)));
            }
            alternatives.add("(" + String.join(" AND ", equalities) + ")");
        }
        return String.join(" OR ", alternatives);
    }
}
