package dev.chcdc.deadletter;

import dev.chcdc.config.KafkaConfig;
import java.io.Serializable;

/**
 * Where dead letters go: the broker, the topic, the logical server name their Debezium envelopes carry, and the
 * largest record (the tee's {@code tee.max-record-size}).
 */
public record DeadLetterTarget(KafkaConfig kafka, String topic, String serverName, long maxRecordBytes)
        implements Serializable {}
