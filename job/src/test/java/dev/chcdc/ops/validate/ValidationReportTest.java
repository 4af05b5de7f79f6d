package dev.chcdc.ops.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.ops.validate.RowDifference.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationReportTest {
    private static final TableResult OK = TableResult.compared("shop.users", List.of("id"),
            new TableScan(1200, 1200, List.of(), 0), 20);
    private static final TableResult DRIFT = TableResult.compared("shop.order_lines", List.of("order_id", "line_no"),
            new TableScan(5000, 4999, List.of(
                    new RowDifference(RowKey.of("12", "2"), Kind.MISSING),
                    new RowDifference(RowKey.of("40", "1"), Kind.CHANGED),
                    new RowDifference(RowKey.of("77", "3"), Kind.EXTRA)), 4), 2);
    private static final TableResult ERROR = TableResult.failed("shop.tags", "shop.tags: key column `name` has "
            + "collation utf8mb4_general_ci");

    @Test
    void saturatedDatesAreReportedApartFromDriftAndLeaveTheTableOk() {
        TableResult saturated = TableResult.compared("shop.contracts", List.of("id"),
                new TableScan(10, 10, List.of(), 0), 20, new java.util.LinkedHashMap<>(java.util.Map.of("valid_to", 7L)));

        assertThat(saturated.status()).isEqualTo(TableResult.Status.OK);
        assertThat(print(List.of(saturated))).contains("    saturated valid_to=7 (dates outside ClickHouse's "
                + "1900..2299, held as the nearest end: not drift)");
    }

    @Test
    void reportHasALinePerTableItsFirstDifferingKeysAndASummary() {
        assertThat(print(List.of(OK, DRIFT, ERROR))).isEqualTo("""
                table             status    mysql_rows   clickhouse_rows   differing_keys
                shop.users        OK              1200              1200                0
                shop.order_lines  DRIFT           5000              4999                7
                    missing order_id=12, line_no=2
                    changed order_id=40, line_no=1
                    ... 5 more
                shop.tags         ERROR              -                 -                -
                    error: shop.tags: key column `name` has collation utf8mb4_general_ci
                3 tables: 1 OK, 1 DRIFT, 1 ERROR
                """);
    }

    @Test
    void exitStatusIsZeroWithoutDriftOneWithDriftTwoWithAnError() {
        assertThat(ValidationReport.exitStatus(List.of(OK))).isEqualTo(0);
        assertThat(ValidationReport.exitStatus(List.of(OK, DRIFT))).isEqualTo(1);
        assertThat(ValidationReport.exitStatus(List.of(DRIFT, ERROR))).isEqualTo(2);
    }

    private static String print(List<TableResult> results) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ValidationReport.print(results, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
