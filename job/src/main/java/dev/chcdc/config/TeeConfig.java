package dev.chcdc.config;

import java.io.Serializable;
import java.time.Duration;

/** The tee of every change event into per-table Kafka topics, validated by {@link JobConfigLoader}. */
public record TeeConfig(
        boolean enabled,
        String topicPrefix,
        TeeDelivery delivery,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        int partitions,
        short replicationFactor,
        Duration retention,
        TeeValueFormat valueFormat,
        long maxRecordBytes)
        implements Serializable {}
