package dev.chcdc.ops.validate;

/** A key whose row differs between MySQL and ClickHouse, and how. */
public record RowDifference(RowKey key, Kind kind) {
    public enum Kind {
        /** In MySQL, not in ClickHouse's view. */
        MISSING,
        /** In ClickHouse's view, not in MySQL. */
        EXTRA,
        /** In both, with different values. */
        CHANGED;

        /** The word the report prints. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
