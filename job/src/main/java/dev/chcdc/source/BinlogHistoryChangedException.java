package dev.chcdc.source;

/**
 * The binlog started a new history under the running job ({@link BinlogProgress}, {@link BinlogWatch},
 * {@link BinlogReadRefusal}); the message names the offset the source had read from and the recovery.
 */
public final class BinlogHistoryChangedException extends RuntimeException {
    private static final String RECOVERY = " (a failover to another server, RESET MASTER, a changed log_bin or a "
            + "restore from a backup). Versions from the new binlog would be below those already in ClickHouse, "
            + "which would then ignore those changes, so the job stops instead. Recovery: bin/job cancel if it still "
            + "runs, then bin/job resume --from-checkpoint (or resume from a savepoint): start-up detects the new "
            + "binlog history, starts the next _version generation and reads the new binlog from its start. Changes "
            + "the new binlog does not hold (made on the old history after this position) are lost to the "
            + "pipeline: re-snapshot their tables (README, Operations runbook)";

    private BinlogHistoryChangedException(String what) {
        super(what + RECOVERY);
    }

    /** A change at {@code changeFile:changePosition} arrived after the source had read up to {@code readFile:readPosition}. */
    public static BinlogHistoryChangedException wentBackwards(String readFile, long readPosition, String changeFile,
            long changePosition) {
        return new BinlogHistoryChangedException("The MySQL binlog went backwards under the running job: a change at "
                + changeFile + ":" + changePosition + " arrived after the source had read up to " + readFile + ":"
                + readPosition);
    }

    /** The server's binlog no longer holds the offset the source reads from. */
    public static BinlogHistoryChangedException noLongerHeld(String readFile, long readPosition, String reason) {
        return new BinlogHistoryChangedException("The MySQL binlog no longer holds " + readFile + ":" + readPosition
                + ", where the running job reads from: " + reason);
    }

    /** The server refused to send the binlog from the offset the job reads from (the offset is in its message). */
    public static BinlogHistoryChangedException refused(String serverMessage) {
        return new BinlogHistoryChangedException("The MySQL binlog no longer holds the offset the running job reads "
                + "from: the server refused it (error 1236: " + serverMessage + ")");
    }
}
