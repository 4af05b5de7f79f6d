package dev.chcdc.clickhouse.encoding;

/**
 * A value its ClickHouse column cannot hold, in a column whose out-of-range policy is {@code fail}: the writer lets
 * it fail the job instead of dead-lettering the change.
 */
public final class OutOfRangeFailException extends RuntimeException {
    OutOfRangeFailException(ValueOutOfRangeException refused) {
        super(refused.getMessage() + " (clickhouse.out-of-range is fail for this column: set it to saturate or "
                + "dead-letter for the column, clickhouse.out-of-range." + refused.table() + "." + refused.column()
                + ", to go on)", refused);
    }
}
