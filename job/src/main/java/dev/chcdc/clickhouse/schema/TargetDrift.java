package dev.chcdc.clickhouse.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What differs between a ClickHouse object that already exists and the one the job would create: each
 * problem names the object, what was expected and found, and the fix. An existing raw table must have the
 * job's columns, engine, sorting key (the MySQL primary key) and a deduplication window, or re-commits after a
 * restore could count twice and updates could pile up instead of replacing each other.
 */
public final class TargetDrift {
    static final String RAW_ENGINE = "ReplacingMergeTree(" + ClickHouseTable.VERSION + ", " + ClickHouseTable.IS_DELETED + ")";

    private TargetDrift() {}

    /** Problems of {@code existing}, the raw table of {@code target}. */
    public static List<String> rawTable(ClickHouseTable target, ExistingTable existing) {
        List<String> problems = new ArrayList<>();
        String where = "ClickHouse table " + target.database() + "." + existing.name();
        if (existing.isView() || !existing.engineFull().startsWith(RAW_ENGINE)) {
            problems.add(where + " has engine " + existing.engineFull() + ", the job needs " + RAW_ENGINE
                    + ": rename or drop it (the job creates it again and re-snapshots into it) or exclude "
                    + target.source().table() + " (mysql.tables.exclude)");
            return problems;
        }
        columns(target, existing, where, problems);
        String expectedKey = sortingKey(target.keyColumns());
        if (!expectedKey.equals(unwrap(existing.sortingKey()))) {
            problems.add(where + " is ordered by (" + unwrap(existing.sortingKey()) + ") but the primary key of MySQL table "
                    + target.source().table() + " is (" + expectedKey + "): rows would collapse by the wrong key. "
                    + "Recreate the ClickHouse table (drop it and re-snapshot the table)");
        }
        if (existing.deduplicationWindow() == 0) {
            problems.add(where + " has no non_replicated_deduplication_window, so a batch committed again after a "
                    + "restore would be inserted twice: ALTER TABLE " + TableDdl.quote(target.database()) + "."
                    + TableDdl.quote(existing.name()) + " MODIFY SETTING non_replicated_deduplication_window = 10000");
        }
        return problems;
    }

    /** Problems of {@code existing}, the changelog table of {@code target}. */
    public static List<String> changelogTable(ClickHouseTable target, ExistingTable existing) {
        List<String> problems = new ArrayList<>();
        String where = "ClickHouse table " + target.database() + "." + existing.name();
        columns(target, existing, where, problems);
        if (existing.deduplicationWindow() == 0) {
            problems.add(where + " has no non_replicated_deduplication_window: ALTER TABLE "
                    + TableDdl.quote(target.database()) + "." + TableDdl.quote(existing.name())
                    + " MODIFY SETTING non_replicated_deduplication_window = 10000");
        }
        return problems;
    }

    /**
     * Problems of {@code existing}, the object with the view's name: it must be a view on the job's raw table.
     * A view of the job whose columns differ is not a problem: the job replaces it ({@link #viewIsCurrent}).
     */
    public static List<String> view(ClickHouseTable target, ExistingTable existing) {
        String raw = target.rawTable();
        if (existing.isView() && existing.asSelect() != null
                && (existing.asSelect().contains(TableDdl.quote(raw)) || existing.asSelect().contains("." + raw + " "))) {
            return List.of();
        }
        return List.of("ClickHouse " + (existing.isView() ? "view " : "table ") + target.database() + "."
                + existing.name() + " exists and is not the job's view of " + target.database() + "." + raw
                + ", but the job needs that name for the view of MySQL table " + target.source().table()
                + ": rename or drop it, or write the table to another database (clickhouse.database)");
    }

    /** Whether the job's existing view shows exactly the table's columns (else it is replaced). */
    public static boolean viewIsCurrent(ClickHouseTable target, ExistingTable existing) {
        return existing.columns().equals(target.columns().stream()
                .map(column -> column.name() + " " + normalise(column.type().sql())).toList());
    }

    private static void columns(ClickHouseTable target, ExistingTable existing, String where, List<String> problems) {
        List<String> expected = target.allColumns().stream()
                .map(column -> column.name() + " " + normalise(column.type().sql()))
                .toList();
        if (!existing.columns().equals(expected)) {
            problems.add(where + " does not match MySQL table " + target.source().table() + ": expected columns "
                    + expected + ", found " + existing.columns() + ". Alter or recreate the ClickHouse table (or its "
                    + "MySQL source), then restart");
        }
    }

    /** The sorting key as ClickHouse prints it: names back-quoted only where they are not plain identifiers. */
    static String sortingKey(List<String> keyColumns) {
        return keyColumns.stream()
                .map(name -> name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : TableDdl.quote(name))
                .collect(Collectors.joining(", "));
    }

    /** ClickHouse prints a one-column sorting key given as {@code (id)} with its parentheses. */
    private static String unwrap(String sortingKey) {
        String key = sortingKey == null ? "" : sortingKey.strip();
        return key.startsWith("(") && key.endsWith(")") ? key.substring(1, key.length() - 1).strip() : key;
    }

    static String normalise(String type) {
        return type.replace(" ", "");
    }
}
