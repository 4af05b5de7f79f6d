package dev.chcdc.ops.validate;

/**
 * What one side holds in a key range: its row count and the sum of its rows' 64-bit hashes, modulo 2^64. The sum
 * does not depend on row order; two ranges with equal rows have equal checksums, and differing rows collide with
 * a chance of about 2^-64.
 */
public record RangeChecksum(long rows, long hashSum) {}
