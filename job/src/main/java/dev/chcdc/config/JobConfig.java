package dev.chcdc.config;

import java.io.Serializable;

/**
 * The whole job's configuration, one record per pipeline stage. Built only by {@link JobConfigLoader}.
 * {@code mysql} is null in replay mode (a replay never touches MySQL); {@code kafka} is null when no broker is
 * configured, which {@link JobConfigLoader} allows only with the tee and the dead-letter topic switched off.
 */
public record JobConfig(
        MySqlConfig mysql,
        ClickHouseConfig clickhouse,
        KafkaConfig kafka,
        TeeConfig tee,
        DeadLetterConfig deadLetter,
        ReplayConfig replay,
        PipelineConfig pipeline)
        implements Serializable {

    /** Whether change events are written to Kafka in this run (never while replaying from Kafka). */
    public boolean teeActive() {
        return tee.enabled() && pipeline.mode() == PipelineMode.LIVE;
    }
}
