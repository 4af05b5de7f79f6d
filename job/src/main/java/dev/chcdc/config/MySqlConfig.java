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
        SslMode sslMode,
        TrustedCertificates sslCa)
        implements Serializable {

    public MySqlConfig {
        databases = List.copyOf(databases);
        keyColumns = Map.copyOf(keyColumns);
    }

    /** The replication server-id range for {@code parallelism} source subtasks, e.g. {@code 5400-5401}. */
    public String serverIdRange(int parallelism) {
        return serverIdStart + "-" + (serverIdStart + parallelism - 1);
    }

    /**
     * A JDBC URL for the pre-flight checks and the schema reader (the source builds its own from
     * {@link #tlsJdbcProperties()}). With {@code mysql.ssl-ca} it writes the trust store file on this machine.
     */
    public String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:mysql://" + hostname + ":" + port + "/?connectTimeout="
                + connectTimeout.toMillis() + "&useCursorFetch=false&zeroDateTimeBehavior=CONVERT_TO_NULL");
        tlsJdbcProperties().forEach((key, value) -> url.append('&').append(key).append('=').append(value));
        return url.toString();
    }

    /**
     * Connector/J's TLS settings: the mode, the trust store of {@code mysql.ssl-ca} (verify modes), and public-key
     * retrieval only where the connection may be unencrypted anyway (disabled, preferred): retrieving the server's
     * RSA key lets a man in the middle read the password, which over verified TLS is never needed.
     */
    public Map<String, String> tlsJdbcProperties() {
        Map<String, String> properties = new java.util.TreeMap<>();
        properties.put("sslMode", sslMode.jdbcValue());
        properties.put("allowPublicKeyRetrieval", Boolean.toString(!sslMode.encrypts()));
        trustStore().ifPresent(store -> {
            store.ensure();
            properties.putAll(store.jdbcProperties());
        });
        return properties;
    }

    /** The trust store of {@code mysql.ssl-ca}, used by the verify modes only. */
    public java.util.Optional<MySqlTrustStore> trustStore() {
        return sslCa != null && sslMode.verifies()
                ? java.util.Optional.of(MySqlTrustStore.of(sslCa))
                : java.util.Optional.empty();
    }

    /** The same settings with the time zone that pre-flight read from the server. */
    public MySqlConfig withServerTimeZone(String zone) {
        return new MySqlConfig(hostname, port, username, password, databases, tablesInclude, tablesExclude,
                columnsExclude, keyColumns, zone, serverIdStart, startupMode, startupBinlogFile, startupBinlogPosition,
                startupGtidSet, startupTimestampMillis, chunkSize, fetchSize, skipBackfill, heartbeatInterval,
                connectTimeout, sslMode, sslCa);
    }
}
