package dev.chcdc.clickhouse.client;

/**
 * A ClickHouse request failed. {@link #transient_()} tells whether retrying the same request later can succeed
 * (network, overload, too many parts) or not (bad data, missing table or rights, which need a fix first).
 */
public final class ClickHouseWriteException extends RuntimeException {
    private final boolean transientFailure;
    private final int serverCode;

    public ClickHouseWriteException(String message, Throwable cause, boolean transientFailure, int serverCode) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.serverCode = serverCode;
    }

    public boolean transient_() {
        return transientFailure;
    }

    /** ClickHouse's error code, or 0 when the server did not answer. */
    public int serverCode() {
        return serverCode;
    }
}
