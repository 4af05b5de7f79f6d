package dev.chcdc.clickhouse.sink;

import dev.chcdc.clickhouse.client.ClickHouseWriteException;
import dev.chcdc.clickhouse.client.RowBinaryInserts;
import dev.chcdc.clickhouse.encoding.RowBinaryDecoder;
import dev.chcdc.clickhouse.encoding.RowBinaryDecoder.DecodedRow;
import dev.chcdc.clickhouse.encoding.RowBinaryEncoder;
import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.clickhouse.sink.RefusedRowIsolator.RefusedRow;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.Operation;
import dev.chcdc.event.TableId;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts the batches of a completed checkpoint. It never discards one: each batch is committed whole, or
 * without the rows ClickHouse refuses for good (which become dead letters), or the job fails and Flink restarts
 * it from the checkpoint that still holds the batch. It never calls {@code signalFailedWithKnownReason} (in
 * Flink 1.20 that drops the committable).
 *
 * <ol>
 *   <li>Insert the batch with its deduplication token, so a re-commit after a restore changes nothing
 *       ({@link RetryingInserter} waits out outages and configuration faults).</li>
 *   <li>If ClickHouse refuses rows, isolate them ({@link RefusedRowIsolator}; every other row is inserted).</li>
 *   <li>Dead-letter the refused rows, or fail the job naming the first one when that is not possible: dead
 *       letters are off, the rows are a changelog's (half a change each), or the table is not one this job
 *       writes.</li>
 * </ol>
 */
final class ClickHouseCommitter implements Committer<ClickHouseCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseCommitter.class);

    private final RowBinaryInserts clickHouse;
    private final RetryingInserter inserter;
    private final RefusedRowIsolator isolator;
    private final Map<String, Target> targets = new HashMap<>();
    private final DeadLetters deadLetters;
    private final CommitMetrics metrics;

    ClickHouseCommitter(RowBinaryInserts clickHouse, Collection<ClickHouseTable> tables, DeadLetters deadLetters,
            Duration maxBackoff, Duration blockedTimeout, MetricGroup metricGroup, LongSupplier clockMillis,
            RetryingInserter.Sleeper sleeper) {
        this.clickHouse = clickHouse;
        this.deadLetters = deadLetters;
        this.metrics = new CommitMetrics(metricGroup, tables.stream().map(table -> table.source().table()).toList(),
                clockMillis);
        this.inserter = new RetryingInserter(clickHouse, maxBackoff, blockedTimeout, metrics, clockMillis, sleeper);
        this.isolator = new RefusedRowIsolator(inserter);
        for (ClickHouseTable table : tables) {
            targets.put(table.database() + "." + table.rawTable(), new Target(table, false));
            targets.put(table.database() + "." + table.changelogTable(), new Target(table, true));
        }
    }

    @Override
    public void commit(Collection<CommitRequest<ClickHouseCommittable>> requests) throws InterruptedException {
        for (CommitRequest<ClickHouseCommittable> request : requests) {
            ClickHouseCommittable batch = request.getCommittable();
            if (batch.isHeartbeat()) {
                metrics.binlogReadUpTo(batch.lastCommitTimeMillis());
            } else {
                commit(batch);
            }
        }
    }

    private void commit(ClickHouseCommittable batch) throws InterruptedException {
        Target target = targets.get(batch.target());
        byte[] header = header(batch, target);
        TableId table = target != null ? target.table.source().table() : new TableId(batch.database(), batch.table());
        if (target == null) {
            LOG.warn("Committing batch {} restored from the checkpoint for {}, a table this job's configuration "
                    + "no longer writes, with the columns it was written for", batch.deduplicationToken(), batch.target());
        }
        long started = System.nanoTime();
        try {
            inserter.insert(table, batch, header, 0, batch.rowCount(), batch.deduplicationToken());
        } catch (ClickHouseWriteException refused) {
            if (!batch.splittable()) {
                throw ClickHouseCommitException.refusedRow(batch, new RefusedRow(0, refused, 1),
                        "rows not told apart", "the batch comes from an old checkpoint whose rows cannot be split");
            }
            LOG.warn("ClickHouse refuses rows of batch {} ({} rows into {}), error {}; splitting it to find them",
                    batch.deduplicationToken(), batch.rowCount(), batch.target(), refused.serverCode());
            List<RefusedRow> rows = isolator.isolate(table, batch, header, refused);
            deadLetter(target, batch, rows);
        }
        if (target != null && !target.changelog) {
            metrics.committed(table, batch, System.nanoTime() - started);
        }
    }

    /** The columns the batch's rows were encoded for; batches of older checkpoints take the table's as known now. */
    private static byte[] header(ClickHouseCommittable batch, Target target) {
        if (batch.header() != null) {
            return batch.header();
        }
        if (target == null) {
            throw ClickHouseCommitException.unknownTable(batch);
        }
        return target.header;
    }

    private void deadLetter(Target target, ClickHouseCommittable batch, List<RefusedRow> rows)
            throws InterruptedException {
        String impossible = target == null ? "the table is not one this job's configuration writes"
                : target.changelog ? "a changelog row is half of a change, which cannot be re-driven alone"
                : !deadLetters.enabled() ? "dead-letter.enabled is false" : null;
        if (impossible != null) {
            RefusedRow first = rows.get(0);
            String identity = target == null ? "version unknown" : describe(target, target.decoder.decode(batch.rows(),
                    batch.offset(first.row())));
            throw ClickHouseCommitException.refusedRow(batch, first, identity, impossible);
        }
        for (RefusedRow row : rows) {
            DecodedRow decoded = target.decoder.decode(batch.rows(), batch.offset(row.row()));
            ChangeEvent event = new ChangeEvent(target.table.source().table(),
                    decoded.deleted() ? Operation.DELETE : Operation.INSERT,
                    decoded.deleted() ? decoded.row() : null, decoded.deleted() ? null : decoded.row(), decoded.source(),
                    decoded.version(), decoded.commitTimeMillis());
            deadLetters.publish(target.table.source(), event, row.error(), row.attempts());
            metrics.deadLettered(event.table());
        }
        // The batch counts as committed only once its dead letters are in Kafka.
        deadLetters.flush();
    }

    /**
     * The key columns, version and binlog position of a row: enough to find it (SELECT … WHERE _version = …), without
     * any value, as the text reaches logs and Flink's exception history.
     */
    private static String describe(Target target, DecodedRow row) {
        String key = target.table.source().keyColumns().stream()
                .map(column -> target.table.source().columns().get(column).name())
                .collect(Collectors.joining(", ", "key (", ")"));
        return key + ", version " + row.version() + ", " + row.source().describe();
    }

    @Override
    public void close() {
        try {
            clickHouse.close();
        } finally {
            deadLetters.close();
        }
    }

    /** A table the committer writes, with what it needs to insert and to decode refused rows. */
    private static final class Target {
        final ClickHouseTable table;
        final boolean changelog;
        final byte[] header;
        final RowBinaryDecoder decoder;

        Target(ClickHouseTable table, boolean changelog) {
            this.table = table;
            this.changelog = changelog;
            this.header = new RowBinaryEncoder(table).namesAndTypesHeader();
            this.decoder = new RowBinaryDecoder(table);
        }
    }
}
