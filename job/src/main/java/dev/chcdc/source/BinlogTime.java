package dev.chcdc.source;

/**
 * Undoes a decoding error of negative TIME values with fractional seconds read from the binlog. MySQL stores
 * {@code -S.f} (TIME2) as the whole part {@code -(S+1)} plus the fraction {@code 1-f}; Debezium 1.9's binlog
 * reader (inside Flink CDC 3.5) subtracts that fraction instead of adding it, so {@code -838:59:58.951424}
 * arrives as {@code -838:59:59.048576}: it mirrors the true value around the next whole second. The snapshot
 * reads TIME as text and is not affected.
 */
final class BinlogTime {
    private static final long MICROS_PER_SECOND = 1_000_000;

    private BinlogTime() {}

    /** The true microseconds of a binlog TIME value as Debezium decoded it. */
    static long correctNegativeFraction(long decodedMicros) {
        if (decodedMicros >= 0 || decodedMicros % MICROS_PER_SECOND == 0) {
            return decodedMicros;
        }
        long magnitude = -decodedMicros;
        long wholeSeconds = magnitude / MICROS_PER_SECOND * MICROS_PER_SECOND;
        return -(2 * wholeSeconds - magnitude);
    }
}
