package dev.chcdc.clickhouse.sink;

import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.config.ClickHouseConfig;
import dev.chcdc.deadletter.DeadLetterTarget;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.TableId;
import dev.chcdc.ops.TableMetrics;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * Exactly-once-batched upserts into ClickHouse ReplacingMergeTree tables. Writers buffer encoded rows; at each
 * checkpoint they hand batches to the committer, which inserts them once the checkpoint is complete, with a
 * deduplication token per batch so a re-commit after a restore changes nothing. Together with {@code _version}
 * from the binlog, no change is lost and none is counted twice by a {@code FINAL} query or the views.
 *
 * <p>Rows ClickHouse cannot take go to the dead-letter topic when one is configured, and fail the job otherwise.
 *
 * <p>Build it with {@link #builder()}. It does not create tables: {@link dev.chcdc.clickhouse.schema.TableDdl}
 * does that before the job starts.
 */
public final class ClickHouseSink implements Sink<ChangeEvent>, SupportsCommitter<ClickHouseCommittable> {
    private final ClickHouseConfig config;
    private final Map<TableId, ClickHouseTable> tables;
    private final DeadLetterTarget deadLetters;
    private final Set<TableId> changelogTables;

    private final Map<TableId, Long> snapshotRowEstimates;

    ClickHouseSink(ClickHouseConfig config, Map<TableId, ClickHouseTable> tables, DeadLetterTarget deadLetters,
            Map<TableId, Long> snapshotRowEstimates) {
        this.config = config;
        this.snapshotRowEstimates = Map.copyOf(snapshotRowEstimates);
        this.tables = Map.copyOf(tables);
        this.changelogTables = tables.keySet().stream().filter(config::changelog)
                .collect(Collectors.toUnmodifiableSet());
        this.deadLetters = deadLetters;
    }

    public static ClickHouseSinkBuilder builder() {
        return new ClickHouseSinkBuilder();
    }

    @Override
    @Deprecated
    public CommittingSinkWriter<ChangeEvent, ClickHouseCommittable> createWriter(InitContext context) {
        throw new UnsupportedOperationException("Flink 1.20 calls createWriter(WriterInitContext)");
    }

    @Override
    public CommittingSinkWriter<ChangeEvent, ClickHouseCommittable> createWriter(WriterInitContext context) {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        SinkWriterMetricGroup metrics = context.metricGroup();
        if (subtask == 0) {
            // Once per job, not per subtask, so the estimate is not summed twice on a dashboard.
            TableMetrics tableMetrics = new TableMetrics(metrics);
            snapshotRowEstimates.forEach((table, rows) ->
                    tableMetrics.group(table).gauge(TableMetrics.SNAPSHOT_ROWS_ESTIMATE, () -> rows));
        }
        return new ClickHouseWriter(tables, changelogTables, config.batchSize(), subtask,
                context.getRestoredCheckpointId().orElse(0L), metrics, new DeadLetters(deadLetters));
    }

    @Override
    public Committer<ClickHouseCommittable> createCommitter(CommitterInitContext context) {
        return new ClickHouseCommitter(config, tables.values(), new DeadLetters(deadLetters), deadLetters != null,
                context.metricGroup());
    }

    @Override
    public SimpleVersionedSerializer<ClickHouseCommittable> getCommittableSerializer() {
        return new ClickHouseCommittableSerializer();
    }
}
