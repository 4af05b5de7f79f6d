package dev.chcdc.source;

import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.MySqlType;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Tables whose snapshot Flink CDC 3.5's chunk splitter cannot take, each found here by a test with the real
 * splitter ({@code UnusualKeysIT}); without this check the first of them fails the whole job at every restart,
 * or stalls every table's snapshot behind it:
 *
 * <ul>
 *   <li>a backtick in the table's or a column's name (the splitter's queries do not escape it);
 *   <li>a single quote in the table's name (nor that);
 *   <li>a chunk key column (the first key column) of type TIME: the splitter reads it as a JDBC time of day, which
 *       fails on negative values and on 24:00:00 and beyond;
 *   <li>a BIGINT UNSIGNED chunk key holding values from 2^63 on: the splitter then computes chunks for ever. Checked
 *       only for tables not yet copied: the values can appear after the snapshot, which then needs no splitting.
 * </ul>
 */
public final class SnapshotSplitLimits {
    private static final String SIGNED_BIGINT_END = "9223372036854775808";

    private SnapshotSplitLimits() {}

    /**
     * The tables of {@code tables} that cannot be snapshotted, with the reason and what to do; {@code copied}: whether
     * a table's copy already holds rows (its snapshot is done).
     */
    public static Map<TableId, String> unsplittable(Connection connection, List<TableSchema> tables,
            Predicate<TableId> copied) throws SQLException {
        Map<TableId, String> found = new LinkedHashMap<>();
        for (TableSchema table : tables) {
            problem(connection, table, copied).ifPresent(reason -> found.put(table.table(), reason));
        }
        return found;
    }

    private static Optional<String> problem(Connection connection, TableSchema table, Predicate<TableId> copied)
            throws SQLException {
        String name = table.table().table();
        if (name.contains("`") || table.columns().stream().anyMatch(column -> column.name().contains("`"))) {
            return Optional.of("its name or a column's name contains a backtick, which Flink CDC 3.5's snapshot "
                    + "queries do not escape; rename it (RENAME TABLE / ALTER TABLE ... RENAME COLUMN)");
        }
        if (name.contains("'")) {
            return Optional.of("its name contains a single quote, which Flink CDC 3.5's snapshot queries do not "
                    + "escape; rename it (RENAME TABLE)");
        }
        ColumnSchema chunkKey = table.columns().get(table.keyColumns().get(0));
        if (chunkKey.type() == MySqlType.TIME) {
            return Optional.of("its first key column `" + chunkKey.name() + "` is a TIME, which Flink CDC 3.5's chunk "
                    + "splitter reads as a time of day and fails on negative values and on 24 hours or more; put "
                    + "another column first in the key, or capture it with mysql.startup.mode=latest-offset");
        }
        if (chunkKey.type() == MySqlType.BIGINT && chunkKey.unsigned() && !copied.test(table.table())
                && holdsFromSignedEnd(connection, table, chunkKey)) {
            return Optional.of("its first key column `" + chunkKey.name() + "` is a BIGINT UNSIGNED holding values of "
                    + "2^63 and more, on which Flink CDC 3.5's chunk splitter never ends; put another column first in "
                    + "the key, or capture it with mysql.startup.mode=latest-offset");
        }
        return Optional.empty();
    }

    private static boolean holdsFromSignedEnd(Connection connection, TableSchema table, ColumnSchema column)
            throws SQLException {
        String sql = "SELECT 1 FROM " + MySqlIdentifier.quote(table.table().database()) + "." + MySqlIdentifier.quote(table.table().table())
                + " WHERE " + MySqlIdentifier.quote(column.name()) + " >= " + SIGNED_BIGINT_END + " LIMIT 1";
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            return result.next();
        }
    }
}
