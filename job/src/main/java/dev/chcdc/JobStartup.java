package dev.chcdc;

import dev.chcdc.clickhouse.client.ClickHouseGateway;
import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.clickhouse.schema.TargetTables;
import dev.chcdc.config.ConfigException;
import dev.chcdc.config.JobConfig;
import dev.chcdc.config.MySqlConfig;
import dev.chcdc.event.ChangeVersion;
import dev.chcdc.event.TableSchema;
import dev.chcdc.source.MySqlPreflight;
import dev.chcdc.source.MySqlTableSchemaReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the job learns and prepares before it is submitted: MySQL passes pre-flight, the captured tables'
 * schemas, the ClickHouse targets (created if missing) and the version that orders this run's snapshot
 * below every later binlog change.
 */
public record JobStartup(MySqlConfig mysql, List<TableSchema> tables, List<ClickHouseTable> targets, long snapshotVersion) {
    private static final Logger LOG = LoggerFactory.getLogger(JobStartup.class);

    public static JobStartup prepare(JobConfig config) {
        MySqlConfig mysql = config.mysql();
        List<TableSchema> tables;
        MySqlPreflight.Result preflight;
        try (Connection connection = MySqlPreflight.connect(mysql)) {
            preflight = MySqlPreflight.check(connection, mysql);
            if (!preflight.problems().isEmpty()) {
                throw new ConfigException(preflight.problems());
            }
            tables = MySqlTableSchemaReader.read(connection, mysql.databases(), mysql.tablesInclude(),
                    mysql.tablesExclude(), mysql.keyColumns());
        } catch (SQLException e) {
            throw new ConfigException("Cannot reach MySQL at " + mysql.hostname() + ":" + mysql.port() + " as '"
                    + mysql.username() + "': " + e.getMessage() + " (check mysql.hostname, mysql.port, the user, its "
                    + "password and mysql.ssl-mode)");
        }
        List<ClickHouseTable> targets = tables.stream()
                .map(table -> ClickHouseTable.from(table, config.clickhouse().targetDatabase(table.table().database())))
                .toList();
        try (ClickHouseGateway gateway = new ClickHouseGateway(config.clickhouse())) {
            TargetTables.ensure(gateway, targets, config.clickhouse().deduplicationWindow());
        }
        long snapshotVersion = ChangeVersion.before(preflight.binlogFile(), preflight.binlogPosition());
        LOG.info("MySQL {} (time zone {}), binlog at {}:{}; capturing {} tables: {}", preflight.serverVersion(),
                preflight.serverTimeZone(), preflight.binlogFile(), preflight.binlogPosition(), tables.size(),
                tables.stream().map(table -> table.table().toString()).toList());
        return new JobStartup(mysql.withServerTimeZone(preflight.serverTimeZone()), tables, targets, snapshotVersion);
    }
}
