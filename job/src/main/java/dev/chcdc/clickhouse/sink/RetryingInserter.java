package dev.chcdc.clickhouse.sink;

import dev.chcdc.clickhouse.client.ClickHouseWriteException;
import dev.chcdc.clickhouse.client.FailureClass;
import dev.chcdc.clickhouse.client.RowBinaryInserts;
import dev.chcdc.event.TableId;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts one part of a batch, waiting out every failure that is not the rows' fault: outages are retried for
 * as long as they last; configuration faults (credentials, rights, a missing or changed table) are retried
 * with back-off, logged at ERROR and, once commits have been blocked for {@code blockedTimeout}, fail the job
 * with a {@link ClickHouseCommitException}, so Flink restarts it from the checkpoint that still holds the
 * batch. While it waits, {@code commitBlockedMs} shows for how long.
 *
 * <p>When ClickHouse refuses the rows themselves, an insert of no rows with the same header first checks that
 * the table still takes the batch's columns: if it does not, the fault is the table's (configuration), and the
 * insert is retried; if it does, the refusal is the rows' and is thrown for the caller to isolate them.
 */
final class RetryingInserter {
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(RetryingInserter.class);

    /** Waits between attempts; tests pass one that does not really sleep. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final RowBinaryInserts clickHouse;
    private final Duration maxBackoff;
    private final Duration blockedTimeout;
    private final CommitMetrics metrics;
    private final LongSupplier clockMillis;
    private final Sleeper sleeper;

    RetryingInserter(RowBinaryInserts clickHouse, Duration maxBackoff, Duration blockedTimeout, CommitMetrics metrics,
            LongSupplier clockMillis, Sleeper sleeper) {
        this.clickHouse = clickHouse;
        this.maxBackoff = maxBackoff;
        this.blockedTimeout = blockedTimeout;
        this.metrics = metrics;
        this.clockMillis = clockMillis;
        this.sleeper = sleeper;
    }

    /**
     * Inserts rows {@code [from, to)} of {@code batch} under {@code token} and returns once ClickHouse has them.
     *
     * @throws ClickHouseWriteException of class {@link FailureClass#ROW_REFUSED} when ClickHouse refuses these
     *     rows for good while it takes the table's columns
     * @throws ClickHouseCommitException when commits stayed blocked for a configuration fault beyond the timeout
     */
    void insert(TableId table, ClickHouseCommittable batch, byte[] header, int from, int to, String token)
            throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        long blockedSince = 0;
        for (int attempt = 1; ; attempt++) {
            ClickHouseWriteException failure;
            try {
                clickHouse.insertRowBinary(batch.database(), batch.table(), header, batch.rows(),
                        batch.offset(from), batch.offset(to), token);
                if (blockedSince != 0) {
                    metrics.unblocked(table);
                    LOG.info("Batch {} committed to {} after {} attempts ({} ms blocked)", token, batch.target(),
                            attempt, clockMillis.getAsLong() - blockedSince);
                }
                return;
            } catch (ClickHouseWriteException e) {
                failure = e.failureClass() == FailureClass.ROW_REFUSED ? tableFault(batch, header, e) : e;
                if (failure == null) {
                    if (blockedSince != 0) {
                        metrics.unblocked(table);
                    }
                    throw e;
                }
            }
            if (blockedSince == 0) {
                blockedSince = clockMillis.getAsLong();
                metrics.blocked(table, blockedSince);
            }
            long blockedMillis = clockMillis.getAsLong() - blockedSince;
            if (failure.failureClass() == FailureClass.OUTAGE) {
                LOG.warn("ClickHouse outage committing batch {} ({} rows into {}), attempt {}, blocked for {} ms; "
                                + "retrying in {} ms: {}", token, to - from, batch.target(), attempt, blockedMillis,
                        backoff.toMillis(), failure.getMessage());
            } else {
                if (blockedMillis >= blockedTimeout.toMillis()) {
                    throw ClickHouseCommitException.blocked(batch, token, Duration.ofMillis(blockedMillis), failure);
                }
                LOG.error("Commits to {} are blocked: ClickHouse refuses batch {} ({} rows) with error {} for {} ms, "
                                + "attempt {}; retrying in {} ms, the job fails after clickhouse.commit.blocked-timeout "
                                + "({}) unless the cause is fixed (credentials, rights, the table): {}", batch.target(),
                        token, to - from, failure.serverCode(), blockedMillis, attempt, backoff.toMillis(),
                        blockedTimeout, failure.getMessage());
            }
            sleeper.sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        }
    }

    /**
     * Whether the table itself refuses the batch's columns (an insert of no rows fails): that failure, as a
     * configuration fault unless it is an outage; null when the table takes them and the rows are at fault.
     */
    private ClickHouseWriteException tableFault(ClickHouseCommittable batch, byte[] header, ClickHouseWriteException rows) {
        try {
            clickHouse.insertRowBinary(batch.database(), batch.table(), header, batch.rows(), 0, 0, null);
            return null;
        } catch (ClickHouseWriteException table) {
            return table.failureClass() == FailureClass.OUTAGE ? table
                    : new ClickHouseWriteException("ClickHouse table " + batch.target() + " refuses the batch's "
                            + "columns: " + table.getMessage(), table, FailureClass.CONFIGURATION, table.serverCode());
        }
    }
}
