package dev.chcdc.config;

import java.io.Serializable;

/** The whole job's configuration, one record per pipeline stage. Built only by {@link JobConfigLoader}. */
public record JobConfig(MySqlConfig mysql, ClickHouseConfig clickhouse, PipelineConfig pipeline) implements Serializable {}
