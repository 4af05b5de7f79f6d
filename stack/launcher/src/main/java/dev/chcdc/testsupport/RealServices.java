package dev.chcdc.testsupport;

import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.FreePorts;
import dev.chcdc.stack.KafkaBroker;
import dev.chcdc.stack.ManagedService;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.stack.ProjectPaths;
import dev.chcdc.stack.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that hands tests the real services: {@link MariaDbServer}, {@link ClickHouseServer},
 * {@link KafkaBroker} and {@link TestNames}, as constructor or method parameters. Each service is started on
 * first request, once per test run (the root store), on free loopback ports under {@code target/services-*},
 * and stopped when the run ends; its folder and logs stay for inspection. A service that cannot start fails
 * the test with the tail of its log: it never skips.
 */
public final class RealServices implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealServices.class);
    static final String MYSQL_CDC_PASSWORD = "cdc-test-password";
    static final String CLICKHOUSE_JOB_PASSWORD = "writer-test-password";
    /** The shared broker's SCRAM user on its secured listener. */
    public static final String KAFKA_SCRAM_USER = "cdc_tee";
    private static final String KAFKA_SCRAM_PASSWORD = "tee-test-password";

    private static final Map<Class<?>, Function<Path, ManagedService>> FACTORIES = Map.of(
            MariaDbServer.class, dir -> new MariaDbServer(dir.resolve("mariadb"), FreePorts.next(), MYSQL_CDC_PASSWORD),
            ClickHouseServer.class, dir -> new ClickHouseServer(dir.resolve("clickhouse"),
                    ProjectPaths.detect().chdbLibrary(), FreePorts.next(), FreePorts.next(), CLICKHOUSE_JOB_PASSWORD,
                    ClickHouseServer.ALL_DATABASES),
            KafkaBroker.class, dir -> new KafkaBroker(dir.resolve("kafka"), ProjectPaths.detect().kafkaLibs(),
                    FreePorts.next(), FreePorts.next(), secureListener(dir.resolve("kafka-tls"))));

    /** TLS with a certificate for 127.0.0.1 and localhost, signed by a CA of the run's own ({@code ca.pem}). */
    private static KafkaBroker.SecureListener secureListener(Path dir) {
        try {
            TestCertificates.ServerCertificate certificate =
                    TestCertificates.authority(dir, "kafka-test-ca").server("broker", "127.0.0.1", "localhost");
            return new KafkaBroker.SecureListener(FreePorts.next(), certificate.certificate(), certificate.privateKey(),
                    certificate.ca(), KAFKA_SCRAM_USER, KAFKA_SCRAM_PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make the Kafka broker's test certificate", e);
        }
    }

    /**
     * Kafka client settings for the shared broker's secured listener: SASL_SSL, SCRAM-SHA-512 with
     * {@code password}, trusting the run's CA; what a user writes into {@code kafka.properties-file}.
     */
    public static java.util.Properties secureKafkaClient(KafkaBroker broker, String password) {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("security.protocol", "SASL_SSL");
        properties.setProperty("sasl.mechanism", "SCRAM-SHA-512");
        properties.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + KAFKA_SCRAM_USER + "\" password=\"" + password + "\";");
        properties.setProperty("ssl.truststore.type", "PEM");
        properties.setProperty("ssl.truststore.location",
                broker.secureListener().orElseThrow().caCertificate().toString());
        return properties;
    }


    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return FACTORIES.containsKey(type) || type == TestNames.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        if (type == TestNames.class) {
            return store.getOrComputeIfAbsent(TestNames.class, key -> new TestNames(), TestNames.class);
        }
        return store.getOrComputeIfAbsent(type, key -> start(FACTORIES.get(type).apply(runDir(store))), Running.class)
                .service();
    }

    /**
     * A MariaDB of the calling test's own, not started, under {@code target/<name>-*}: for tests that stop it or
     * reset its binlog, which would disturb every other test on the shared one.
     */
    public static MariaDbServer privateMariaDb(String name) {
        return (MariaDbServer) FACTORIES.get(MariaDbServer.class).apply(privateDir(name));
    }

    /** A ClickHouse of the calling test's own, not started, under {@code target/<name>-*}: for tests that stop it. */
    public static ClickHouseServer privateClickHouse(String name) {
        return (ClickHouseServer) FACTORIES.get(ClickHouseServer.class).apply(privateDir(name));
    }

    private static Path privateDir(String name) {
        try {
            Path target = ProjectPaths.detect().root().resolve("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path runDir(ExtensionContext.Store store) {
        return store.getOrComputeIfAbsent("run-dir", key -> {
            try {
                Path target = ProjectPaths.detect().root().resolve("target");
                Files.createDirectories(target);
                return Files.createTempDirectory(target, "services-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Path.class);
    }

    private static Running start(ManagedService service) {
        try {
            return new Running(service, service.startBound());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + service.name(), e);
        }
    }

    /** A started service; closing it (at the end of the run) stops the process. */
    private record Running(ManagedService service, ServiceProcess process)
            implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            process.close();
        }
    }
}
