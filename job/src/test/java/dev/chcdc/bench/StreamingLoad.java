package dev.chcdc.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A steady change load on MySQL while the pipeline streams the binlog, and how long each change takes to become
 * visible in ClickHouse.
 *
 * <p>Writers commit transactions of {@value #TX_INSERTS} inserts and {@value #TX_UPDATES} updates (updates of
 * random snapshot rows), each at its scheduled time (transaction i at {@code start + i * 10 / rate}), so the
 * offered rate is fixed and a writer that falls behind shows as an achieved rate below it. Each transaction's
 * inserts carry ids that encode the transaction number, and the writer records the wall time right after its
 * commit returned. A poller asks ClickHouse every {@value #POLL_MILLIS} ms which transactions have all their
 * inserted rows in the raw table; a transaction's latency is the start of the first poll that saw it complete
 * minus its commit time, so the figure is an upper bound, at most one poll interval too high.
 */
final class StreamingLoad {
    static final int TX_INSERTS = 5;
    static final int TX_UPDATES = 5;
    static final int TX_CHANGES = TX_INSERTS + TX_UPDATES;
    static final long POLL_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(StreamingLoad.class);
    private static final long DRAIN_TIMEOUT_MILLIS = 60_000;

    private final BenchServices services;
    private final String database;
    private final String target;
    private final long snapshotRows;
    private final int writers;

    /** One load step's outcome; latencies in milliseconds, sorted. */
    record Result(String label, int targetRate, double seconds, long transactions, double achievedRate,
            long visible, double drainSeconds, long[] latenciesMillis) {
        long changes() {
            return transactions * TX_CHANGES;
        }

        long percentile(double p) {
            if (latenciesMillis.length == 0) {
                return -1;
            }
            int index = (int) Math.ceil(p / 100.0 * latenciesMillis.length) - 1;
            return latenciesMillis[Math.max(0, Math.min(latenciesMillis.length - 1, index))];
        }

        long max() {
            return latenciesMillis.length == 0 ? -1 : latenciesMillis[latenciesMillis.length - 1];
        }

        boolean allVisible() {
            return visible == transactions;
        }

        /** The writers kept up with the offered rate (within 5 %). */
        boolean writersKeptUp() {
            return achievedRate >= 0.95 * targetRate;
        }
    }

    StreamingLoad(BenchServices services, String database, String target, long snapshotRows, int writers) {
        this.services = services;
        this.database = database;
        this.target = target;
        this.snapshotRows = snapshotRows;
        this.writers = writers;
    }

    /**
     * Offers {@code rate} row changes per second for {@code seconds}, inserting ids from {@code idBase} on, then
     * waits until every transaction is visible (or a minute has passed).
     */
    Result run(String label, int rate, int seconds, long idBase) throws Exception {
        int transactions = Math.max(1, (int) ((long) rate * seconds / TX_CHANGES));
        long intervalNanos = (long) (1e9 * TX_CHANGES / rate);
        AtomicLongArray committedAt = new AtomicLongArray(transactions);
        long[] visibleAt = new long[transactions];
        ExecutorService pool = Executors.newFixedThreadPool(writers, runnable -> {
            Thread thread = new Thread(runnable, "change-writer");
            thread.setDaemon(true);
            return thread;
        });
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    write(writer, transactions, start, intervalNanos, idBase, committedAt);
                    return null;
                }));
            }
            int next = 0; // lowest transaction not yet seen complete
            long loadEnded = 0;
            while (next < transactions) {
                long pollStart = System.nanoTime();
                next = poll(idBase, next, transactions, committedAt, visibleAt, pollStart);
                boolean writing = futures.stream().anyMatch(f -> !f.isDone());
                if (!writing && loadEnded == 0) {
                    for (Future<?> future : futures) {
                        future.get(); // surfaces a writer's failure
                    }
                    loadEnded = System.nanoTime();
                }
                if (loadEnded != 0 && System.nanoTime() - loadEnded > TimeUnit.MILLISECONDS.toNanos(DRAIN_TIMEOUT_MILLIS)) {
                    LOG.warn("{}: {} of {} transactions still invisible {} s after the load ended", label,
                            transactions - next, transactions, DRAIN_TIMEOUT_MILLIS / 1000);
                    break;
                }
                long sleep = TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS) - (System.nanoTime() - pollStart);
                if (sleep > 0) {
                    LockSupport.parkNanos(sleep);
                }
            }
            for (Future<?> future : futures) {
                future.get();
            }
            if (loadEnded == 0) {
                loadEnded = System.nanoTime();
            }
            long lastCommit = 0;
            for (int i = 0; i < transactions; i++) {
                lastCommit = Math.max(lastCommit, committedAt.get(i));
            }
            long lastVisible = Arrays.stream(visibleAt).max().orElse(0);
            long[] latencies = new long[transactions];
            int visible = 0;
            for (int i = 0; i < transactions; i++) {
                if (visibleAt[i] != 0) {
                    latencies[visible++] = TimeUnit.NANOSECONDS.toMillis(visibleAt[i] - committedAt.get(i));
                }
            }
            latencies = Arrays.copyOf(latencies, visible);
            Arrays.sort(latencies);
            double elapsed = (lastCommit - start) / 1e9;
            Result result = new Result(label, rate, elapsed, transactions, transactions * (double) TX_CHANGES / elapsed,
                    visible, Math.max(0, (lastVisible - lastCommit) / 1e9), latencies);
            LOG.info("{}: offered {}/s, achieved {}/s, visible {}/{}, latency p50 {} ms p99 {} ms max {} ms", label,
                    rate, String.format("%.0f", result.achievedRate()), visible, transactions, result.percentile(50),
                    result.percentile(99), result.max());
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    private void write(int writer, int transactions, long start, long intervalNanos, long idBase,
            AtomicLongArray committedAt) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection connection = services.root(database)) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO `" + BenchTable.TABLE
                            + "` (id, qty, price, name, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement update = connection.prepareStatement("UPDATE `" + BenchTable.TABLE
                            + "` SET qty = qty + 1, price = price + 0.01, updated_at = NOW(3) WHERE id = ?")) {
                for (int tx = writer; tx < transactions; tx += writers) {
                    long due = start + tx * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    Timestamp now = new Timestamp(System.currentTimeMillis());
                    for (int k = 0; k < TX_INSERTS; k++) {
                        long id = idBase + (long) tx * TX_INSERTS + k;
                        insert.setLong(1, id);
                        insert.setInt(2, k);
                        insert.setBigDecimal(3, java.math.BigDecimal.valueOf(tx % 100_000, 2));
                        insert.setString(4, "stream-" + id);
                        insert.setString(5, "tx " + tx);
                        insert.setTimestamp(6, now);
                        insert.setTimestamp(7, now);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    for (int k = 0; k < TX_UPDATES; k++) {
                        update.setLong(1, 1 + random.nextLong(snapshotRows));
                        update.addBatch();
                    }
                    update.executeBatch();
                    connection.commit();
                    committedAt.set(tx, System.nanoTime());
                }
            }
        }
    }

    /**
     * One visibility check: which transactions from {@code next} on have all their inserted rows in ClickHouse.
     * Returns the new lowest transaction not yet complete.
     */
    private int poll(long idBase, int next, int transactions, AtomicLongArray committedAt, long[] visibleAt,
            long pollStart) {
        String answer = services.clickHouseQuery("SELECT intDiv(id - " + idBase + ", " + TX_INSERTS + ") AS tx "
                + "FROM `" + target + "`.`" + BenchTable.RAW_TABLE + "` WHERE id >= " + (idBase + (long) next * TX_INSERTS)
                + " AND id < " + (idBase + (long) transactions * TX_INSERTS)
                + " GROUP BY tx HAVING uniqExact(id) = " + TX_INSERTS + " FORMAT TabSeparated");
        for (String line : answer.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int tx = Integer.parseInt(line.strip());
            if (visibleAt[tx] == 0 && committedAt.get(tx) != 0) {
                visibleAt[tx] = pollStart;
            }
        }
        while (next < transactions && visibleAt[next] != 0) {
            next++;
        }
        return next;
    }
}
