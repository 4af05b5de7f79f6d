package dev.chcdc.ops.validate;

import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.query.GenericRecord;
import dev.chcdc.clickhouse.client.ClickHouseGateway;
import dev.chcdc.clickhouse.client.ClickHouseWriteException;
import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.clickhouse.schema.TableDdl;
import dev.chcdc.event.TableSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ClickHouse copy of a table as readers see it: its view, which shows the latest live version of each key
 * ({@code FINAL}, {@code is_deleted = 0}). Key conditions reach the raw table's primary-key index through the
 * view, so each query reads only the granules of its key range.
 */
public final class ClickHouseTableSide implements TableSide {
    private static final int MAX_REASON = 300;

    private final ClickHouseGateway gateway;
    private final TableSchema schema;
    private final KeyConditions conditions;
    private final String view;
    private final String keyTexts;
    private final String rowHash;
    private final String settings;

    public ClickHouseTableSide(ClickHouseGateway gateway, ClickHouseTable target, KeyColumns keys,
            Duration statementTimeout) {
        this.gateway = gateway;
        this.schema = target.source();
        this.conditions = new KeyConditions(keys);
        this.view = TableDdl.quote(target.database()) + "." + TableDdl.quote(target.view());
        List<String> texts = new ArrayList<>();
        for (int position : schema.keyColumns()) {
            texts.add(CanonicalText.clickHouse(schema.columns().get(position)));
        }
        this.keyTexts = String.join(", ", texts);
        this.rowHash = CanonicalText.clickHouseRowHash(schema);
        this.settings = " SETTINGS max_execution_time = " + Math.max(1, statementTimeout.toSeconds());
    }

    @Override
    public RangeChecksum checksum(KeyRange range) {
        GenericRecord row = query("SELECT toString(count()), toString(sum(" + rowHash + ")) FROM " + view + " WHERE "
                + conditions.clickHouse(range).sql()).get(0);
        // sum() of UInt64 wraps: the sum modulo 2^64, as MySqlTableSide keeps it.
        return new RangeChecksum(Long.parseLong(row.getString(1)), Long.parseUnsignedLong(row.getString(2)));
    }

    @Override
    public List<RowHash> rows(KeyRange range, int limit) {
        List<RowHash> rows = new ArrayList<>();
        String sql = "SELECT " + keyTexts + ", toString(" + rowHash + ") FROM " + view + " WHERE "
                + conditions.clickHouse(range).sql() + " ORDER BY " + conditions.clickHouseOrder() + " LIMIT " + limit;
        for (GenericRecord row : query(sql)) {
            rows.add(rowHash(row));
        }
        return rows;
    }

    @Override
    public Map<RowKey, Long> rows(Collection<RowKey> keys) {
        Map<RowKey, Long> rows = new LinkedHashMap<>();
        List<RowKey> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += LOOKUP_BATCH) {
            List<RowKey> batch = all.subList(from, Math.min(all.size(), from + LOOKUP_BATCH));
            SqlCondition condition = conditions.clickHouse(batch);
            for (GenericRecord row : query("SELECT " + keyTexts + ", toString(" + rowHash + ") FROM " + view
                    + " WHERE " + condition.sql())) {
                RowHash hash = rowHash(row);
                rows.put(hash.key(), hash.hash());
            }
        }
        return rows;
    }

    private RowHash rowHash(GenericRecord row) {
        return new RowHash(key(row), Long.parseUnsignedLong(row.getString(schema.keyColumns().size() + 1)));
    }

    private RowKey key(GenericRecord row) {
        List<String> values = new ArrayList<>(schema.keyColumns().size());
        for (int i = 1; i <= schema.keyColumns().size(); i++) {
            values.add(row.getString(i));
        }
        return new RowKey(values);
    }

    private List<GenericRecord> query(String sql) {
        try {
            return gateway.query(sql + settings);
        } catch (ClickHouseWriteException e) {
            throw new TableReadException("ClickHouse, view " + view + ": " + reason(e), e);
        }
    }

    /** The server's reason, without the query it quotes after "in scope" (ours run to many kilobytes). */
    private static String reason(ClickHouseWriteException e) {
        String message = e.getCause() instanceof ServerException server ? server.getMessage() : e.getMessage();
        int scope = message.indexOf(" in scope ");
        String reason = scope < 0 ? message : message.substring(0, scope);
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "...";
    }
}
