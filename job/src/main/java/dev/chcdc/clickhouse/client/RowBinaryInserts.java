package dev.chcdc.clickhouse.client;

/**
 * The one thing the sink's committer needs of ClickHouse: an insert in RowBinaryWithNamesAndTypes that
 * ClickHouse drops when the table has seen its deduplication token. {@link ClickHouseGateway} is the real one;
 * tests of the commit protocol put a fake here.
 */
public interface RowBinaryInserts extends AutoCloseable {
    /**
     * Inserts {@code header} followed by {@code rows[from, to)} into {@code database.table}; {@code
     * deduplicationToken} null inserts without one. Fails with a classified {@link ClickHouseWriteException}.
     */
    void insertRowBinary(String database, String table, byte[] header, byte[] rows, int from, int to,
            String deduplicationToken);

    @Override
    void close();
}
