package dev.chcdc.tee;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chcdc.config.ConfigException;
import dev.chcdc.config.KafkaConfig;
import dev.chcdc.event.TableSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The captured tables' schemas in the compacted topic {@code <prefix>._schemas}, keyed by {@code <db>.<table>}:
 * the live job writes them at start, a replay reads them, so rebuilding ClickHouse from the tee never needs
 * MySQL. The latest record per table wins.
 */
public final class TableSchemaTopic {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 30;

    private TableSchemaTopic() {}

    public static void write(KafkaConfig kafka, String prefix, List<TableSchema> tables) {
        Properties properties = kafka.properties();
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            for (TableSchema table : tables) {
                sends.add(producer.send(new ProducerRecord<>(TeeTopics.schemaTopic(prefix),
                        table.table().toString().getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(table))));
            }
            for (var send : sends) {
                send.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new ConfigException("Cannot write the table schemas to " + TeeTopics.schemaTopic(prefix) + " at "
                    + kafka.bootstrapServers() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("Interrupted while writing the table schemas");
        }
    }

    /** Every table schema in the topic, in the order first seen. */
    public static List<TableSchema> read(KafkaConfig kafka, String prefix) {
        String topic = TeeTopics.schemaTopic(prefix);
        Properties properties = kafka.properties();
        properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, TableSchema> tables = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(TIMEOUT_SECONDS));
            if (partitions == null || partitions.isEmpty()) {
                throw new ConfigException("Kafka at " + kafka.bootstrapServers() + " has no topic " + topic
                        + ": a replay needs the schemas the live job writes there (check tee.topic-prefix)");
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofSeconds(TIMEOUT_SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (assigned.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new ConfigException("Timed out reading " + topic + " at " + kafka.bootstrapServers());
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.value() != null) {
                        tables.put(new String(record.key(), StandardCharsets.UTF_8),
                                JSON.readValue(record.value(), TableSchema.class));
                    }
                }
            }
        } catch (IOException e) {
            throw new ConfigException("A record in " + topic + " is not a table schema: " + e.getMessage());
        }
        if (tables.isEmpty()) {
            throw new ConfigException("Topic " + topic + " holds no table schemas; run the live job once with "
                    + "tee.enabled=true first");
        }
        return List.copyOf(tables.values());
    }
}
