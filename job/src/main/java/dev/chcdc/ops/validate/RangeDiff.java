package dev.chcdc.ops.validate;

import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the differing keys of one key range by walking both sides' rows in key order, a page at a time, and
 * merging them: a key on one side only is missing or extra, a key on both with different hashes is changed. Holds
 * one page per side, so a range of any size (even one full of rows ClickHouse should not have) stays bounded.
 */
public final class RangeDiff {
    private final TableSide mysql;
    private final TableSide clickHouse;
    private final Comparator<RowKey> keyOrder;
    private final int pageSize;

    public RangeDiff(TableSide mysql, TableSide clickHouse, Comparator<RowKey> keyOrder, int pageSize) {
        this.mysql = mysql;
        this.clickHouse = clickHouse;
        this.keyOrder = keyOrder;
        this.pageSize = pageSize;
    }

    /** Reports every difference in {@code range} to {@code differences}, in key order. */
    public void diff(KeyRange range, Consumer<RowDifference> differences) {
        Pages expected = new Pages(mysql, range);
        Pages actual = new Pages(clickHouse, range);
        while (expected.current() != null || actual.current() != null) {
            RowHash left = expected.current();
            RowHash right = actual.current();
            int order = left == null ? 1 : right == null ? -1 : keyOrder.compare(left.key(), right.key());
            if (order < 0) {
                differences.accept(new RowDifference(left.key(), RowDifference.Kind.MISSING));
                expected.advance();
            } else if (order > 0) {
                differences.accept(new RowDifference(right.key(), RowDifference.Kind.EXTRA));
                actual.advance();
            } else {
                if (left.hash() != right.hash()) {
                    differences.accept(new RowDifference(left.key(), RowDifference.Kind.CHANGED));
                }
                expected.advance();
                actual.advance();
            }
        }
    }

    /** A cursor over one side's rows of a range, fetching the next page after the last key seen. */
    private final class Pages {
        private final TableSide side;
        private final RowKey upTo;
        private List<RowHash> page;
        private int next;

        Pages(TableSide side, KeyRange range) {
            this.side = side;
            this.upTo = range.upTo();
            this.page = side.rows(range, pageSize);
        }

        RowHash current() {
            return next < page.size() ? page.get(next) : null;
        }

        void advance() {
            next++;
            if (next == page.size() && page.size() == pageSize) {
                page = side.rows(new KeyRange(page.get(next - 1).key(), upTo), pageSize);
                next = 0;
            }
        }
    }
}
