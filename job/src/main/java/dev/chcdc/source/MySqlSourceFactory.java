package dev.chcdc.source;

import dev.chcdc.config.MySqlConfig;
import dev.chcdc.config.StartupMode;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSourceBuilder;
import org.apache.flink.cdc.connectors.mysql.source.PipelineMySqlSource;
import org.apache.flink.cdc.connectors.mysql.table.StartupOptions;
import org.apache.flink.table.catalog.ObjectPath;
import java.util.List;

/**
 * Builds Flink CDC's {@link MySqlSource} for the captured tables: lock-free incremental snapshot in parallel
 * chunks, then the binlog, with one replication server id per subtask. Debezium is told to keep every value
 * exact: BIGINT UNSIGNED and DECIMAL as BigDecimal, time values in microseconds, binary as bytes.
 */
public final class MySqlSourceFactory {
    private MySqlSourceFactory() {}

    /**
     * {@code generation}: the binlog history's version generation; {@code readNewHistoryFromStart}: start at the
     * earliest binlog offset (no snapshot) instead of the configured start-up mode, for a restored job whose
     * binlog started a new history (see {@link BinlogHistory}).
     */
    public static MySqlSource<ChangeEvent> create(MySqlConfig config, List<TableSchema> tables, int parallelism,
            long snapshotVersion, int generation, boolean readNewHistoryFromStart) {
        Map<TableId, TableSchema> schemas =
                tables.stream().collect(Collectors.toMap(TableSchema::table, Function.identity()));
        String[] tableList = tables.stream()
                .map(schema -> escape(schema.table().database()) + "\\." + escape(schema.table().table()))
                .toArray(String[]::new);
        String[] databases = tables.stream().map(schema -> schema.table().database()).distinct().toArray(String[]::new);

        Properties debezium = new Properties();
        debezium.setProperty("bigint.unsigned.handling.mode", "precise");
        debezium.setProperty("decimal.handling.mode", "precise");
        debezium.setProperty("time.precision.mode", "adaptive_time_microseconds");
        debezium.setProperty("binary.handling.mode", "bytes");
        // MySQL already applied its two-digit-year rule on insert; Debezium's would move the years 0001..0099 by
        // 1900 or 2000.
        debezium.setProperty("enable.time.adjuster", "false");
        debezium.setProperty("database.ssl.mode", config.sslMode().debeziumValue());
        // A trust store only for the verify modes: given one, Debezium would verify the binlog connection even under
        // required, while Connector/J does not.
        config.trustStore().ifPresent(store -> debezium.putAll(store.debeziumProperties()));
        // MySQL sends an idle replica heartbeats only when asked: Debezium asks every 0.8 × this interval. Without
        // them an idle binlog produces no Debezium heartbeats, and freshness could not tell "idle" from "stuck".
        debezium.setProperty("connect.keep.alive.interval.ms", Long.toString(config.heartbeatInterval().toMillis()));
        Properties jdbc = new Properties();
        jdbc.putAll(config.tlsJdbcProperties());

        ChangeEventDeserializer deserializer = new ChangeEventDeserializer(schemas, snapshotVersion, generation,
                config.columnsExclude());
        MySqlSourceBuilder<ChangeEvent> builder = MySqlSource.<ChangeEvent>builder();
        // Tables without a primary key are keyed by mysql.key-columns (MySqlTableSchemaReader allows it for no
        // other table); Flink CDC splits their snapshot into chunks by the first of them. It matches the ObjectPath
        // as Debezium regular expressions, hence the escaping.
        config.keyColumns().forEach((table, columns) -> builder.chunkKeyColumn(
                new ObjectPath(escape(table.database()), escape(table.table())), columns.get(0)));
        MySqlSource<ChangeEvent> built = builder
                .hostname(config.hostname())
                .port(config.port())
                .username(config.username())
                .password(config.password().value())
                .databaseList(databases)
                .tableList(tableList)
                .serverId(config.serverIdRange(parallelism))
                .serverTimeZone(config.serverTimeZone())
                .splitSize(config.chunkSize())
                .fetchSize(config.fetchSize())
                .skipSnapshotBackfill(config.skipBackfill())
                // A table that joins on resume (include list widened, or created while the job was stopped) gets
                // Flink CDC's snapshot of newly added tables; without it only its binlog changes would arrive, and
                // not even those for a table whose CREATE TABLE precedes the savepoint. Flink CDC takes new tables
                // only in the snapshot-then-binlog mode.
                .scanNewlyAddedTableEnabled(config.startupMode() == StartupMode.INITIAL && !readNewHistoryFromStart)
                .heartbeatInterval(config.heartbeatInterval())
                .connectTimeout(config.connectTimeout())
                .startupOptions(readNewHistoryFromStart ? StartupOptions.earliest() : startupOptions(config))
                .debeziumProperties(debezium)
                .jdbcProperties(jdbc)
                .deserializer(deserializer)
                .build();
        return PipelineMySqlSource.of(built, deserializer,
                tables.stream().map(schema -> schema.table().toString()).toList(), config.trustStore().orElse(null));
    }

    private static StartupOptions startupOptions(MySqlConfig config) {
        return switch (config.startupMode()) {
            case INITIAL -> StartupOptions.initial();
            case LATEST_OFFSET -> StartupOptions.latest();
            case SPECIFIC_OFFSET -> config.startupGtidSet() != null
                    ? StartupOptions.specificOffset(config.startupGtidSet())
                    : StartupOptions.specificOffset(config.startupBinlogFile(), config.startupBinlogPosition());
            case TIMESTAMP -> StartupOptions.timestamp(config.startupTimestampMillis());
        };
    }

    /** Flink CDC reads table names as regular expressions. */
    private static String escape(String name) {
        return name.replaceAll("([\\\\.\\[\\]{}()*+?^$|])", "\\\\$1");
    }
}
