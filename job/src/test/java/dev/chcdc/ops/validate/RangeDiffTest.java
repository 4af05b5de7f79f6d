package dev.chcdc.ops.validate;

import static dev.chcdc.ops.validate.NumericKey.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.ops.validate.RowDifference.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeDiffTest {
    private static final KeyRange ALL_KEYS = new KeyRange(null, null);
    private final InMemoryTableSide mysql = new InMemoryTableSide(NumericKey.KEYS);
    private final InMemoryTableSide clickHouse = new InMemoryTableSide(NumericKey.KEYS);

    @Test
    void missingExtraAndChangedKeysAreReportedInKeyOrder() {
        mysql.put(1, 10).put(2, 20).put(3, 30).put(5, 50);
        clickHouse.put(2, 20).put(3, 31).put(4, 40).put(5, 50);

        assertThat(diff(ALL_KEYS, 100)).containsExactly(
                new RowDifference(id(1), Kind.MISSING),
                new RowDifference(id(3), Kind.CHANGED),
                new RowDifference(id(4), Kind.EXTRA));
    }

    @Test
    void rangesLargerThanAPageAreWalkedPageByPage() {
        for (long id = 1; id <= 10; id++) {
            mysql.put(id, id);
            clickHouse.put(id, id);
        }
        clickHouse.remove(4).put(11, 11);

        assertThat(diff(ALL_KEYS, 3)).containsExactly(
                new RowDifference(id(4), Kind.MISSING),
                new RowDifference(id(11), Kind.EXTRA));
        assertThat(mysql.readRowByRow).containsExactly(ALL_KEYS, new KeyRange(id(3), null),
                new KeyRange(id(6), null), new KeyRange(id(9), null));
    }

    @Test
    void onlyKeysInsideTheRangeAreCompared() {
        mysql.put(1, 10).put(3, 30).put(5, 50);
        clickHouse.put(3, 31).put(6, 60);

        assertThat(diff(new KeyRange(id(1), id(5)), 100)).containsExactly(
                new RowDifference(id(3), Kind.CHANGED),
                new RowDifference(id(5), Kind.MISSING));
    }

    private List<RowDifference> diff(KeyRange range, int pageSize) {
        List<RowDifference> differences = new ArrayList<>();
        new RangeDiff(mysql, clickHouse, NumericKey.KEYS, pageSize).diff(range, differences::add);
        return differences;
    }
}
