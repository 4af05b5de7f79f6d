package dev.chcdc.clickhouse.schema;

import com.clickhouse.client.api.query.GenericRecord;
import dev.chcdc.clickhouse.client.ClickHouseGateway;
import dev.chcdc.config.ConfigException;
import dev.chcdc.event.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Prepares ClickHouse before the job runs: refuses a server older than {@link #MINIMUM_VERSION}, creates each
 * target's database, raw table and view if missing, and checks that existing ones are what the job needs
 * ({@link TargetDrift}), so a table changed under the job fails here with a clear message, before anything is
 * created on top of it, instead of at the first insert.
 */
public final class TargetTables {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TargetTables.class);
    /** Oldest supported server: the 25.3 LTS line (is_deleted, insert deduplication tokens, DateTime64 ranges). */
    public static final int[] MINIMUM_VERSION = {25, 3};

    private TargetTables() {}

    public static void ensure(ClickHouseGateway gateway, List<ClickHouseTable> targets, int deduplicationWindow) {
        ensure(gateway, targets, deduplicationWindow, Set.of());
    }

    /**
     * The same, also creating the changelog tables of {@code changelogTables}. Existing objects are checked
     * before anything is created on top of them: a raw table must match ({@link TargetDrift}); the name of the
     * view must be free or hold the job's view (replaced when its columns differ).
     */
    public static void ensure(ClickHouseGateway gateway, List<ClickHouseTable> targets, int deduplicationWindow,
            Set<TableId> changelogTables) {
        checkVersion(gateway.serverVersion());
        List<String> problems = new ArrayList<>(nameCollisions(targets, changelogTables));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        for (ClickHouseTable target : targets) {
            gateway.execute(TableDdl.createDatabase(target.database()));
            List<String> tableProblems = new ArrayList<>();
            ExistingTable raw = existing(gateway, target.database(), target.rawTable());
            if (raw == null) {
                gateway.execute(TableDdl.createRawTable(target, deduplicationWindow));
            } else {
                tableProblems.addAll(TargetDrift.rawTable(target, raw));
            }
            boolean changelog = changelogTables.contains(target.source().table());
            ExistingTable changes = changelog ? existing(gateway, target.database(), target.changelogTable()) : null;
            if (changelog && changes == null) {
                gateway.execute(TableDdl.createChangelogTable(target, deduplicationWindow));
            } else if (changes != null) {
                tableProblems.addAll(TargetDrift.changelogTable(target, changes));
            }
            ExistingTable view = existing(gateway, target.database(), target.view());
            if (view != null) {
                tableProblems.addAll(TargetDrift.view(target, view));
            }
            if (tableProblems.isEmpty() && (view == null || !TargetDrift.viewIsCurrent(target, view))) {
                if (view != null) {
                    LOG.warn("Replacing view {}.{}: its columns {} are not those of MySQL table {}", target.database(),
                            target.view(), view.columns(), target.source().table());
                    gateway.execute(TableDdl.dropView(target));
                }
                gateway.execute(TableDdl.createView(target));
            }
            problems.addAll(tableProblems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** Whether {@code target}'s raw table exists and holds rows: the table has been copied before. */
    public static boolean holdsRows(ClickHouseGateway gateway, ClickHouseTable target) {
        List<GenericRecord> rows = gateway.query("SELECT ifNull(total_rows, 0) FROM system.tables WHERE database = '"
                + escape(target.database()) + "' AND name = '" + escape(target.rawTable()) + "'");
        return !rows.isEmpty() && rows.get(0).getLong(1) > 0;
    }

    /** {@code database.name} as ClickHouse has it, or null when there is no such table or view. */
    private static ExistingTable existing(ClickHouseGateway gateway, String database, String name) {
        List<GenericRecord> tables = gateway.query("SELECT engine, engine_full, sorting_key, as_select FROM system.tables "
                + "WHERE database = '" + escape(database) + "' AND name = '" + escape(name) + "'");
        if (tables.isEmpty()) {
            return null;
        }
        GenericRecord table = tables.get(0);
        List<String> columns = gateway.query("SELECT name, type FROM system.columns WHERE database = '"
                        + escape(database) + "' AND table = '" + escape(name) + "' ORDER BY position").stream()
                .map(row -> row.getString(1) + " " + TargetDrift.normalise(row.getString(2)))
                .toList();
        return new ExistingTable(name, table.getString(1), table.getString(2), table.getString(3), table.getString(4),
                columns);
    }

    /**
     * Names two captured tables would both need in one ClickHouse database: MySQL tables {@code a} and
     * {@code a_raw} (the raw table of one is the view of the other), or {@code a} with a changelog and
     * {@code a_changes}.
     */
    static List<String> nameCollisions(List<ClickHouseTable> targets, Set<TableId> changelogTables) {
        List<String> problems = new ArrayList<>();
        java.util.Map<String, ClickHouseTable> owners = new java.util.HashMap<>();
        for (ClickHouseTable target : targets) {
            List<String> names = new ArrayList<>(List.of(target.view(), target.rawTable()));
            if (changelogTables.contains(target.source().table())) {
                names.add(target.changelogTable());
            }
            for (String name : names) {
                ClickHouseTable owner = owners.putIfAbsent(target.database() + "." + name, target);
                if (owner != null && owner != target) {
                    problems.add("ClickHouse name " + target.database() + "." + name + " is needed by both "
                            + owner.source().table() + " and " + target.source().table() + "; exclude one of them "
                            + "(mysql.tables.exclude) or send them to different databases");
                }
            }
        }
        return problems;
    }

    public static void checkVersion(String version) {
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        if (major < MINIMUM_VERSION[0] || major == MINIMUM_VERSION[0] && minor < MINIMUM_VERSION[1]) {
            throw new ConfigException("ClickHouse " + version + " is too old: the pipeline needs "
                    + MINIMUM_VERSION[0] + "." + MINIMUM_VERSION[1] + " or newer (ReplacingMergeTree with is_deleted, "
                    + "insert deduplication tokens); upgrade the server, e.g. to the clickhouse/clickhouse-server 25.8 image");
        }
    }

    private static String escape(String literal) {
        return literal.replace("\\", "\\\\").replace("'", "\\'");
    }
}
