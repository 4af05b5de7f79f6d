package dev.chcdc.config;

import java.io.Serializable;
import java.util.Map;
import java.util.Properties;

/**
 * How to reach the Kafka API (Redpanda in production): the bootstrap servers and any further client properties
 * (TLS, SASL) read from {@code kafka.properties-file}, which is where their secrets belong.
 */
public record KafkaConfig(String bootstrapServers, Map<String, String> clientProperties) implements Serializable {
    public KafkaConfig {
        clientProperties = Map.copyOf(clientProperties);
    }

    /** Client properties for a producer, consumer or admin client. */
    public Properties properties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.setProperty("bootstrap.servers", bootstrapServers);
        return properties;
    }

    /** Never prints the client properties: they may hold SASL passwords. */
    @Override
    public String toString() {
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", clientProperties=" + clientProperties.keySet() + "]";
    }
}
