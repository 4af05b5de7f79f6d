package dev.chcdc.ops;

import dev.chcdc.event.TableId;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Per-table metrics of one operator, under the group {@code cdc} and the key-value group
 * {@code table=<database>.<table>}: in Prometheus {@code flink_taskmanager_job_task_operator_cdc_table_<name>}
 * with the label {@code table}. Metrics are registered on first use, so an operator shows only its own.
 */
public final class TableMetrics {
    public static final String EVENTS_READ = "eventsRead";
    public static final String EVENTS_INSERTED = "eventsInserted";
    public static final String EVENTS_UPDATED = "eventsUpdated";
    public static final String EVENTS_DELETED = "eventsDeleted";
    public static final String SNAPSHOT_ROWS = "snapshotRows";
    public static final String SNAPSHOT_ROWS_ESTIMATE = "snapshotRowsEstimate";
    public static final String ROWS_WRITTEN = "rowsWritten";
    public static final String BATCHES_COMMITTED = "batchesCommitted";
    public static final String DEAD_LETTERED = "deadLettered";
    public static final String LAST_BATCH_SIZE = "lastBatchSize";
    public static final String COMMIT_LATENCY_MS = "commitLatencyMs";
    public static final String FRESHNESS_MS = "freshnessMs";
    public static final String COMMIT_BLOCKED_MS = "commitBlockedMs";
    /** Per column (the key-value group {@code column=<name>} under the table's): dates written as the range's end. */
    public static final String VALUES_SATURATED = "valuesSaturated";
    /** Tee and dead-letter records written without their largest values, over tee.max-record-size. */
    public static final String TEE_RECORDS_TRIMMED = "teeRecordsTrimmed";
    /** Tee records a replay skipped because they lack values ({@code omitted-columns}). */
    public static final String REPLAY_RECORDS_INCOMPLETE = "replayRecordsIncomplete";
    /** 1 for a captured table the job left out of this run (README, "A quarantined table"). */
    public static final String QUARANTINED = "quarantined";

    private final MetricGroup cdc;
    private final Map<TableId, MetricGroup> groups = new HashMap<>();
    private final Map<TableId, Map<String, Counter>> counters = new HashMap<>();

    public TableMetrics(MetricGroup operator) {
        this.cdc = operator.addGroup("cdc");
    }

    public MetricGroup group(TableId table) {
        return groups.computeIfAbsent(table, id -> cdc.addGroup("table", id.toString()));
    }

    /** The table's counter {@code name}, registered on first use; cheap enough for the per-event path. */
    public Counter counter(TableId table, String name) {
        Map<String, Counter> byName = counters.computeIfAbsent(table, id -> new HashMap<>());
        Counter counter = byName.get(name);
        if (counter == null) {
            counter = group(table).counter(name);
            byName.put(name, counter);
        }
        return counter;
    }
}
