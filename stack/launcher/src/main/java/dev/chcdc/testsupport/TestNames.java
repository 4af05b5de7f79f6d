package dev.chcdc.testsupport;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unique names inside the shared services, handed out by a counter (never at random): a database, topic or
 * MySQL server-id range per test, so tests share one instance of each service without meeting each other.
 */
public final class TestNames {
    /** Server ids 5400.. are ours; the MariaDB server itself is id 1. */
    private static final int FIRST_SERVER_ID = 5400;
    private static final int SERVER_IDS_PER_TEST = 10;

    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicInteger serverIdBlocks = new AtomicInteger();

    /** A name such as {@code orders_7}, unique in this run; valid in MySQL, ClickHouse and Kafka. */
    public String unique(String prefix) {
        return prefix + "_" + counter.incrementAndGet();
    }

    /** A range of MySQL replication server ids such as {@code "5410-5419"}, never shared by two tests. */
    public String serverIdRange() {
        int first = FIRST_SERVER_ID + serverIdBlocks.getAndIncrement() * SERVER_IDS_PER_TEST;
        return first + "-" + (first + SERVER_IDS_PER_TEST - 1);
    }
}
