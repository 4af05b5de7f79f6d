package dev.chcdc.ops.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyColumnsTest {

    @Test
    void numbersOrderByValueNotByText() {
        KeyColumns keys = keys(column("id", "bigint", "bigint(20) unsigned"));

        assertThat(keys.compare(RowKey.of("9"), RowKey.of("10"))).isNegative();
        assertThat(keys.compare(RowKey.of("18446744073709551615"), RowKey.of("9223372036854775808"))).isPositive();
        assertThat(keys.compare(RowKey.of("-2.50"), RowKey.of("-2.5"))).isZero();
    }

    @Test
    void compositeKeysOrderColumnByColumn() {
        KeyColumns keys = keys(column("order_id", "int", "int(11)"), column("line_no", "smallint", "smallint(6)"));

        assertThat(keys.compare(RowKey.of("2", "1"), RowKey.of("10", "0"))).isNegative();
        assertThat(keys.compare(RowKey.of("2", "3"), RowKey.of("2", "10"))).isNegative();
    }

    @Test
    void textOrdersByCodePointAsClickHouseOrdersUtf8Bytes() {
        KeyColumns keys = KeyColumns.of(table(column("code", "varchar", "varchar(10)")), Map.of("code", "utf8mb4_bin"));

        // UTF-16 would put U+1F600 (a surrogate pair) before U+FFFD.
        assertThat(keys.compare(RowKey.of("\uD83D\uDE00"), RowKey.of("\uFFFD"))).isPositive();
        assertThat(keys.compare(RowKey.of("ab"), RowKey.of("abc"))).isNegative();
        assertThat(keys.compare(RowKey.of("B"), RowKey.of("a"))).isNegative();
    }

    @Test
    void caseInsensitiveCollationIsRefusedNamingColumnAndCollation() {
        TableSchema table = table(column("code", "varchar", "varchar(10)"));

        assertThatThrownBy(() -> KeyColumns.of(table, Map.of("code", "utf8mb4_general_ci")))
                .isInstanceOf(UnsupportedKeyException.class)
                .hasMessageStartingWith("shop.t: key column `code` has collation utf8mb4_general_ci");
    }

    @Test
    void enumTimeAndFloatKeysAreRefused() {
        for (ColumnSchema column : List.of(column("e", "enum", "enum('a','b')"), column("t", "time", "time"),
                column("f", "double", "double"))) {
            assertThatThrownBy(() -> keys(column))
                    .isInstanceOf(UnsupportedKeyException.class)
                    .hasMessageContaining("sorts differently in MySQL and ClickHouse");
        }
    }

    @Test
    void mysqlParametersConvertCanonicalTextBackToTheColumnType() {
        KeyColumns keys = keys(column("a", "int", "int(10) unsigned"), column("b", "decimal", "decimal(12,2)", 12, 2),
                column("c", "datetime", "datetime(3)", 3, -1), column("d", "varbinary", "varbinary(8)"));

        assertThat(List.of(keys.mysqlParameter(0), keys.mysqlParameter(1), keys.mysqlParameter(2), keys.mysqlParameter(3)))
                .containsExactly("CAST(? AS UNSIGNED)", "CAST(? AS DECIMAL(12, 2))", "CAST(? AS DATETIME(3))", "UNHEX(?)");
    }

    @Test
    void clickHouseLiteralsAreTypedAndEscaped() {
        KeyColumns keys = KeyColumns.of(table(column("a", "datetime", "datetime(6)", 6, -1),
                column("b", "varchar", "varchar(10)"), column("c", "binary", "binary(2)")), Map.of("b", "utf8mb4_bin"));

        assertThat(keys.clickHouseLiteral(0, "2024-02-29 23:59:59.000001"))
                .isEqualTo("CAST('2024-02-29 23:59:59.000001' AS DateTime64(6, 'UTC'))");
        assertThat(keys.clickHouseLiteral(1, "it's a \\")).isEqualTo("CAST('it\\'s a \\\\' AS String)");
        assertThat(keys.clickHouseLiteral(2, "00FF")).isEqualTo("unhex('00FF')");
    }

    private static KeyColumns keys(ColumnSchema... columns) {
        return KeyColumns.of(table(columns), Map.of());
    }

    private static TableSchema table(ColumnSchema... columns) {
        List<Integer> keys = java.util.stream.IntStream.range(0, columns.length).boxed().toList();
        return new TableSchema(new TableId("shop", "t"), List.of(columns), keys);
    }

    private static ColumnSchema column(String name, String dataType, String columnType) {
        return column(name, dataType, columnType, -1, -1);
    }

    private static ColumnSchema column(String name, String dataType, String columnType, int precision, int scale) {
        return new ColumnSchema(name, dataType, columnType, precision, scale, false);
    }
}
