package dev.chcdc.deadletter;

import dev.chcdc.event.SourcePosition;
import dev.chcdc.event.TableId;
import dev.chcdc.ops.ValueFreeText;
import java.util.List;

/**
 * A change the sink could not write, and why. {@code key} and {@code value} are the change as the tee writes
 * it (Debezium JSON), so a dead letter can be re-driven through replay mode like any tee record. The row is in the
 * record's key and value by design; the error message, a header, names no value ({@link ValueFreeText}).
 */
public record DeadLetter(
        TableId table,
        byte[] key,
        byte[] value,
        List<String> omittedColumns,
        long version,
        SourcePosition source,
        String errorClass,
        String errorMessage,
        int attempts) {

    public DeadLetter {
        omittedColumns = List.copyOf(omittedColumns);
    }

    /** {@code omittedColumns}: the columns {@code value} leaves out to stay within the record size limit. */
    public static DeadLetter of(TableId table, byte[] key, byte[] value, List<String> omittedColumns, long version,
            SourcePosition source, Throwable error, int attempts) {
        return new DeadLetter(table, key, value, omittedColumns, version, source, error.getClass().getName(),
                ValueFreeText.of(error), attempts);
    }
}
