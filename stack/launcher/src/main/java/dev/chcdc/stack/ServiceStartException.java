package dev.chcdc.stack;

/** A service did not become ready; the message carries the reason and the tail of its log. */
public final class ServiceStartException extends RuntimeException {
    public ServiceStartException(String message) {
        super(message);
    }

    public ServiceStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
