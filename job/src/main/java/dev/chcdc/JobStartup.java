package dev.chcdc;

import com.clickhouse.client.api.query.GenericRecord;
import dev.chcdc.clickhouse.client.ClickHouseGateway;
import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.clickhouse.schema.TableDdl;
import dev.chcdc.clickhouse.schema.TargetTables;
import dev.chcdc.config.ConfigException;
import dev.chcdc.config.JobConfig;
import dev.chcdc.config.JobOptions;
import dev.chcdc.config.MySqlConfig;
import dev.chcdc.config.PipelineMode;
import dev.chcdc.config.StartupMode;
import dev.chcdc.event.ChangeVersion;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import dev.chcdc.source.BinlogHistory;
import dev.chcdc.source.MySqlConnectFailure;
import dev.chcdc.source.MySqlPreflight;
import dev.chcdc.source.MySqlTableSchemaReader;
import dev.chcdc.source.MySqlTableSizes;
import dev.chcdc.source.SnapshotSplitLimits;
import dev.chcdc.tee.TableSchemaTopic;
import dev.chcdc.tee.TeeTopics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the job learns and prepares before it is submitted: MySQL passes pre-flight, the captured tables'
 * schemas, the ClickHouse targets and Kafka topics (created if missing; the schemas written to the tee) and the
 * version that orders this run's snapshot below every later binlog change. A replay takes the schemas from
 * the tee instead and has no MySQL ({@code mysql} null). {@code history} gives the {@code _version} generation:
 * the next one when MySQL's binlog no longer continues the history of the changes already in ClickHouse
 * ({@link BinlogHistory}). {@code quarantined}: captured tables left out because their snapshot cannot be taken
 * ({@link SnapshotSplitLimits}), with the reason; every other table goes on.
 */
public record JobStartup(MySqlConfig mysql, List<TableSchema> tables, List<ClickHouseTable> targets, long snapshotVersion,
        Map<TableId, Long> estimatedRows, BinlogHistory.Decision history, Map<TableId, String> quarantined) {
    private static final Logger LOG = LoggerFactory.getLogger(JobStartup.class);

    public static JobStartup prepare(JobConfig config) {
        if (config.pipeline().mode() == PipelineMode.REPLAY) {
            return prepareReplay(config);
        }
        MySqlConfig mysql = config.mysql();
        List<TableSchema> tables;
        Map<TableId, Long> estimatedRows;
        Map<TableId, String> quarantined;
        MySqlPreflight.Result preflight;
        try (Connection connection = MySqlPreflight.connect(mysql)) {
            preflight = MySqlPreflight.check(connection, mysql);
            if (!preflight.problems().isEmpty()) {
                throw new ConfigException(preflight.problems());
            }
            preflight.warnings().forEach(warning -> LOG.warn("{} (README, Security)", warning));
            List<TableSchema> found = MySqlTableSchemaReader.read(connection, mysql);
            tables = found;
            // Only the snapshot-then-binlog mode (and tables joining later, which it alone takes) splits chunks.
            quarantined = mysql.startupMode() == StartupMode.INITIAL
                    ? SnapshotSplitLimits.unsplittable(connection, found, table -> copied(config, found, table))
                    : Map.of();
            if (!quarantined.isEmpty()) {
                quarantined.forEach((table, reason) -> LOG.error("Table {} is quarantined (left out of this run): {}. "
                        + "The other tables are captured; README, Operations runbook, \"A quarantined table\"",
                        table, reason));
                List<TableSchema> capturable = tables.stream()
                        .filter(table -> !quarantined.containsKey(table.table())).toList();
                if (capturable.isEmpty()) {
                    throw new ConfigException(quarantined.entrySet().stream()
                            .map(entry -> "Table " + entry.getKey() + " cannot be snapshotted: " + entry.getValue())
                            .toList());
                }
                tables = capturable;
            }
            estimatedRows = MySqlTableSizes.estimate(connection, tables);
        } catch (SQLException e) {
            throw new ConfigException(MySqlConnectFailure.describe(mysql, e));
        }
        List<ClickHouseTable> targets = targets(config, tables);
        ensureTargets(config, targets);
        if (config.kafka() != null) {
            TeeTopics.ensure(config.kafka(), config.tee(), config.deadLetter(), tables, config.teeActive(), true);
            TableSchemaTopic.write(config.kafka(), config.tee().topicPrefix(), tables);
        }
        BinlogHistory.Decision history = decideHistory(config, mysql, targets);
        long snapshotVersion = ChangeVersion.before(history.generation(), preflight.binlogFile(), preflight.binlogPosition());
        LOG.info("MySQL {} (time zone {}), binlog at {}:{}; capturing {} tables: {}", preflight.serverVersion(),
                preflight.serverTimeZone(), preflight.binlogFile(), preflight.binlogPosition(), tables.size(),
                tables.stream().map(table -> table.table().toString()).toList());
        return new JobStartup(mysql.withServerTimeZone(preflight.serverTimeZone()), tables, targets, snapshotVersion,
                estimatedRows, history, quarantined);
    }

    /** A replay reads the table schemas from the tee, never from MySQL. */
    private static JobStartup prepareReplay(JobConfig config) {
        List<TableSchema> tables = TableSchemaTopic.read(config.kafka(), config.tee().topicPrefix());
        List<ClickHouseTable> targets = targets(config, tables);
        ensureTargets(config, targets);
        TeeTopics.ensure(config.kafka(), config.tee(), config.deadLetter(), tables, false, false);
        LOG.info("Replaying topics matching {} into ClickHouse; {} tables known: {}", config.replay().topicPattern(),
                tables.size(), tables.stream().map(table -> table.table().toString()).toList());
        return new JobStartup(null, tables, targets, 0, Map.of(),
                new BinlogHistory.Decision(0, false, "a replay keeps the versions of the tee"), Map.of());
    }

    /** The generation from the highest version in the target tables and MySQL's binary logs now. */
    private static BinlogHistory.Decision decideHistory(JobConfig config, MySqlConfig mysql, List<ClickHouseTable> targets) {
        Optional<BinlogHistory.Committed> last;
        try (ClickHouseGateway gateway = new ClickHouseGateway(config.clickhouse())) {
            last = lastCommitted(gateway, targets);
        }
        BinlogHistory.Server server;
        try (Connection connection = MySqlPreflight.connect(mysql)) {
            server = BinlogHistory.read(connection, last);
        } catch (SQLException e) {
            throw new ConfigException("Cannot read MySQL's binary logs as '" + mysql.username() + "': " + e.getMessage()
                    + " (the user needs REPLICATION CLIENT and REPLICATION SLAVE)");
        }
        BinlogHistory.Decision decision = BinlogHistory.decide(last, server);
        if (decision.newHistory()) {
            LOG.warn("New MySQL binlog history: {}. Writing _version generation {}, above every version already in "
                    + "ClickHouse; a restored job reads the new binlog from its earliest offset", decision.reason(),
                    decision.generation());
        } else {
            LOG.info("_version generation {}: {}", decision.generation(), decision.reason());
        }
        return decision;
    }

    /** The change with the highest version over all raw tables, with its binlog coordinates; empty when none. */
    private static Optional<BinlogHistory.Committed> lastCommitted(ClickHouseGateway gateway, List<ClickHouseTable> targets) {
        BinlogHistory.Committed last = null;
        for (ClickHouseTable target : targets) {
            GenericRecord row = gateway.query("SELECT count(), toInt64(max(" + ClickHouseTable.VERSION + ")), "
                    + "argMax(" + ClickHouseTable.BINLOG_FILE + ", " + ClickHouseTable.VERSION + "), "
                    + "toInt64(argMax(" + ClickHouseTable.BINLOG_POSITION + ", " + ClickHouseTable.VERSION + ")) FROM "
                    + TableDdl.quote(target.database()) + "." + TableDdl.quote(target.rawTable())).get(0);
            if (row.getLong(1) > 0 && (last == null || row.getLong(2) > last.version())) {
                last = new BinlogHistory.Committed(row.getLong(2), row.getString(3), row.getLong(4));
            }
        }
        return Optional.ofNullable(last);
    }

    /** Whether {@code table}'s ClickHouse copy already holds rows (asked only for the few tables that need it). */
    private static boolean copied(JobConfig config, List<TableSchema> tables, TableId table) {
        TableSchema schema = tables.stream().filter(candidate -> candidate.table().equals(table)).findFirst().orElseThrow();
        try (ClickHouseGateway gateway = new ClickHouseGateway(config.clickhouse())) {
            return TargetTables.holdsRows(gateway, ClickHouseTable.from(schema, config.clickhouse()));
        }
    }

    private static List<ClickHouseTable> targets(JobConfig config, List<TableSchema> tables) {
        checkOutOfRangeColumns(config, tables);
        return tables.stream()
                .map(table -> ClickHouseTable.from(table, config.clickhouse()))
                .toList();
    }

    /** Every clickhouse.out-of-range.<column> key names a captured DATE, DATETIME or TIMESTAMP column. */
    private static void checkOutOfRangeColumns(JobConfig config, List<TableSchema> tables) {
        Set<String> temporal = new HashSet<>();
        for (TableSchema table : tables) {
            table.columns().stream()
                    .filter(ColumnSchema::holdsDates)
                    .forEach(column -> temporal.add(table.table() + "." + column.name()));
        }
        List<String> unknown = config.clickhouse().outOfRangeColumns().keySet().stream()
                .filter(column -> !temporal.contains(column))
                .map(column -> JobOptions.CLICKHOUSE_OUT_OF_RANGE_COLUMN_PREFIX + column + ": no captured DATE, "
                        + "DATETIME or TIMESTAMP column " + column + " (the key names <database>.<table>.<column>)")
                .toList();
        if (!unknown.isEmpty()) {
            throw new ConfigException(unknown);
        }
    }

    private static void ensureTargets(JobConfig config, List<ClickHouseTable> targets) {
        try (ClickHouseGateway gateway = new ClickHouseGateway(config.clickhouse())) {
            TargetTables.ensure(gateway, targets, config.clickhouse().deduplicationWindow(),
                    config.clickhouse().changelogTables(targets.stream().map(target -> target.source().table()).toList()));
        }
    }
}
