package dev.chcdc.ops.validate;

import dev.chcdc.clickhouse.client.ClickHouseGateway;
import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.config.ClickHouseConfig;
import dev.chcdc.event.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a list of tables, one after the other, then, if any differed and a recheck is wanted, waits once and
 * rechecks every table's differing keys: changes still on their way through the pipeline during the scan show as
 * differences that are gone by then. A table that cannot be compared gets an ERROR result; the others go on.
 */
public final class Validation {
    private static final Logger LOG = LoggerFactory.getLogger(Validation.class);

    private final Connection mysql;
    private final ClickHouseGateway clickHouse;
    private final ClickHouseConfig clickHouseConfig;
    private final ValidateOptions options;

    public Validation(Connection mysql, ClickHouseGateway clickHouse, ClickHouseConfig clickHouseConfig,
            ValidateOptions options) {
        this.mysql = mysql;
        this.clickHouse = clickHouse;
        this.clickHouseConfig = clickHouseConfig;
        this.options = options;
    }

    /** One result per table, in the given order. */
    public List<TableResult> run(List<TableSchema> tables) throws InterruptedException {
        Map<String, TableResult> failed = new LinkedHashMap<>();
        Map<String, Scanned> scanned = new LinkedHashMap<>();
        for (TableSchema table : tables) {
            String name = table.table().toString();
            try {
                KeyColumns keys = KeyColumns.of(table, MySqlTableSide.collations(mysql, table));
                ClickHouseTable target = ClickHouseTable.from(table, clickHouseConfig);
                MySqlTableSide mysqlSide = new MySqlTableSide(mysql, target, keys);
                TableValidator validator = new TableValidator(name, mysqlSide, mysqlSide,
                        new ClickHouseTableSide(clickHouse, target, keys, options.statementTimeout()), keys,
                        options.chunkSize());
                scanned.put(name, new Scanned(validator, keys, validator.scan(), mysqlSide.saturatedValues()));
            } catch (SQLException e) {
                failed.put(name, TableResult.failed(name, "MySQL: " + e.getMessage()));
            } catch (UnsupportedKeyException | TableReadException e) {
                failed.put(name, TableResult.failed(name, e.getMessage()));
            }
        }
        boolean anyDifference = scanned.values().stream().anyMatch(table -> !table.scan().differences().isEmpty());
        if (options.recheck() && anyDifference) {
            Duration delay = options.recheckDelay() != null
                    ? options.recheckDelay()
                    : clickHouseConfig.flushInterval().multipliedBy(2);
            LOG.info("Rechecking differing keys in {} (changes still in flight arrive meanwhile)", delay);
            Thread.sleep(delay.toMillis());
        }
        List<TableResult> results = new ArrayList<>();
        for (TableSchema table : tables) {
            String name = table.table().toString();
            Scanned result = scanned.get(name);
            if (result == null) {
                results.add(failed.get(name));
                continue;
            }
            try {
                TableScan scan = options.recheck() ? result.validator().recheck(result.scan()) : result.scan();
                results.add(TableResult.compared(name, result.keys().names(), scan, options.maxDifferences(),
                        result.saturated()));
            } catch (TableReadException e) {
                results.add(TableResult.failed(name, e.getMessage()));
            }
        }
        return results;
    }

    private record Scanned(TableValidator validator, KeyColumns keys, TableScan scan, Map<String, Long> saturated) {}
}
