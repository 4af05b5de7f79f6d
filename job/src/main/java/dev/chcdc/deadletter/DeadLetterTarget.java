package dev.chcdc.deadletter;

import dev.chcdc.config.KafkaConfig;
import java.io.Serializable;

/** Where dead letters go: the broker, the topic, and the logical server name their Debezium envelopes carry. */
public record DeadLetterTarget(KafkaConfig kafka, String topic, String serverName) implements Serializable {}
