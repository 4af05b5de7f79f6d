package dev.chcdc.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableDdlTest {
    private static final TableSchema ORDER_LINES = new TableSchema(new TableId("shop", "order_lines"), List.of(
            new ColumnSchema("order_id", "bigint", "bigint(20) unsigned", 20, 0, false),
            new ColumnSchema("line", "int", "int(11)", 10, 0, false),
            new ColumnSchema("amount", "decimal", "decimal(10,2)", 10, 2, true),
            new ColumnSchema("state", "enum", "enum('new','paid')", -1, -1, false)),
            List.of(0, 1));

    @Test
    void createsTheDatabaseIfItIsMissing() {
        assertThat(TableDdl.createDatabase("shop_ch")).isEqualTo("CREATE DATABASE IF NOT EXISTS `shop_ch`");
    }

    @Test
    void rawTableIsAReplacingMergeTreeOrderedByThePrimaryKeyWithMetadataColumnsLast() {
        ClickHouseTable table = ClickHouseTable.from(ORDER_LINES, "shop_ch");

        assertThat(TableDdl.createRawTable(table, 100)).isEqualTo("""
                CREATE TABLE IF NOT EXISTS `shop_ch`.`order_lines_raw`
                (
                    `order_id` UInt64,
                    `line` Int32,
                    `amount` Nullable(Decimal(10, 2)),
                    `state` LowCardinality(String),
                    `_version` UInt64,
                    `is_deleted` UInt8,
                    `_binlog_file` LowCardinality(String),
                    `_binlog_pos` UInt64,
                    `_commit_time` DateTime64(3, 'UTC')
                )
                ENGINE = ReplacingMergeTree(`_version`, `is_deleted`)
                ORDER BY (`order_id`, `line`)
                SETTINGS non_replicated_deduplication_window = 100""");
    }

    @Test
    void changelogTableHasTheRawColumnsAppendOnlyOrderedByKeyAndVersion() {
        ClickHouseTable table = ClickHouseTable.from(ORDER_LINES, "shop_ch");

        assertThat(TableDdl.createChangelogTable(table, 100)).isEqualTo("""
                CREATE TABLE IF NOT EXISTS `shop_ch`.`order_lines_changes`
                (
                    `order_id` UInt64,
                    `line` Int32,
                    `amount` Nullable(Decimal(10, 2)),
                    `state` LowCardinality(String),
                    `_version` UInt64,
                    `is_deleted` UInt8,
                    `_binlog_file` LowCardinality(String),
                    `_binlog_pos` UInt64,
                    `_commit_time` DateTime64(3, 'UTC')
                )
                ENGINE = MergeTree
                ORDER BY (`order_id`, `line`, `_version`, `is_deleted`)
                SETTINGS non_replicated_deduplication_window = 100""");
    }

    @Test
    void viewSelectsTheUserColumnsOfTheLatestLiveVersions() {
        ClickHouseTable table = ClickHouseTable.from(ORDER_LINES, "shop_ch");

        assertThat(TableDdl.createView(table)).isEqualTo("""
                CREATE VIEW IF NOT EXISTS `shop_ch`.`order_lines` AS
                SELECT `order_id`, `line`, `amount`, `state`
                FROM `shop_ch`.`order_lines_raw` FINAL
                WHERE `is_deleted` = 0""");
    }

    @Test
    void backQuotesAndBackslashesInNamesAreEscaped() {
        TableSchema schema = new TableSchema(new TableId("db", "we`ird\\name"), List.of(
                new ColumnSchema("a`b", "int", "int(11)", 10, 0, false)), List.of(0));
        ClickHouseTable table = ClickHouseTable.from(schema, "d`b");

        assertThat(TableDdl.quote("a`b\\c")).isEqualTo("`a\\`b\\\\c`");
        assertThat(TableDdl.createView(table)).isEqualTo("""
                CREATE VIEW IF NOT EXISTS `d\\`b`.`we\\`ird\\\\name` AS
                SELECT `a\\`b`
                FROM `d\\`b`.`we\\`ird\\\\name_raw` FINAL
                WHERE `is_deleted` = 0""");
    }

    @Test
    void aColumnNamedLikeAMetadataColumnIsRefused() {
        TableSchema schema = new TableSchema(new TableId("shop", "events"), List.of(
                new ColumnSchema("id", "int", "int(11)", 10, 0, false),
                new ColumnSchema("_version", "int", "int(11)", 10, 0, false)), List.of(0));

        assertThatThrownBy(() -> ClickHouseTable.from(schema, "shop_ch"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column `_version` of MySQL table shop.events has the name of a column the job adds to"
                        + " every ClickHouse table (_version, is_deleted, _binlog_file, _binlog_pos, _commit_time);"
                        + " exclude the table or rename the column");
    }

    @Test
    void targetNamesDeriveFromTheMySqlTableName() {
        ClickHouseTable table = ClickHouseTable.from(ORDER_LINES, "shop_ch");

        assertThat(table.database()).isEqualTo("shop_ch");
        assertThat(table.rawTable()).isEqualTo("order_lines_raw");
        assertThat(table.view()).isEqualTo("order_lines");
        assertThat(table.keyColumns()).containsExactly("order_id", "line");
    }

    @Test
    void theTableModelSurvivesJavaSerializationAsFlinkShipsIt() throws Exception {
        ClickHouseTable table = ClickHouseTable.from(ORDER_LINES, "shop_ch");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(table);
        }

        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ClickHouseTable copy = (ClickHouseTable) in.readObject();
            assertThat(copy).isEqualTo(table);
            assertThat(TableDdl.createRawTable(copy, 100)).isEqualTo(TableDdl.createRawTable(table, 100));
        }
    }
}
