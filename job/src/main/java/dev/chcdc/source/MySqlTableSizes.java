package dev.chcdc.source;

import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MySQL's own estimate of each captured table's row count ({@code INFORMATION_SCHEMA.TABLES.TABLE_ROWS}, kept by
 * InnoDB from index statistics, not a count), so snapshot progress can be shown without scanning the table.
 */
public final class MySqlTableSizes {
    private MySqlTableSizes() {}

    public static Map<TableId, Long> estimate(Connection connection, List<TableSchema> tables) throws SQLException {
        Map<TableId, Long> sizes = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT TABLE_ROWS FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            for (TableSchema table : tables) {
                statement.setString(1, table.table().database());
                statement.setString(2, table.table().table());
                try (ResultSet result = statement.executeQuery()) {
                    sizes.put(table.table(), result.next() ? result.getLong(1) : 0L);
                }
            }
        }
        return Map.copyOf(sizes);
    }
}
