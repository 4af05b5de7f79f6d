package dev.chcdc.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chcdc.clickhouse.client.ClickHouseGateway;
import dev.chcdc.config.ConfigException;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Start-up against a real ClickHouse that already holds objects with the job's names: drifted ones are refused
 * with what differs, before anything is created on top of them; the job's own out-of-date view is replaced.
 */
@ExtendWith(RealServices.class)
class TargetTablesIT {
    @Test
    void aRawTableMissingAColumnMySqlGainedIsRefusedSayingWhatDiffersBeforeTheViewIsCreated(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                ClickHouseGateway gateway = gateway(fixture)) {
            String db = fixture.database();
            ClickHouseTable before = table(db, "orders", false);
            TargetTables.ensure(gateway, List.of(before), 100);
            clickHouse.query("DROP VIEW `" + db + "`.orders");

            assertThatThrownBy(() -> TargetTables.ensure(gateway, List.of(table(db, "orders", true)), 100))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("ClickHouse table " + db + ".orders_raw does not match MySQL table "
                            + db + ".orders")
                    .hasMessageContaining("note Nullable(String)");
            assertThat(fixture.clickHouseQuery("EXISTS VIEW `" + db + "`.orders")).isEqualTo("0");
        }
    }

    @Test
    void aRawTableWithoutDeduplicationOrOrderedByAnotherKeyIsRefused(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                ClickHouseGateway gateway = gateway(fixture)) {
            String db = fixture.database();
            ClickHouseTable orders = table(db, "orders", true);
            clickHouse.query("CREATE DATABASE IF NOT EXISTS `" + db + "`");
            clickHouse.query(TableDdl.createRawTable(orders, 0).replace("ORDER BY (`id`, `line`)", "ORDER BY (`id`)"));

            assertThatThrownBy(() -> TargetTables.ensure(gateway, List.of(orders), 100))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("is ordered by (id) but the primary key of MySQL table " + db
                            + ".orders is (id, line)")
                    .hasMessageContaining("has no non_replicated_deduplication_window");
        }
    }

    @Test
    void theJobsOutOfDateViewIsReplacedAndAForeignTableWithItsNameIsRefused(
            MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                ClickHouseGateway gateway = gateway(fixture)) {
            String db = fixture.database();
            ClickHouseTable orders = table(db, "orders", true);
            TargetTables.ensure(gateway, List.of(orders), 100);
            clickHouse.query("CREATE OR REPLACE VIEW `" + db + "`.orders AS SELECT id FROM `" + db + "`.orders_raw FINAL");

            TargetTables.ensure(gateway, List.of(orders), 100);
            assertThat(fixture.clickHouseQuery("SELECT groupArray(name) FROM system.columns WHERE database = '" + db
                    + "' AND table = 'orders'")).isEqualTo("['id','line','note']");

            ClickHouseTable items = table(db, "items", true);
            clickHouse.query("CREATE TABLE `" + db + "`.items (x Int32) ENGINE = MergeTree ORDER BY x");
            assertThatThrownBy(() -> TargetTables.ensure(gateway, List.of(items), 100, Set.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("ClickHouse table " + db + ".items exists and is not the job's view");
        }
    }

    private static ClickHouseGateway gateway(PipelineFixture fixture) {
        return new ClickHouseGateway(fixture.config(Map.of()).clickhouse());
    }

    private static ClickHouseTable table(String database, String name, boolean withNote) {
        List<ColumnSchema> columns = new java.util.ArrayList<>(List.of(
                new ColumnSchema("id", "int", "int(11)", 10, 0, false),
                new ColumnSchema("line", "int", "int(11)", 10, 0, false)));
        if (withNote) {
            columns.add(new ColumnSchema("note", "varchar", "varchar(20)", -1, -1, true));
        }
        return ClickHouseTable.from(new TableSchema(new TableId(database, name), columns, List.of(0, 1)), database);
    }
}
