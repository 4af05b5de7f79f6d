package dev.chcdc.clickhouse.schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The DDL statements for a {@link ClickHouseTable}, as pure functions of the model. Every statement is
 * idempotent ({@code IF NOT EXISTS}) so it can be replayed, and every identifier is quoted, so MySQL names with
 * any characters are safe. Valid on ClickHouse 25.x and 26.x.
 */
public final class TableDdl {
    private static final String INDENT = "    ";

    private TableDdl() {}

    public static String createDatabase(String database) {
        return "CREATE DATABASE IF NOT EXISTS " + quote(database);
    }

    /**
     * The raw table: a ReplacingMergeTree keeping, per key, the row with the highest {@code _version} and
     * dropping it once that row is a delete. {@code deduplicationWindow} is how many recent insert blocks
     * ClickHouse remembers to drop an identical re-sent block (a retried batch).
     */
    public static String createRawTable(ClickHouseTable table, int deduplicationWindow) {
        if (deduplicationWindow < 0) {
            throw new IllegalArgumentException("The deduplication window must not be negative, got "
                    + deduplicationWindow);
        }
        String columns = table.allColumns().stream()
                .map(column -> INDENT + quote(column.name()) + " " + column.type().sql())
                .collect(Collectors.joining(",\n"));
        return "CREATE TABLE IF NOT EXISTS " + qualified(table.database(), table.rawTable()) + "\n(\n"
                + columns + "\n)\n"
                + "ENGINE = ReplacingMergeTree(" + quote(ClickHouseTable.VERSION) + ", "
                + quote(ClickHouseTable.IS_DELETED) + ")\n"
                + "ORDER BY (" + quoteAll(table.keyColumns()) + ")\n"
                + "SETTINGS non_replicated_deduplication_window = " + deduplicationWindow;
    }

    /**
     * The changelog table: append-only, ordered by key and version so a pre-aggregation's materialized view
     * reads it in the order it needs. Re-sent batches are dropped by their insert tokens like the raw table's.
     */
    public static String createChangelogTable(ClickHouseTable table, int deduplicationWindow) {
        String columns = table.allColumns().stream()
                .map(column -> INDENT + quote(column.name()) + " " + column.type().sql())
                .collect(Collectors.joining(",\n"));
        List<String> order = new java.util.ArrayList<>(table.keyColumns());
        order.add(ClickHouseTable.VERSION);
        order.add(ClickHouseTable.IS_DELETED);
        return "CREATE TABLE IF NOT EXISTS " + qualified(table.database(), table.changelogTable()) + "\n(\n"
                + columns + "\n)\n"
                + "ENGINE = MergeTree\n"
                + "ORDER BY (" + quoteAll(order) + ")\n"
                + "SETTINGS non_replicated_deduplication_window = " + deduplicationWindow;
    }

    /**
     * The view with one row per live key, as MySQL has it: FINAL merges versions at read time, and the filter
     * hides keys whose latest version is a delete.
     */
    public static String createView(ClickHouseTable table) {
        List<String> userColumns = table.columns().stream().map(ClickHouseTable.Column::name).toList();
        return "CREATE VIEW IF NOT EXISTS " + qualified(table.database(), table.view()) + " AS\n"
                + "SELECT " + quoteAll(userColumns) + "\n"
                + "FROM " + qualified(table.database(), table.rawTable()) + " FINAL\n"
                + "WHERE " + quote(ClickHouseTable.IS_DELETED) + " = 0";
    }

    /**
     * Drops the job's view before it is created again with other columns. (CREATE OR REPLACE VIEW would need
     * DROP TABLE rights on a temporary table; the job has DROP VIEW only.)
     */
    public static String dropView(ClickHouseTable table) {
        return "DROP VIEW IF EXISTS " + qualified(table.database(), table.view());
    }

    /** {@code name} as a back-quoted ClickHouse identifier; back quotes and backslashes are escaped. */
    public static String quote(String name) {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    private static String qualified(String database, String table) {
        return quote(database) + "." + quote(table);
    }

    private static String quoteAll(List<String> names) {
        return names.stream().map(TableDdl::quote).collect(Collectors.joining(", "));
    }
}
