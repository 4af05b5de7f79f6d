package dev.chcdc.ops.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyConditionsTest {
    private static final KeyRange ALL_KEYS = new KeyRange(null, null);
    private static final KeyConditions SINGLE = new KeyConditions(NumericKey.KEYS);
    private static final KeyConditions COMPOSITE = new KeyConditions(KeyColumns.of(new TableSchema(
            new TableId("shop", "order_lines"),
            List.of(new ColumnSchema("order_id", "int", "int(11)", 10, 0, false),
                    new ColumnSchema("line_no", "smallint", "smallint(5) unsigned", 5, 0, false)),
            List.of(0, 1)), Map.of()));

    @Test
    void mysqlRangeHasOneCastPlaceholderPerBound() {
        assertThat(SINGLE.mysql(new KeyRange(RowKey.of("3"), RowKey.of("6")))).isEqualTo(new SqlCondition(
                "`id` > CAST(? AS SIGNED) AND `id` <= CAST(? AS SIGNED)", List.of("3", "6")));
    }

    @Test
    void compositeRangeIsSpelledOutColumnByColumn() {
        assertThat(COMPOSITE.mysql(new KeyRange(RowKey.of("7", "2"), null))).isEqualTo(new SqlCondition(
                "(`order_id` > CAST(? AS SIGNED) OR (`order_id` = CAST(? AS SIGNED) AND `line_no` > CAST(? AS UNSIGNED)))",
                List.of("7", "7", "2")));
    }

    @Test
    void clickHouseRangeCarriesTypedLiterals() {
        assertThat(COMPOSITE.clickHouse(new KeyRange(null, RowKey.of("7", "2"))).sql()).isEqualTo(
                "(`order_id` < CAST('7' AS Int32) OR (`order_id` = CAST('7' AS Int32) AND `line_no` <= CAST('2' AS UInt16)))");
    }

    @Test
    void openRangeMatchesEveryRow() {
        assertThat(SINGLE.clickHouse(ALL_KEYS)).isEqualTo(new SqlCondition("1 = 1", List.of()));
    }

    @Test
    void keyLookupIsAnOrOfKeyEqualities() {
        assertThat(COMPOSITE.mysql(List.of(RowKey.of("1", "2"), RowKey.of("3", "4")))).isEqualTo(new SqlCondition(
                "(`order_id` = CAST(? AS SIGNED) AND `line_no` = CAST(? AS UNSIGNED)) "
                        + "OR (`order_id` = CAST(? AS SIGNED) AND `line_no` = CAST(? AS UNSIGNED))",
                List.of("1", "2", "3", "4")));
    }
}
