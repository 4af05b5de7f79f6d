package dev.chcdc.clickhouse.sink;

import dev.chcdc.clickhouse.client.ClickHouseGateway;
import dev.chcdc.clickhouse.client.ClickHouseWriteException;
import dev.chcdc.clickhouse.encoding.RowBinaryDecoder.DecodedRow;
import dev.chcdc.clickhouse.encoding.RowBinaryDecoder;
import dev.chcdc.clickhouse.encoding.RowBinaryEncoder;
import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.config.ClickHouseConfig;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.Operation;
import dev.chcdc.event.TableId;
import dev.chcdc.ops.TableMetrics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts the batches of a completed checkpoint. Commits are idempotent: each insert carries its batch's
 * deduplication token, so a batch committed again after a restore is dropped by ClickHouse. Transient errors
 * are retried with exponential back-off for as long as it takes (the task blocks, so the job back-pressures
 * and nothing is dropped).
 *
 * <p>A batch ClickHouse refuses for good is taken apart: if ClickHouse refuses the table itself (the header
 * alone fails: the table was dropped or its columns changed), every row goes to the dead-letter topic;
 * otherwise the batch is split in halves until the refused rows are single, and only those are dead-lettered
 * while the others are inserted (each part with its own token, so this too is idempotent). Errors of access
 * rights fail the job instead: they are a configuration fault, not bad rows; so does a refused changelog batch.
 */
final class ClickHouseCommitter implements Committer<ClickHouseCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseCommitter.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    /** UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD, ACCESS_DENIED, AUTHENTICATION_FAILED. */
    private static final Set<Integer> CONFIGURATION_ERRORS = Set.of(192, 193, 194, 497, 516);

    private final ClickHouseGateway gateway;
    private final Duration maxBackoff;
    private final Map<String, Target> targets = new HashMap<>();
    private final List<TableId> tables;
    private final DeadLetters deadLetters;
    private final boolean deadLettersEnabled;
    private final TableMetrics metrics;
    private final Map<TableId, CommitStats> commitStats = new HashMap<>();
    private final Set<TableId> freshnessGauges = new HashSet<>();
    /** The latest committed heartbeat: every binlog change read before this time is in ClickHouse. */
    private volatile long binlogReadUpToMillis;

    ClickHouseCommitter(ClickHouseConfig config, Collection<ClickHouseTable> tables, DeadLetters deadLetters,
            boolean deadLettersEnabled, MetricGroup metricGroup) {
        this.gateway = new ClickHouseGateway(config);
        this.maxBackoff = config.retryMaxBackoff();
        this.tables = tables.stream().map(table -> table.source().table()).toList();
        tables.forEach(table -> {
            Target target = new Target(table);
            targets.put(table.database() + "." + table.rawTable(), target);
            targets.put(table.database() + "." + table.changelogTable(), target);
        });
        this.deadLetters = deadLetters;
        this.deadLettersEnabled = deadLettersEnabled;
        this.metrics = new TableMetrics(metricGroup);
    }

    @Override
    public void commit(Collection<CommitRequest<ClickHouseCommittable>> requests) throws InterruptedException {
        for (CommitRequest<ClickHouseCommittable> request : requests) {
            ClickHouseCommittable batch = request.getCommittable();
            if (batch.isHeartbeat()) {
                binlogReadUpToMillis = Math.max(binlogReadUpToMillis, batch.lastCommitTimeMillis());
                tables.forEach(this::freshness);
                continue;
            }
            Target target = targets.get(batch.database() + "." + batch.table());
            if (target == null) {
                request.signalFailedWithKnownReason(new IllegalStateException("Batch " + batch.deduplicationToken()
                        + " is for " + batch.database() + "." + batch.table() + ", which this job does not write; "
                        + "restore it with the job configuration that wrote the checkpoint"));
                continue;
            }
            long started = System.nanoTime();
            try {
                insertWithRetries(target, batch, 0, batch.rowCount(), batch.deduplicationToken());
            } catch (ClickHouseWriteException e) {
                // A changelog row is half of a change (its before or after image): as a dead letter it would
                // re-drive as a whole change, so a refused changelog batch stops the job until the table is fixed.
                boolean changelog = batch.table().equals(target.table.changelogTable());
                if (!deadLettersEnabled || changelog || batch.rowOffsets() == null
                        || CONFIGURATION_ERRORS.contains(e.serverCode())) {
                    request.signalFailedWithKnownReason(new ClickHouseCommitException(batch, e));
                    continue;
                }
                deadLetterRefusedRows(target, batch, e);
                deadLetters.flush();
            }
            if (batch.table().equals(target.table.rawTable())) {
                recordCommit(target.table.source().table(), batch, System.nanoTime() - started);
            }
        }
    }

    private void deadLetterRefusedRows(Target target, ClickHouseCommittable batch, ClickHouseWriteException error)
            throws InterruptedException {
        try {
            insertWithRetries(target, batch, 0, 0, null);
        } catch (ClickHouseWriteException tableRefused) {
            LOG.error("ClickHouse refuses {}.{} itself ({}); dead-lettering all {} rows of batch {}", batch.database(),
                    batch.table(), tableRefused.getMessage(), batch.rowCount(), batch.deduplicationToken());
            for (int row = 0; row < batch.rowCount(); row++) {
                deadLetter(target, batch, row, tableRefused, 1);
            }
            return;
        }
        LOG.warn("ClickHouse refuses batch {} ({} rows into {}.{}): {}; splitting it to find the refused rows",
                batch.deduplicationToken(), batch.rowCount(), batch.database(), batch.table(), error.getMessage());
        split(target, batch, 0, batch.rowCount(), error, 1);
    }

    /** Rows [from, to) were refused with {@code error} after {@code attempts} inserts containing them. */
    private void split(Target target, ClickHouseCommittable batch, int from, int to, ClickHouseWriteException error,
            int attempts) throws InterruptedException {
        if (to - from == 1) {
            deadLetter(target, batch, from, error, attempts);
            return;
        }
        int middle = (from + to) >>> 1;
        for (int[] part : new int[][] {{from, middle}, {middle, to}}) {
            try {
                insertWithRetries(target, batch, part[0], part[1], batch.deduplicationToken() + "/" + part[0] + "-" + part[1]);
            } catch (ClickHouseWriteException partError) {
                if (CONFIGURATION_ERRORS.contains(partError.serverCode())) {
                    throw partError;
                }
                split(target, batch, part[0], part[1], partError, attempts + 1);
            }
        }
    }

    private void deadLetter(Target target, ClickHouseCommittable batch, int row, RuntimeException error, int attempts) {
        DecodedRow decoded = target.decoder.decode(batch.rows(), batch.offset(row));
        ChangeEvent event = new ChangeEvent(target.table.source().table(),
                decoded.deleted() ? Operation.DELETE : Operation.INSERT,
                decoded.deleted() ? decoded.row() : null, decoded.deleted() ? null : decoded.row(), decoded.source(),
                decoded.version(),
                decoded.commitTimeMillis());
        deadLetters.publish(target.table.source(), event, error, attempts);
        metrics.counter(event.table(), TableMetrics.DEAD_LETTERED).inc();
    }

    private void insertWithRetries(Target target, ClickHouseCommittable batch, int fromRow, int toRow, String token)
            throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                gateway.insertRowBinary(batch.database(), batch.table(), target.header, batch.rows(),
                        fromRow == toRow ? 0 : batch.offset(fromRow), fromRow == toRow ? 0 : batch.offset(toRow), token);
                if (attempt > 1) {
                    LOG.info("Batch {} committed after {} attempts", token, attempt);
                }
                return;
            } catch (ClickHouseWriteException e) {
                if (!e.transient_()) {
                    throw e;
                }
                LOG.warn("Transient failure committing batch {} ({} rows into {}.{}), attempt {}; retrying in {} ms: {}",
                        token, toRow - fromRow, batch.database(), batch.table(), attempt, backoff.toMillis(),
                        e.getMessage());
                TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    private void recordCommit(TableId table, ClickHouseCommittable batch, long nanos) {
        metrics.counter(table, TableMetrics.ROWS_WRITTEN).inc(batch.rowCount());
        metrics.counter(table, TableMetrics.BATCHES_COMMITTED).inc();
        CommitStats stats = stats(table);
        stats.lastBatchSize = batch.rowCount();
        stats.commitLatencyMillis = TimeUnit.NANOSECONDS.toMillis(nanos);
        stats.lastChangeCommitMillis = Math.max(stats.lastChangeCommitMillis, batch.lastCommitTimeMillis());
        if (batch.lastCommitTimeMillis() > 0) {
            freshness(table);
        }
    }

    private CommitStats stats(TableId table) {
        return commitStats.computeIfAbsent(table, id -> {
            CommitStats stats = new CommitStats();
            metrics.group(id).gauge(TableMetrics.LAST_BATCH_SIZE, () -> stats.lastBatchSize);
            metrics.group(id).gauge(TableMetrics.COMMIT_LATENCY_MS, () -> stats.commitLatencyMillis);
            return stats;
        });
    }

    /**
     * Registers {@code freshnessMs} for {@code table} once this committer has committed binlog changes or
     * heartbeats: now minus the commit time of the last change visible in ClickHouse, or minus the time the
     * binlog had been read up to when nothing newer changed the table. It rises while commits are blocked.
     */
    private void freshness(TableId table) {
        if (freshnessGauges.add(table)) {
            CommitStats stats = stats(table);
            metrics.group(table).gauge(TableMetrics.FRESHNESS_MS,
                    () -> System.currentTimeMillis() - Math.max(stats.lastChangeCommitMillis, binlogReadUpToMillis));
        }
    }

    @Override
    public void close() {
        gateway.close();
        deadLetters.close();
    }

    /** A table the committer writes, with what it needs to insert and to decode refused rows. */
    private static final class Target {
        final ClickHouseTable table;
        final byte[] header;
        final RowBinaryDecoder decoder;

        Target(ClickHouseTable table) {
            this.table = table;
            this.header = new RowBinaryEncoder(table).namesAndTypesHeader();
            this.decoder = new RowBinaryDecoder(table);
        }
    }

    /** What the gauges of one table show; written by the committing thread, read by metric reporters. */
    private static final class CommitStats {
        volatile long lastBatchSize;
        volatile long commitLatencyMillis;
        volatile long lastChangeCommitMillis;
    }
}
