package dev.chcdc.ops.validate;

import java.util.List;

/**
 * A row's primary key as the canonical texts of its key columns ({@link CanonicalText}), in key order: equal for
 * the same key whether read from MySQL or from ClickHouse.
 */
public record RowKey(List<String> values) {
    public RowKey {
        values = List.copyOf(values);
    }

    public static RowKey of(String... values) {
        return new RowKey(List.of(values));
    }

    /** {@code id=17} or {@code order_id=12, line_no=2}. */
    public String describe(List<String> columnNames) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(columnNames.get(i)).append('=').append(values.get(i));
        }
        return text.toString();
    }
}
