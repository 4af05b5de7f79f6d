package dev.chcdc.ops.check;

import com.clickhouse.client.api.query.GenericRecord;
import dev.chcdc.clickhouse.client.ClickHouseGateway;
import dev.chcdc.clickhouse.schema.TargetTables;
import dev.chcdc.config.ClickHouseConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ClickHouse as the sink needs it: reachable with the job's user, a supported version, room for merges (the
 * architecture document keeps 30–40% of the disk free) and the rights to create and fill the target tables.
 */
final class ClickHouseChecks {
    private static final String AREA = "clickhouse";
    /** Below this share of free space merges may stall; the architecture document asks for 30–40%. */
    static final double WARN_FREE_SHARE = 0.30;
    static final double FAIL_FREE_SHARE = 0.10;

    private ClickHouseChecks() {}

    static List<Finding> run(ClickHouseConfig config) {
        List<Finding> findings = new ArrayList<>();
        try (ClickHouseGateway gateway = new ClickHouseGateway(config)) {
            String version = gateway.serverVersion();
            try {
                TargetTables.checkVersion(version);
                findings.add(Finding.ok(AREA, "connected to " + config.url() + " as '" + config.username()
                        + "', ClickHouse " + version));
            } catch (RuntimeException e) {
                findings.add(Finding.fail(AREA, e.getMessage()));
            }
            for (GenericRecord disk : gateway.query("SELECT name, free_space, total_space FROM system.disks")) {
                findings.add(diskFinding(disk.getString(1), disk.getLong(2), disk.getLong(3)));
            }
            findings.add(grants(gateway, config.username()));
        } catch (RuntimeException e) {
            findings.add(Finding.fail(AREA, "cannot query " + config.url() + " as '" + config.username() + "': "
                    + e.getMessage() + " (check clickhouse.url, the user and its password variable)"));
        }
        return findings;
    }

    static Finding diskFinding(String disk, long free, long total) {
        double share = total == 0 ? 1 : (double) free / total;
        String text = String.format(Locale.ROOT, "disk %s: %.0f%% free (%d of %d GiB)", disk, share * 100,
                free >> 30, total >> 30);
        if (share < FAIL_FREE_SHARE) {
            return Finding.fail(AREA, text + "; inserts and merges will fail: free space first (README runbook, "
                    + "Disk full)");
        }
        if (share < WARN_FREE_SHARE) {
            return Finding.warn(AREA, text + "; keep 30-40% free for background merges");
        }
        return Finding.ok(AREA, text);
    }

    private static Finding grants(ClickHouseGateway gateway, String user) {
        List<String> grants = gateway.query("SHOW GRANTS").stream().map(row -> row.getString(1)).toList();
        String all = String.join("\n", grants).toUpperCase(Locale.ROOT);
        List<String> missing = new ArrayList<>();
        for (String right : List.of("INSERT", "SELECT", "CREATE TABLE", "CREATE VIEW", "DROP VIEW")) {
            // CREATE TABLE is also granted by CREATE, DROP VIEW by DROP, any right by ALL.
            String verb = right.split(" ")[0];
            if (!all.contains(right) && !all.contains("ALL ON") && !all.contains(verb + " ON")) {
                missing.add(right);
            }
        }
        if (!missing.isEmpty()) {
            return Finding.fail(AREA, "user '" + user + "' lacks " + String.join(", ", missing) + " (has: "
                    + String.join("; ", grants) + "): see sql/clickhouse/README.md");
        }
        List<String> global = grants.stream().filter(grant -> grant.toUpperCase(Locale.ROOT).contains(" ON *.* ")).toList();
        if (!global.isEmpty()) {
            return Finding.warn(AREA, "user '" + user + "' may create, fill and read tables, but holds grants on every "
                    + "database (" + String.join("; ", global) + "): grant them on the target databases only, "
                    + "e.g. ON `<database>`.* (README, Security)");
        }
        return Finding.ok(AREA, "user '" + user + "' may create, fill and read tables, on named databases only");
    }
}
