package dev.chcdc.ops.validate;

import java.util.List;

/**
 * What comparing one table found: both sides' row counts (summed over the key ranges as they were read) and the
 * differing keys, in key order. Only the first {@link TableValidator#TRACKED_DIFFERENCES} keys are kept (and
 * rechecked); {@code untracked} counts the rest.
 */
public record TableScan(long mysqlRows, long clickHouseRows, List<RowDifference> differences, long untracked) {
    public TableScan {
        differences = List.copyOf(differences);
    }

    public long differingKeys() {
        return differences.size() + untracked;
    }
}
