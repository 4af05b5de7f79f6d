package dev.chcdc.source;

import dev.chcdc.config.ConfigException;
import dev.chcdc.config.MySqlConfig;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.MySqlType;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the captured tables' definitions from MySQL's INFORMATION_SCHEMA: which base tables of the configured
 * databases match the include/exclude patterns, their columns in ordinal order and their primary keys (or the
 * key columns configured for tables that have none).
 */
public final class MySqlTableSchemaReader {
    private static final String COLUMNS_SQL = """
            SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE, c.NUMERIC_PRECISION, c.NUMERIC_SCALE,
                   c.DATETIME_PRECISION, c.IS_NULLABLE
            FROM INFORMATION_SCHEMA.COLUMNS c
            JOIN INFORMATION_SCHEMA.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
            WHERE c.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE'
            ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION""";
    private static final String PRIMARY_KEYS_SQL = """
            SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE
            WHERE TABLE_SCHEMA = ? AND CONSTRAINT_NAME = 'PRIMARY'
            ORDER BY TABLE_NAME, ORDINAL_POSITION""";

    private MySqlTableSchemaReader() {}

    /**
     * The schemas of all captured tables, without the columns {@code mysql.columns.exclude} leaves out. Fails
     * naming every column of a type the job does not capture, and naming the table when one has no primary key and no
     * {@code mysql.key-columns.<db>.<table>} setting, when that setting names a column that is missing or allows
     * NULL, is given for a table with a primary key or for no captured table, or when nothing matches.
     */
    public static List<TableSchema> read(Connection connection, MySqlConfig mysql) throws SQLException {
        List<String> databases = mysql.databases();
        String include = mysql.tablesInclude();
        String exclude = mysql.tablesExclude();
        Map<TableId, List<String>> configuredKeys = mysql.keyColumns();
        Pattern includePattern = Pattern.compile(include);
        Pattern excludePattern = exclude == null ? null : Pattern.compile(exclude);
        Pattern columnsExclude = mysql.columnsExclude() == null ? null : Pattern.compile(mysql.columnsExclude());
        List<TableSchema> schemas = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<TableId> configuredAndCaptured = new HashSet<>();
        for (String database : databases) {
            Map<String, List<ColumnSchema>> columns = columns(connection, database);
            Map<String, List<String>> primaryKeys = primaryKeys(connection, database);
            for (Map.Entry<String, List<ColumnSchema>> entry : columns.entrySet()) {
                TableId table = new TableId(database, entry.getKey());
                String qualified = table.toString();
                if (!includePattern.matcher(qualified).matches()
                        || excludePattern != null && excludePattern.matcher(qualified).matches()) {
                    continue;
                }
                List<ColumnSchema> captured = new ArrayList<>();
                for (ColumnSchema column : entry.getValue()) {
                    if (columnsExclude != null && columnsExclude.matcher(qualified + "." + column.name()).matches()) {
                        continue;
                    }
                    if (MySqlType.of(column.dataType()).isEmpty()) {
                        // Not mysql.columns.exclude: Flink CDC's Debezium cannot parse such a table's DDL at all
                        // (seen with MariaDB's UUID, INET4, INET6), and would fail the job whatever the columns.
                        problems.add("Column `" + column.name() + "` of table " + qualified + " has the MySQL type "
                                + column.columnType() + ", which the job does not capture (Flink CDC's Debezium cannot "
                                + "parse the table's definition): leave the table out with mysql.tables.exclude, or "
                                + "change the column to a type the job captures (README, Type mapping)");
                    }
                    captured.add(column);
                }
                List<String> primaryKey = primaryKeys.get(entry.getKey());
                List<String> configured = configuredKeys.get(table);
                if (configured != null) {
                    configuredAndCaptured.add(table);
                }
                if (configured != null && primaryKey != null) {
                    problems.add("mysql.key-columns." + qualified + ": the table has a primary key " + primaryKey
                            + ", which the job uses; the setting is only for tables without one: remove it");
                    continue;
                }
                List<String> keyNames = configured != null ? configured : primaryKey;
                if (keyNames == null || keyNames.isEmpty()) {
                    problems.add("Table " + qualified + " has no primary key: ReplacingMergeTree needs one to "
                            + "deduplicate. Set mysql.key-columns." + qualified + " = <columns that identify a row>, "
                            + "or exclude the table with mysql.tables.exclude");
                    continue;
                }
                List<Integer> keyPositions = new ArrayList<>();
                for (String keyName : keyNames) {
                    int position = indexOf(captured, keyName);
                    if (position < 0 && indexOf(entry.getValue(), keyName) >= 0) {
                        problems.add("mysql.columns.exclude leaves out `" + keyName + "`, a key column of " + qualified
                                + ": key columns are always captured");
                    } else if (position < 0) {
                        problems.add("mysql.key-columns." + qualified + ": column '" + keyName + "' does not exist");
                    } else if (captured.get(position).nullable()) {
                        // ClickHouse key columns are never Nullable, and MySQL lets any number of rows hold NULL.
                        problems.add("mysql.key-columns." + qualified + ": column '" + keyName + "' allows NULL; key "
                                + "columns must be NOT NULL (and unique together): ALTER TABLE ... MODIFY it NOT NULL, "
                                + "or choose other columns");
                        position = -1;
                    }
                    keyPositions.add(position);
                }
                if (!keyPositions.contains(-1)) {
                    schemas.add(new TableSchema(table, captured, keyPositions));
                }
            }
        }
        for (TableId configured : configuredKeys.keySet()) {
            if (!configuredAndCaptured.contains(configured)) {
                problems.add("mysql.key-columns." + configured + ": no captured table " + configured + " (check the "
                        + "name, mysql.databases and mysql.tables.include/exclude)");
            }
        }
        if (problems.isEmpty() && schemas.isEmpty()) {
            problems.add("No table of " + databases + " matches mysql.tables.include='" + include + "'"
                    + (exclude == null ? "" : " and mysql.tables.exclude='" + exclude + "'")
                    + "; check the names and that the user can SELECT them");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return schemas;
    }

    private static int indexOf(List<ColumnSchema> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, List<ColumnSchema>> columns(Connection connection, String database) throws SQLException {
        Map<String, List<ColumnSchema>> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
            statement.setString(1, database);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String dataType = result.getString("DATA_TYPE").toLowerCase(java.util.Locale.ROOT);
                    int datetimePrecision = intOrMinusOne(result, "DATETIME_PRECISION");
                    boolean temporal = dataType.equals("datetime") || dataType.equals("timestamp") || dataType.equals("time");
                    columns.computeIfAbsent(result.getString("TABLE_NAME"), name -> new ArrayList<>())
                            .add(new ColumnSchema(
                                    result.getString("COLUMN_NAME"),
                                    dataType,
                                    result.getString("COLUMN_TYPE"),
                                    temporal ? datetimePrecision : intOrMinusOne(result, "NUMERIC_PRECISION"),
                                    intOrMinusOne(result, "NUMERIC_SCALE"),
                                    "YES".equals(result.getString("IS_NULLABLE"))));
                }
            }
        }
        return columns;
    }

    private static Map<String, List<String>> primaryKeys(Connection connection, String database) throws SQLException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEYS_SQL)) {
            statement.setString(1, database);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    keys.computeIfAbsent(result.getString(1), name -> new ArrayList<>()).add(result.getString(2));
                }
            }
        }
        return keys;
    }

    private static int intOrMinusOne(ResultSet result, String column) throws SQLException {
        long value = result.getLong(column);
        return result.wasNull() ? -1 : (int) value;
    }
}
