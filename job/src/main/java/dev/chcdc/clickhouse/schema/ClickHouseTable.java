package dev.chcdc.clickhouse.schema;

import dev.chcdc.clickhouse.schema.ClickHouseType.DateTime64;
import dev.chcdc.clickhouse.schema.ClickHouseType.Scalar;
import dev.chcdc.config.ClickHouseConfig;
import dev.chcdc.config.OutOfRangePolicy;
import dev.chcdc.event.TableSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where and how one MySQL table lands in ClickHouse: the raw ReplacingMergeTree table {@code <table>_raw} holding
 * every version of every row, and the view {@code <table>} showing the latest live ones. The raw table has the
 * MySQL columns, in MySQL's order and under their MySQL names, followed by {@link #METADATA_COLUMNS}; it is
 * ordered by the MySQL primary key. Immutable and serializable.
 *
 * @param database the ClickHouse database of both the raw table and the view
 * @param source the MySQL table; {@code columns} follows its column order
 * @param columns the user columns with their ClickHouse types
 */
public record ClickHouseTable(String database, TableSchema source, List<Column> columns) implements Serializable {
    public static final String VERSION = "_version";
    public static final String IS_DELETED = "is_deleted";
    public static final String BINLOG_FILE = "_binlog_file";
    public static final String BINLOG_POSITION = "_binlog_pos";
    public static final String COMMIT_TIME = "_commit_time";

    /** The columns the job adds after the user columns, in this order (the RowBinary row follows it). */
    public static final List<Column> METADATA_COLUMNS = List.of(
            new Column(VERSION, Scalar.UINT64),
            // ReplacingMergeTree requires its is_deleted column to be UInt8.
            new Column(IS_DELETED, Scalar.UINT8),
            new Column(BINLOG_FILE, Scalar.LOW_CARDINALITY_STRING),
            new Column(BINLOG_POSITION, Scalar.UINT64),
            new Column(COMMIT_TIME, new DateTime64(3)));

    private static final String RAW_SUFFIX = "_raw";
    private static final String CHANGELOG_SUFFIX = "_changes";

    /** A ClickHouse column: its name and type. */
    public record Column(String name, ClickHouseType type) implements Serializable {}

    public ClickHouseTable {
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("A ClickHouse database name is required for " + source.table());
        }
        columns = List.copyOf(columns);
        if (columns.size() != source.columns().size()) {
            throw new IllegalArgumentException("Table " + source.table() + " has " + source.columns().size()
                    + " columns, got ClickHouse types for " + columns.size());
        }
        for (Column column : columns) {
            for (Column metadata : METADATA_COLUMNS) {
                if (column.name().equals(metadata.name())) {
                    throw new IllegalArgumentException("Column `" + column.name() + "` of MySQL table "
                            + source.table() + " has the name of a column the job adds to every ClickHouse table ("
                            + metadataColumnNames() + "); exclude the table or rename the column");
                }
            }
        }
    }

    /** Maps every column of {@code schema} with {@link MySqlTypeMapping}; the target lives in {@code database}. */
    public static ClickHouseTable from(TableSchema schema, String database) {
        return from(schema, database, column -> false);
    }

    /** The target of {@code schema} under {@code config}: its database, and date columns kept as text. */
    public static ClickHouseTable from(TableSchema schema, ClickHouseConfig config) {
        return from(schema, config.targetDatabase(schema.table().database()),
                column -> config.outOfRange(schema.table(), column) == OutOfRangePolicy.TEXT);
    }

    private static ClickHouseTable from(TableSchema schema, String database, Predicate<String> asText) {
        List<Column> columns = new ArrayList<>(schema.columns().size());
        for (int i = 0; i < schema.columns().size(); i++) {
            String name = schema.columns().get(i).name();
            columns.add(new Column(name, MySqlTypeMapping.toClickHouse(schema, i, asText.test(name))));
        }
        return new ClickHouseTable(database, schema, columns);
    }

    /** The ReplacingMergeTree table the job inserts into. */
    public String rawTable() {
        return source.table().table() + RAW_SUFFIX;
    }

    /**
     * The changelog table {@code <table>_changes} (when enabled): the raw table's columns, one row per image a
     * change retracts ({@code is_deleted = 1}: the row before an update or delete) or asserts ({@code is_deleted
     * = 0}: the row after an insert, update or snapshot read), both with the change's {@code _version}.
     */
    public String changelogTable() {
        return source.table().table() + CHANGELOG_SUFFIX;
    }

    /** The view readers query: the MySQL table's name. */
    public String view() {
        return source.table().table();
    }

    /** The primary-key column names in key order: the raw table's ORDER BY. */
    public List<String> keyColumns() {
        return source.keyColumnNames();
    }

    /** The user columns followed by the metadata columns: the raw table's columns in order. */
    public List<Column> allColumns() {
        List<Column> all = new ArrayList<>(columns.size() + METADATA_COLUMNS.size());
        all.addAll(columns);
        all.addAll(METADATA_COLUMNS);
        return List.copyOf(all);
    }

    private static String metadataColumnNames() {
        return String.join(", ", METADATA_COLUMNS.stream().map(Column::name).toList());
    }
}
