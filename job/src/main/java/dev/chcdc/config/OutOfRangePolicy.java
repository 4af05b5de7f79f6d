package dev.chcdc.config;

/**
 * What the ClickHouse sink does with a DATE, DATETIME or TIMESTAMP value that MySQL holds and ClickHouse's Date32 or
 * DateTime64 cannot (they cover 1900-01-01 .. 2299-12-31; MySQL goes from 0000 to 9999, and sentinels such as
 * 9999-12-31 or 0001-01-01 are common).
 */
public enum OutOfRangePolicy {
    /**
     * Write the nearest value ClickHouse holds (1900-01-01 00:00:00 or 2299-12-31 23:59:59.999999), count it in
     * {@code valuesSaturated} of the table and column. The row stays current; the value reads as the range's end.
     */
    SATURATE,
    /**
     * Send the change to the dead-letter topic and write nothing of it: the row is then missing (an insert) or
     * stale (an update: the previous version stays in the view) until a later change of it fits.
     */
    DEAD_LETTER,
    /** Fail the job naming the table, column and row; Flink's restart strategy applies. */
    FAIL,
    /**
     * Lossless: the column becomes a ClickHouse String holding MySQL's text of every value
     * ({@code 0017-08-12}, {@code 9999-12-31 23:59:59.999999}; TIMESTAMP in UTC), so nothing is out of range.
     * Zero dates follow the zero-date rule ({@code 0000-00-00} reads as {@code 0000-01-01}).
     */
    TEXT;

    /** The configuration spelling: {@code saturate}, {@code dead-letter}, {@code fail}. */
    public String configValue() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The policy a configuration value names. */
    public static OutOfRangePolicy parse(String value) {
        for (OutOfRangePolicy policy : values()) {
            if (policy.configValue().equals(value.trim())) {
                return policy;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not an out-of-range policy; use saturate, "
                + "dead-letter, fail or text");
    }
}
