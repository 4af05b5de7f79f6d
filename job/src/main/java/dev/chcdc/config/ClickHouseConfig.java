package dev.chcdc.config;

import java.io.Serializable;
import dev.chcdc.event.TableId;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The ClickHouse sink's settings, validated by {@link JobConfigLoader}. */
public record ClickHouseConfig(
        String url,
        String username,
        Secret password,
        String database,
        int batchSize,
        Duration flushInterval,
        int deduplicationWindow,
        Duration retryMaxBackoff,
        Duration commitBlockedTimeout,
        String changelogTables,
        OutOfRangePolicy outOfRange,
        Map<String, OutOfRangePolicy> outOfRangeColumns,
        TrustedCertificates sslCa)
        implements Serializable {

    /** {@code outOfRangeColumns}: per-column overrides of {@code outOfRange}, keyed {@code <database>.<table>.<column>}. */
    public ClickHouseConfig {
        outOfRangeColumns = Map.copyOf(outOfRangeColumns);
    }

    /** The out-of-range policy of one column: its override, else the default. */
    public OutOfRangePolicy outOfRange(TableId table, String column) {
        return outOfRangeColumns.getOrDefault(table + "." + column, outOfRange);
    }

    /** The ClickHouse database for a MySQL database: the configured one, else the same name. */
    public String targetDatabase(String mysqlDatabase) {
        return database == null ? mysqlDatabase : database;
    }

    /** Whether the job also writes {@code <table>_changes}, the before/after images pre-aggregations read. */
    public boolean changelog(TableId table) {
        return changelogTables != null && Pattern.matches(changelogTables, table.toString());
    }

    /** Those of {@code tables} that get a changelog. */
    public Set<TableId> changelogTables(Collection<TableId> tables) {
        return tables.stream().filter(this::changelog).collect(Collectors.toUnmodifiableSet());
    }
}
