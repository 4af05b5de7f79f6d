package dev.chcdc.event;

import java.io.Serializable;

/**
 * Where a change was read: the binlog file and the position of its row event, the row's index in that event,
 * and the GTID when the server has one. Snapshot rows have no binlog position ({@link #isSnapshot()}).
 */
public record SourcePosition(String file, long position, int row, String gtid, long serverId) implements Serializable {
    public static SourcePosition snapshot() {
        return new SourcePosition("", 0, 0, null, 0);
    }

    public boolean isSnapshot() {
        return file == null || file.isEmpty();
    }

    /** For messages: {@code snapshot}, or {@code binlog mysql-bin.000003:1234 row 0}. */
    public String describe() {
        return isSnapshot() ? "snapshot" : "binlog " + file + ":" + position + " row " + row;
    }
}
