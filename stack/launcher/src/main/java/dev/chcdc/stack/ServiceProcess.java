package dev.chcdc.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's operating-system process, with its output in a log file.
 *
 * <p>Every command given here must stop by itself when its standard input reaches end of file (see
 * {@link #stopOnEndOfInput}). That gives two lifetimes with one mechanism:
 *
 * <ul>
 *   <li><b>bound</b> (tests): stdin is a pipe from this JVM, so the service ends when the JVM does, even on
 *       {@code kill -9}, and never outlives a test run;
 *   <li><b>detached</b> (local stack): the command runs in its own session and process group, fed by
 *       {@code tail -f /dev/null}; {@link #stopDetached} signals the whole group by its recorded id.
 * </ul>
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);

    /**
     * Runs a program that ignores stdin so that it stops on end of input, and so that this wrapper exits with
     * the program's status when the program dies by itself. Background jobs of a non-interactive shell get
     * /dev/null as stdin, hence the explicit descriptor 3.
     */
    private static final String STOP_ON_EOF_WRAPPER =
            "exec 3<&0\n"
                    + "\"$@\" </dev/null & child=$!\n"
                    + "{ cat <&3 >/dev/null; kill -TERM $child 2>/dev/null; } &\n"
                    + "wait $child; status=$?\n"
                    + "exec 3<&-\n"
                    + "exit $status\n";

    private final String name;
    private final Process process;
    private final Path logFile;
    private final OutputStream stdin;

    private ServiceProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.stdin = process.getOutputStream();
    }

    /** Wraps a command that does not read stdin so that it stops when stdin ends. */
    public static List<String> stopOnEndOfInput(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", STOP_ON_EOF_WRAPPER, "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The process this started (a wrapper shell; the service runs among its descendants). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Starts a service bound to this JVM: it stops on {@link #close()} or when the JVM exits. */
    public static ServiceProcess startBound(
            String name, List<String> command, Path workDir, Path logFile, Map<String, String> env)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        LOG.info("Starting {} (log: {})", name, logFile);
        return new ServiceProcess(name, builder.start(), logFile);
    }

    /**
     * Starts a service in its own session that outlives this JVM. Returns its process-group id, which is
     * also written to {@code pidFile}.
     */
    public static long startDetached(
            String name, List<String> command, Path workDir, Path logFile, Path pidFile, Map<String, String> env)
            throws IOException {
        List<String> detached = new ArrayList<>(List.of("setsid", "sh", "-c", "tail -f /dev/null | \"$@\"", "sh"));
        detached.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(detached).directory(workDir.toFile());
        builder.environment().putAll(env);
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        LOG.info("Starting {} detached (log: {})", name, logFile);
        // setsid execs in place (a child of the JVM is not a group leader), so this pid leads the new group.
        long pid = builder.start().pid();
        Files.writeString(pidFile, pid + "\n", StandardCharsets.UTF_8);
        return pid;
    }

    /**
     * True while the service itself runs in the group recorded in {@code pidFile}: a process other than the
     * wrappers around it ({@code sh}, {@code tail}, {@code cat}), which outlive a service that died by itself.
     */
    public static boolean isDetachedRunning(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return false;
        }
        long pgid = readPid(pidFile);
        return ProcessHandle.allProcesses()
                .filter(process -> processGroup(process.pid()) == pgid)
                .anyMatch(process -> !WRAPPERS.contains(process.info().command()
                        .map(command -> Path.of(command).getFileName().toString()).orElse("")));
    }

    /** True while the recorded group has any process left, wrappers included (a service still starting). */
    public static boolean isDetachedGroupAlive(Path pidFile) throws IOException {
        return Files.exists(pidFile) && groupAlive(readPid(pidFile));
    }

    private static final java.util.Set<String> WRAPPERS = java.util.Set.of("sh", "dash", "bash", "tail", "cat", "setsid");

    /** The process group of {@code pid} (Linux: field 5 of /proc/pid/stat), or -1 if it is gone. */
    private static long processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Stops the process group recorded in {@code pidFile}: TERM, then KILL after {@code grace}. */
    public static void stopDetached(Path pidFile, Duration grace) throws IOException, InterruptedException {
        if (!Files.exists(pidFile)) {
            return;
        }
        long pgid = readPid(pidFile);
        signalGroup(pgid, "TERM");
        long deadline = System.nanoTime() + grace.toNanos();
        while (groupAlive(pgid) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        if (groupAlive(pgid)) {
            LOG.warn("Process group {} did not stop within {}; killing it", pgid, grace);
            signalGroup(pgid, "KILL");
            while (groupAlive(pgid)) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static long readPid(Path pidFile) throws IOException {
        return Long.parseLong(Files.readString(pidFile).trim());
    }

    private static boolean groupAlive(long pgid) throws IOException {
        try {
            return new ProcessBuilder("kill", "-0", "--", "-" + pgid)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start()
                            .waitFor()
                    == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while checking process group " + pgid, e);
        }
    }

    private static void signalGroup(long pgid, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the log, for error messages. */
    public String logTail(int lines) {
        return LogTail.of(logFile, lines);
    }

    /** Ends the service: closes its stdin, waits for it, and kills what is left after 60 s. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            LOG.debug("Closing stdin of {} failed; killing it", name, e);
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                LOG.warn("{} did not stop within 60 s; killing it", name);
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
