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
        if (teeActive) {
            Map<String, String> retention = Map.of("retention.ms", Long.toString(tee.retention().toMillis()));
            topics(tee.topicPrefix(), tables).values().forEach(topic ->
                    wanted.add(new NewTopic(topic, tee.partitions(), tee.replicationFactor()).configs(retention)));
        }
        if (live) {
            wanted.add(new NewTopic(schemaTopic(tee.topicPrefix()), 1, tee.replicationFactor())
                    .configs(Map.of("cleanup.policy", "compact")));
        }
        if (deadLetter.enabled()) {
            wanted.add(new NewTopic(deadLetter.topic(), tee.partitions(), tee.replicationFactor())
                    .configs(Map.of("retention.ms", Long.toString(deadLetter.retention().toMillis()))));
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

    private static String legal(String name) {
        return name.replaceAll("[^a-zA-Z0-9._-]", "_");
    }
}
