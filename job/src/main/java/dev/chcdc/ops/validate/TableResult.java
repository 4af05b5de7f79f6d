package dev.chcdc.ops.validate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One table's line in the report: status, row counts, how many keys differ and the first of them; or why the
 * table could not be compared. {@code saturatedValues}: per date column, MySQL values outside ClickHouse's range,
 * which the copy holds saturated (not drift).
 */
public record TableResult(String table, Status status, long mysqlRows, long clickHouseRows, long differingKeys,
        List<String> keyColumns, List<RowDifference> firstDifferences, String error, Map<String, Long> saturatedValues) {

    public enum Status {
        /** Every key has equal rows on both sides. */
        OK,
        /** Some keys differ, after the recheck if one was made. */
        DRIFT,
        /** The table could not be compared; {@code error} says why. */
        ERROR
    }

    public TableResult {
        keyColumns = List.copyOf(keyColumns);
        firstDifferences = List.copyOf(firstDifferences);
        saturatedValues = Collections.unmodifiableMap(new LinkedHashMap<>(saturatedValues));
    }

    /** The result of a completed comparison, listing at most {@code shown} differing keys. */
    public static TableResult compared(String table, List<String> keyColumns, TableScan scan, int shown) {
        return compared(table, keyColumns, scan, shown, Map.of());
    }

    public static TableResult compared(String table, List<String> keyColumns, TableScan scan, int shown,
            Map<String, Long> saturatedValues) {
        List<RowDifference> first = scan.differences().subList(0, Math.min(shown, scan.differences().size()));
        return new TableResult(table, scan.differingKeys() == 0 ? Status.OK : Status.DRIFT, scan.mysqlRows(),
                scan.clickHouseRows(), scan.differingKeys(), keyColumns, first, null, saturatedValues);
    }

    public static TableResult failed(String table, String error) {
        return new TableResult(table, Status.ERROR, 0, 0, 0, List.of(), List.of(), error, Map.of());
    }
}
