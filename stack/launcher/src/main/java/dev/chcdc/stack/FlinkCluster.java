package dev.chcdc.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Flink session cluster: one JobManager and one TaskManager on loopback, configured from the
 * project's {@code flink-conf/config.yaml} with this instance's ports and folders, plus Flink's own command
 * line client ({@link #cli}). The REST API and web UI listen on {@code restPort}, never Redpanda's 8081. Both
 * processes run a Prometheus reporter; on one host they need a port each (in docker-compose both use 9249).
 */
public final class FlinkCluster {
    /** Where this cluster lives and listens. Sizes are for a laptop or CI; the VPS sizes are in flink-conf/. */
    public record Layout(
            Path dir,
            Path flinkHome,
            Path baseConfig,
            Path savepointDir,
            int restPort,
            int rpcPort,
            int prometheusPort,
            int taskManagerPrometheusPort,
            int taskSlots,
            String jobManagerMemory,
            String taskManagerMemory) {}

    private final Layout layout;
    private final FlinkDistribution distribution;
    private final FlinkJobManager jobManager;

    public FlinkCluster(Layout layout) {
        this.layout = layout;
        this.distribution = new FlinkDistribution(layout.flinkHome(), layout.dir().resolve("conf"), layout.dir().resolve("log"));
        this.jobManager = new FlinkJobManager(layout.dir().resolve("jobmanager"), distribution, layout.restPort());
    }

    public Layout layout() {
        return layout;
    }

    public FlinkJobManager jobManager() {
        return jobManager;
    }

    /** A TaskManager with a fresh resource id (one per start). */
    public FlinkTaskManager newTaskManager() {
        return new FlinkTaskManager(layout.dir().resolve("taskmanager"), distribution, jobManager,
                "tm-" + System.currentTimeMillis(), layout.taskManagerPrometheusPort());
    }

    public String restUrl() {
        return jobManager.restUrl();
    }

    /** Writes the configuration and creates the folders; must run before the processes start. */
    public void prepare() throws IOException {
        for (String folder : List.of("jobmanager", "taskmanager", "checkpoints", "tmp", "rocksdb")) {
            Files.createDirectories(layout.dir().resolve(folder));
        }
        Files.createDirectories(layout.savepointDir());
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("jobmanager.rpc.address", "127.0.0.1");
        overrides.put("jobmanager.rpc.port", layout.rpcPort());
        overrides.put("jobmanager.bind-host", "127.0.0.1");
        overrides.put("taskmanager.bind-host", "127.0.0.1");
        overrides.put("taskmanager.host", "127.0.0.1");
        overrides.put("rest.address", "127.0.0.1");
        overrides.put("rest.bind-address", "127.0.0.1");
        overrides.put("rest.port", layout.restPort());
        overrides.put("jobmanager.memory.process.size", layout.jobManagerMemory());
        overrides.put("taskmanager.memory.process.size", layout.taskManagerMemory());
        overrides.put("taskmanager.numberOfTaskSlots", layout.taskSlots());
        overrides.put("execution.checkpointing.dir", layout.dir().resolve("checkpoints").toUri().toString());
        overrides.put("execution.checkpointing.savepoint-dir", layout.savepointDir().toUri().toString());
        overrides.put("state.backend.rocksdb.localdir", layout.dir().resolve("rocksdb").toString());
        overrides.put("io.tmp.dirs", layout.dir().resolve("tmp").toString());
        // The JobManager's; each TaskManager gets its own as a dynamic property. The reporter has no bind-address
        // option: it listens on all interfaces.
        overrides.put("metrics.reporter.prom.port", String.valueOf(layout.prometheusPort()));
        distribution.writeConfiguration(layout.baseConfig(), overrides);
    }

    public Map<String, String> environment() {
        return distribution.environment();
    }

    /** Result of one {@code flink} command. */
    public record CliResult(int exitCode, String output) {}

    /** Runs Flink's own command line client ({@code flink run}, {@code list}, {@code stop}, ...). */
    public CliResult cli(Duration timeout, String... arguments) throws IOException, InterruptedException {
        Path out = Files.createTempFile(layout.dir().resolve("tmp"), "flink-cli", ".out");
        try {
            Process process = startCli(List.of(arguments), ProcessBuilder.Redirect.to(out.toFile()),
                    ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException("flink " + String.join(" ", arguments) + " did not finish within " + timeout
                        + "\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new CliResult(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Runs the client attached to this terminal (for bin/flink); returns its exit code. */
    public int cliInteractive(List<String> arguments) throws IOException, InterruptedException {
        return startCli(arguments, ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.INHERIT).waitFor();
    }

    /**
     * Writes an executable script that runs this cluster's command line client with its own arguments: what
     * {@code bin/job} calls through {@code FLINK_CLI} when the cluster is not the local stack's.
     */
    public Path writeCliScript(Path file) throws IOException {
        StringBuilder script = new StringBuilder("#!/bin/sh\n# Flink's command line client for the cluster in ")
                .append(layout.dir()).append(" (written by FlinkCluster)\n");
        distribution.environment().forEach((name, value) ->
                script.append("export ").append(name).append('=').append(shellQuoted(value)).append('\n'));
        script.append("exec");
        cliCommand(List.of()).forEach(word -> script.append(' ').append(shellQuoted(word)));
        script.append(" \"$@\"\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static String shellQuoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private List<String> cliCommand(List<String> arguments) throws IOException {
        return distribution.javaCommand(
                "flink-client", List.of("-Xmx512m"), "org.apache.flink.client.cli.CliFrontend", arguments);
    }

    private Process startCli(List<String> arguments, ProcessBuilder.Redirect output, ProcessBuilder.Redirect input)
            throws IOException {
        List<String> command = cliCommand(arguments);
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .redirectOutput(output)
                .redirectInput(input);
        builder.environment().putAll(distribution.environment());
        return builder.start();
    }
}
