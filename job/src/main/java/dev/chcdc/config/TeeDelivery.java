package dev.chcdc.config;

/** How the tee writes to Kafka. */
public enum TeeDelivery {
    /** Kafka transactions committed on Flink checkpoints: read_committed consumers see every change once. */
    EXACTLY_ONCE,
    /** No transactions: records are visible at once, and a restore may write some of them again. */
    AT_LEAST_ONCE;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
