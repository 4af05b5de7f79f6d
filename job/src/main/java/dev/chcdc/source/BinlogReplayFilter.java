package dev.chcdc.source;

import dev.chcdc.event.ChangeVersion;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells binlog changes met for the first time in this run from those Flink CDC reads again: when a table joins
 * a running job, Flink CDC 3.5 moves the binlog reader back to the new table's first chunk, and every change of
 * the other tables in that stretch would be emitted twice (the views would not show it, same {@code _version};
 * the tee would hold it twice). Per table, changes arrive in binlog order, so one at or before the last one
 * emitted is a repeat. A row event's position and row index order them; Debezium emits an UPDATE that changes
 * the primary key as a delete and then a create of the same row, so at one position the create comes last.
 *
 * <p>Kept in memory only: after a restore from a checkpoint the changes after it must be emitted again, because
 * the tee's transaction and the sink's batches of that stretch were never committed.
 */
public final class BinlogReplayFilter {
    /** Per database, per table: the last change emitted. Nested, so the per-change lookup builds no key. */
    private final Map<String, Map<String, Last>> lastEmitted = new HashMap<>();
    private String lastFile;
    private long lastFileSequence;

    /** Where the last emitted change of one table stands: its row's offset in the binlog, and whether a create. */
    private static final class Last {
        long offset;
        boolean create;
    }

    /**
     * Whether the change of {@code database.table} at {@code file:position}, row {@code row} of its event
     * ({@code create}: Debezium's {@code op} is {@code c}), is emitted for the first time.
     */
    public boolean firstTime(String database, String table, String file, long position, int row, boolean create) {
        if (!file.equals(lastFile)) {
            lastFile = file;
            lastFileSequence = ChangeVersion.fileSequence(file);
        }
        long offset = ChangeVersion.at(0, lastFileSequence, position + row);
        Last last = lastEmitted.computeIfAbsent(database, name -> new HashMap<>()).get(table);
        if (last == null) {
            last = new Last();
            lastEmitted.get(database).put(table, last);
        } else if (offset < last.offset || offset == last.offset && (!create || last.create)) {
            return false;
        }
        last.offset = offset;
        last.create = create;
        return true;
    }
}
