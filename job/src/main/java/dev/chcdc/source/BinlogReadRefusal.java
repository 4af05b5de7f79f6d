package dev.chcdc.source;

import com.github.shyiko.mysql.binlog.network.ServerException;
import java.util.Optional;

/**
 * Recognises the binlog reader's failures that no restart can cure: the server refusing to send from the offset
 * the job reads from (MySQL error 1236, ER_MASTER_FATAL_ERROR_READING_BINLOG: the file is gone, the position lies
 * beyond its end, or, with GTIDs, the transactions the job needs were purged). Seen after {@code RESET MASTER}
 * under a running job, when the binlog client's keep-alive reconnects at the old offset. A restart would resume
 * at the same offset and fail the same way until the restart strategy gave up, under an error that names none
 * of the ways out.
 */
public final class BinlogReadRefusal {
    /** ER_MASTER_FATAL_ERROR_READING_BINLOG, the same code on MySQL and MariaDB. */
    static final int FATAL_ERROR_READING_BINLOG = 1236;

    private BinlogReadRefusal() {}

    /** The history change {@code failure} reports, if it is the server refusing the read offset. */
    public static Optional<BinlogHistoryChangedException> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ServerException refused && refused.getErrorCode() == FATAL_ERROR_READING_BINLOG) {
                return Optional.of(BinlogHistoryChangedException.refused(refused.getMessage()));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }
}
