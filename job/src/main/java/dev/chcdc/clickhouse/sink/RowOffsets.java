package dev.chcdc.clickhouse.sink;

import java.util.Arrays;

/** A growable list of int offsets: where each row of a batch starts in its RowBinary bytes. */
final class RowOffsets {
    private int[] offsets = new int[1024];
    private int size;

    void add(int offset) {
        if (size == offsets.length) {
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        offsets[size++] = offset;
    }

    void clear() {
        size = 0;
    }

    int[] toArray() {
        return Arrays.copyOf(offsets, size);
    }
}
