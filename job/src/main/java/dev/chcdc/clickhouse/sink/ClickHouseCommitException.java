package dev.chcdc.clickhouse.sink;

import dev.chcdc.clickhouse.client.ClickHouseWriteException;
import java.time.Duration;

/**
 * A batch cannot be committed now and must not be dropped: thrown from the committer, it fails the job, and
 * Flink restarts it from the last completed checkpoint, which still holds the batch. The message names the
 * batch, the cause and the fix.
 */
public final class ClickHouseCommitException extends RuntimeException {
    private ClickHouseCommitException(String message, Throwable cause) {
        super(message, cause);
    }

    static ClickHouseCommitException blocked(ClickHouseCommittable batch, String token, Duration blocked,
            ClickHouseWriteException cause) {
        return new ClickHouseCommitException("Commits to " + batch.target() + " have been blocked for "
                + blocked.toSeconds() + " s (clickhouse.commit.blocked-timeout): ClickHouse refuses batch " + token
                + " (" + batch.rowCount() + " rows) with error " + cause.serverCode() + ". The job fails so Flink "
                + "restarts it from the last checkpoint, which still holds the batch; fix the cause (the job's "
                + "ClickHouse password, its grants, the table), and the next attempt commits it: "
                + cause.getMessage(), cause);
    }

    /** ClickHouse refuses {@code row} for good and it cannot become a dead letter, for {@code reason}. */
    static ClickHouseCommitException refusedRow(ClickHouseCommittable batch, RefusedRowIsolator.RefusedRow row,
            String rowIdentity, String reason) {
        return new ClickHouseCommitException("ClickHouse refuses row " + row.row() + " of batch "
                + batch.deduplicationToken() + " (" + batch.target() + ", " + rowIdentity + ") with error "
                + row.error().serverCode() + ", and " + reason + ". The job stops here; every other row of the "
                + "batch is committed and nothing after it is lost (the batch stays in the checkpoint). Fix the "
                + "cause (the ClickHouse table or the row in MySQL), then restart from the last checkpoint: "
                + row.error().getMessage(), row.error());
    }

    /** A batch restored from an old checkpoint, for a table this job does not write, without its columns. */
    static ClickHouseCommitException unknownTable(ClickHouseCommittable batch) {
        return new ClickHouseCommitException("Batch " + batch.deduplicationToken() + " restored from the checkpoint "
                + "is for ClickHouse table " + batch.target() + ", which this job's configuration does not write, "
                + "and it comes from an older job version that did not store the batch's columns, so it cannot be "
                + "committed safely. Either resume from this checkpoint with a configuration that captures that "
                + "table again (mysql.tables.include) until one checkpoint has completed, then stop with a "
                + "savepoint and narrow the configuration; or start the job without this checkpoint (a new "
                + "snapshot of every table).", null);
    }
}
