package dev.chcdc;

import dev.chcdc.clickhouse.client.ClickHouseGateway;
import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.clickhouse.schema.TargetTables;
import dev.chcdc.config.ConfigException;
import dev.chcdc.config.JobConfig;
import dev.chcdc.config.MySqlConfig;
import dev.chcdc.config.PipelineMode;
import dev.chcdc.event.ChangeVersion;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import dev.chcdc.source.MySqlPreflight;
import dev.chcdc.source.MySqlTableSchemaReader;
import dev.chcdc.source.MySqlTableSizes;
import dev.chcdc.tee.TableSchemaTopic;
import dev.chcdc.tee.TeeTopics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the job learns and prepares before it is submitted: MySQL passes pre-flight, the captured tables'
 * schemas, the ClickHouse targets and Kafka topics (created if missing; the schemas written to the tee) and the
 * version that orders this run's snapshot below every later binlog change. A replay takes the schemas from
 * the tee instead and has no MySQL ({@code mysql} null).
 */
public record JobStartup(MySqlConfig mysql, List<TableSchema> tables, List<ClickHouseTable> targets, long snapshotVersion,
        Map<TableId, Long> estimatedRows) {
    private static final Logger LOG = LoggerFactory.getLogger(JobStartup.class);

    public static JobStartup prepare(JobConfig config) {
        if (config.pipeline().mode() == PipelineMode.REPLAY) {
            return prepareReplay(config);
        }
        MySqlConfig mysql = config.mysql();
        List<TableSchema> tables;
        Map<TableId, Long> estimatedRows;
        MySqlPreflight.Result preflight;
        try (Connection connection = MySqlPreflight.connect(mysql)) {
            preflight = MySqlPreflight.check(connection, mysql);
            if (!preflight.problems().isEmpty()) {
                throw new ConfigException(preflight.problems());
            }
            tables = MySqlTableSchemaReader.read(connection, mysql.databases(), mysql.tablesInclude(),
                    mysql.tablesExclude(), mysql.keyColumns());
            estimatedRows = MySqlTableSizes.estimate(connection, tables);
        } catch (SQLException e) {
            throw new ConfigException("Cannot reach MySQL at " + mysql.hostname() + ":" + mysql.port() + " as '"
                    + mysql.username() + "': " + e.getMessage() + " (check mysql.hostname, mysql.port, the user, its "
                    + "password and mysql.ssl-mode)");
        }
        List<ClickHouseTable> targets = targets(config, tables);
        ensureTargets(config, targets);
        if (config.kafka() != null) {
            TeeTopics.ensure(config.kafka(), config.tee(), config.deadLetter(), tables, config.teeActive(), true);
            TableSchemaTopic.write(config.kafka(), config.tee().topicPrefix(), tables);
        }
        long snapshotVersion = ChangeVersion.before(preflight.binlogFile(), preflight.binlogPosition());
        LOG.info("MySQL {} (time zone {}), binlog at {}:{}; capturing {} tables: {}", preflight.serverVersion(),
                preflight.serverTimeZone(), preflight.binlogFile(), preflight.binlogPosition(), tables.size(),
                tables.stream().map(table -> table.table().toString()).toList());
        return new JobStartup(mysql.withServerTimeZone(preflight.serverTimeZone()), tables, targets, snapshotVersion,
                estimatedRows);
    }

    /** A replay reads the table schemas from the tee, never from MySQL. */
    private static JobStartup prepareReplay(JobConfig config) {
        List<TableSchema> tables = TableSchemaTopic.read(config.kafka(), config.tee().topicPrefix());
        List<ClickHouseTable> targets = targets(config, tables);
        ensureTargets(config, targets);
        TeeTopics.ensure(config.kafka(), config.tee(), config.deadLetter(), tables, false, false);
        LOG.info("Replaying topics matching {} into ClickHouse; {} tables known: {}", config.replay().topicPattern(),
                tables.size(), tables.stream().map(table -> table.table().toString()).toList());
        return new JobStartup(null, tables, targets, 0, Map.of());
    }

    private static List<ClickHouseTable> targets(JobConfig config, List<TableSchema> tables) {
        return tables.stream()
                .map(table -> ClickHouseTable.from(table, config.clickhouse().targetDatabase(table.table().database())))
                .toList();
    }

    private static void ensureTargets(JobConfig config, List<ClickHouseTable> targets) {
        try (ClickHouseGateway gateway = new ClickHouseGateway(config.clickhouse())) {
            TargetTables.ensure(gateway, targets, config.clickhouse().deduplicationWindow(),
                    config.clickhouse().changelogTables(targets.stream().map(target -> target.source().table()).toList()));
        }
    }
}
