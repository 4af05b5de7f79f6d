package dev.chcdc.config;

/** Where a replay starts reading the tee topics when it has no checkpoint or savepoint. */
public enum ReplayStart {
    /** The oldest record the topics still hold. */
    EARLIEST,
    /** The first record at or after {@code replay.start-timestamp-millis}. */
    TIMESTAMP,
    /** The consumer group's committed offsets (earliest where it has none). */
    COMMITTED;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
