package dev.chcdc.source;

/**
 * The binlog went backwards under the running job (see {@link BinlogProgress}); carries both positions. The
 * message names the recovery.
 */
public final class BinlogHistoryChangedException extends RuntimeException {
    private final String readFile;
    private final long readPosition;
    private final String changeFile;
    private final long changePosition;

    public BinlogHistoryChangedException(String readFile, long readPosition, String changeFile, long changePosition) {
        super("The MySQL binlog went backwards under the running job: a change at " + changeFile + ":" + changePosition
                + " arrived after the source had read up to " + readFile + ":" + readPosition + " (a failover to "
                + "another server, RESET MASTER, a changed log_bin or a restore from a backup). Its _version would "
                + "be below versions already in ClickHouse, which would then ignore it and every later change, so "
                + "the job stops instead. Recovery: resume the job (bin/job resume --from-checkpoint, or from a "
                + "savepoint); start-up detects the new binlog history, starts the next _version generation and "
                + "reads the new binlog from its start. Changes the new binlog does not hold (made on the old "
                + "server after the last one read) are lost to the pipeline: re-snapshot their tables (README, "
                + "Operations runbook)");
        this.readFile = readFile;
        this.readPosition = readPosition;
        this.changeFile = changeFile;
        this.changePosition = changePosition;
    }

    public String readFile() {
        return readFile;
    }

    public long readPosition() {
        return readPosition;
    }

    public String changeFile() {
        return changeFile;
    }

    public long changePosition() {
        return changePosition;
    }
}
