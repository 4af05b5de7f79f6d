package dev.chcdc.ops.validate;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** One copy of a table, MySQL's or ClickHouse's, read in bounded pieces. */
public interface TableSide {
    /** Keys per point-lookup query: a short OR list that both engines turn into primary-key index lookups. */
    int LOOKUP_BATCH = 200;

    /** Rows and hash sum of the rows in {@code range}. */
    RangeChecksum checksum(KeyRange range);

    /** Up to {@code limit} rows of {@code range}, in key order. */
    List<RowHash> rows(KeyRange range, int limit);

    /** The rows among {@code keys} that exist, by key (keys may be many; implementations query in batches). */
    Map<RowKey, Long> rows(Collection<RowKey> keys);
}
