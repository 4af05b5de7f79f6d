package dev.chcdc.clickhouse.sink;

import dev.chcdc.clickhouse.client.ClickHouseWriteException;
import dev.chcdc.event.TableId;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes apart a batch whose rows ClickHouse refuses: splits it in halves until the refused rows are single,
 * inserting every part ClickHouse takes. Each part has its own token derived from the batch's
 * ({@code <token>/<from>-<to>}), so doing it again after a restore inserts nothing twice.
 */
final class RefusedRowIsolator {
    /** Row {@code row} of the batch, refused with {@code error} after {@code attempts} inserts that held it. */
    record RefusedRow(int row, ClickHouseWriteException error, int attempts) {}

    private final RetryingInserter inserter;

    RefusedRowIsolator(RetryingInserter inserter) {
        this.inserter = inserter;
    }

    /** Inserts all rows of {@code batch} but the refused ones, and returns those, in batch order. */
    List<RefusedRow> isolate(TableId table, ClickHouseCommittable batch, byte[] header, ClickHouseWriteException error)
            throws InterruptedException {
        List<RefusedRow> refused = new ArrayList<>();
        split(table, batch, header, 0, batch.rowCount(), error, 1, refused);
        return refused;
    }

    private void split(TableId table, ClickHouseCommittable batch, byte[] header, int from, int to,
            ClickHouseWriteException error, int attempts, List<RefusedRow> refused) throws InterruptedException {
        if (to - from == 1) {
            refused.add(new RefusedRow(from, error, attempts));
            return;
        }
        int middle = (from + to) >>> 1;
        for (int[] part : new int[][] {{from, middle}, {middle, to}}) {
            try {
                inserter.insert(table, batch, header, part[0], part[1],
                        batch.deduplicationToken() + "/" + part[0] + "-" + part[1]);
            } catch (ClickHouseWriteException partRefused) {
                split(table, batch, header, part[0], part[1], partRefused, attempts + 1, refused);
            }
        }
    }
}
