package dev.chcdc.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;

/**
 * An Apache Kafka broker in KRaft mode (combined broker and controller), run in its own JVM from the jars in
 * {@code stack/kafka-dist/target/kafka/libs}. It stands in for Redpanda: transactions enabled with single-node
 * replication settings, topics never auto-created (Redpanda's default), loopback only. Optionally a second,
 * secured listener ({@link SecureListener}): TLS with a certificate the test made and SCRAM-SHA-512 logins, as a
 * managed Redpanda or Kafka asks for.
 */
public final class KafkaBroker implements ManagedService {
    /** The broker's cap on producer transaction timeouts; the job's must not exceed it. */
    public static final long TRANSACTION_MAX_TIMEOUT_MS = 900_000;

    /**
     * A SASL_SSL listener on {@code port}: the broker presents {@code certificate} (PEM, signed by
     * {@code caCertificate}, which clients trust), and {@code user} logs in with SCRAM-SHA-512 and {@code password}.
     */
    public record SecureListener(int port, Path certificate, Path privateKey, Path caCertificate, String user,
            String password) {}

    private final Path dir;
    private final Path libs;
    private final int port;
    private final int controllerPort;
    private final SecureListener secure;

    public KafkaBroker(Path dir, Path libs, int port, int controllerPort) {
        this(dir, libs, port, controllerPort, null);
    }

    public KafkaBroker(Path dir, Path libs, int port, int controllerPort, SecureListener secure) {
        this.dir = dir;
        this.libs = libs;
        this.port = port;
        this.controllerPort = controllerPort;
        this.secure = secure;
    }

    /** The secured listener, if this broker has one. */
    public Optional<SecureListener> secureListener() {
        return Optional.ofNullable(secure);
    }

    /** The secured listener's address. */
    public String secureBootstrapServers() {
        return "127.0.0.1:" + secureListener().orElseThrow().port();
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Path dir() {
        return dir;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void prepare() throws IOException {
        if (!Files.isDirectory(libs)) {
            throw new ServiceStartException("Kafka jars not found in " + libs
                    + ": build them with `mvn -pl stack/kafka-dist package`");
        }
        Files.createDirectories(dir.resolve("data"));
        String secureListener = secure == null ? "" : ",SASL_SSL://127.0.0.1:" + secure.port();
        Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort + secureListener,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + secureListener,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL",
                secure == null ? "" : secureListenerProperties(),
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "transaction.max.timeout.ms=" + TRANSACTION_MAX_TIMEOUT_MS,
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "") );
        Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.console.ref=console",
                "appender.console.type=Console",
                "appender.console.name=console",
                "appender.console.layout.type=PatternLayout",
                "appender.console.layout.pattern=[%d] %p %m (%c)%n",
                "logger.statechange.name=state.change.logger",
                "logger.statechange.level=WARN",
                ""));
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            formatStorage();
        }
    }

    /** The secured listener's TLS (a PEM key and certificate in one file, as Kafka reads them) and SCRAM. */
    private String secureListenerProperties() throws IOException {
        Path keyStore = dir.resolve("broker-keystore.pem");
        Files.writeString(keyStore, Files.readString(secure.privateKey()) + Files.readString(secure.certificate()));
        return String.join("\n",
                "sasl.enabled.mechanisms=SCRAM-SHA-512",
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "listener.name.sasl_ssl.ssl.keystore.type=PEM",
                "listener.name.sasl_ssl.ssl.keystore.location=" + keyStore);
    }

    private void formatStorage() throws IOException {
        Path formatLog = dir.resolve("storage-format.log");
        Process format = new ProcessBuilder(javaCommand(
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        dir.resolve("server.properties").toString()))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(formatLog.toFile())
                .start();
        try {
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new ServiceStartException("Formatting Kafka storage failed.\n" + LogTail.of(formatLog, 30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceStartException("Interrupted while formatting Kafka storage", e);
        }
    }

    private List<String> javaCommand(String mainClass, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m",
                "-Xmx768m",
                "-XX:+UseG1GC",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp",
                libs.toAbsolutePath() + "/*",
                mainClass));
        command.addAll(List.of(arguments));
        return command;
    }

    @Override
    public List<String> command() {
        return ServiceProcess.stopOnEndOfInput(javaCommand("kafka.Kafka", dir.resolve("server.properties").toString()));
    }

    @Override
    public void awaitReady(Readiness.Liveness liveness) {
        Properties properties = new Properties();
        properties.putAll(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
        Readiness.await("Kafka on port " + port, Duration.ofSeconds(90), liveness, () -> {
            try (Admin admin = Admin.create(properties)) {
                return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
            }
        }, logFile());
        if (secure != null) {
            // Through the admin API over the plain listener, so the password is never a command-line argument.
            try (Admin admin = Admin.create(properties)) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(secure.user(),
                                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), secure.password())))
                        .all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new ServiceStartException("Kafka started but creating the SCRAM user failed", e);
            }
        }
    }
}
