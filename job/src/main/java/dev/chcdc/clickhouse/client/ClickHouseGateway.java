package dev.chcdc.clickhouse.client;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.data.ClickHouseFormat;
import dev.chcdc.clickhouse.schema.TableDdl;
import dev.chcdc.config.ClickHouseConfig;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The only class that talks to ClickHouse (HTTP, client-v2): DDL, version checks and RowBinary inserts with a
 * deduplication token. Errors come out as {@link ClickHouseWriteException}, already sorted into transient and
 * permanent by {@link ClickHouseFailure}.
 */
public final class ClickHouseGateway implements RowBinaryInserts {
    private static final long INSERT_TIMEOUT_MINUTES = 10;

    private final Client client;
    private final String url;

    public ClickHouseGateway(ClickHouseConfig config) {
        this.url = config.url();
        Client.Builder builder = new Client.Builder()
                .addEndpoint(config.url())
                .setUsername(config.username())
                .setPassword(config.password().value())
                .setConnectTimeout(10, ChronoUnit.SECONDS)
                .setSocketTimeout(INSERT_TIMEOUT_MINUTES, ChronoUnit.MINUTES)
                .compressClientRequest(true)
                // Retries are ours (ClickHouseCommitter), so they back off and never give up.
                .setMaxRetries(0);
        if (config.sslCa() != null) {
            // The PEM text itself, so the file need not exist on the TaskManagers; the client's default SSL mode
            // (strict) checks the chain and the host name.
            builder.setRootCertificate(config.sslCa().pem());
        }
        this.client = builder.build();
    }

    /** Runs a statement (DDL). */
    public void execute(String sql) {
        try {
            client.execute(sql).get(INSERT_TIMEOUT_MINUTES, TimeUnit.MINUTES).close();
        } catch (Exception e) {
            throw ClickHouseFailure.wrap("`" + abbreviate(sql) + "` on " + url, e);
        }
    }

    /** Runs a query and returns its rows. */
    public List<GenericRecord> query(String sql) {
        try {
            return client.queryAll(sql);
        } catch (Exception e) {
            throw ClickHouseFailure.wrap("`" + abbreviate(sql) + "` on " + url, e);
        }
    }

    /** The server's version string, e.g. {@code 26.7.2.1}. */
    public String serverVersion() {
        return query("SELECT version()").get(0).getString(1);
    }

    /**
     * Inserts rows in RowBinaryWithNamesAndTypes: {@code header}, then {@code rows[from, to)}. ClickHouse drops
     * the insert if the table has seen {@code deduplicationToken} within its
     * {@code non_replicated_deduplication_window}, which makes a re-commit after a restore harmless.
     */
    @Override
    public void insertRowBinary(String database, String table, byte[] header, byte[] rows, int from, int to,
            String deduplicationToken) {
        InsertSettings settings = new InsertSettings()
                .setDatabase(database)
                // Our batches are already large; an asynchronous insert would skip token deduplication
                // (async_insert_deduplicate is off by default) and acknowledge before the data is in a part.
                .serverSetting("async_insert", "0")
                // A column dropped under the job must refuse the batch, not silently lose that column's values.
                .serverSetting("input_format_skip_unknown_fields", "0");
        if (deduplicationToken != null) {
            settings.setDeduplicationToken(deduplicationToken);
        }
        try {
            InputStream body = new SequenceInputStream(
                    new ByteArrayInputStream(header), new ByteArrayInputStream(rows, from, to - from));
            client.insert(TableDdl.quote(table), body, ClickHouseFormat.RowBinaryWithNamesAndTypes, settings)
                    .get(INSERT_TIMEOUT_MINUTES, TimeUnit.MINUTES)
                    .close();
        } catch (ExecutionException e) {
            throw ClickHouseFailure.wrap("insert into " + database + "." + table, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClickHouseFailure.wrap("insert into " + database + "." + table, e);
        } catch (Exception e) {
            throw ClickHouseFailure.wrap("insert into " + database + "." + table, e);
        }
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 200 ? sql : sql.substring(0, 200) + "...";
    }

    @Override
    public void close() {
        client.close();
    }
}
