package dev.chcdc.clickhouse.sink;

import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.config.ClickHouseConfig;
import dev.chcdc.deadletter.DeadLetterTarget;
import dev.chcdc.event.TableId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds a {@link ClickHouseSink}, checking everything that can be checked without a network. */
public final class ClickHouseSinkBuilder {
    private ClickHouseConfig config;
    private final Map<TableId, ClickHouseTable> tables = new LinkedHashMap<>();
    private DeadLetterTarget deadLetters;
    private Map<TableId, Long> snapshotRowEstimates = Map.of();
    private Set<TableId> quarantined = Set.of();

    ClickHouseSinkBuilder() {}

    public ClickHouseSinkBuilder config(ClickHouseConfig config) {
        this.config = config;
        return this;
    }

    /** The targets, one per captured MySQL table. */
    public ClickHouseSinkBuilder tables(List<ClickHouseTable> targets) {
        targets.forEach(target -> tables.put(target.source().table(), target));
        return this;
    }

    /** MySQL's row estimates, shown as {@code snapshotRowsEstimate} beside {@code snapshotRows} (progress). */
    /** Captured tables left out of this run; shown as the gauge {@code quarantined} = 1. */
    public ClickHouseSinkBuilder quarantinedTables(Set<TableId> tables) {
        this.quarantined = Set.copyOf(tables);
        return this;
    }

    public ClickHouseSinkBuilder snapshotRowEstimates(Map<TableId, Long> estimates) {
        this.snapshotRowEstimates = Map.copyOf(estimates);
        return this;
    }

    /** Where rows ClickHouse cannot take go; without it (or with null) such a row fails the job. */
    public ClickHouseSinkBuilder deadLetters(DeadLetterTarget target) {
        this.deadLetters = target;
        return this;
    }

    public ClickHouseSink build() {
        if (config == null) {
            throw new IllegalStateException("ClickHouse sink needs its configuration (clickhouse.* keys)");
        }
        if (config.url() == null || config.password() == null) {
            throw new IllegalStateException("ClickHouse sink needs clickhouse.url and a password");
        }
        if (config.batchSize() <= 0) {
            throw new IllegalStateException("clickhouse.batch-size must be positive, got " + config.batchSize());
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("ClickHouse sink has no target tables");
        }
        if (deadLetters != null && (deadLetters.topic() == null || deadLetters.topic().isBlank())) {
            throw new IllegalStateException("The dead-letter target needs a topic (dead-letter.topic)");
        }
        return new ClickHouseSink(config, tables, deadLetters, snapshotRowEstimates, quarantined);
    }
}
