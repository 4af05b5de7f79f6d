package dev.chcdc.ops.validate;

import static dev.chcdc.ops.validate.NumericKey.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.ops.validate.RowDifference.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableValidatorTest {
    private final InMemoryTableSide mysql = new InMemoryTableSide(NumericKey.KEYS);
    private final InMemoryTableSide clickHouse = new InMemoryTableSide(NumericKey.KEYS);

    @Test
    void keySpaceIsCutIntoRangesOfChunkSizeMySqlKeysTheLastOneOpen() {
        sameRows(1, 7);

        validator(3).scan();

        assertThat(mysql.checksummed).containsExactly(
                new KeyRange(null, id(3)), new KeyRange(id(3), id(6)), new KeyRange(id(6), null));
        assertThat(clickHouse.checksummed).isEqualTo(mysql.checksummed);
    }

    @Test
    void equalCopiesHaveNoDifferencesAndEqualCounts() {
        sameRows(1, 7);

        assertThat(validator(3).scan()).isEqualTo(new TableScan(7, 7, List.of(), 0));
    }

    @Test
    void onlyRangesWhoseChecksumsDifferAreReadRowByRow() {
        sameRows(1, 7);
        clickHouse.put(5, 0);

        TableScan scan = validator(3).scan();

        assertThat(scan.differences()).containsExactly(new RowDifference(id(5), Kind.CHANGED));
        assertThat(mysql.readRowByRow).isNotEmpty().allSatisfy(range -> assertThat(range.upTo()).isEqualTo(id(6)));
        assertThat(clickHouse.readRowByRow).isNotEmpty().allSatisfy(range -> assertThat(range.upTo()).isEqualTo(id(6)));
    }

    @Test
    void keysBeyondMySqlsLastKeyAreCompared() {
        sameRows(1, 7);
        clickHouse.put(100, 100);

        assertThat(validator(3).scan()).isEqualTo(
                new TableScan(7, 8, List.of(new RowDifference(id(100), Kind.EXTRA)), 0));
    }

    @Test
    void recheckKeepsOnlyKeysThatStillDifferAsTheyDifferNow() {
        sameRows(1, 7);
        clickHouse.remove(2).put(3, 0).put(4, 0);
        TableValidator validator = validator(3);
        TableScan scan = validator.scan();
        // Meanwhile key 2 arrives, key 3 is deleted in MySQL and key 4 stays changed.
        clickHouse.put(2, 2);
        mysql.remove(3);

        assertThat(validator.recheck(scan)).isEqualTo(new TableScan(7, 6, List.of(
                new RowDifference(id(3), Kind.EXTRA), new RowDifference(id(4), Kind.CHANGED)), 0));
    }

    @Test
    void differencesBeyondTheTrackedLimitAreCountedNotKept() {
        int rows = TableValidator.TRACKED_DIFFERENCES + 5;
        for (long id = 1; id <= rows; id++) {
            mysql.put(id, id);
        }

        TableScan scan = validator(5_000).scan();

        assertThat(scan.differences()).hasSize(TableValidator.TRACKED_DIFFERENCES);
        assertThat(scan.untracked()).isEqualTo(5);
        assertThat(scan.differingKeys()).isEqualTo(rows);
    }

    private void sameRows(long from, long to) {
        for (long id = from; id <= to; id++) {
            mysql.put(id, id);
            clickHouse.put(id, id);
        }
    }

    private TableValidator validator(int chunkSize) {
        return new TableValidator("shop.t", mysql, mysql, clickHouse, NumericKey.KEYS, chunkSize);
    }
}
