package dev.chcdc.clickhouse.schema;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table or view already in ClickHouse, as {@code system.tables} and {@code system.columns} describe it:
 * {@code engine} ({@code ReplacingMergeTree}, {@code View}, ...), {@code engineFull} (with its arguments and
 * SETTINGS), {@code sortingKey} as ClickHouse prints it, {@code asSelect} for views, and the columns as
 * {@code "<name> <type>"} in order.
 */
public record ExistingTable(String name, String engine, String engineFull, String sortingKey, String asSelect,
        List<String> columns) {
    private static final Pattern DEDUPLICATION_WINDOW = Pattern.compile("non_replicated_deduplication_window\\s*=\\s*(\\d+)");

    public boolean isView() {
        return "View".equals(engine);
    }

    /** The table's {@code non_replicated_deduplication_window}, 0 when it has none. */
    public long deduplicationWindow() {
        Matcher matcher = DEDUPLICATION_WINDOW.matcher(engineFull == null ? "" : engineFull);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }
}
