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
 * target's database, raw table and view if missing, and checks that an existing raw table has the columns the
 * job writes (in order, with the same types), so a table changed under the job fails here with a clear
 * message instead of at the first insert.
 */
public final class TargetTables {
    /** Oldest supported server: the 25.3 LTS line (is_deleted, insert deduplication tokens, DateTime64 ranges). */
    public static final int[] MINIMUM_VERSION = {25, 3};

    private TargetTables() {}

    public static void ensure(ClickHouseGateway gateway, List<ClickHouseTable> targets, int deduplicationWindow) {
        ensure(gateway, targets, deduplicationWindow, Set.of());
    }

    /** The same, also creating the changelog tables of {@code changelogTables}. */
    public static void ensure(ClickHouseGateway gateway, List<ClickHouseTable> targets, int deduplicationWindow,
            Set<TableId> changelogTables) {
        checkVersion(gateway.serverVersion());
        List<String> problems = new ArrayList<>(nameCollisions(targets));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        for (ClickHouseTable target : targets) {
            gateway.execute(TableDdl.createDatabase(target.database()));
            gateway.execute(TableDdl.createRawTable(target, deduplicationWindow));
            gateway.execute(TableDdl.createView(target));
            checkColumns(gateway, target, target.rawTable(), problems);
            if (changelogTables.contains(target.source().table())) {
                gateway.execute(TableDdl.createChangelogTable(target, deduplicationWindow));
                checkColumns(gateway, target, target.changelogTable(), problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static void checkColumns(ClickHouseGateway gateway, ClickHouseTable target, String table, List<String> problems) {
        List<GenericRecord> existing = gateway.query("SELECT name, type FROM system.columns WHERE database = '"
                + escape(target.database()) + "' AND table = '" + escape(table) + "' ORDER BY position");
        List<String> actual = existing.stream().map(row -> row.getString(1) + " " + normalise(row.getString(2))).toList();
        List<String> expected = target.allColumns().stream()
                .map(column -> column.name() + " " + normalise(column.type().sql()))
                .toList();
        if (!actual.equals(expected)) {
            problems.add("ClickHouse table " + target.database() + "." + table + " does not match "
                    + "MySQL table " + target.source().table() + ": expected columns " + expected + ", found "
                    + actual + ". Alter or recreate the ClickHouse table (or its MySQL source), then restart");
        }
    }

    /** MySQL tables {@code a} and {@code a_raw} in one database would both need the name {@code a_raw}. */
    static List<String> nameCollisions(List<ClickHouseTable> targets) {
        List<String> problems = new ArrayList<>();
        java.util.Map<String, ClickHouseTable> owners = new java.util.HashMap<>();
        for (ClickHouseTable target : targets) {
            for (String name : List.of(target.view(), target.rawTable())) {
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

    private static String normalise(String type) {
        return type.replace(" ", "");
    }

    private static String escape(String literal) {
        return literal.replace("\\", "\\\\").replace("'", "\\'");
    }
}
