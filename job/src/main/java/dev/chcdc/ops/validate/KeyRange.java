package dev.chcdc.ops.validate;

/**
 * The keys after {@code after} (exclusive) up to {@code upTo} (inclusive), in key order; a null bound is open.
 * Consecutive ranges, each starting where the previous ended, cover every key exactly once.
 */
public record KeyRange(RowKey after, RowKey upTo) {
    @Override
    public String toString() {
        return "(" + (after == null ? "-inf" : after.values()) + ", " + (upTo == null ? "+inf)" : upTo.values() + "]");
    }
}
