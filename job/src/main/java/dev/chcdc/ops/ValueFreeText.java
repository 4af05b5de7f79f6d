package dev.chcdc.ops;

import com.fasterxml.jackson.core.JacksonException;
import java.time.format.DateTimeParseException;

/**
 * An exception's message as it may reach logs, dead-letter headers and Flink's exception history: without row
 * values. The job's own messages name tables, columns, keys' column names and positions only; the JDK's and
 * libraries' parse errors quote their input ({@code For input string: "…"}, {@code Text '…' could not be parsed},
 * Jackson's {@code Unrecognized token '…'}), so for those only the type is kept.
 */
public final class ValueFreeText {
    private ValueFreeText() {}

    public static String of(Throwable error) {
        if (quotesInput(error)) {
            return error.getClass().getSimpleName() + " (its message is left out: it quotes the value)";
        }
        return String.valueOf(error.getMessage());
    }

    /** Whether {@code error}'s message may quote the text it failed on. */
    public static boolean quotesInput(Throwable error) {
        return error instanceof NumberFormatException
                || error instanceof DateTimeParseException
                || error instanceof JacksonException
                || error instanceof IllegalArgumentException && error.getCause() != null && quotesInput(error.getCause());
    }
}
