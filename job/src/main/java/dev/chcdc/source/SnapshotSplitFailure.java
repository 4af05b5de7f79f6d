package dev.chcdc.source;

import java.util.regex.Pattern;

/**
 * Flink CDC's snapshot failures name the split they were reading, and a split's description holds its bounds:
 * primary key values ({@code splitStart=[1042], splitEnd=[2084]}). Such a failure reaches Flink's exception history
 * and the logs, so it is passed on with the bounds left out: the same exception classes, messages and stack traces
 * otherwise, the table and split id kept.
 */
public final class SnapshotSplitFailure {
    private static final Pattern BOUNDS =
            Pattern.compile(", splitStart=.*?, splitEnd=.*?, highWatermark=", Pattern.DOTALL);

    private SnapshotSplitFailure() {}

    /** {@code failure} itself when nothing in its chain describes a split's bounds, else a copy without them. */
    public static Exception withoutKeyValues(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && BOUNDS.matcher(cause.getMessage()).find()) {
                return copy(failure);
            }
        }
        return failure;
    }

    private static KeyValuesLeftOut copy(Throwable failure) {
        Throwable cause = failure.getCause();
        KeyValuesLeftOut copy = new KeyValuesLeftOut(failure.getClass().getName() + ": "
                + BOUNDS.matcher(String.valueOf(failure.getMessage())).replaceAll(", splitStart=…, splitEnd=…, highWatermark="),
                cause == null || cause == failure ? null : copy(cause));
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    /** One exception of the chain, its message without key values. */
    static final class KeyValuesLeftOut extends RuntimeException {
        KeyValuesLeftOut(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
