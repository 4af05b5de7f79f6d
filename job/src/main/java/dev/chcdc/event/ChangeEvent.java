package dev.chcdc.event;

import java.io.Serializable;

/**
 * One row change read from MySQL, independent of Debezium's classes: the table, what happened, the row before
 * and after (null where the operation has none), where it was read, the version that orders it among all
 * changes to the same key, and the commit time in MySQL (milliseconds since the epoch). The stream also carries
 * {@link #heartbeat heartbeats}, which have no table or rows.
 */
public record ChangeEvent(
        TableId table,
        Operation operation,
        RowImage before,
        RowImage after,
        SourcePosition source,
        long version,
        long commitTimeMillis)
        implements Serializable {

    public ChangeEvent {
        if (operation == Operation.HEARTBEAT) {
            if (table != null || before != null || after != null || source == null) {
                throw new IllegalArgumentException("A heartbeat has a source position and a time, nothing else");
            }
        } else if (table == null || operation == null || source == null) {
            throw new IllegalArgumentException("table, operation and source are required");
        }
        boolean needsBefore = operation == Operation.UPDATE || operation == Operation.DELETE;
        boolean needsAfter = operation != Operation.DELETE && operation != Operation.HEARTBEAT;
        if (needsBefore && before == null || needsAfter && after == null) {
            throw new IllegalArgumentException(operation + " on " + table + " lacks its "
                    + (needsAfter && after == null ? "after" : "before") + " image");
        }
    }

    /**
     * A heartbeat in the change stream: every binlog change committed up to {@code readUpToMillis} has been read
     * before it. Sinks pass it on as progress (freshness on quiet tables), never as a row.
     */
    public static ChangeEvent heartbeat(SourcePosition position, long readUpToMillis) {
        return new ChangeEvent(null, Operation.HEARTBEAT, null, null, position, 0, readUpToMillis);
    }

    public boolean isHeartbeat() {
        return operation == Operation.HEARTBEAT;
    }

    /** The row image that describes the row's state after this change (the before image for a delete). */
    public RowImage latestImage() {
        return operation == Operation.DELETE ? before : after;
    }
}
