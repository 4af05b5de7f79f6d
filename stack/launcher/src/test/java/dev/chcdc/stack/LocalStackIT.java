package dev.chcdc.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local stack end to end, with Flink's real command line client: submit, list, stop with a savepoint,
 * resume from it; then stop the stack, check nothing is left running, and start it again.
 */
class LocalStackIT {
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    private ProjectPaths paths;
    private Path dir;
    private LocalStack stack;

    @BeforeEach
    void createStack() throws IOException {
        paths = ProjectPaths.detect();
        Files.createDirectories(paths.root().resolve("target"));
        dir = Files.createTempDirectory(paths.root().resolve("target"), "local-stack-");
        LocalStack.Ports ports = new LocalStack.Ports(FreePorts.next(), FreePorts.next(), FreePorts.next(),
                FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
                FreePorts.next());
        stack = new LocalStack(paths, dir, ports, dir.resolve("savepoints"));
    }

    @AfterEach
    void stopStack() throws Exception {
        stack.stop();
    }

    @Test
    void jobIsSubmittedStoppedWithASavepointAndResumedFromIt() throws Exception {
        stack.start();
        FlinkCluster flink = stack.flinkCluster();
        assertThat(flink.restUrl()).doesNotEndWith(":8081");
        String overview = flink.jobManager().get("/overview").body();
        assertThat(overview).contains("\"taskmanagers\":1");

        String firstJob = submit(flink, null);
        awaitRunning(flink, firstJob);

        FlinkCluster.CliResult stopped = flink.cli(CLI_TIMEOUT, "stop", "--savepointPath",
                dir.resolve("savepoints").toUri().toString(), firstJob);
        assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        String savepoint = find(SAVEPOINT, stopped.output());
        assertThat(Path.of(java.net.URI.create(savepoint)).resolve("_metadata")).isRegularFile();
        assertThat(flink.cli(CLI_TIMEOUT, "list", "-r").output()).doesNotContain(firstJob);

        String resumedJob = submit(flink, savepoint);
        awaitRunning(flink, resumedJob);
        String checkpoints = flink.jobManager().get("/jobs/" + resumedJob + "/checkpoints").body();
        assertThat(checkpoints).contains("\"restored\"").contains(savepoint.replaceAll("/$", ""));

        FlinkCluster.CliResult cancelled = flink.cli(CLI_TIMEOUT, "cancel", resumedJob);
        assertThat(cancelled.exitCode()).as(cancelled.output()).isZero();
    }

    @Test
    void stopLeavesNoProcessBehindAndStartWorksTwiceInARow() throws Exception {
        stack.start();
        stack.start();
        assertThat(stack.status()).containsOnlyKeys(
                "mariadb", "clickhouse", "kafka", "flink-jobmanager", "flink-taskmanager").doesNotContainValue(false);

        stack.stop();
        assertThat(stack.status()).doesNotContainValue(true);
        assertThat(processesMentioning(dir)).isEmpty();

        stack.start();
        assertThat(stack.status()).doesNotContainValue(false);
        stack.stop();
        assertThat(processesMentioning(dir)).isEmpty();
    }

    private String submit(FlinkCluster flink, String savepoint) throws Exception {
        Path jar = paths.root().resolve("stack/launcher/target/stack-launcher-tests.jar");
        List<String> arguments = savepoint == null
                ? List.of("run", "-d", "-c", SmokeJob.class.getName(), jar.toString())
                : List.of("run", "-d", "-s", savepoint, "-c", SmokeJob.class.getName(), jar.toString());
        FlinkCluster.CliResult run = flink.cli(CLI_TIMEOUT, arguments.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.output()).isZero();
        return find(JOB_ID, run.output());
    }

    private static void awaitRunning(FlinkCluster flink, String jobId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String listing = "";
        while (System.nanoTime() < deadline) {
            listing = flink.cli(CLI_TIMEOUT, "list", "-r").output();
            if (listing.contains(jobId + " : smoke-job (RUNNING)")) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new AssertionError("Job " + jobId + " not RUNNING in `flink list -r`:\n" + listing);
    }

    private static String find(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        assertThat(matcher.find()).as("%s in:%n%s", pattern, output).isTrue();
        return matcher.group(1);
    }

    private static List<String> processesMentioning(Path dir) {
        return ProcessHandle.allProcesses()
                .map(process -> process.info().commandLine().orElse(""))
                .filter(commandLine -> commandLine.contains(dir.toString()))
                .toList();
    }
}
