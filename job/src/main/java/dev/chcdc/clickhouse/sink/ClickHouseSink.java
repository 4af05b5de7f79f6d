package dev.chcdc.clickhouse.sink;

import dev.chcdc.clickhouse.client.ClickHouseGateway;
import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.config.ClickHouseConfig;
import dev.chcdc.deadletter.DeadLetterTarget;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.TableId;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

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
    private final Set<TableId> quarantined;

    ClickHouseSink(ClickHouseConfig config, Map<TableId, ClickHouseTable> tables, DeadLetterTarget deadLetters,
            Map<TableId, Long> snapshotRowEstimates, Set<TableId> quarantined) {
        this.config = config;
        this.snapshotRowEstimates = Map.copyOf(snapshotRowEstimates);
        this.quarantined = Set.copyOf(quarantined);
        this.tables = Map.copyOf(tables);
        this.changelogTables = config.changelogTables(tables.keySet());
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
        return new ClickHouseWriter(tables, changelogTables, config.batchSize(),
                context.getTaskInfo().getIndexOfThisSubtask(), context.getRestoredCheckpointId().orElse(0L),
                context.metricGroup(), DeadLetters.to(deadLetters), snapshotRowEstimates, config::outOfRange, quarantined);
    }

    @Override
    public Committer<ClickHouseCommittable> createCommitter(CommitterInitContext context) {
        return new ClickHouseCommitter(new ClickHouseGateway(config), tables.values(), DeadLetters.to(deadLetters),
                config.retryMaxBackoff(), config.commitBlockedTimeout(), context.metricGroup(),
                System::currentTimeMillis, duration -> Thread.sleep(duration.toMillis()));
    }

    @Override
    public SimpleVersionedSerializer<ClickHouseCommittable> getCommittableSerializer() {
        return new ClickHouseCommittableSerializer();
    }
}
