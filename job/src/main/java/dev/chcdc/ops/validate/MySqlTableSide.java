package dev.chcdc.ops.validate;

import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.TableSchema;
import dev.chcdc.source.MySqlIdentifier;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MySQL table, read only through its primary key: every query is a range or point lookup on the clustered
 * index, returns at most {@code limit} rows or one aggregate row, and runs under the session's statement timeout
 * ({@link MySqlReadSession}). Nothing reads a whole table into memory.
 */
public final class MySqlTableSide implements TableSide, KeyBoundaries {
    private final Connection connection;
    private final TableSchema schema;
    private final KeyConditions conditions;
    private final String table;
    private final String keyTexts;
    private final String rowHash;
    /** The date columns whose ClickHouse copy saturates values outside its range (not those kept as text). */
    private final List<ColumnSchema> saturating;

    /** {@code target}: the table's ClickHouse copy, whose column types decide how a date compares. */
    public MySqlTableSide(Connection connection, ClickHouseTable target, KeyColumns keys) {
        TableSchema schema = target.source();
        this.connection = connection;
        this.schema = schema;
        this.conditions = new KeyConditions(keys);
        this.table = MySqlIdentifier.quote(schema.table().database()) + "."
                + MySqlIdentifier.quote(schema.table().table());
        List<String> texts = new ArrayList<>();
        for (int position : schema.keyColumns()) {
            texts.add(CanonicalText.mysql(schema.columns().get(position), target.columns().get(position).type()));
        }
        this.keyTexts = String.join(", ", texts);
        this.rowHash = CanonicalText.mysqlRowHash(target);
        this.saturating = new ArrayList<>();
        for (int i = 0; i < schema.columns().size(); i++) {
            if (schema.columns().get(i).holdsDates() && !CanonicalText.isText(target.columns().get(i).type())) {
                saturating.add(schema.columns().get(i));
            }
        }
    }

    /**
     * The collations of {@code schema}'s character columns, which decide whether its key can be split into ranges
     * ({@link KeyColumns}).
     */
    public static Map<String, String> collations(Connection connection, TableSchema schema) throws SQLException {
        Map<String, String> collations = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT COLUMN_NAME, COLLATION_NAME "
                + "FROM INFORMATION_SCHEMA.COLUMNS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLLATION_NAME IS NOT NULL")) {
            statement.setString(1, schema.table().database());
            statement.setString(2, schema.table().table());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    collations.put(result.getString(1), result.getString(2));
                }
            }
        }
        return collations;
    }

    @Override
    public RowKey keyAt(RowKey after, int n) {
        SqlCondition condition = conditions.mysql(new KeyRange(after, null));
        // OFFSET walks n index entries inside the server and sends one row.
        String sql = "SELECT " + keyTexts + " FROM " + table + " WHERE " + condition.sql() + " ORDER BY "
                + conditions.mysqlOrder() + " LIMIT 1 OFFSET " + (n - 1);
        return query(sql, condition, result -> result.next() ? key(result) : null);
    }

    @Override
    public RangeChecksum checksum(KeyRange range) {
        SqlCondition condition = conditions.mysql(range);
        String sql = "SELECT COUNT(*), SUM(" + rowHash + ") FROM " + table + " WHERE " + condition.sql();
        return query(sql, condition, result -> {
            result.next();
            BigDecimal sum = result.getBigDecimal(2);
            // SUM is an exact DECIMAL; its low 64 bits are the sum modulo 2^64, as ClickHouse's UInt64 sum wraps.
            return new RangeChecksum(result.getLong(1), sum == null ? 0 : sum.toBigInteger().longValue());
        });
    }

    @Override
    public List<RowHash> rows(KeyRange range, int limit) {
        SqlCondition condition = conditions.mysql(range);
        String sql = "SELECT " + keyTexts + ", " + rowHash + " FROM " + table + " WHERE " + condition.sql()
                + " ORDER BY " + conditions.mysqlOrder() + " LIMIT " + limit;
        return query(sql, condition, result -> {
            List<RowHash> rows = new ArrayList<>();
            while (result.next()) {
                rows.add(new RowHash(key(result), hash(result)));
            }
            return rows;
        });
    }

    @Override
    public Map<RowKey, Long> rows(Collection<RowKey> keys) {
        Map<RowKey, Long> rows = new LinkedHashMap<>();
        List<RowKey> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += LOOKUP_BATCH) {
            List<RowKey> batch = all.subList(from, Math.min(all.size(), from + LOOKUP_BATCH));
            SqlCondition condition = conditions.mysql(batch);
            String sql = "SELECT " + keyTexts + ", " + rowHash + " FROM " + table + " WHERE " + condition.sql();
            query(sql, condition, result -> {
                while (result.next()) {
                    rows.put(key(result), hash(result));
                }
                return rows;
            });
        }
        return rows;
    }

    private RowKey key(ResultSet result) throws SQLException {
        List<String> values = new ArrayList<>(schema.keyColumns().size());
        for (int i = 1; i <= schema.keyColumns().size(); i++) {
            values.add(result.getString(i));
        }
        return new RowKey(values);
    }

    /**
     * Per date column, how many of MySQL's values lie outside ClickHouse's date range (written saturated under
     * {@code clickhouse.out-of-range=saturate}); only columns with some.
     */
    public Map<String, Long> saturatedValues() {
        if (saturating.isEmpty()) {
            return Map.of();
        }
        String sums = saturating.stream()
                .map(column -> "IFNULL(SUM(" + CanonicalText.mysqlOutsideClickHouseRange(column) + "), 0)")
                .collect(java.util.stream.Collectors.joining(", "));
        return query("SELECT " + sums + " FROM " + table, new SqlCondition("TRUE", List.of()), result -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            result.next();
            for (int i = 0; i < saturating.size(); i++) {
                long count = result.getLong(i + 1);
                if (count > 0) {
                    counts.put(saturating.get(i).name(), count);
                }
            }
            return counts;
        });
    }

    /** The row hash after the key columns: BIGINT UNSIGNED, read as the same 64 bits in a long. */
    private long hash(ResultSet result) throws SQLException {
        return Long.parseUnsignedLong(result.getString(schema.keyColumns().size() + 1));
    }

    private <T> T query(String sql, SqlCondition condition, ResultReader<T> reader) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < condition.parameters().size(); i++) {
                statement.setString(i + 1, condition.parameters().get(i));
            }
            try (ResultSet result = statement.executeQuery()) {
                return reader.read(result);
            }
        } catch (SQLException e) {
            throw new TableReadException("MySQL, table " + schema.table() + ": " + e.getMessage(), e);
        }
    }

    private interface ResultReader<T> {
        T read(ResultSet result) throws SQLException;
    }
}
