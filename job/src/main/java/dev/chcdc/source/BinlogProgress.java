package dev.chcdc.source;

import dev.chcdc.event.ChangeVersion;

/**
 * The run-time half of {@link BinlogHistory}: within one binlog history the source only moves forward, so a change
 * whose binlog offset lies before the offset the source has already read from means the server's binlog started a
 * new history under the running job (a failover to another server, {@code RESET MASTER}, a restore from a backup).
 * Its version would be below versions already written, so ClickHouse would ignore it and every later change to
 * the same keys: the source stops instead. The offset read from is checkpointed with the source, so the check
 * holds across restarts too.
 */
public final class BinlogProgress {
    private BinlogProgress() {}

    /**
     * Throws when the change at {@code changeFile:changePosition} lies before {@code readFile:readPosition}; an
     * empty {@code readFile} (reading from the earliest offset, nothing read yet) accepts any change.
     */
    public static void check(String readFile, long readPosition, String changeFile, long changePosition) {
        if (readFile == null || readFile.isEmpty() || changeFile == null || changeFile.isEmpty()) {
            return;
        }
        // The common case, on every change: the same file, so no name needs taking apart.
        if (readFile.equals(changeFile)) {
            if (changePosition < readPosition) {
                throw BinlogHistoryChangedException.wentBackwards(readFile, readPosition, changeFile, changePosition);
            }
            return;
        }
        boolean otherBinlog = !ChangeVersion.baseName(readFile).equals(ChangeVersion.baseName(changeFile));
        long readSequence = ChangeVersion.fileSequence(readFile);
        long changeSequence = ChangeVersion.fileSequence(changeFile);
        if (otherBinlog || changeSequence < readSequence
                || changeSequence == readSequence && changePosition < readPosition) {
            throw BinlogHistoryChangedException.wentBackwards(readFile, readPosition, changeFile, changePosition);
        }
    }
}
