package dev.chcdc.clickhouse.sink;

import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.ChangeVersion;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.Operation;
import dev.chcdc.event.RowImage;
import dev.chcdc.event.SourcePosition;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.util.List;
import dev.chcdc.config.OutOfRangePolicy;
import java.util.Map;
import java.util.Set;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/** A captured table {@code shop.orders (id INT PRIMARY KEY, note VARCHAR(20))}, its changes and batches. */
final class SinkTables {
    static final TableId ORDERS_ID = new TableId("shop", "orders");
    static final TableSchema ORDERS_SCHEMA = new TableSchema(ORDERS_ID, List.of(
            new ColumnSchema("id", "int", "int(11)", 10, 0, false),
            new ColumnSchema("note", "varchar", "varchar(20)", -1, -1, true)), List.of(0));
    static final ClickHouseTable ORDERS = ClickHouseTable.from(ORDERS_SCHEMA, "shop");

    private SinkTables() {}

    /** An insert of order {@code id} read from the binlog at position {@code 1000 + id}. */
    static ChangeEvent insert(int id) {
        SourcePosition source = new SourcePosition("mysql-bin.000003", 1000 + id, 0, null, 1);
        return new ChangeEvent(ORDERS_ID, Operation.INSERT, null, RowImage.of(new Object[] {id, "note " + id}), source,
                ChangeVersion.of("mysql-bin.000003", 1000 + id, 0), 1_764_579_600_000L + id);
    }

    /** A writer for {@code shop.orders} (with its changelog when {@code changelog}). */
    static ClickHouseWriter writer(int batchSize, long restoredCheckpointId, boolean changelog) {
        return new ClickHouseWriter(Map.of(ORDERS_ID, ORDERS), changelog ? Set.of(ORDERS_ID) : Set.of(), batchSize, 0,
                restoredCheckpointId, UnregisteredMetricsGroup.createSinkWriterMetricGroup(), new DeadLetters.Disabled(),
                Map.of(), (table, column) -> OutOfRangePolicy.SATURATE, Set.of());
    }

    /** The one batch a writer hands out for inserts of orders {@code 1..rows}. */
    static ClickHouseCommittable batch(int rows) throws InterruptedException {
        ClickHouseWriter writer = writer(rows, 0, false);
        for (int id = 1; id <= rows; id++) {
            writer.write(insert(id), null);
        }
        return writer.prepareCommit().iterator().next();
    }
}
