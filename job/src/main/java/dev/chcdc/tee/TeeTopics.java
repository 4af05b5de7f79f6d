package dev.chcdc.tee;

import dev.chcdc.config.ConfigException;
import dev.chcdc.config.DeadLetterConfig;
import dev.chcdc.config.KafkaConfig;
import dev.chcdc.config.TeeConfig;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tee's topic names ({@code <prefix>.<database>.<table>}, characters Kafka does not allow replaced by
 * {@code _}, as Debezium does) and their creation: topics that are missing are created with the configured
 * partitions, replication and retention; existing ones are left exactly as they are.
 */
public final class TeeTopics {
    private static final Logger LOG = LoggerFactory.getLogger(TeeTopics.class);
    private static final long TIMEOUT_SECONDS = 30;
    /** Room for a producer batch's framing around one record of the largest size. */
    private static final long BATCH_OVERHEAD_BYTES = 64 * 1024;
    /** The topic setting that caps a record batch (Kafka and Redpanda). */
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";

    private TeeTopics() {}

    public static String topic(String prefix, TableId table) {
        return prefix + "." + legal(table.database()) + "." + legal(table.table());
    }

    /** The compacted topic holding each captured table's schema, which a replay needs to read the tee. */
    public static String schemaTopic(String prefix) {
        return prefix + "._schemas";
    }

    /** Each table's topic; fails when two tables would share one. */
    public static Map<TableId, String> topics(String prefix, List<TableSchema> tables) {
        Map<TableId, String> topics = new LinkedHashMap<>();
        Map<String, TableId> owners = new HashMap<>();
        for (TableSchema schema : tables) {
            String topic = topic(prefix, schema.table());
            TableId other = owners.putIfAbsent(topic, schema.table());
            if (other != null) {
                throw new ConfigException("Tables " + other + " and " + schema.table() + " would share the tee topic "
                        + topic + "; exclude one of them with mysql.tables.exclude");
            }
            if (topic.length() > 249) {
                throw new ConfigException("The tee topic for " + schema.table() + " would be longer than Kafka's 249 "
                        + "characters; use a shorter tee.topic-prefix");
            }
            topics.put(schema.table(), topic);
        }
        return topics;
    }

    /**
     * Creates the missing topics the run writes to: the tee's (when {@code teeActive}), the schema topic (when
     * {@code live}: tee and dead-letter records are both replayed with the schemas in it) and the dead-letter
     * topic.
     */
    public static void ensure(KafkaConfig kafka, TeeConfig tee, DeadLetterConfig deadLetter, List<TableSchema> tables,
            boolean teeActive, boolean live) {
        List<NewTopic> wanted = new ArrayList<>();
        String maxMessageBytes = Long.toString(maxBatchBytes(tee.maxRecordBytes()));
        if (teeActive) {
            Map<String, String> configs = Map.of("retention.ms", Long.toString(tee.retention().toMillis()),
                    MAX_MESSAGE_BYTES, maxMessageBytes);
            topics(tee.topicPrefix(), tables).values().forEach(topic ->
                    wanted.add(new NewTopic(topic, tee.partitions(), tee.replicationFactor()).configs(configs)));
        }
        if (live) {
            wanted.add(new NewTopic(schemaTopic(tee.topicPrefix()), 1, tee.replicationFactor())
                    .configs(Map.of("cleanup.policy", "compact")));
        }
        if (deadLetter.enabled()) {
            wanted.add(new NewTopic(deadLetter.topic(), tee.partitions(), tee.replicationFactor())
                    .configs(Map.of("retention.ms", Long.toString(deadLetter.retention().toMillis()),
                            MAX_MESSAGE_BYTES, maxMessageBytes)));
        }
        if (wanted.isEmpty()) {
            return;
        }
        Properties properties = kafka.properties();
        properties.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT_SECONDS * 1000));
        try (Admin admin = Admin.create(properties)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(topic -> !existing.contains(topic.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    LOG.info("Created Kafka topic {}", entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ConfigException("Cannot create the Kafka topics at " + kafka.bootstrapServers() + ": " + cause
                    + " (check kafka.bootstrap-servers, that the broker is up, and that the job may create topics)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("Interrupted while creating Kafka topics");
        }
    }

    /**
     * The producer's and topics' size limit for records of up to {@code maxRecordBytes} (tee.max-record-size): a
     * request holds at least one whole batch.
     */
    public static long maxBatchBytes(long maxRecordBytes) {
        return maxRecordBytes + BATCH_OVERHEAD_BYTES;
    }

    /**
     * Sizes a producer for records of up to {@code maxRecordBytes}: its {@code max.request.size}, and a buffer that
     * holds two such records (a record larger than {@code buffer.memory} is refused too). Settings of
     * kafka.properties-file win.
     */
    public static void sizeProducer(Properties producer, long maxRecordBytes) {
        long batch = maxBatchBytes(maxRecordBytes);
        producer.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Long.toString(batch));
        producer.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(Math.max(32L * 1024 * 1024, 2 * batch)));
    }

    private static String legal(String name) {
        return name.replaceAll("[^a-zA-Z0-9._-]", "_");
    }
}
