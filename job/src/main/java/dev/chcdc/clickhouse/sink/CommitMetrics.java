package dev.chcdc.clickhouse.sink;

import dev.chcdc.event.TableId;
import dev.chcdc.ops.TableMetrics;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.MetricGroup;

/**
 * The committer's per-table metrics: rows and batches committed, dead letters, last batch size, commit latency,
 * how long commits have been blocked ({@code commitBlockedMs}, 0 when they are not) and freshness. Gauges are
 * written by the committing thread and read by metric reporters.
 */
final class CommitMetrics {
    private final TableMetrics metrics;
    private final LongSupplier clockMillis;
    private final Map<TableId, Stats> stats = new HashMap<>();
    /** The latest committed heartbeat: every binlog change read before this time is in ClickHouse. */
    private volatile long binlogReadUpToMillis;

    CommitMetrics(MetricGroup group, Collection<TableId> tables, LongSupplier clockMillis) {
        this.metrics = new TableMetrics(group);
        this.clockMillis = clockMillis;
        tables.forEach(this::stats);
    }

    void committed(TableId table, ClickHouseCommittable batch, long nanos) {
        metrics.counter(table, TableMetrics.ROWS_WRITTEN).inc(batch.rowCount());
        metrics.counter(table, TableMetrics.BATCHES_COMMITTED).inc();
        Stats stats = stats(table);
        stats.lastBatchSize = batch.rowCount();
        stats.commitLatencyMillis = TimeUnit.NANOSECONDS.toMillis(nanos);
        stats.lastChangeCommitMillis = Math.max(stats.lastChangeCommitMillis, batch.lastCommitTimeMillis());
        if (batch.lastCommitTimeMillis() > 0) {
            registerFreshness(table, stats);
        }
    }

    void deadLettered(TableId table) {
        metrics.counter(table, TableMetrics.DEAD_LETTERED).inc();
    }

    /** Commits of {@code table} have failed since {@code sinceMillis}; a later {@link #unblocked} clears it. */
    void blocked(TableId table, long sinceMillis) {
        stats(table).blockedSinceMillis = sinceMillis;
    }

    void unblocked(TableId table) {
        stats(table).blockedSinceMillis = 0;
    }

    /** A heartbeat was committed: every binlog change read before {@code readUpToMillis} is visible. */
    void binlogReadUpTo(long readUpToMillis) {
        binlogReadUpToMillis = Math.max(binlogReadUpToMillis, readUpToMillis);
        stats.forEach((table, stats) -> registerFreshness(table, stats));
    }

    /**
     * {@code freshnessMs} appears once a binlog change or heartbeat has been committed: before that it would
     * measure from nothing. It rises while commits are blocked, because neither moves on then.
     */
    private void registerFreshness(TableId table, Stats stats) {
        if (!stats.freshnessRegistered) {
            stats.freshnessRegistered = true;
            metrics.group(table).gauge(TableMetrics.FRESHNESS_MS, () -> freshnessMillis(table));
        }
    }

    long freshnessMillis(TableId table) {
        Stats stats = stats(table);
        return clockMillis.getAsLong() - Math.max(stats.lastChangeCommitMillis, binlogReadUpToMillis);
    }

    long blockedMillis(TableId table) {
        long since = stats(table).blockedSinceMillis;
        return since == 0 ? 0 : clockMillis.getAsLong() - since;
    }

    private Stats stats(TableId table) {
        Stats existing = stats.get(table);
        if (existing != null) {
            return existing;
        }
        Stats created = new Stats();
        stats.put(table, created);
        MetricGroup group = metrics.group(table);
        group.gauge(TableMetrics.LAST_BATCH_SIZE, () -> created.lastBatchSize);
        group.gauge(TableMetrics.COMMIT_LATENCY_MS, () -> created.commitLatencyMillis);
        group.gauge(TableMetrics.COMMIT_BLOCKED_MS, () -> blockedMillis(table));
        return created;
    }

    private static final class Stats {
        volatile long lastBatchSize;
        volatile long commitLatencyMillis;
        volatile long lastChangeCommitMillis;
        volatile long blockedSinceMillis;
        boolean freshnessRegistered;
    }
}
