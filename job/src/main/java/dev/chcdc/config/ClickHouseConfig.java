package dev.chcdc.config;

import java.io.Serializable;
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
        Duration retryMaxBackoff)
        implements Serializable {

    /** The ClickHouse database for a MySQL database: the configured one, else the same name. */
    public String targetDatabase(String mysqlDatabase) {
        return database == null ? mysqlDatabase : database;
    }
}
