package dev.chcdc.ops.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares one table's MySQL rows with its ClickHouse copy. The key space is cut into ranges of
 * {@code chunkSize} MySQL keys (the last range is open-ended, so keys beyond MySQL's last one are compared too);
 * each range is compared by row count and hash sum on both sides, and only a range that differs is read row by
 * row to name its differing keys. Every read is bounded by {@code chunkSize}.
 */
public final class TableValidator {
    /** Differing keys kept per table for the recheck and the report; beyond it they are only counted. */
    public static final int TRACKED_DIFFERENCES = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(TableValidator.class);

    private final String table;
    private final KeyBoundaries boundaries;
    private final TableSide mysql;
    private final TableSide clickHouse;
    private final RangeDiff rangeDiff;
    private final int chunkSize;

    /** {@code boundaries} cut the ranges, in MySQL's key order (usually {@code mysql} itself). */
    public TableValidator(String table, KeyBoundaries boundaries, TableSide mysql, TableSide clickHouse,
            KeyColumns keys, int chunkSize) {
        this.table = table;
        this.boundaries = boundaries;
        this.mysql = mysql;
        this.clickHouse = clickHouse;
        this.rangeDiff = new RangeDiff(mysql, clickHouse, keys, chunkSize);
        this.chunkSize = chunkSize;
    }

    /** Compares all ranges. */
    public TableScan scan() {
        long mysqlRows = 0;
        long clickHouseRows = 0;
        Findings findings = new Findings();
        int ranges = 0;
        int differingRanges = 0;
        RowKey after = null;
        do {
            RowKey upTo = boundaries.keyAt(after, chunkSize);
            KeyRange range = new KeyRange(after, upTo);
            RangeChecksum expected = mysql.checksum(range);
            RangeChecksum actual = clickHouse.checksum(range);
            mysqlRows += expected.rows();
            clickHouseRows += actual.rows();
            ranges++;
            if (!expected.equals(actual)) {
                differingRanges++;
                LOG.debug("{}: key range {} differs: MySQL {}, ClickHouse {}", table, ranges, expected, actual);
                rangeDiff.diff(range, findings);
            }
            after = upTo;
        } while (after != null);
        LOG.info("{}: {} ranges of up to {} keys, {} differed; MySQL {} rows, ClickHouse {} rows", table, ranges,
                chunkSize, differingRanges, mysqlRows, clickHouseRows);
        return new TableScan(mysqlRows, clickHouseRows, findings.kept, findings.untracked);
    }

    /** Keeps the first {@link #TRACKED_DIFFERENCES} differences and counts the others. */
    private static final class Findings implements Consumer<RowDifference> {
        private final List<RowDifference> kept = new ArrayList<>();
        private long untracked;

        @Override
        public void accept(RowDifference difference) {
            if (kept.size() < TRACKED_DIFFERENCES) {
                kept.add(difference);
            } else {
                untracked++;
            }
        }
    }

    /**
     * Reads the tracked differing keys again on both sides and keeps those that still differ, reclassified (a key
     * missing during the scan may since have arrived, or changed again). Untracked differences stay counted.
     */
    public TableScan recheck(TableScan scan) {
        if (scan.differences().isEmpty()) {
            return scan;
        }
        List<RowKey> keys = scan.differences().stream().map(RowDifference::key).toList();
        Map<RowKey, Long> expected = mysql.rows(keys);
        Map<RowKey, Long> actual = clickHouse.rows(keys);
        List<RowDifference> remaining = new ArrayList<>();
        for (RowKey key : keys) {
            Long left = expected.get(key);
            Long right = actual.get(key);
            if (left != null && right == null) {
                remaining.add(new RowDifference(key, RowDifference.Kind.MISSING));
            } else if (left == null && right != null) {
                remaining.add(new RowDifference(key, RowDifference.Kind.EXTRA));
            } else if (left != null && !left.equals(right)) {
                remaining.add(new RowDifference(key, RowDifference.Kind.CHANGED));
            }
        }
        LOG.info("{}: {} of {} differing keys still differ on recheck", table, remaining.size(), keys.size());
        return new TableScan(scan.mysqlRows(), scan.clickHouseRows(), remaining, scan.untracked());
    }
}
