package dev.chcdc.ops.validate;

import dev.chcdc.ops.validate.TableResult.Status;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The validate command's output: a table of results, one line per table with its first differing keys (or its
 * error) beneath, and a summary line. Plain text for people and for {@code grep}/{@code awk}.
 */
public final class ValidationReport {
    private static final String ROW = "%-{w}s  %-6s  %12s  %16s  %15s";
    private static final String INDENT = "    ";

    private ValidationReport() {}

    public static void print(List<TableResult> results, PrintStream out) {
        int width = "table".length();
        for (TableResult result : results) {
            width = Math.max(width, result.table().length());
        }
        String row = ROW.replace("{w}", Integer.toString(width));
        out.println(String.format(row, "table", "status", "mysql_rows", "clickhouse_rows", "differing_keys"));
        for (TableResult result : results) {
            if (result.status() == Status.ERROR) {
                out.println(String.format(row, result.table(), result.status(), "-", "-", "-"));
                out.println(INDENT + "error: " + result.error().replace("\n", "\n" + INDENT + "       "));
                continue;
            }
            out.println(String.format(row, result.table(), result.status(), result.mysqlRows(), result.clickHouseRows(),
                    result.differingKeys()));
            for (RowDifference difference : result.firstDifferences()) {
                out.println(INDENT + String.format("%-8s", difference.kind().label())
                        + difference.key().describe(result.keyColumns()));
            }
            long more = result.differingKeys() - result.firstDifferences().size();
            if (more > 0) {
                out.println(INDENT + "... " + more + " more");
            }
            if (!result.saturatedValues().isEmpty()) {
                out.println(INDENT + "saturated " + result.saturatedValues().entrySet().stream()
                        .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", "))
                        + " (dates outside ClickHouse's 1900..2299, held as the nearest end: not drift)");
            }
        }
        out.println(results.size() + " tables: " + count(results, Status.OK) + " OK, " + count(results, Status.DRIFT)
                + " DRIFT, " + count(results, Status.ERROR) + " ERROR");
    }

    /** 2 if any table could not be compared, else 1 if any drifted, else 0. */
    public static int exitStatus(List<TableResult> results) {
        if (count(results, Status.ERROR) > 0) {
            return ValidateCommand.EXIT_ERROR;
        }
        return count(results, Status.DRIFT) > 0 ? ValidateCommand.EXIT_DRIFT : ValidateCommand.EXIT_OK;
    }

    private static long count(List<TableResult> results, Status status) {
        return results.stream().filter(result -> result.status() == status).count();
    }
}
