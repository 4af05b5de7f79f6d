package dev.chcdc.event;

import java.io.Serializable;
import java.util.List;

/**
 * A captured MySQL table's columns in ordinal order and the positions of its primary-key columns (in key
 * order). {@link RowImage}s of this table follow this column order.
 */
public record TableSchema(TableId table, List<ColumnSchema> columns, List<Integer> keyColumns) implements Serializable {
    public TableSchema {
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
        if (keyColumns.isEmpty()) {
            throw new IllegalArgumentException("Table " + table + " has no primary key");
        }
    }

    /** The position of a column, or -1. */
    public int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    public List<String> keyColumnNames() {
        return keyColumns.stream().map(i -> columns.get(i).name()).toList();
    }
}
