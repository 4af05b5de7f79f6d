package dev.chcdc.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetDriftTest {
    private static final ClickHouseTable ORDERS = table("orders");
    private static final String ENGINE = "ReplacingMergeTree(_version, is_deleted) ORDER BY (id, line) "
            + "SETTINGS non_replicated_deduplication_window = 10000, index_granularity = 8192";

    @Test
    void aRawTableAsTheJobCreatesItHasNoProblems() {
        assertThat(TargetDrift.rawTable(ORDERS, raw(ENGINE, "id, line", columns(ORDERS)))).isEmpty();
    }

    @Test
    void aRawTableOrderedByAnotherKeyIsAProblemNamingBothKeys() {
        assertThat(TargetDrift.rawTable(ORDERS, raw(ENGINE, "id", columns(ORDERS))))
                .singleElement().asString()
                .contains("shop.orders_raw is ordered by (id)")
                .contains("primary key of MySQL table shop.orders is (id, line)");
    }

    @Test
    void aRawTableWithoutADeduplicationWindowIsAProblemWithTheStatementThatFixesIt() {
        String withoutWindow = "ReplacingMergeTree(_version, is_deleted) ORDER BY (id, line) SETTINGS index_granularity = 8192";

        assertThat(TargetDrift.rawTable(ORDERS, raw(withoutWindow, "id, line", columns(ORDERS))))
                .singleElement().asString()
                .contains("no non_replicated_deduplication_window")
                .contains("ALTER TABLE `shop`.`orders_raw` MODIFY SETTING non_replicated_deduplication_window = 10000");
    }

    @Test
    void aRawTableWithAnotherEngineIsAProblem() {
        assertThat(TargetDrift.rawTable(ORDERS, raw("MergeTree ORDER BY (id, line)", "id, line", columns(ORDERS))))
                .singleElement().asString().contains("has engine MergeTree");
    }

    @Test
    void aRawTableMissingAColumnMySqlGainedIsAProblemSayingWhatDiffers() {
        List<String> older = new ArrayList<>(columns(ORDERS));
        older.remove("note Nullable(String)");

        assertThat(TargetDrift.rawTable(ORDERS, raw(ENGINE, "id, line", older)))
                .singleElement().asString()
                .contains("does not match MySQL table shop.orders")
                .contains("note Nullable(String)");
    }

    @Test
    void theJobsOwnViewIsAcceptedAndReplacedOnlyWhenItsColumnsDiffer() {
        ExistingTable current = view("SELECT id, line, note FROM shop.orders_raw FINAL WHERE is_deleted = 0",
                List.of("id Int32", "line Int32", "note Nullable(String)"));
        ExistingTable older = view("SELECT id, line FROM shop.orders_raw FINAL WHERE is_deleted = 0",
                List.of("id Int32", "line Int32"));

        assertThat(TargetDrift.view(ORDERS, current)).isEmpty();
        assertThat(TargetDrift.viewIsCurrent(ORDERS, current)).isTrue();
        assertThat(TargetDrift.view(ORDERS, older)).isEmpty();
        assertThat(TargetDrift.viewIsCurrent(ORDERS, older)).isFalse();
    }

    @Test
    void aTableOrForeignViewWithTheViewsNameIsAProblem() {
        ExistingTable table = new ExistingTable("orders", "MergeTree", "MergeTree ORDER BY id", "id", "", List.of());
        ExistingTable foreign = view("SELECT * FROM shop.legacy_orders", List.of());

        assertThat(TargetDrift.view(ORDERS, table)).singleElement().asString()
                .contains("ClickHouse table shop.orders exists and is not the job's view of shop.orders_raw");
        assertThat(TargetDrift.view(ORDERS, foreign)).singleElement().asString().contains("view shop.orders exists");
    }

    @Test
    void theRawTableOfOneTableAndTheViewOfAnotherCannotShareAName() {
        assertThat(TargetTables.nameCollisions(List.of(ORDERS, table("orders_raw")), Set.of()))
                .singleElement().asString().contains("shop.orders_raw is needed by both shop.orders and shop.orders_raw");
    }

    @Test
    void theChangelogOfOneTableAndTheViewOfAnotherCannotShareAName() {
        List<ClickHouseTable> targets = List.of(ORDERS, table("orders_changes"));

        assertThat(TargetTables.nameCollisions(targets, Set.of())).isEmpty();
        assertThat(TargetTables.nameCollisions(targets, Set.of(new TableId("shop", "orders"))))
                .singleElement().asString().contains("shop.orders_changes is needed by both");
    }

    @Test
    void sortingKeysAreWrittenAsClickHousePrintsThem() {
        assertThat(TargetDrift.sortingKey(List.of("id", "order-no", "Ünit"))).isEqualTo("id, `order-no`, `Ünit`");
    }

    private static ClickHouseTable table(String name) {
        return ClickHouseTable.from(new TableSchema(new TableId("shop", name), List.of(
                new ColumnSchema("id", "int", "int(11)", 10, 0, false),
                new ColumnSchema("line", "int", "int(11)", 10, 0, false),
                new ColumnSchema("note", "varchar", "varchar(20)", -1, -1, true)), List.of(0, 1)), "shop");
    }

    private static List<String> columns(ClickHouseTable table) {
        return table.allColumns().stream().map(column -> column.name() + " " + TargetDrift.normalise(column.type().sql())).toList();
    }

    private static ExistingTable raw(String engineFull, String sortingKey, List<String> columns) {
        return new ExistingTable("orders_raw", engineFull.substring(0, engineFull.indexOf(engineFull.contains("(") ? "(" : " ")),
                engineFull, sortingKey, "", columns);
    }

    private static ExistingTable view(String select, List<String> columns) {
        return new ExistingTable("orders", "View", "View", "", select, columns);
    }
}
