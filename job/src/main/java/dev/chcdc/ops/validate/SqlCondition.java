package dev.chcdc.ops.validate;

import java.util.List;

/** A WHERE condition and the values of its {@code ?} placeholders, in order (none for ClickHouse's literals). */
public record SqlCondition(String sql, List<String> parameters) {
    public SqlCondition {
        parameters = List.copyOf(parameters);
    }
}
