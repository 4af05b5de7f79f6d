package dev.chcdc.config;

import java.io.Serializable;
import dev.chcdc.event.TableId;
import java.time.Duration;

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
        String changelogTables)
        implements Serializable {

    /** The ClickHouse database for a MySQL database: the configured one, else the same name. */
    public String targetDatabase(String mysqlDatabase) {
        return database == null ? mysqlDatabase : database;
    }

    /** Whether the job also writes {@code <table>_changes}, the before/after images pre-aggregations read. */
    public boolean changelog(TableId table) {
        return changelogTables != null && java.util.regex.Pattern.matches(changelogTables, table.toString());
    }
}
