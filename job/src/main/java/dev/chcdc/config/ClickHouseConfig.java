package dev.chcdc.config;

import java.io.Serializable;
import dev.chcdc.event.TableId;
import java.time.Duration;
import java.util.Collection;
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
        String changelogTables)
        implements Serializable {

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
