package dev.chcdc.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A table whose every change can be told apart: {@code ledger(id, counter)}, where each change to a key moves
 * its counter to a value that key never had before. The workload records, per key, the exact changes MySQL
 * made ({@code r0} for the snapshot row, {@code c5}, {@code u6}, {@code d6} with the counter of the row
 * image), so a consumer of the tee can be checked for every change exactly once and in order.
 */
public final class LedgerWorkload {
    public static final String TABLE = "ledger";

    private final Connection connection;
    private final Random random;
    private final Map<Integer, Integer> counters = new HashMap<>();
    private final Map<Integer, Integer> lastCounter = new HashMap<>();
    private final Map<Integer, List<String>> expected = new HashMap<>();
    private final int keySpace;

    public LedgerWorkload(Connection connection, int keySpace, long seed) {
        this.connection = connection;
        this.keySpace = keySpace;
        this.random = new Random(seed);
    }

    /** Creates the table with {@code rows} rows (keys 1..rows, counter 0). */
    public void create(int rows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + TABLE + " (id INT PRIMARY KEY, counter INT NOT NULL, note VARCHAR(40))");
            statement.execute("INSERT INTO " + TABLE + " SELECT seq, 0, CONCAT('row ', seq) FROM seq_1_to_" + rows);
        }
        for (int id = 1; id <= rows; id++) {
            counters.put(id, 0);
            lastCounter.put(id, 0);
            record(id, "r0");
        }
    }

    /** Makes {@code count} changes in transactions of one to five statements, some of them multi-row. */
    public void changes(int count) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            int done = 0;
            while (done < count) {
                int statements = 1 + random.nextInt(5);
                for (int i = 0; i < statements && done < count; i++) {
                    done += change(statement);
                }
                connection.commit();
            }
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private int change(Statement statement) throws SQLException {
        int id = 1 + random.nextInt(keySpace);
        Integer counter = counters.get(id);
        if (counter == null) {
            int next = lastCounter.getOrDefault(id, 0) + 1;
            statement.executeUpdate("INSERT INTO " + TABLE + " VALUES (" + id + ", " + next + ", 'inserted')");
            set(id, next, "c");
            return 1;
        }
        int dice = random.nextInt(100);
        if (dice < 12) {
            statement.executeUpdate("DELETE FROM " + TABLE + " WHERE id = " + id);
            counters.remove(id);
            record(id, "d" + counter);
            return 1;
        }
        if (dice < 20) {
            // A multi-row statement: every existing key of a small range moves on by one.
            int last = Math.min(keySpace, id + 3);
            statement.executeUpdate("UPDATE " + TABLE + " SET counter = counter + 1 WHERE id BETWEEN " + id + " AND " + last);
            int rows = 0;
            for (int key = id; key <= last; key++) {
                if (counters.containsKey(key)) {
                    set(key, counters.get(key) + 1, "u");
                    rows++;
                }
            }
            return rows;
        }
        statement.executeUpdate("UPDATE " + TABLE + " SET counter = counter + 1, note = 'updated' WHERE id = " + id);
        set(id, counter + 1, "u");
        return 1;
    }

    private void set(int id, int counter, String operation) {
        counters.put(id, counter);
        lastCounter.put(id, counter);
        record(id, operation + counter);
    }

    private void record(int id, String change) {
        expected.computeIfAbsent(id, key -> new ArrayList<>()).add(change);
    }

    /** Per key, the changes MySQL made, in order. */
    public Map<Integer, List<String>> expectedChanges() {
        return Map.copyOf(expected);
    }

    public int expectedChangeCount() {
        return expected.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Per key, the changes a {@code read_committed} consumer finds in the ledger's tee topic, spelled like
     * {@link #expectedChanges()}; waits up to {@code timeout} for as many records as MySQL made changes.
     */
    public Map<Integer, List<String>> awaitChangesInTee(String bootstrapServers, String topic, Duration timeout)
            throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = Eventually.poll(timeout, Duration.ofSeconds(1),
                () -> TeeTopicReader.readAll(bootstrapServers, topic), read -> read.size() >= expectedChangeCount());
        ObjectMapper json = new ObjectMapper();
        Map<Integer, List<String>> changes = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode value = json.readTree(record.value());
            String operation = value.get("op").textValue();
            JsonNode row = operation.equals("d") ? value.get("before") : value.get("after");
            changes.computeIfAbsent(json.readTree(record.key()).get("id").intValue(), id -> new ArrayList<>())
                    .add(operation + row.get("counter").intValue());
        }
        return changes;
    }
}
