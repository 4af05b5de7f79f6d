package dev.chcdc.clickhouse.sink;

/**
 * One batch ready to be inserted: everything needed to finish the commit after a crash, so it travels in
 * Flink's checkpoint. {@code header} is the RowBinaryWithNamesAndTypes header the rows were encoded for (column
 * names and types), so a batch commits as it was written even when it is restored into a job whose
 * configuration or schema has changed since; null only in batches restored from checkpoints of older versions.
 * {@code rows} is RowBinary for those columns; {@code rowOffsets} says where each row starts, so a batch
 * ClickHouse refuses can be split to find the rows it refuses. {@code lastCommitTimeMillis} is the latest MySQL
 * commit time among the rows (for the freshness metric).
 *
 * <p>The token is {@code <table>:<epoch>-<subtask>-<sequence>:<content hash>}: the identity makes it unique
 * within a run, the hash makes it unique across runs (a fresh start counts checkpoints from 1 again), so
 * ClickHouse drops exactly the re-commits of this very batch.
 */
public record ClickHouseCommittable(
        String database,
        String table,
        String deduplicationToken,
        int rowCount,
        byte[] header,
        byte[] rows,
        int[] rowOffsets,
        long lastCommitTimeMillis) {

    private static final String HEARTBEAT = "heartbeat";

    /**
     * Not a batch: every binlog change read up to {@code readUpToMillis} is in this checkpoint's batches (or
     * earlier ones). Committing it moves the tables' freshness forward even when they had no changes.
     */
    static ClickHouseCommittable heartbeat(long readUpToMillis) {
        return new ClickHouseCommittable("", "", HEARTBEAT, 0, new byte[0], new byte[0], new int[0], readUpToMillis);
    }

    boolean isHeartbeat() {
        return rowCount == 0 && database.isEmpty() && HEARTBEAT.equals(deduplicationToken);
    }

    /** Where row {@code index} starts; {@code index == rowCount} is the end of the bytes. */
    int offset(int index) {
        return index == rowCount ? rows.length : rowOffsets[index];
    }

    /** Whether single rows can be told apart (batches of version 1 checkpoints cannot). */
    boolean splittable() {
        return rowOffsets != null;
    }

    /** {@code database.table}, for messages and lookups. */
    String target() {
        return database + "." + table;
    }
}
