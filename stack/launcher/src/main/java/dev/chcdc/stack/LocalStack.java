package dev.chcdc.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The local stack: MariaDB, ClickHouse, Kafka and a Flink session cluster as detached processes under one
 * folder ({@code .stack/} by default), each with a pid file. {@link #start} starts what is not running and is
 * safe to repeat; {@link #stop} ends exactly the process groups it recorded. Data survives a stop, so a
 * restart resumes where the stack left off. Generated passwords live in {@code secrets.env} (mode 600).
 */
public final class LocalStack {
    /**
     * Host ports. The Flink web UI is remapped off 8081, which belongs to Redpanda's schema registry; the
     * JobManager's and the TaskManager's Prometheus reporters need one port each on one host.
     */
    public record Ports(
            int mysql, int kafka, int kafkaController, int clickhouseHttp, int clickhouseTcp,
            int flinkRest, int flinkRpc, int prometheus, int taskManagerPrometheus) {
        public static Ports defaults() {
            return new Ports(3306, 9092, 9093, 8123, 9000, 8088, 6123, 9249, 9250);
        }
    }

    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    /** How long a starting service may show only its wrapper processes. */
    private static final Duration STARTING = Duration.ofSeconds(10);
    /** The database bin/demo captures: the only one the stack's ClickHouse job user may write. */
    public static final String DEMO_DATABASE = "shop";

    private final ProjectPaths paths;
    private final Path dir;
    private final Ports ports;
    private final Path savepointDir;

    public LocalStack(ProjectPaths paths, Path dir, Ports ports, Path savepointDir) {
        this.paths = paths;
        this.dir = dir.toAbsolutePath();
        this.ports = ports;
        this.savepointDir = savepointDir.toAbsolutePath();
    }

    public Path dir() {
        return dir;
    }

    public Ports ports() {
        return ports;
    }

    public FlinkCluster flinkCluster() {
        return new FlinkCluster(new FlinkCluster.Layout(
                dir.resolve("flink"), paths.flinkHome(), paths.flinkBaseConfig(), savepointDir,
                ports.flinkRest(), ports.flinkRpc(), ports.prometheus(), ports.taskManagerPrometheus(), 4,
                "1024m", "2048m"));
    }

    public MariaDbServer mariaDb() throws IOException {
        return new MariaDbServer(dir.resolve("mariadb"), ports.mysql(), secrets().getProperty("MYSQL_CDC_PASSWORD"));
    }

    public ClickHouseServer clickHouse() throws IOException {
        return new ClickHouseServer(dir.resolve("clickhouse"), paths.chdbLibrary(), ports.clickhouseHttp(),
                ports.clickhouseTcp(), secrets().getProperty("CLICKHOUSE_PASSWORD"), DEMO_DATABASE);
    }

    public KafkaBroker kafka() {
        return new KafkaBroker(dir.resolve("kafka"), paths.kafkaLibs(), ports.kafka(), ports.kafkaController());
    }

    /** Starts every service that is not running yet, in dependency order, and waits for each. */
    public void start() throws IOException {
        Files.createDirectories(dir);
        FlinkCluster flink = flinkCluster();
        startIfStopped(mariaDb());
        startIfStopped(clickHouse());
        startIfStopped(kafka());
        flink.prepare();
        startIfStopped(flink.jobManager());
        startTaskManagerIfStopped(flink);
    }

    /** Starts a TaskManager unless one of ours runs (used after a crash, too). */
    public void startTaskManagerIfStopped(FlinkCluster flink) throws IOException {
        startIfStopped(flink.newTaskManager());
    }

    private void startIfStopped(ManagedService service) throws IOException {
        Path pidFile = pidFile(service.name());
        if (ServiceProcess.isDetachedRunning(pidFile)) {
            return;
        }
        // A service that died by itself leaves its wrapper shells: end them before starting anew.
        stopService(service.name());
        Files.createDirectories(service.dir());
        service.prepare();
        ServiceProcess.startDetached(
                service.name(), service.command(), service.dir(), service.logFile(), pidFile, service.environment());
        long started = System.nanoTime();
        try {
            service.awaitReady(() -> {
                try {
                    // In its first seconds the group may hold only the wrappers that are about to start the service.
                    return ServiceProcess.isDetachedRunning(pidFile) || (System.nanoTime() - started < STARTING.toNanos()
                            && ServiceProcess.isDetachedGroupAlive(pidFile));
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            stopService(service.name());
            throw e;
        }
    }

    /** Stops the services in reverse order; only the process groups recorded in pid files are touched. */
    public void stop() throws IOException, InterruptedException {
        for (String name : List.of("flink-taskmanager", "flink-jobmanager", "kafka", "clickhouse", "mariadb")) {
            stopService(name);
        }
    }

    /** Kills one service's process group at once (for crash tests: {@code kill -9} of the TaskManager). */
    public void kill(String name) throws IOException, InterruptedException {
        ServiceProcess.stopDetached(pidFile(name), Duration.ZERO);
    }

    private void stopService(String name) throws IOException {
        try {
            ServiceProcess.stopDetached(pidFile(name), STOP_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping " + name, e);
        }
    }

    /** Each service and whether it runs. */
    public Map<String, Boolean> status() throws IOException {
        Map<String, Boolean> status = new LinkedHashMap<>();
        for (String name : List.of("mariadb", "clickhouse", "kafka", "flink-jobmanager", "flink-taskmanager")) {
            status.put(name, ServiceProcess.isDetachedRunning(pidFile(name)));
        }
        return status;
    }

    /** Lines describing where each service answers, for the user. */
    public List<String> endpoints() {
        List<String> lines = new ArrayList<>();
        lines.add("MySQL (MariaDB)   127.0.0.1:" + ports.mysql() + "  users: root (no password), "
                + MariaDbServer.CDC_USER + " (password in " + secretsFile() + ")");
        lines.add("ClickHouse        http://127.0.0.1:" + ports.clickhouseHttp() + "  native 127.0.0.1:"
                + ports.clickhouseTcp() + "  users: default (admin), " + ClickHouseServer.JOB_USER);
        lines.add("Kafka (Redpanda)  127.0.0.1:" + ports.kafka());
        lines.add("Flink web UI      http://127.0.0.1:" + ports.flinkRest() + "  savepoints: " + savepointDir);
        lines.add("Prometheus        http://127.0.0.1:" + ports.prometheus() + "/metrics (JobManager), http://127.0.0.1:"
                + ports.taskManagerPrometheus() + "/metrics (TaskManager)");
        return lines;
    }

    private Path pidFile(String name) {
        return dir.resolve(name + ".pid");
    }

    public Path secretsFile() {
        return dir.resolve("secrets.env");
    }

    /** The stack's generated passwords, created on first use. */
    public Properties secrets() throws IOException {
        Path file = secretsFile();
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            SecureRandom random = new SecureRandom();
            String content = "MYSQL_CDC_PASSWORD=" + password(random) + "\n"
                    + "CLICKHOUSE_PASSWORD=" + password(random) + "\n";
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static String password(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
