package dev.chcdc.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import one.profiler.AsyncProfiler;
import one.profiler.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples where this JVM spends CPU (or, in wall-clock mode, time) during one measurement, as collapsed stacks ({@code thread;frame;...;leaf
 * count}). It uses async-profiler (flink-runtime brings {@code tools.profiler:async-profiler} 2.9 with its
 * native library), which samples on-CPU stacks of every thread, JIT, GC and native code included, without
 * safepoint bias. Where it cannot load, it falls back to sampling {@link ThreadMXBean} stack dumps every
 * 20 ms and keeping only threads that are RUNNABLE and not parked in a blocking system call; that is
 * coarser (safepoint-biased, Java frames only), and the report says which one ran.
 */
final class JvmProfiler {
    private static final Logger LOG = LoggerFactory.getLogger(JvmProfiler.class);
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long DUMP_INTERVAL_MILLIS = 20;
    /** Leaf frames of a thread that is RUNNABLE for the JVM but waits in the kernel. */
    private static final Set<String> BLOCKING_LEAVES = Set.of(
            "sun.nio.ch.EPoll.wait", "sun.nio.ch.Net.poll", "sun.nio.ch.SocketDispatcher.read0",
            "sun.nio.ch.Net.accept", "java.net.SocketInputStream.socketRead0", "sun.nio.ch.FileDispatcherImpl.read0",
            "java.io.FileInputStream.readBytes", "sun.nio.ch.IOUtil.drain1", "java.lang.Thread.sleep");

    private final AsyncProfiler asyncProfiler;
    private final String event;
    private final Path outputDir;
    private DumpSampler sampler;

    private JvmProfiler(AsyncProfiler asyncProfiler, String event, Path outputDir) {
        this.asyncProfiler = asyncProfiler;
        this.event = event;
        this.outputDir = outputDir;
    }

    /** async-profiler if its native library loads here, else the stack-dump sampler. */
    static JvmProfiler create(Path outputDir) {
        try {
            Files.createDirectories(outputDir);
            Path library = outputDir.resolve("libasyncProfiler.so");
            try (InputStream in = JvmProfiler.class.getClassLoader().getResourceAsStream("linux-x64/libasyncProfiler.so")) {
                if (in == null) {
                    throw new IOException("linux-x64/libasyncProfiler.so is not on the class path");
                }
                Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            }
            AsyncProfiler profiler = AsyncProfiler.getInstance(library.toString());
            for (String event : new String[] {"cpu", "itimer"}) {
                try {
                    profiler.execute("start,event=" + event + ",interval=" + INTERVAL_NANOS + ",threads");
                    profiler.stop();
                    LOG.info("Profiling with async-profiler {} (event {})", profiler.getVersion(), event);
                    return new JvmProfiler(profiler, event, outputDir);
                } catch (IOException | IllegalStateException e) {
                    LOG.info("async-profiler event {} unavailable: {}", event, e.getMessage());
                }
            }
        } catch (IOException | LinkageError | RuntimeException e) {
            LOG.info("async-profiler unavailable ({}); sampling thread dumps instead", e.toString());
        }
        return new JvmProfiler(null, null, outputDir);
    }

    /** What samples the profile, for the report. */
    String method() {
        return asyncProfiler != null
                ? "async-profiler 2.9, event " + event + " (on-CPU samples every " + INTERVAL_NANOS / 1_000_000
                        + " ms of CPU time, all threads incl. GC/JIT/native)"
                : "ThreadMXBean stack dumps every " + DUMP_INTERVAL_MILLIS
                        + " ms, RUNNABLE threads not blocked in I/O (safepoint-biased)";
    }

    /** Milliseconds of CPU (or of wall time for a sampled thread) that one sample stands for. */
    double millisPerSample() {
        return asyncProfiler != null ? INTERVAL_NANOS / 1e6 : DUMP_INTERVAL_MILLIS;
    }

    /** Starts sampling on-CPU stacks. */
    void start() throws IOException {
        start(false);
    }

    /**
     * Starts sampling wall-clock stacks: every thread, running or waiting, as often as a running one. That is
     * what shows where a latency-bound path waits, which on-CPU samples cannot.
     */
    void startWallClock() throws IOException {
        start(true);
    }

    private void start(boolean wallClock) throws IOException {
        if (asyncProfiler != null) {
            asyncProfiler.execute("start,event=" + (wallClock ? "wall" : event) + ",interval=" + INTERVAL_NANOS
                    + ",threads");
        } else {
            sampler = new DumpSampler(wallClock);
            sampler.start();
        }
    }

    /**
     * Stops sampling and returns the stacks; also writes them to {@code <name>.collapsed} (and, from
     * async-profiler, a flame graph {@code <name>.html}) in the output folder.
     */
    ProfileSummary stop(String name) throws IOException, InterruptedException {
        String collapsed;
        if (asyncProfiler != null) {
            asyncProfiler.stop();
            collapsed = asyncProfiler.dumpCollapsed(Counter.SAMPLES);
            asyncProfiler.execute("flamegraph,title=" + name + ",file=" + outputDir.resolve(name + ".html"));
        } else {
            sampler.interrupt();
            sampler.join();
            StringBuilder text = new StringBuilder();
            sampler.stacks.forEach((stack, count) -> text.append(stack).append(' ').append(count).append('\n'));
            collapsed = text.toString();
        }
        Files.writeString(outputDir.resolve(name + ".collapsed"), collapsed);
        return ProfileSummary.parse(collapsed, millisPerSample());
    }

    /** The fallback: stack dumps of RUNNABLE threads every few milliseconds, in collapsed form. */
    private static final class DumpSampler extends Thread {
        final Map<String, Long> stacks = new HashMap<>();
        private final boolean wallClock;

        DumpSampler(boolean wallClock) {
            super("benchmark-stack-sampler");
            this.wallClock = wallClock;
            setDaemon(true);
        }

        @Override
        public void run() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long self = Thread.currentThread().getId();
            while (!isInterrupted()) {
                for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
                    StackTraceElement[] frames = info.getStackTrace();
                    if (info.getThreadId() == self || frames.length == 0 || !wallClock
                            && (info.getThreadState() != Thread.State.RUNNABLE
                                    || BLOCKING_LEAVES.contains(frames[0].getClassName() + "." + frames[0].getMethodName()))) {
                        continue;
                    }
                    StringBuilder stack = new StringBuilder("[").append(info.getThreadName()).append(']');
                    for (int i = frames.length - 1; i >= 0; i--) {
                        stack.append(';').append(frames[i].getClassName()).append('.').append(frames[i].getMethodName());
                    }
                    stacks.merge(stack.toString(), 1L, Long::sum);
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(DUMP_INTERVAL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
