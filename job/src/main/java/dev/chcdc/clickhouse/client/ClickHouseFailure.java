package dev.chcdc.clickhouse.client;

import com.clickhouse.client.api.ServerException;
import java.util.Set;

/**
 * Sorts ClickHouse errors into transient (retry with back-off) and permanent (fix needed). Server error codes
 * are ClickHouse's own (src/Common/ErrorCodes.cpp); anything that is not a server answer (connection refused,
 * timeout, reset) is transient, because the request never reached a verdict.
 */
final class ClickHouseFailure {
    /** Overload, limits and shutdown: the same request can succeed later. */
    private static final Set<Integer> TRANSIENT_CODES = Set.of(
            159, // TIMEOUT_EXCEEDED
            164, // READONLY (e.g. while a replica starts)
            202, // TOO_MANY_SIMULTANEOUS_QUERIES
            203, // NO_FREE_CONNECTION
            209, // SOCKET_TIMEOUT
            210, // NETWORK_ERROR
            241, // MEMORY_LIMIT_EXCEEDED
            242, // TABLE_IS_READ_ONLY
            243, // NOT_ENOUGH_SPACE: an operator frees disk, then the insert goes through
            252, // TOO_MANY_PARTS: merges catch up
            285, // TOO_FEW_LIVE_REPLICAS
            319, // UNKNOWN_STATUS_OF_INSERT
            394, // QUERY_WAS_CANCELLED
            425, // SYSTEM_ERROR
            999, // KEEPER_EXCEPTION
            1002 // UNKNOWN_EXCEPTION (often a dropped connection inside the server)
    );

    private ClickHouseFailure() {}

    static ClickHouseWriteException wrap(String what, Throwable error) {
        Throwable cause = error;
        while (cause != null && !(cause instanceof ServerException) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof ServerException server) {
            boolean transientFailure = TRANSIENT_CODES.contains(server.getCode());
            return new ClickHouseWriteException(
                    what + " failed: " + server.getMessage(), server, transientFailure, server.getCode());
        }
        return new ClickHouseWriteException(
                what + " failed without an answer from the server: " + error, error, true, 0);
    }

}
