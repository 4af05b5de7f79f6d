package dev.chcdc.testsupport;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * The tables the pipeline tests capture, with a random value generator for each column: {@code all_types}
 * holds every supported MySQL type at its edges, {@code order_lines} has a composite key and
 * {@code customers} a plain one. Values stay inside the ranges ClickHouse can hold (documented in README).
 */
public final class WorkloadTables {
    /** A column: its DDL and how to draw a random value (null allowed where the column is nullable). */
    public record Column(String name, String ddl, Function<Random, Object> generator) {}

    /** A table: name, key columns (numeric, so both databases order them alike), other columns. */
    public record Table(String name, List<Column> keyColumns, List<Column> columns) {
        public String createSql() {
            StringBuilder sql = new StringBuilder("CREATE TABLE `" + name + "` (");
            for (Column column : keyColumns) {
                sql.append('`').append(column.name()).append("` ").append(column.ddl()).append(" NOT NULL, ");
            }
            for (Column column : columns) {
                sql.append('`').append(column.name()).append("` ").append(column.ddl()).append(", ");
            }
            sql.append("PRIMARY KEY (");
            sql.append(String.join(", ", keyColumns.stream().map(column -> "`" + column.name() + "`").toList()));
            return sql.append(")) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE utf8mb4_bin").toString();
        }
    }

    private WorkloadTables() {}

    public static List<Table> all() {
        return List.of(allTypes(), orderLines(), customers());
    }

    static Table allTypes() {
        return new Table("all_types", List.of(new Column("id", "BIGINT", random -> null)), List.of(
                nullable("c_tinyint", "TINYINT", random -> edge(random, -128, 127)),
                nullable("c_tinyint_u", "TINYINT UNSIGNED", random -> edge(random, 0, 255)),
                nullable("c_smallint", "SMALLINT", random -> edge(random, -32768, 32767)),
                nullable("c_smallint_u", "SMALLINT UNSIGNED", random -> edge(random, 0, 65535)),
                nullable("c_mediumint", "MEDIUMINT", random -> edge(random, -8388608, 8388607)),
                nullable("c_mediumint_u", "MEDIUMINT UNSIGNED", random -> edge(random, 0, 16777215)),
                nullable("c_int", "INT", random -> edge(random, Integer.MIN_VALUE, Integer.MAX_VALUE)),
                nullable("c_int_u", "INT UNSIGNED", random -> edge(random, 0, 4294967295L)),
                nullable("c_bigint", "BIGINT", random -> edge(random, Long.MIN_VALUE, Long.MAX_VALUE)),
                nullable("c_bigint_u", "BIGINT UNSIGNED", random -> random.nextInt(4) == 0
                        ? new BigInteger("18446744073709551615") : new BigInteger(64, random)),
                nullable("c_decimal_max", "DECIMAL(65,30)", random -> new BigDecimal(new BigInteger(115, random), 30)
                        .multiply(BigDecimal.valueOf(random.nextBoolean() ? 1 : -1))),
                nullable("c_decimal", "DECIMAL(10,2)", random -> BigDecimal.valueOf(random.nextLong() % 10_000_000_000L, 2)),
                nullable("c_float", "FLOAT", random -> random.nextInt(1 << 20) / 64.0f - 1000f),
                nullable("c_double", "DOUBLE", random -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20)),
                nullable("c_bit1", "BIT(1)", random -> random.nextBoolean()),
                nullable("c_bit64", "BIT(64)", random -> new BigInteger(64, random)),
                nullable("c_date", "DATE", random -> LocalDate.of(1900, 1, 1).plusDays(random.nextInt(146_000))),
                nullable("c_datetime0", "DATETIME", random -> dateTime(random, 0)),
                nullable("c_datetime3", "DATETIME(3)", random -> dateTime(random, 3)),
                nullable("c_datetime6", "DATETIME(6)", random -> dateTime(random, 6)),
                nullable("c_timestamp0", "TIMESTAMP NULL", random -> timestamp(random, 0)),
                nullable("c_timestamp6", "TIMESTAMP(6) NULL", random -> timestamp(random, 6)),
                nullable("c_time0", "TIME", random -> time(random, 0)),
                nullable("c_time6", "TIME(6)", random -> time(random, 6)),
                nullable("c_year", "YEAR", random -> 1901 + random.nextInt(255)),
                nullable("c_char", "CHAR(10)", random -> text(random, 10).strip()),
                nullable("c_varchar", "VARCHAR(255)", random -> text(random, 60)),
                nullable("c_text", "TEXT", random -> text(random, 400)),
                nullable("c_binary", "BINARY(4)", random -> bytes(random, 4, true)),
                nullable("c_varbinary", "VARBINARY(16)", random -> bytes(random, 16, false)),
                nullable("c_blob", "BLOB", random -> bytes(random, 300, false)),
                nullable("c_enum", "ENUM('red','green','blue')", random -> List.of("red", "green", "blue").get(random.nextInt(3))),
                nullable("c_set", "SET('a','b','c')", random -> List.of("", "a", "b", "a,c", "a,b,c").get(random.nextInt(5))),
                nullable("c_json", "JSON", random -> "{\"n\": " + random.nextInt(1000) + ", \"s\": \"" + (char) ('a' + random.nextInt(26)) + "\"}")));
    }

    static Table orderLines() {
        return new Table("order_lines",
                List.of(new Column("order_id", "INT", random -> null), new Column("line_no", "SMALLINT", random -> null)),
                List.of(
                        new Column("sku", "VARCHAR(32) NOT NULL", random -> "SKU-" + random.nextInt(100_000)),
                        new Column("quantity", "INT NOT NULL", random -> random.nextInt(100)),
                        new Column("price", "DECIMAL(12,2) NOT NULL", random -> BigDecimal.valueOf(random.nextInt(10_000_000), 2)),
                        new Column("updated_at", "DATETIME(6) NOT NULL", random -> dateTime(random, 6))));
    }

    static Table customers() {
        return new Table("customers", List.of(new Column("id", "INT UNSIGNED", random -> null)), List.of(
                new Column("email", "VARCHAR(120) NOT NULL", random -> "user" + random.nextInt(1_000_000) + "@example.com"),
                nullable("name", "VARCHAR(80)", random -> text(random, 30)),
                new Column("country", "CHAR(2) NOT NULL", random -> List.of("US", "DE", "FR", "BR", "JP").get(random.nextInt(5))),
                new Column("created_at", "TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)", random -> timestamp(random, 3))));
    }

    private static Column nullable(String name, String ddl, Function<Random, Object> generator) {
        return new Column(name, ddl, random -> random.nextInt(10) == 0 ? null : generator.apply(random));
    }

    private static long edge(Random random, long min, long max) {
        return switch (random.nextInt(6)) {
            case 0 -> min;
            case 1 -> max;
            case 2 -> 0;
            default -> min + (long) (random.nextDouble() * ((double) max - (double) min));
        };
    }

    private static String dateTime(Random random, int precision) {
        LocalDateTime value = LocalDateTime.of(1900, 1, 1, 0, 0)
                .plusSeconds((long) (random.nextDouble() * 400L * 365 * 86400));
        if (value.getYear() > 2299) {
            value = value.withYear(2299);
        }
        return format(value.toString().replace('T', ' '), random, precision);
    }

    private static String timestamp(Random random, int precision) {
        LocalDateTime value = LocalDateTime.of(1970, 1, 2, 0, 0).plusSeconds((long) (random.nextDouble() * 2_140_000_000L));
        return format(value.toString().replace('T', ' '), random, precision);
    }

    private static String format(String isoSeconds, Random random, int precision) {
        String seconds = isoSeconds.length() == 16 ? isoSeconds + ":00" : isoSeconds;
        if (precision == 0) {
            return seconds;
        }
        StringBuilder fraction = new StringBuilder(".");
        for (int i = 0; i < precision; i++) {
            fraction.append(random.nextInt(10));
        }
        return seconds + fraction;
    }

    /**
     * TIME values over MySQL's whole range, -838:59:59 to 838:59:59, half of them negative; a quarter are under an
     * hour, where a negative value's hours read as 0.
     */
    private static String time(Random random, int precision) {
        long max = 838 * 3600 + 59 * 60 + 59;
        long seconds = switch (random.nextInt(4)) {
            case 0 -> max;
            case 1 -> random.nextInt(3600);
            default -> random.nextInt((int) max);
        };
        String text = (random.nextBoolean() ? "-" : "")
                + String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
        if (precision == 0 || seconds == max) {
            return text;
        }
        return text + "." + String.format("%06d", random.nextInt(1_000_000));
    }

    private static final String ALPHABET = "abcxyzABCXYZ019 _-'\"\\\t\néüß中文😀🚀";

    private static String text(Random random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder();
        int[] codePoints = ALPHABET.codePoints().toArray();
        while (text.codePointCount(0, text.length()) < length) {
            text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return text.toString();
    }

    private static byte[] bytes(Random random, int maxLength, boolean exact) {
        byte[] bytes = new byte[exact ? maxLength : random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        if (bytes.length > 0) {
            bytes[0] = 0; // a NUL byte must survive
        }
        return bytes;
    }
}
