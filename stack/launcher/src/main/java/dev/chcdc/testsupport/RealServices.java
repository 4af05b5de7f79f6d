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

    private static final Map<Class<?>, Function<Path, ManagedService>> FACTORIES = Map.of(
            MariaDbServer.class, dir -> new MariaDbServer(dir.resolve("mariadb"), FreePorts.next(), MYSQL_CDC_PASSWORD),
            ClickHouseServer.class, dir -> new ClickHouseServer(dir.resolve("clickhouse"),
                    ProjectPaths.detect().chdbLibrary(), FreePorts.next(), FreePorts.next(), CLICKHOUSE_JOB_PASSWORD),
            KafkaBroker.class, dir -> new KafkaBroker(dir.resolve("kafka"), ProjectPaths.detect().kafkaLibs(),
                    FreePorts.next(), FreePorts.next()));

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
