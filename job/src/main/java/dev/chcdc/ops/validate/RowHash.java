package dev.chcdc.ops.validate;

/** One row of one side: its key and the 64-bit hash of all its columns' canonical text. */
public record RowHash(RowKey key, long hash) {}
