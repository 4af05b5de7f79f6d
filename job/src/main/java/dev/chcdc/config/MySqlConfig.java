package dev.chcdc.config;

import dev.chcdc.event.TableId;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The MySQL source's settings, validated by {@link JobConfigLoader}. The password is resolved, never logged. */
public record MySqlConfig(
        String hostname,
        int port,
        String username,
        Secret password,
        List<String> databases,
        String tablesInclude,
        String tablesExclude,
        String columnsExclude,
        Map<TableId, List<String>> keyColumns,
        String serverTimeZone,
        int serverIdStart,
        StartupMode startupMode,
        String startupBinlogFile,
        Long startupBinlogPosition,
        String startupGtidSet,
        Long startupTimestampMillis,
        int chunkSize,
        int fetchSize,
        boolean skipBackfill,
        Duration heartbeatInterval,
        Duration connectTimeout,
        SslMode sslMode)
        implements Serializable {

    public MySqlConfig {
        databases = List.copyOf(databases);
        keyColumns = Map.copyOf(keyColumns);
    }

    /** The replication server-id range for {@code parallelism} source subtasks, e.g. {@code 5400-5401}. */
    public String serverIdRange(int parallelism) {
        return serverIdStart + "-" + (serverIdStart + parallelism - 1);
    }

    /** A JDBC URL for the pre-flight checks and the schema reader (the source builds its own). */
    public String jdbcUrl() {
        return "jdbc:mysql://" + hostname + ":" + port + "/?sslMode=" + sslMode.jdbcValue()
                + "&allowPublicKeyRetrieval=true&connectTimeout=" + connectTimeout.toMillis()
                + "&useCursorFetch=false&zeroDateTimeBehavior=CONVERT_TO_NULL";
    }

    /** The same settings with the time zone that pre-flight read from the server. */
    public MySqlConfig withServerTimeZone(String zone) {
        return new MySqlConfig(hostname, port, username, password, databases, tablesInclude, tablesExclude,
                columnsExclude, keyColumns, zone, serverIdStart, startupMode, startupBinlogFile, startupBinlogPosition,
                startupGtidSet, startupTimestampMillis, chunkSize, fetchSize, skipBackfill, heartbeatInterval,
                connectTimeout, sslMode);
    }
}
