package dev.chcdc.ops.validate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A {@link TableSide} over rows held in memory, in key order; it records which ranges were read row by row. */
final class InMemoryTableSide implements TableSide, KeyBoundaries {
    private final Comparator<RowKey> order;
    private final TreeMap<RowKey, Long> rows;
    final List<KeyRange> checksummed = new ArrayList<>();
    final List<KeyRange> readRowByRow = new ArrayList<>();

    InMemoryTableSide(Comparator<RowKey> order) {
        this.order = order;
        this.rows = new TreeMap<>(order);
    }

    InMemoryTableSide put(long id, long hash) {
        rows.put(RowKey.of(Long.toString(id)), hash);
        return this;
    }

    InMemoryTableSide remove(long id) {
        rows.remove(RowKey.of(Long.toString(id)));
        return this;
    }

    @Override
    public RowKey keyAt(RowKey after, int n) {
        return inRange(new KeyRange(after, null)).stream().skip(n - 1L).findFirst().orElse(null);
    }

    @Override
    public RangeChecksum checksum(KeyRange range) {
        checksummed.add(range);
        long sum = 0;
        List<RowKey> keys = inRange(range);
        for (RowKey key : keys) {
            sum += rows.get(key);
        }
        return new RangeChecksum(keys.size(), sum);
    }

    @Override
    public List<RowHash> rows(KeyRange range, int limit) {
        readRowByRow.add(range);
        return inRange(range).stream().limit(limit).map(key -> new RowHash(key, rows.get(key))).toList();
    }

    @Override
    public Map<RowKey, Long> rows(Collection<RowKey> keys) {
        Map<RowKey, Long> found = new LinkedHashMap<>();
        keys.stream().filter(rows::containsKey).forEach(key -> found.put(key, rows.get(key)));
        return found;
    }

    private List<RowKey> inRange(KeyRange range) {
        return rows.keySet().stream()
                .filter(key -> range.after() == null || order.compare(key, range.after()) > 0)
                .filter(key -> range.upTo() == null || order.compare(key, range.upTo()) <= 0)
                .toList();
    }
}
