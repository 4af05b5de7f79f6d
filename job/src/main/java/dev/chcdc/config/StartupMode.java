package dev.chcdc.config;

/** Where the source starts reading when the job starts without a checkpoint or savepoint. */
public enum StartupMode {
    INITIAL,
    LATEST_OFFSET,
    SPECIFIC_OFFSET,
    TIMESTAMP;

    /** Config values are spelled with dashes: {@code latest-offset}. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
