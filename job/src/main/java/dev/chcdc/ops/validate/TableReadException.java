package dev.chcdc.ops.validate;

/** Reading one side of a table failed; the message names the table, the side and the server's reason. */
public final class TableReadException extends RuntimeException {
    public TableReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
