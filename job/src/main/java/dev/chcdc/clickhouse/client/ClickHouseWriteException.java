package dev.chcdc.clickhouse.client;

/**
 * A ClickHouse request failed; {@link #failureClass()} says whether the same request can succeed later by
 * itself, after an operator's fix, or never for these rows.
 */
public final class ClickHouseWriteException extends RuntimeException {
    private final FailureClass failureClass;
    private final int serverCode;

    public ClickHouseWriteException(String message, Throwable cause, FailureClass failureClass, int serverCode) {
        super(message, cause);
        this.failureClass = failureClass;
        this.serverCode = serverCode;
    }

    public FailureClass failureClass() {
        return failureClass;
    }

    /** ClickHouse's error code, or 0 when the server did not answer. */
    public int serverCode() {
        return serverCode;
    }
}
