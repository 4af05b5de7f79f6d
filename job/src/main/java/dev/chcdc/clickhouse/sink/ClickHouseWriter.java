package dev.chcdc.clickhouse.sink;

import dev.chcdc.clickhouse.encoding.RowBinaryBuffer;
import dev.chcdc.clickhouse.encoding.OutOfRangeFailException;
import dev.chcdc.clickhouse.encoding.OutOfRangeHandling;
import dev.chcdc.clickhouse.encoding.RowBinaryEncoder;
import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.config.OutOfRangePolicy;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.Operation;
import dev.chcdc.event.RowImage;
import dev.chcdc.event.TableId;
import dev.chcdc.ops.TableMetrics;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * Encodes change events into per-table RowBinary buffers and hands them out as batches of at most
 * {@code batchSize} rows at each checkpoint ({@link #prepareCommit}); nothing reaches ClickHouse before the
 * checkpoint completes and the committer inserts it. A delete is written as the row's last image with
 * {@code is_deleted = 1}. Buffered rows are bounded by what arrives in one checkpoint interval.
 *
 * <p>A date or time its ClickHouse column cannot hold (e.g. a DATE before 1900 in a Date32) is handled by the
 * column's {@link OutOfRangePolicy}: saturated (counted in {@code valuesSaturated} of the table and column), or
 * the change goes to the dead-letter topic, or the job fails. Any other change its columns cannot hold goes to the
 * dead-letter topic with the reason, and the row is not written; without a dead-letter topic it fails the job.
 */
final class ClickHouseWriter implements CommittingSinkWriter<ChangeEvent, ClickHouseCommittable> {
    private final Map<TableId, ClickHouseTable> tables;
    private final int batchSize;
    private final int subtask;
    private final Set<TableId> changelogTables;
    private final Map<TableId, TableState> states = new HashMap<>();
    private final List<ClickHouseCommittable> sealed = new ArrayList<>();
    private final Counter rowsBuffered;
    private final TableMetrics tableMetrics;
    private final DeadLetters deadLetters;
    private final BiFunction<TableId, String, OutOfRangePolicy> outOfRange;
    /** The latest heartbeat's time: every change read before it is in this writer's buffers or earlier batches. */
    private long binlogReadUpToMillis;
    private long epoch;
    private int sequence;

    /**
     * {@code snapshotRowEstimates}: MySQL's row estimates, shown by subtask 0 beside {@code snapshotRows};
     * {@code quarantined}: captured tables left out of this run, shown by subtask 0.
     */
    ClickHouseWriter(Map<TableId, ClickHouseTable> tables, Set<TableId> changelogTables, int batchSize,
            int subtask, long restoredCheckpointId, SinkWriterMetricGroup metrics, DeadLetters deadLetters,
            Map<TableId, Long> snapshotRowEstimates, BiFunction<TableId, String, OutOfRangePolicy> outOfRange,
            Set<TableId> quarantined) {
        this.tables = tables;
        this.changelogTables = changelogTables;
        this.batchSize = batchSize;
        this.subtask = subtask;
        this.epoch = restoredCheckpointId + 1;
        this.rowsBuffered = metrics.getNumRecordsSendCounter();
        this.tableMetrics = new TableMetrics(metrics);
        this.deadLetters = deadLetters;
        this.outOfRange = outOfRange;
        // Registered up front, so dashboards show 0 rather than nothing for tables without dead letters.
        tables.keySet().forEach(table -> tableMetrics.counter(table, TableMetrics.DEAD_LETTERED));
        if (subtask == 0) {
            // Once per job, not per subtask, so a dashboard does not sum the estimate twice.
            snapshotRowEstimates.forEach((table, rows) ->
                    tableMetrics.group(table).gauge(TableMetrics.SNAPSHOT_ROWS_ESTIMATE, () -> rows));
            quarantined.forEach(table -> tableMetrics.group(table).gauge(TableMetrics.QUARANTINED, () -> 1));
        }
    }

    @Override
    public void write(ChangeEvent event, Context context) {
        if (event.isHeartbeat()) {
            binlogReadUpToMillis = Math.max(binlogReadUpToMillis, event.commitTimeMillis());
            return;
        }
        TableState state = states.computeIfAbsent(event.table(), this::newState);
        state.eventsRead.inc();
        state.byOperation[event.operation().ordinal()].inc();
        TableBuffer buffer = state.raw;
        try {
            append(buffer, event, event.latestImage(), event.operation() == Operation.DELETE);
            TableBuffer changelog = state.changelog;
            if (changelog != null) {
                if (event.before() != null) {
                    append(changelog, event, event.before(), true);
                }
                if (event.operation() != Operation.DELETE) {
                    append(changelog, event, event.after(), false);
                }
            }
        } catch (OutOfRangeFailException e) {
            throw e;
        } catch (RuntimeException e) {
            // The encoder left the buffer as it was before the failing row.
            deadLetters.publish(buffer.target.source(), event, e, 1);
            state.deadLettered.inc();
        }
    }

    private void append(TableBuffer buffer, ChangeEvent event, RowImage row, boolean deleted) {
        buffer.encoder.encode(row, event.version(), deleted, event.source(), event.commitTimeMillis(), buffer.rows);
        buffer.rowOffsets.add(buffer.rowStart);
        buffer.rowStart = buffer.rows.size();
        if (!event.source().isSnapshot()) {
            // Freshness is about binlog changes; a snapshot row's time is when it was read.
            buffer.lastCommitTimeMillis = Math.max(buffer.lastCommitTimeMillis, event.commitTimeMillis());
        }
        buffer.count++;
        rowsBuffered.inc();
        if (buffer.count >= batchSize) {
            seal(buffer);
        }
    }

    private OutOfRangeHandling counted(TableId table, ColumnSchema column) {
        OutOfRangePolicy policy = outOfRange.apply(table, column.name());
        if (!column.holdsDates()) {
            return OutOfRangeHandling.uncounted(policy);
        }
        Counter saturated = tableMetrics.group(table).addGroup("column", column.name())
                .counter(TableMetrics.VALUES_SATURATED);
        return new OutOfRangeHandling(policy, saturated::inc);
    }

    private TableState newState(TableId table) {
        ClickHouseTable target = tables.get(table);
        if (target == null) {
            throw new IllegalStateException("No ClickHouse table for " + table + "; the job creates targets for the "
                    + "tables it found at start-up only. Restart the job to pick up new tables.");
        }
        // Saturated values are counted once per change, on the raw table's encoder.
        RowBinaryEncoder encoder = new RowBinaryEncoder(target, column -> counted(table, column));
        RowBinaryEncoder changelogEncoder = new RowBinaryEncoder(target,
                column -> OutOfRangeHandling.uncounted(outOfRange.apply(table, column.name())));
        Counter[] byOperation = new Counter[Operation.values().length];
        byOperation[Operation.READ.ordinal()] = tableMetrics.counter(table, TableMetrics.SNAPSHOT_ROWS);
        byOperation[Operation.INSERT.ordinal()] = tableMetrics.counter(table, TableMetrics.EVENTS_INSERTED);
        byOperation[Operation.UPDATE.ordinal()] = tableMetrics.counter(table, TableMetrics.EVENTS_UPDATED);
        byOperation[Operation.DELETE.ordinal()] = tableMetrics.counter(table, TableMetrics.EVENTS_DELETED);
        return new TableState(
                new TableBuffer(target, target.rawTable(), encoder),
                changelogTables.contains(table)
                        ? new TableBuffer(target, target.changelogTable(), changelogEncoder) : null,
                tableMetrics.counter(table, TableMetrics.EVENTS_READ),
                byOperation,
                tableMetrics.counter(table, TableMetrics.DEAD_LETTERED));
    }

    private void seal(TableBuffer buffer) {
        byte[] rows = buffer.rows.toByteArray();
        String token = buffer.target.database() + "." + buffer.clickHouseTable + ":" + epoch + "-" + subtask + "-"
                + sequence++ + ":" + contentHash(rows);
        sealed.add(new ClickHouseCommittable(buffer.target.database(), buffer.clickHouseTable, token, buffer.count,
                buffer.header, rows, buffer.rowOffsets.toArray(), buffer.lastCommitTimeMillis));
        buffer.rows.clear();
        buffer.rowOffsets.clear();
        buffer.rowStart = 0;
        buffer.lastCommitTimeMillis = 0;
        buffer.count = 0;
    }

    @Override
    public void flush(boolean endOfInput) {
        // Rows leave only through prepareCommit, at checkpoints; there is nothing to push out early.
    }

    @Override
    public Collection<ClickHouseCommittable> prepareCommit() throws InterruptedException {
        // The checkpoint that covers a dead-lettered row must not complete before the letter is in Kafka.
        deadLetters.flush();
        for (TableState state : states.values()) {
            for (TableBuffer buffer : state.buffers()) {
                if (buffer.count > 0) {
                    seal(buffer);
                }
            }
        }
        if (binlogReadUpToMillis > 0) {
            // Travels with this checkpoint's batches, so it is committed exactly when they are.
            sealed.add(ClickHouseCommittable.heartbeat(binlogReadUpToMillis));
            binlogReadUpToMillis = 0;
        }
        List<ClickHouseCommittable> batches = List.copyOf(sealed);
        sealed.clear();
        epoch++;
        sequence = 0;
        return batches;
    }

    private static String contentHash(byte[] rows) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rows), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public void close() {
        states.clear();
        sealed.clear();
        deadLetters.close();
    }

    /**
     * One table's buffers (the raw table's, and the changelog's when enabled) and its counters, found with one
     * lookup per event.
     */
    private record TableState(TableBuffer raw, TableBuffer changelog, Counter eventsRead, Counter[] byOperation,
            Counter deadLettered) {
        List<TableBuffer> buffers() {
            return changelog == null ? List.of(raw) : List.of(raw, changelog);
        }
    }

    private static final class TableBuffer {
        final ClickHouseTable target;
        final String clickHouseTable;
        final RowBinaryEncoder encoder;
        final byte[] header;
        final RowBinaryBuffer rows = new RowBinaryBuffer();
        final RowOffsets rowOffsets = new RowOffsets();
        int rowStart;
        long lastCommitTimeMillis;
        int count;

        TableBuffer(ClickHouseTable target, String clickHouseTable, RowBinaryEncoder encoder) {
            this.target = target;
            this.clickHouseTable = clickHouseTable;
            this.encoder = encoder;
            this.header = encoder.namesAndTypesHeader();
        }
    }
}
