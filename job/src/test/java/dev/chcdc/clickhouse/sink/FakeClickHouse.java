package dev.chcdc.clickhouse.sink;

import dev.chcdc.clickhouse.client.ClickHouseWriteException;
import dev.chcdc.clickhouse.client.FailureClass;
import dev.chcdc.clickhouse.client.RowBinaryInserts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * ClickHouse as the committer sees it, behind {@link RowBinaryInserts}: it keeps every inserted row slice, drops an
 * insert whose token it has seen (as {@code non_replicated_deduplication_window} does), and fails the calls
 * {@link #failWith} picks.
 */
final class FakeClickHouse implements RowBinaryInserts {
    /** One insert as ClickHouse received it: byte range {@code [from, to)} of the batch's rows. */
    record Insert(String table, byte[] header, int from, int to, String token) {
        boolean probe() {
            return from == to;
        }
    }

    private final List<Insert> calls = new ArrayList<>();
    private final List<byte[]> stored = new ArrayList<>();
    private final Set<String> tokens = new HashSet<>();
    private Function<Insert, ClickHouseWriteException> failure = insert -> null;

    /** From now on, each insert for which {@code failure} returns an exception fails with it. */
    void failWith(Function<Insert, ClickHouseWriteException> failure) {
        this.failure = failure;
    }

    static ClickHouseWriteException error(FailureClass failureClass, int code) {
        return new ClickHouseWriteException("Code: " + code + ". DB::Exception: simulated", null, failureClass, code);
    }

    @Override
    public void insertRowBinary(String database, String table, byte[] header, byte[] rows, int from, int to,
            String deduplicationToken) {
        Insert insert = new Insert(database + "." + table, header, from, to, deduplicationToken);
        calls.add(insert);
        ClickHouseWriteException refused = failure.apply(insert);
        if (refused != null) {
            throw refused;
        }
        if (deduplicationToken != null && !tokens.add(insert.table() + " " + deduplicationToken)) {
            return;
        }
        if (to > from) {
            stored.add(Arrays.copyOfRange(rows, from, to));
        }
    }

    /** Every insert call, failed or not, probes included. */
    List<Insert> calls() {
        return calls;
    }

    /** The rows of {@code batch} that ClickHouse holds, as row indexes, each as often as it is held. */
    List<Integer> storedRows(ClickHouseCommittable batch) {
        List<Integer> rows = new ArrayList<>();
        for (byte[] slice : stored) {
            int position = 0;
            while (position < slice.length) {
                int row = rowAt(batch, slice, position);
                rows.add(row);
                position += batch.offset(row + 1) - batch.offset(row);
            }
        }
        return rows;
    }

    private static int rowAt(ClickHouseCommittable batch, byte[] slice, int position) {
        for (int row = 0; row < batch.rowCount(); row++) {
            int length = batch.offset(row + 1) - batch.offset(row);
            if (position + length <= slice.length && Arrays.equals(slice, position, position + length,
                    batch.rows(), batch.offset(row), batch.offset(row + 1))) {
                return row;
            }
        }
        throw new AssertionError("Stored bytes that are no row of the batch");
    }

    /** Whether the insert holds row {@code row} of {@code batch}. */
    static boolean holds(Insert insert, ClickHouseCommittable batch, int row) {
        return insert.from() <= batch.offset(row) && batch.offset(row) < insert.to();
    }

    @Override
    public void close() {}
}
