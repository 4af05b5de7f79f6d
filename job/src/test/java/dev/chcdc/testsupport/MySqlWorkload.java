package dev.chcdc.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A seeded random workload on the {@link WorkloadTables}: bulk initial rows, then inserts, updates, deletes,
 * primary-key changes and multi-row updates, grouped into transactions of one to five statements. It tracks
 * which keys exist, so every change hits a real row. Not thread-safe: one workload per connection.
 */
public final class MySqlWorkload {
    private Connection connection;
    private final List<WorkloadTables.Table> tables;
    private final Random random;
    private final Map<String, List<long[]>> keys = new HashMap<>();
    private final Map<String, Long> nextKey = new HashMap<>();
    private long changes;

    public MySqlWorkload(Connection connection, List<WorkloadTables.Table> tables, long seed) throws SQLException {
        this.tables = tables;
        this.random = new Random(seed);
        reconnect(connection);
        for (WorkloadTables.Table table : tables) {
            keys.put(table.name(), new ArrayList<>());
            nextKey.put(table.name(), 1L);
        }
    }

    /** Goes on with {@code connection} (e.g. after the server restarted), remembering every key made so far. */
    public void reconnect(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET time_zone = '+00:00'");
        }
    }

    public void createTables() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (WorkloadTables.Table table : tables) {
                statement.execute(table.createSql());
            }
        }
    }

    /** Inserts {@code rows} new rows into every table, in batches. */
    public void insertRows(int rows) throws SQLException {
        connection.setAutoCommit(false);
        for (WorkloadTables.Table table : tables) {
            try (PreparedStatement insert = connection.prepareStatement(insertSql(table))) {
                for (int i = 0; i < rows; i++) {
                    bindInsert(table, insert, newKey(table));
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
        }
        connection.setAutoCommit(true);
    }

    /** Makes {@code count} random changes in transactions of one to five statements. */
    public void randomChanges(int count) throws SQLException {
        connection.setAutoCommit(false);
        int done = 0;
        while (done < count) {
            int statements = 1 + random.nextInt(5);
            for (int i = 0; i < statements && done < count; i++, done++) {
                change(tables.get(random.nextInt(tables.size())));
            }
            connection.commit();
        }
        connection.setAutoCommit(true);
        changes += count;
    }

    public long changesMade() {
        return changes;
    }

    private void change(WorkloadTables.Table table) throws SQLException {
        List<long[]> existing = keys.get(table.name());
        int dice = random.nextInt(100);
        if (existing.isEmpty() || dice < 35) {
            try (PreparedStatement insert = connection.prepareStatement(insertSql(table))) {
                bindInsert(table, insert, newKey(table));
                insert.executeUpdate();
            }
        } else if (dice < 70) {
            long[] key = existing.get(random.nextInt(existing.size()));
            List<WorkloadTables.Column> columns = pickColumns(table);
            String set = columns.stream().map(column -> "`" + column.name() + "` = ?").collect(Collectors.joining(", "));
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE `" + table.name() + "` SET " + set + " WHERE " + keyCondition(table))) {
                int index = 1;
                for (WorkloadTables.Column column : columns) {
                    bind(update, index++, column.generator().apply(random));
                }
                bindKey(update, index, key);
                update.executeUpdate();
            }
        } else if (dice < 85) {
            long[] key = existing.remove(random.nextInt(existing.size()));
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM `" + table.name() + "` WHERE " + keyCondition(table))) {
                bindKey(delete, 1, key);
                delete.executeUpdate();
            }
        } else if (dice < 95) {
            // Primary-key change: the old key disappears, a new one appears with the same row.
            int position = random.nextInt(existing.size());
            long[] oldKey = existing.get(position);
            long[] newKey = newKey(table);
            keys.get(table.name()).remove(keys.get(table.name()).size() - 1);
            existing.set(position, newKey);
            String first = table.keyColumns().get(0).name();
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE `" + table.name() + "` SET `" + first + "` = ? WHERE " + keyCondition(table))) {
                update.setLong(1, newKey[0]);
                bindKey(update, 2, oldKey);
                update.executeUpdate();
            }
            if (newKey.length > 1) {
                newKey[1] = oldKey[1];
            }
        } else {
            // One statement changing several rows: one binlog event with several rows.
            WorkloadTables.Column column = table.columns().get(random.nextInt(table.columns().size()));
            String first = table.keyColumns().get(0).name();
            long from = existing.get(random.nextInt(existing.size()))[0];
            try (PreparedStatement update = connection.prepareStatement("UPDATE `" + table.name() + "` SET `"
                    + column.name() + "` = ? WHERE `" + first + "` BETWEEN ? AND ?")) {
                bind(update, 1, column.generator().apply(random));
                update.setLong(2, from);
                update.setLong(3, from + 20);
                update.executeUpdate();
            }
        }
    }

    private List<WorkloadTables.Column> pickColumns(WorkloadTables.Table table) {
        List<WorkloadTables.Column> columns = new ArrayList<>(table.columns());
        java.util.Collections.shuffle(columns, random);
        return columns.subList(0, 1 + random.nextInt(Math.min(3, columns.size())));
    }

    private long[] newKey(WorkloadTables.Table table) {
        long next = nextKey.merge(table.name(), 1L, Long::sum) - 1;
        long[] key = table.keyColumns().size() == 1 ? new long[] {next} : new long[] {next, 1 + random.nextInt(3)};
        keys.get(table.name()).add(key);
        return key;
    }

    private static String insertSql(WorkloadTables.Table table) {
        List<String> names = new ArrayList<>();
        table.keyColumns().forEach(column -> names.add("`" + column.name() + "`"));
        table.columns().forEach(column -> names.add("`" + column.name() + "`"));
        return "INSERT INTO `" + table.name() + "` (" + String.join(", ", names) + ") VALUES ("
                + names.stream().map(name -> "?").collect(Collectors.joining(", ")) + ")";
    }

    private void bindInsert(WorkloadTables.Table table, PreparedStatement insert, long[] key) throws SQLException {
        int index = 1;
        for (long part : key) {
            insert.setLong(index++, part);
        }
        for (WorkloadTables.Column column : table.columns()) {
            bind(insert, index++, column.generator().apply(random));
        }
    }

    private static String keyCondition(WorkloadTables.Table table) {
        return table.keyColumns().stream().map(column -> "`" + column.name() + "` = ?").collect(Collectors.joining(" AND "));
    }

    private static void bindKey(PreparedStatement statement, int index, long[] key) throws SQLException {
        for (long part : key) {
            statement.setLong(index++, part);
        }
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        // Connector/J sends a BigInteger as a signed long; as a DECIMAL literal it reaches BIGINT UNSIGNED and BIT(64).
        statement.setObject(index, value instanceof java.math.BigInteger big ? new java.math.BigDecimal(big) : value);
    }
}
