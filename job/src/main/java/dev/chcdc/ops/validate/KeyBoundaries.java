package dev.chcdc.ops.validate;

/** Where the key ranges end: positions in the key order of the side that defines the ranges (MySQL's). */
public interface KeyBoundaries {
    /** The {@code n}-th key after {@code after} (null: from the first key) in key order, or null if there are fewer. */
    RowKey keyAt(RowKey after, int n);
}
