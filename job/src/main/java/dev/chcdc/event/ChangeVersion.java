package dev.chcdc.event;

/**
 * The {@code _version} of a change: a number that only grows along the binlog, computed from the change's
 * binlog coordinates and the binlog history's generation alone, so the same change always gets the same version
 * (replays are idempotent) and a later change to a key always gets a higher one. No clocks are involved.
 *
 * <p>Layout (63 bits, so it stays positive as a Java long and fits ClickHouse's UInt64), from the top: the
 * <em>generation</em> of the binlog history, the binlog file's sequence number ({@code mysql-bin.000042} is 42),
 * then {@code position + row}. {@code position} is where the row event starts and {@code row} the row's index
 * inside it; since an event is longer in bytes than it has rows, {@code position + row} is unique and increasing
 * within a file. Generation 0 gives the same versions as the layout without generations, for every file
 * sequence below {@code 2^}{@link #FILE_SEQUENCE_BITS}.
 *
 * <p>A generation starts whenever the binlog starts a new history (a failover, {@code RESET MASTER}, a restore
 * from a backup) whose coordinates are no longer above those already written; see
 * {@link dev.chcdc.source.BinlogHistory}. Every version of a later generation is above every version of an
 * earlier one.
 *
 * <p>Snapshot rows take {@link #before} the binlog position read when the job was submitted, so they lose
 * against every binlog change that follows the snapshot, yet win over rows left by an earlier run.
 */
public final class ChangeVersion {
    static final int OFFSET_BITS = 36;
    static final int FILE_SEQUENCE_BITS = 20;
    static final int GENERATION_BITS = 63 - OFFSET_BITS - FILE_SEQUENCE_BITS;
    static final long MAX_OFFSET = (1L << OFFSET_BITS) - 1;
    static final long MAX_FILE_SEQUENCE = (1L << FILE_SEQUENCE_BITS) - 1;
    public static final int MAX_GENERATION = (1 << GENERATION_BITS) - 1;

    private ChangeVersion() {}

    /** The version of generation 0 (the first binlog history). */
    public static long of(String binlogFile, long position, int row) {
        return of(0, binlogFile, position, row);
    }

    public static long of(int generation, String binlogFile, long position, int row) {
        return compose(generation, fileSequence(binlogFile), position, row, binlogFile);
    }

    /** The highest version of {@code generation} below every change at or after {@code binlogFile:position}. */
    public static long before(int generation, String binlogFile, long position) {
        return Math.max(0, of(generation, binlogFile, position, 0) - 1);
    }

    /** The same in generation 0. */
    public static long before(String binlogFile, long position) {
        return before(0, binlogFile, position);
    }

    /** The version at {@code fileSequence:position} of {@code generation}, for comparisons with stored versions. */
    public static long at(int generation, long fileSequence, long position) {
        return compose(generation, fileSequence, position, 0, null);
    }

    public static int generation(long version) {
        return (int) (version >>> (OFFSET_BITS + FILE_SEQUENCE_BITS));
    }

    public static long fileSequence(long version) {
        return (version >>> OFFSET_BITS) & MAX_FILE_SEQUENCE;
    }

    /** {@code position + row} of the change. */
    public static long offset(long version) {
        return version & MAX_OFFSET;
    }

    /** {@code file} names the binlog file in messages; null: only its sequence is known. */
    private static long compose(int generation, long fileSequence, long position, int row, String file) {
        long offset = position + row;
        if (position < 0 || row < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("Binlog offset " + position + "+" + row + " in "
                    + (file == null ? "file sequence " + fileSequence : file)
                    + " is outside 0.." + MAX_OFFSET);
        }
        if (fileSequence < 0 || fileSequence > MAX_FILE_SEQUENCE) {
            throw new IllegalArgumentException("Binlog file sequence " + fileSequence + " is outside 0.." + MAX_FILE_SEQUENCE);
        }
        if (generation < 0 || generation > MAX_GENERATION) {
            throw new IllegalArgumentException("Binlog history generation " + generation + " is outside 0.."
                    + MAX_GENERATION + ": the target tables have seen more binlog histories than _version can "
                    + "tell apart; re-snapshot into new tables");
        }
        return ((long) generation << (OFFSET_BITS + FILE_SEQUENCE_BITS)) | (fileSequence << OFFSET_BITS) | offset;
    }

    /** The numeric suffix of a binlog file name: {@code mysql-bin.000042} is 42. */
    public static long fileSequence(String binlogFile) {
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

    /** The name before the numeric suffix: {@code mysql-bin.000042} is {@code mysql-bin}. */
    public static String baseName(String binlogFile) {
        int dot = binlogFile.lastIndexOf('.');
        return dot < 0 ? binlogFile : binlogFile.substring(0, dot);
    }
}
