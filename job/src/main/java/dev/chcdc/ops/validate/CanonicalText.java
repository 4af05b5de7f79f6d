package dev.chcdc.ops.validate;

import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.clickhouse.schema.ClickHouseType;
import dev.chcdc.clickhouse.schema.MySqlTypeMapping;
import dev.chcdc.clickhouse.schema.TableDdl;
import dev.chcdc.event.ColumnSchema;
import dev.chcdc.event.MySqlType;
import dev.chcdc.event.TableSchema;
import dev.chcdc.source.MySqlIdentifier;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * SQL expressions that render a MySQL column and its ClickHouse copy as the same canonical text, byte for byte, so
 * that both engines can hash whole rows and the hashes are equal exactly when the values are. Canonical forms:
 * integers, YEAR and BIT in decimal; DECIMAL with all its scale digits; DATE/DATETIME/TIMESTAMP as
 * {@code YYYY-MM-DD[ hh:mm:ss[.f]]} in UTC with the column's fraction digits (zero months and days as 01 and values
 * saturated into ClickHouse's range, as the pipeline writes them by default); TIME as MySQL prints it; text, ENUM, SET and JSON as UTF-8; binary strings in upper-case
 * hex; FLOAT and DOUBLE as {@code [-]<digits>e<exponent>} meaning {@code 0.<digits> × 10^exponent}.
 *
 * <p>Floats need the most care. Both engines print a DOUBLE's shortest round-trip digits but lay them out
 * differently ({@code 1e20} against {@code 100000000000000000000}), so both texts are taken apart into digits and
 * exponent. A FLOAT is printed by MySQL with 6 significant digits (FLT_DIG), correctly rounded, half to even;
 * ClickHouse holds either the exact float (binlog) or the float nearest to that 6-digit text (snapshot), so its
 * side rounds the shortest digits of the value to 6 digits, half to even, on the digit string (ClickHouse's
 * {@code roundBankers} on floats goes wrong for very large and very small values).
 *
 * <p>A row's hash is the first 64 bits (big-endian) of the MD5 of its values joined by commas, each value written
 * as {@code <byte length>:<text>} or {@code N} for NULL, so no value can shift into its neighbour. Both engines
 * compute MD5 over the same UTF-8 bytes.
 */
public final class CanonicalText {
    /** One value in a row's hashed text, in functions both engines spell alike (LENGTH counts bytes in both). */
    private static final String VALUE = "IFNULL(CONCAT(LENGTH(%1$s), ':', %1$s), 'N')";

    private CanonicalText() {}

    /** The MySQL expression giving {@code column}'s canonical text (NULL for NULL); needs session time zone UTC. */
    public static String mysql(ColumnSchema column) {
        return mysql(column, MySqlTypeMapping.toClickHouse(column));
    }

    /** As {@link #mysql(ColumnSchema)} for a copy of type {@code clickHouse} (a date kept as text compares as text). */
    public static String mysql(ColumnSchema column, ClickHouseType clickHouse) {
        String name = MySqlIdentifier.quote(column.name());
        return switch (column.type()) {
            // + 0 drops ZEROFILL's leading zeros, which CAST(... AS CHAR) keeps.
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT, DECIMAL -> "CAST(" + name + " + 0 AS CHAR)";
            case TIME -> "CAST(" + name + " AS CHAR)";
            case FLOAT, DOUBLE ->
                    "IF(" + name + " = 0, '0', " + Number.of("CAST(" + name + " AS CHAR)", MYSQL_INTEGER).text() + ")";
            case BIT, YEAR -> "CAST(" + name + " + 0 AS CHAR)";
            case DATE, DATETIME, TIMESTAMP -> mysqlDate(name, column, isText(clickHouse));
            case JSON -> "CAST(" + name + " AS CHAR)";
            case TEXT, ENUM, SET -> "CONVERT(" + name + " USING utf8mb4)";
            // HEX of a spatial value is MySQL's own bytes, SRID first, as the pipeline writes them.
            case BINARY, SPATIAL -> "HEX(" + name + ")";
        };
    }

    /**
     * A DATE/DATETIME/TIMESTAMP as the pipeline writes it under the default rules: a zero month or day as 01
     * ({@code MySqlZeroDates}), then saturated into ClickHouse's 1900-01-01 .. 2299-12-31. The texts have fixed
     * widths, so comparing them as strings compares the values.
     */
    private static String mysqlDate(String name, ColumnSchema column, boolean asText) {
        String calendar = calendarText(name);
        if (asText) {
            return calendar;
        }
        String[] range = clickHouseRange(column);
        return "IF(" + calendar + " < '" + range[0] + "', '" + range[0] + "', IF(" + calendar + " > '" + range[1]
                + "', '" + range[1] + "', " + calendar + "))";
    }

    /**
     * The MySQL condition (1, 0 or NULL) that {@code column}'s value lies outside ClickHouse's date range, so the
     * pipeline writes it saturated: {@code validate} counts these apart from drift.
     */
    public static String mysqlOutsideClickHouseRange(ColumnSchema column) {
        String calendar = calendarText(MySqlIdentifier.quote(column.name()));
        String[] range = clickHouseRange(column);
        return "(" + calendar + " < '" + range[0] + "' OR " + calendar + " > '" + range[1] + "')";
    }

    /** MySQL's text of a date with a zero month or day read as 01 ({@code MySqlZeroDates}). */
    private static String calendarText(String name) {
        String text = "CAST(" + name + " AS CHAR)";
        String month = "SUBSTRING(" + text + ", 6, 2)";
        String day = "SUBSTRING(" + text + ", 9, 2)";
        return "CONCAT(LEFT(" + text + ", 5), IF(" + month + " = '00', '01', " + month + "), '-', IF("
                + day + " = '00', '01', " + day + "), SUBSTRING(" + text + ", 11))";
    }

    /** ClickHouse's first and last value as MySQL prints {@code column}'s values. */
    private static String[] clickHouseRange(ColumnSchema column) {
        String first = "1900-01-01";
        String last = "2299-12-31";
        if (column.type() != MySqlType.DATE) {
            int digits = Math.max(column.precision(), 0);
            first += " 00:00:00" + (digits == 0 ? "" : "." + "0".repeat(digits));
            last += " 23:59:59" + (digits == 0 ? "" : "." + "9".repeat(digits));
        }
        return new String[] {first, last};
    }

    /** The ClickHouse expression giving the canonical text of {@code column}'s copy (see {@code MySqlTypeMapping}). */
    public static String clickHouse(ColumnSchema column) {
        String name = TableDdl.quote(column.name());
        return switch (column.type()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT, YEAR, DATE, DATETIME, TIMESTAMP, TIME, TEXT, ENUM, SET,
                    JSON -> "toString(" + name + ")";
            case DECIMAL -> "toDecimalString(" + name + ", " + column.scale() + ")";
            case FLOAT -> "if(" + name + " = 0, '0', " + clickHouseSixDigits("toString(toFloat64(" + name + "))") + ")";
            case DOUBLE ->
                    "if(" + name + " = 0, '0', " + Number.of("toString(" + name + ")", CLICKHOUSE_INTEGER).text() + ")";
            // BIT(1) is a Bool, printed as true/false.
            case BIT -> column.precision() == 1 ? "toString(toUInt8(" + name + "))" : "toString(" + name + ")";
            case BINARY, SPATIAL -> "hex(" + name + ")";
        };
    }

    /** The MySQL expression for the 64-bit hash of a row of {@code table} (BIGINT UNSIGNED). */
    public static String mysqlRowHash(TableSchema table) {
        return mysqlRowHash(ClickHouseTable.from(table, table.table().database()));
    }

    /** The MySQL expression for the 64-bit hash of a row of {@code target}'s source (BIGINT UNSIGNED). */
    public static String mysqlRowHash(ClickHouseTable target) {
        List<ColumnSchema> columns = target.source().columns();
        String values = IntStream.range(0, columns.size())
                .mapToObj(i -> VALUE.formatted(mysql(columns.get(i), target.columns().get(i).type())))
                .collect(Collectors.joining(", "));
        return "CAST(CONV(LEFT(MD5(CONCAT_WS(',', " + values + ")), 16), 16, 10) AS UNSIGNED)";
    }

    /** The ClickHouse expression for the 64-bit hash of a row of {@code table}'s copy (UInt64). */
    public static String clickHouseRowHash(TableSchema table) {
        String values = table.columns().stream()
                .map(column -> VALUE.formatted(clickHouse(column)))
                .collect(Collectors.joining(", "));
        // halfMD5 of one string is the first 8 bytes of its MD5, read big-endian, as MySQL's CONV(LEFT(MD5(..), 16)).
        return "halfMD5(concatWithSeparator(',', " + values + "))";
    }

    /** Whether a copy of this type holds its values as text (a String). */
    static boolean isText(ClickHouseType type) {
        ClickHouseType inner = type instanceof ClickHouseType.Nullable nullable ? nullable.inner() : type;
        return inner == ClickHouseType.Scalar.STRING;
    }


    /**
     * ClickHouse: the FLOAT value's text rounded to 6 significant digits, half to even, as MySQL prints a FLOAT.
     * Rounding the shortest float64 digits is exact here: a float32 lies too far from every 7-digit tie it does not
     * equal for its shortest digits to end in one.
     */
    private static String clickHouseSixDigits(String text) {
        Number number = Number.of(text, CLICKHOUSE_INTEGER);
        String digits = number.digits();
        String head = "toUInt32OrZero(substring(" + digits + ", 1, 6))";
        String rest = "substring(" + digits + ", 7)";
        String rounded = head + " + toUInt32(" + rest + " > '5' OR (" + rest + " = '5' AND " + head + " % 2 = 1))";
        return "if(length(" + digits + ") <= 6, " + number.text()
                + ", if(" + rounded + " = 1000000, concat(" + number.sign() + ", '1e', " + number.exponent() + " + 1), "
                + "concat(" + number.sign() + ", trim(TRAILING '0' FROM toString(" + rounded + ")), 'e', "
                + number.exponent() + ")))";
    }

    private static final UnaryOperator<String> MYSQL_INTEGER = text -> "CAST(" + text + " AS SIGNED)";
    // OrZero: ClickHouse may evaluate both branches of IF, also for texts without an exponent.
    private static final UnaryOperator<String> CLICKHOUSE_INTEGER = text -> "toInt64OrZero(" + text + ")";

    /**
     * A non-zero number's text ({@code -0.000015}, {@code 1.5e-5}, {@code 100000}) taken apart: sign ({@code '-'} or
     * {@code ''}), significant digits without leading or trailing zeros, and the exponent E with value =
     * 0.digits × 10^E. Each part is an SQL expression in the functions both engines spell alike; only the
     * text-to-integer conversion differs.
     */
    private record Number(String sign, String digits, String exponent) {
        static Number of(String text, UnaryOperator<String> toInteger) {
            String negative = "LEFT(" + text + ", 1) = '-'";
            String magnitude = "IF(" + negative + ", SUBSTRING(" + text + ", 2), " + text + ")";
            String mantissa = "SUBSTRING_INDEX(" + magnitude + ", 'e', 1)";
            String power = "IF(LOCATE('e', " + magnitude + ") > 0, "
                    + toInteger.apply("SUBSTRING_INDEX(" + magnitude + ", 'e', -1)") + ", 0)";
            String integerPart = "SUBSTRING_INDEX(" + mantissa + ", '.', 1)";
            String fraction = "IF(LOCATE('.', " + mantissa + ") > 0, SUBSTRING_INDEX(" + mantissa + ", '.', -1), '')";
            String allDigits = "CONCAT(" + integerPart + ", " + fraction + ")";
            String significant = "TRIM(LEADING '0' FROM " + allDigits + ")";
            String leadingZeros = "(LENGTH(" + allDigits + ") - LENGTH(" + significant + "))";
            return new Number("IF(" + negative + ", '-', '')", "TRIM(TRAILING '0' FROM " + significant + ")",
                    "(" + power + " + LENGTH(" + integerPart + ") - " + leadingZeros + ")");
        }

        /** {@code <sign><digits>e<exponent>}. */
        String text() {
            return "CONCAT(" + sign + ", " + digits + ", 'e', " + exponent + ")";
        }
    }
}
