package dev.chcdc.clickhouse.encoding;

import dev.chcdc.config.OutOfRangePolicy;

/**
 * How one column's encoder treats a date or time its ClickHouse type cannot hold: the column's policy, and what to
 * tell when it saturates one (the writer counts it).
 */
public record OutOfRangeHandling(OutOfRangePolicy policy, Runnable onSaturated) {
    /** Every such value refused with {@link ValueOutOfRangeException} (dead-lettered by the writer). */
    public static final OutOfRangeHandling REFUSE = new OutOfRangeHandling(OutOfRangePolicy.DEAD_LETTER, () -> {});

    /** {@code policy}, telling no one of saturated values. */
    public static OutOfRangeHandling uncounted(OutOfRangePolicy policy) {
        return new OutOfRangeHandling(policy, () -> {});
    }
}
