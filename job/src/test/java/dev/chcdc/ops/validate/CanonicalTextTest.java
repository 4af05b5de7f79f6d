package dev.chcdc.ops.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The canonical expressions per type; that both engines agree on them is ValidateCommandIT's job. */
class CanonicalTextTest {

    @Test
    void decimalKeepsItsScaleOnBothSides() {
        ColumnSchema price = column("price", "decimal", "decimal(12,2)", 12, 2);

        assertThat(CanonicalText.mysql(price)).isEqualTo("CAST(`price` + 0 AS CHAR)");
        assertThat(CanonicalText.clickHouse(price)).isEqualTo("toDecimalString(`price`, 2)");
    }

    @Test
    void bitOneIsADigitOnBothSides() {
        ColumnSchema flag = column("flag", "bit", "bit(1)", 1, -1);

        assertThat(CanonicalText.mysql(flag)).isEqualTo("CAST(`flag` + 0 AS CHAR)");
        assertThat(CanonicalText.clickHouse(flag)).isEqualTo("toString(toUInt8(`flag`))");
    }

    @Test
    void binaryIsUpperCaseHexOnBothSides() {
        ColumnSchema data = column("data", "varbinary", "varbinary(16)", -1, -1);

        assertThat(CanonicalText.mysql(data)).isEqualTo("HEX(`data`)");
        assertThat(CanonicalText.clickHouse(data)).isEqualTo("hex(`data`)");
    }

    @Test
    void mysqlDatesAreSaturatedIntoClickHouseRangeAtTheColumnsPrecisionAsThePipelineWritesThem() {
        assertThat(CanonicalText.mysql(column("at", "datetime", "datetime(3)", 3, -1)))
                .contains("< '1900-01-01 00:00:00.000', '1900-01-01 00:00:00.000'")
                .contains("> '2299-12-31 23:59:59.999', '2299-12-31 23:59:59.999'");
        assertThat(CanonicalText.mysql(column("day", "date", "date", -1, -1)))
                .contains("< '1900-01-01', '1900-01-01'")
                .contains("> '2299-12-31', '2299-12-31'");
    }

    @Test
    void textIsUtf8OnTheMySqlSide() {
        assertThat(CanonicalText.mysql(column("name", "varchar", "varchar(20)", -1, -1)))
                .isEqualTo("CONVERT(`name` USING utf8mb4)");
    }

    @Test
    void rowHashIsHalfMd5OfLengthPrefixedValues() {
        TableSchema table = new TableSchema(new TableId("shop", "t"),
                List.of(column("id", "int", "int(11)", 10, 0), column("name", "varchar", "varchar(20)", -1, -1)),
                List.of(0));

        assertThat(CanonicalText.mysqlRowHash(table)).isEqualTo("CAST(CONV(LEFT(MD5(CONCAT_WS(',', "
                + "IFNULL(CONCAT(LENGTH(CAST(`id` + 0 AS CHAR)), ':', CAST(`id` + 0 AS CHAR)), 'N'), "
                + "IFNULL(CONCAT(LENGTH(CONVERT(`name` USING utf8mb4)), ':', CONVERT(`name` USING utf8mb4)), 'N'))), "
                + "16), 16, 10) AS UNSIGNED)");
        assertThat(CanonicalText.clickHouseRowHash(table)).isEqualTo("halfMD5(concatWithSeparator(',', "
                + "IFNULL(CONCAT(LENGTH(toString(`id`)), ':', toString(`id`)), 'N'), "
                + "IFNULL(CONCAT(LENGTH(toString(`name`)), ':', toString(`name`)), 'N')))");
    }

    @Test
    void spatialValuesAreMySqlsBytesInHexOnBothSides() {
        ColumnSchema shape = column("shape", "geometry", "geometry", -1, -1);

        assertThat(CanonicalText.mysql(shape)).isEqualTo("HEX(`shape`)");
        assertThat(CanonicalText.clickHouse(shape)).isEqualTo("hex(`shape`)");
    }

    private static ColumnSchema column(String name, String dataType, String columnType, int precision, int scale) {
        return new ColumnSchema(name, dataType, columnType, precision, scale, true);
    }
}
