package dev.chcdc.ops.check;

import dev.chcdc.config.JobConfig;
import dev.chcdc.config.KafkaConfig;
import dev.chcdc.config.TeeDelivery;
import dev.chcdc.tee.TeeTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * The Kafka API broker (Redpanda) as the tee and the dead-letter topic need it: reachable, transactions allowed
 * for as long as {@code tee.transaction-timeout}, and existing tee topics keeping changes as long as configured.
 */
final class KafkaChecks {
    private static final String AREA = "kafka";
    private static final long TIMEOUT_SECONDS = 15;

    private KafkaChecks() {}

    static List<Finding> run(JobConfig config) {
        KafkaConfig kafka = config.kafka();
        if (kafka == null) {
            return List.of(Finding.ok(AREA, "not used (tee.enabled and dead-letter.enabled are false)"));
        }
        List<Finding> findings = new ArrayList<>();
        Properties properties = kafka.properties();
        properties.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT_SECONDS * 1000));
        properties.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT_SECONDS * 1000));
        try (Admin admin = Admin.create(properties)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            findings.add(Finding.ok(AREA, "connected to " + kafka.bootstrapServers() + ", " + nodes.size() + " broker(s)"));
            if (config.teeActive() && config.tee().delivery() == TeeDelivery.EXACTLY_ONCE) {
                findings.add(transactionTimeout(admin, nodes.iterator().next(), config.tee().transactionTimeout()));
                findings.add(transactionalIdPrefix(admin, config.tee().transactionalIdPrefix()));
            }
            Set<String> topics = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (config.teeActive()) {
                findings.addAll(topicRetention(admin, topics, config));
            }
            findings.addAll(recordSizeLimits(admin, topics, nodes.iterator().next(), config));
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            findings.add(Finding.fail(AREA, unreachable(kafka.bootstrapServers(), cause)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            findings.add(Finding.fail(AREA, "interrupted"));
        }
        return findings;
    }

    private static String unreachable(String bootstrapServers, Throwable cause) {
        if (cause instanceof SaslAuthenticationException) {
            return "the broker at " + bootstrapServers + " refused the login: " + cause.getMessage()
                    + " (check sasl.mechanism and sasl.jaas.config's user and password in kafka.properties-file)";
        }
        if (cause instanceof SslAuthenticationException) {
            return "TLS to " + bootstrapServers + " failed: " + cause.getMessage() + " (the broker's certificate must "
                    + "be signed by a CA in ssl.truststore.location of kafka.properties-file and name the host you "
                    + "connect to; security.protocol SASL_SSL or SSL)";
        }
        return "cannot reach " + bootstrapServers + ": " + cause + " (check kafka.bootstrap-servers, that the broker "
                + "is up and its advertised address reachable, and security.protocol in kafka.properties-file)";
    }

    /**
     * Open transactions under the tee's transactional-id prefix: before the job starts there should be none but a
     * crashed run's own (aborted when it starts); while another job uses the prefix, the two fence each other.
     */
    static Finding transactionalIdPrefix(Admin admin, String prefix) throws InterruptedException, TimeoutException {
        List<String> open;
        try {
            open = admin.listTransactions().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(listing -> listing.transactionalId().startsWith(prefix + "-"))
                    .filter(listing -> listing.state() == TransactionState.ONGOING)
                    .map(TransactionListing::transactionalId)
                    .sorted().toList();
        } catch (ExecutionException e) {
            return Finding.warn(AREA, "cannot list the broker's transactions (" + e.getCause().getMessage() + "), so "
                    + "cannot check that no other job uses tee.transactional-id-prefix '" + prefix + "'");
        }
        if (open.isEmpty()) {
            return Finding.ok(AREA, "no open transaction under tee.transactional-id-prefix '" + prefix + "'");
        }
        return Finding.warn(AREA, open.size() + " open transaction(s) under tee.transactional-id-prefix '" + prefix
                + "' (" + String.join(", ", open.subList(0, Math.min(5, open.size()))) + "): if this job is not "
                + "running, they are its previous run's and are aborted when it starts; otherwise another job uses the "
                + "same prefix and the two would fence each other: give each job its own tee.transactional-id-prefix "
                + "(the default, <pipeline.name>-<mysql.hostname>-<mysql.server-id-start>, is unique per job)");
    }

    private static Finding transactionTimeout(Admin admin, Node broker, Duration wanted)
            throws ExecutionException, InterruptedException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
        Config brokerConfig = admin.describeConfigs(Set.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(resource);
        ConfigEntry entry = brokerConfig.get("transaction.max.timeout.ms");
        if (entry == null || entry.value() == null) {
            return Finding.warn(AREA, "the broker does not report transaction.max.timeout.ms; make sure it allows "
                    + wanted.toMillis() + " ms (tee.transaction-timeout), or transactions fail at start");
        }
        long max = Long.parseLong(entry.value());
        if (max < wanted.toMillis()) {
            return Finding.fail(AREA, "tee.transaction-timeout is " + wanted.toMillis() + " ms but the broker allows "
                    + "at most " + max + " ms (transaction.max.timeout.ms): the tee cannot start its transactions; "
                    + "lower tee.transaction-timeout or raise the broker's limit (Redpanda: rpk cluster config set "
                    + "transaction_max_timeout_ms " + wanted.toMillis() + ")");
        }
        return Finding.ok(AREA, "transactions up to " + max + " ms allowed (tee.transaction-timeout "
                + wanted.toMillis() + " ms)");
    }

    /**
     * Whether the broker and the existing topics take records of tee.max-record-size: a smaller topic limit
     * (Redpanda's default 1 MiB, kafka_batch_max_bytes) would make such records fail; topics the job creates get
     * the matching max.message.bytes.
     */
    static List<Finding> recordSizeLimits(Admin admin, Set<String> topics, Node broker, JobConfig config)
            throws ExecutionException, InterruptedException, TimeoutException {
        long needed = TeeTopics.maxBatchBytes(config.tee().maxRecordBytes());
        Pattern tee = Pattern.compile(Pattern.quote(config.tee().topicPrefix()) + "\\.[^.]+\\.[^.]+");
        List<ConfigResource> resources = new ArrayList<>();
        topics.stream()
                .filter(name -> (config.teeActive() && tee.matcher(name).matches())
                        || (config.deadLetter().enabled() && name.equals(config.deadLetter().topic())))
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .forEach(resources::add);
        ConfigResource brokerResource = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
        resources.add(brokerResource);
        List<Finding> findings = new ArrayList<>();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        configs.forEach((resource, resourceConfig) -> {
            String key = resource.type() == ConfigResource.Type.BROKER ? "socket.request.max.bytes"
                    : TeeTopics.MAX_MESSAGE_BYTES;
            ConfigEntry limit = resourceConfig.get(key);
            if (limit == null || limit.value() == null || Long.parseLong(limit.value()) >= needed) {
                return;
            }
            findings.add(Finding.fail(AREA, resource.type() == ConfigResource.Type.BROKER
                    ? "the broker takes requests of up to " + limit.value() + " bytes (socket.request.max.bytes), less "
                            + "than a record of tee.max-record-size needs (" + needed + "): raise it, or lower "
                            + "tee.max-record-size (Redpanda: kafka_request_max_bytes)"
                    : "topic " + resource.name() + " takes records of up to " + limit.value() + " bytes (max.message.bytes), "
                            + "less than tee.max-record-size needs (" + needed + "), so large rows would stop the job: "
                            + "rpk topic alter-config " + resource.name() + " --set max.message.bytes=" + needed
                            + " (Kafka: kafka-configs.sh --alter --entity-type topics --entity-name " + resource.name()
                            + " --add-config max.message.bytes=" + needed + ")"));
        });
        if (findings.isEmpty()) {
            findings.add(Finding.ok(AREA, "the broker and the existing topics take records of tee.max-record-size ("
                    + config.tee().maxRecordBytes() + " bytes); new topics are created for it"));
        }
        return findings;
    }

    private static List<Finding> topicRetention(Admin admin, Set<String> existing, JobConfig config)
            throws ExecutionException, InterruptedException, TimeoutException {
        Pattern tee = Pattern.compile(Pattern.quote(config.tee().topicPrefix()) + "\\.[^.]+\\.[^.]+");
        List<ConfigResource> topics = existing.stream()
                .filter(name -> tee.matcher(name).matches())
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .toList();
        if (topics.isEmpty()) {
            return List.of(Finding.ok(AREA, "no tee topics yet; the job creates them with retention "
                    + MySqlChecks.describe(config.tee().retention())));
        }
        List<Finding> findings = new ArrayList<>();
        Map<ConfigResource, Config> configs = admin.describeConfigs(topics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        configs.forEach((topic, topicConfig) -> {
            ConfigEntry retention = topicConfig.get("retention.ms");
            if (retention != null && retention.value() != null) {
                long millis = Long.parseLong(retention.value());
                if (millis >= 0 && millis < config.tee().retention().toMillis()) {
                    findings.add(Finding.warn(AREA, "topic " + topic.name() + " keeps changes for "
                            + MySqlChecks.describe(Duration.ofMillis(millis)) + ", less than tee.topic.retention "
                            + MySqlChecks.describe(config.tee().retention()) + " (the job leaves existing topics alone): "
                            + "rpk topic alter-config " + topic.name() + " --set retention.ms="
                            + config.tee().retention().toMillis()));
                }
            }
        });
        if (findings.isEmpty()) {
            findings.add(Finding.ok(AREA, topics.size() + " tee topics keep changes at least "
                    + MySqlChecks.describe(config.tee().retention())));
        }
        return findings;
    }
}
