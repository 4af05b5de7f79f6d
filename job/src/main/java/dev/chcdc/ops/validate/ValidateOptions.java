package dev.chcdc.ops.validate;

import dev.chcdc.event.TableId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.TimeUtils;

/**
 * The validate command's options. Connection settings and passwords come from the job's own configuration file
 * ({@code --config}); the options only say what to compare and how hard to read.
 *
 * @param tables the tables to compare, {@code <database>.<table>}; empty for every table the job captures
 * @param recheckDelay how long to wait before rechecking differing keys; null for twice
 *     {@code clickhouse.flush-interval}
 */
public record ValidateOptions(Path config, List<TableId> tables, int chunkSize, int maxDifferences, boolean recheck,
        Duration recheckDelay, Duration statementTimeout, boolean help) {

    public static final int DEFAULT_CHUNK_SIZE = 10_000;
    public static final int DEFAULT_MAX_DIFFERENCES = 20;
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);

    public static final String USAGE = """
            usage: validate --config <job.properties> [options]

            Compares the MySQL tables the job captures with their ClickHouse views, by row count and checksum per
            primary-key range, and lists the keys that differ. Exit status: 0 no drift, 1 drift, 2 error.

              --config FILE             the job's configuration file (passwords via its *-env / *-file keys)
              --tables DB.T[,DB.T...]   tables to compare (default: every table the job captures)
              --chunk-size N            MySQL keys per range and rows per read (default %d)
              --max-differences N       differing keys listed per table (default %d)
              --no-recheck              report differences as found, without rechecking them
              --recheck-delay DURATION  wait before rechecking differing keys (default: 2 x clickhouse.flush-interval)
              --statement-timeout DURATION
                                        server-side limit for each query on both sides (default %d s)
              --help                    this text
            """.formatted(DEFAULT_CHUNK_SIZE, DEFAULT_MAX_DIFFERENCES, DEFAULT_STATEMENT_TIMEOUT.toSeconds());

    public ValidateOptions {
        tables = List.copyOf(tables);
    }

    /** @throws IllegalArgumentException with a message for the user, on any unknown, missing or bad option */
    public static ValidateOptions parse(String[] args) {
        Path config = null;
        List<TableId> tables = List.of();
        int chunkSize = DEFAULT_CHUNK_SIZE;
        int maxDifferences = DEFAULT_MAX_DIFFERENCES;
        boolean recheck = true;
        Duration recheckDelay = null;
        Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--help" -> {
                    return new ValidateOptions(null, List.of(), chunkSize, maxDifferences, recheck, null,
                            statementTimeout, true);
                }
                case "--no-recheck" -> recheck = false;
                case "--recheck" -> recheck = true;
                case "--config" -> config = Path.of(value(args, ++i, option));
                case "--tables" -> tables = tables(value(args, ++i, option));
                case "--chunk-size" -> chunkSize = positive(value(args, ++i, option), option);
                case "--max-differences" -> maxDifferences = nonNegative(value(args, ++i, option), option);
                case "--recheck-delay" -> recheckDelay = duration(value(args, ++i, option), option);
                case "--statement-timeout" -> statementTimeout = duration(value(args, ++i, option), option);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        if (config == null) {
            throw new IllegalArgumentException("--config is required: the job's configuration file");
        }
        if (statementTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("--statement-timeout must be at least 1 s");
        }
        return new ValidateOptions(config, tables, chunkSize, maxDifferences, recheck, recheckDelay, statementTimeout,
                false);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static List<TableId> tables(String value) {
        List<TableId> tables = new ArrayList<>();
        for (String name : value.split(",")) {
            if (!name.isBlank()) {
                tables.add(TableId.parse(name.strip()));
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("--tables needs at least one <database>.<table>");
        }
        return tables;
    }

    private static int positive(String value, String option) {
        int number = integer(value, option);
        if (number < 1) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
        return number;
    }

    private static int nonNegative(String value, String option) {
        int number = integer(value, option);
        if (number < 0) {
            throw new IllegalArgumentException(option + " must not be negative, got " + value);
        }
        return number;
    }

    private static int integer(String value, String option) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + value + "'");
        }
    }

    private static Duration duration(String value, String option) {
        try {
            return TimeUtils.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " needs a duration such as 10s or 500ms, got '" + value + "'");
        }
    }
}
