package dev.chcdc.event;

/**
 * The {@code _version} of a change: a number that only grows along the binlog, computed from the change's
 * binlog coordinates alone, so the same change always gets the same version (replays are idempotent) and a
 * later change to a key always gets a higher one. No clocks are involved.
 *
 * <p>Layout (63 bits, so it stays positive as a Java long and fits ClickHouse's UInt64): the binlog file's
 * sequence number ({@code mysql-bin.000042} is 42) in the high 27 bits, then {@code position + row} in the low
 * 36 bits. {@code position} is where the row event starts and {@code row} the row's index inside it; since an
 * event is longer in bytes than it has rows, {@code position + row} is unique and increasing within a file.
 *
 * <p>Snapshot rows take {@link #before} the binlog position read when the job was submitted, so they lose
 * against every binlog change that follows the snapshot, yet win over rows left by an earlier run.
 */
public final class ChangeVersion {
    static final int OFFSET_BITS = 36;
    static final long MAX_OFFSET = (1L << OFFSET_BITS) - 1;
    static final long MAX_FILE_SEQUENCE = (1L << (63 - OFFSET_BITS)) - 1;

    private ChangeVersion() {}

    public static long of(String binlogFile, long position, int row) {
        long offset = position + row;
        if (position < 0 || row < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("Binlog offset " + position + "+" + row + " in " + binlogFile
                    + " is outside 0.." + MAX_OFFSET);
        }
        return (fileSequence(binlogFile) << OFFSET_BITS) | offset;
    }

    /** The highest version below every change at or after {@code binlogFile:position}. */
    public static long before(String binlogFile, long position) {
        return Math.max(0, of(binlogFile, position, 0) - 1);
    }

    /** The numeric suffix of a binlog file name: {@code mysql-bin.000042} is 42. */
    static long fileSequence(String binlogFile) {
        int dot = binlogFile == null ? -1 : binlogFile.lastIndexOf('.');
        if (dot < 0 || dot == binlogFile.length() - 1) {
            throw new IllegalArgumentException("Binlog file name '" + binlogFile + "' has no numeric suffix");
        }
        long sequence;
        try {
            sequence = Long.parseLong(binlogFile.substring(dot + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Binlog file name '" + binlogFile + "' has no numeric suffix", e);
        }
        if (sequence < 0 || sequence > MAX_FILE_SEQUENCE) {
            throw new IllegalArgumentException("Binlog file sequence " + sequence + " is outside 0.." + MAX_FILE_SEQUENCE);
        }
        return sequence;
    }
}
