package dev.chcdc.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where one measurement's JVM CPU went, from collapsed stacks: by component (each sample is charged to the
 * innermost frame that belongs to a known library or to our code; JDK and native frames are charged to their
 * caller, so e.g. SHA-256 inside our sink counts as our sink), by leaf frame (self time), by our methods
 * inclusive of what they call, and by thread.
 */
final class ProfileSummary {
    /** Package prefixes and the component they stand for, most specific first. */
    private static final List<Map.Entry<String, String>> COMPONENTS = List.of(
            Map.entry("dev.chcdc.clickhouse.encoding.", "ours: RowBinary encoding"),
            Map.entry("dev.chcdc.clickhouse.sink.", "ours: sink writer/committer (buffer, batch copy, SHA-256)"),
            Map.entry("dev.chcdc.clickhouse.client.", "ours: ClickHouse gateway"),
            Map.entry("dev.chcdc.source.", "ours: deserializer (Debezium record -> ChangeEvent)"),
            Map.entry("dev.chcdc.bench.", "benchmark code (row-count polling; in (c) the TSV loop)"),
            Map.entry("dev.chcdc.", "ours: other"),
            Map.entry("com.clickhouse.", "ClickHouse client-v2 (HTTP, LZ4)"),
            Map.entry("org.apache.hc.", "ClickHouse client-v2 (HTTP, LZ4)"),
            Map.entry("net.jpountz.", "ClickHouse client-v2 (HTTP, LZ4)"),
            Map.entry("com.mysql.cj.", "MySQL JDBC driver (reading rows)"),
            Map.entry("com.github.shyiko.", "binlog client"),
            Map.entry("org.apache.flink.cdc.connectors.shaded.org.apache.kafka.", "Kafka Connect data (Struct, Schema)"),
            Map.entry("io.debezium.", "Debezium (row -> SourceRecord)"),
            Map.entry("org.apache.flink.cdc.", "Flink CDC (split reader, record emitter)"),
            Map.entry("org.apache.flink.", "Flink runtime (tasks, mailbox, checkpoints, network)"),
            Map.entry("org.apache.pekko.", "Flink RPC"),
            Map.entry("akka.", "Flink RPC"),
            Map.entry("org.apache.logging.", "logging"),
            Map.entry("org.slf4j.", "logging"));
    /** Frames of a thread that is blocked: parked, waiting on a monitor, sleeping, or in a blocking read/poll. */
    private static final Set<String> WAITING_FRAMES = Set.of("jdk.internal.misc.Unsafe.park", "java.lang.Object.wait",
            "java.lang.Thread.sleep", "sun.nio.ch.EPoll.wait", "sun.nio.ch.Net.poll", "sun.nio.ch.SocketDispatcher.read0",
            "java.net.SocketInputStream.socketRead0", "sun.nio.ch.FileDispatcherImpl.read0",
            "java.io.FileInputStream.readBytes", "sun.nio.ch.NioSocketImpl.park");
    private static final Pattern PACKAGE = Pattern.compile("^[a-z][a-z0-9_]*\\..*");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern ANNOTATION = Pattern.compile("_\\[[a-z0-9]\\]$");

    private final long samples;
    private final double millisPerSample;
    private final Map<String, Long> components = new HashMap<>();
    private final Map<String, Long> leaves = new HashMap<>();
    private final Map<String, Long> ourInclusive = new HashMap<>();
    private final Map<String, Long> threads = new HashMap<>();
    /** Wall-clock view: per thread kind, the innermost non-JDK frame of each sample, and whether it waited. */
    private final Map<String, Map<String, Long>> threadFrames = new HashMap<>();
    private final Map<String, Long> threadWaiting = new HashMap<>();
    /** Per thread kind, how many samples had each frame anywhere on the stack. */
    private final Map<String, Map<String, Long>> threadInclusive = new HashMap<>();

    private ProfileSummary(long samples, double millisPerSample) {
        this.samples = samples;
        this.millisPerSample = millisPerSample;
    }

    static ProfileSummary parse(String collapsed, double millisPerSample) {
        long total = 0;
        for (String line : collapsed.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space > 0) {
                total += Long.parseLong(line.substring(space + 1).strip());
            }
        }
        ProfileSummary summary = new ProfileSummary(total, millisPerSample);
        for (String line : collapsed.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            long count = Long.parseLong(line.substring(space + 1).strip());
            String[] frames = line.substring(0, space).split(";");
            String thread = "?";
            int first = 0;
            if (frames.length > 0 && frames[0].startsWith("[")) {
                thread = threadName(frames[0]);
                first = 1;
            }
            for (int i = first; i < frames.length; i++) {
                frames[i] = frameName(frames[i]);
            }
            summary.add(thread, frames, first, count);
        }
        return summary;
    }

    private void add(String thread, String[] frames, int first, long count) {
        threads.merge(thread, count, Long::sum);
        String leaf = frames.length > first ? frames[frames.length - 1] : "?";
        leaves.merge(leaf, count, Long::sum);
        components.merge(component(thread, frames, first), count, Long::sum);
        boolean waiting = false;
        for (int i = first; i < frames.length; i++) {
            if (WAITING_FRAMES.contains(frames[i])) {
                waiting = true;
                break;
            }
        }
        if (waiting) {
            threadWaiting.merge(thread, count, Long::sum);
        }
        threadFrames.computeIfAbsent(thread, key -> new HashMap<>())
                .merge((waiting ? "waits in " : "runs ") + innermostLibraryFrame(frames, first), count, Long::sum);
        Map<String, Long> inclusive = threadInclusive.computeIfAbsent(thread, key -> new HashMap<>());
        Set<String> seen = new HashSet<>();
        for (int i = first; i < frames.length; i++) {
            if (!seen.add(frames[i])) {
                continue;
            }
            inclusive.merge(frames[i], count, Long::sum);
            if (frames[i].startsWith("dev.chcdc.") && !frames[i].startsWith("dev.chcdc.bench.")) {
                ourInclusive.merge(frames[i], count, Long::sum);
            }
        }
    }

    private static String component(String thread, String[] frames, int first) {
        // Native thread names are cut at 15 characters ("C2 CompilerThre"); digits are already "N".
        if (thread.startsWith("GC Thread") || thread.startsWith("G1 ") || thread.startsWith("GC ")) {
            return "JVM: garbage collection";
        }
        if (thread.contains("CompilerThre")) {
            return "JVM: JIT compiler";
        }
        if (thread.startsWith("VM ")) {
            return "JVM: VM thread (safepoints)";
        }
        for (int i = frames.length - 1; i >= first; i--) {
            for (Map.Entry<String, String> rule : COMPONENTS) {
                if (frames[i].startsWith(rule.getKey())) {
                    return rule.getValue();
                }
            }
        }
        return "JDK / native / other";
    }

    /** The innermost frame outside the JDK and native code: the library or our code that is running or waiting. */
    private static String innermostLibraryFrame(String[] frames, int first) {
        for (int i = frames.length - 1; i >= first; i--) {
            String frame = frames[i];
            if (PACKAGE.matcher(frame).matches() && !frame.contains("::") && !frame.startsWith("java.")
                    && !frame.startsWith("jdk.") && !frame.startsWith("sun.") && !frame.startsWith("javax.")) {
                return frame;
            }
        }
        return frames.length > first ? frames[frames.length - 1] : "?";
    }

    /**
     * Markdown for a wall-clock profile: for each kind of thread whose name starts with one of {@code prefixes},
     * how much of its time it waited, and the frames it ran or waited in most.
     */
    String wallClockMarkdown(String title, List<String> prefixes, int topFrames) {
        StringBuilder out = new StringBuilder("**").append(title).append("**\n\n");
        for (Map.Entry<String, Long> thread : top(threads, threads.size()).entrySet()) {
            if (prefixes.stream().noneMatch(thread.getKey()::startsWith)) {
                continue;
            }
            long total = thread.getValue();
            long waiting = threadWaiting.getOrDefault(thread.getKey(), 0L);
            out.append(String.format("Thread `%s`: %d samples, waiting %.0f%%, running %.0f%%%n%n",
                    thread.getKey().replace("|", "/"), total, 100.0 * waiting / total, 100.0 * (total - waiting) / total));
            out.append("| Innermost library/our frame | Share of this thread's time |\n|---|---:|\n");
            top(threadFrames.get(thread.getKey()), topFrames).forEach((frame, count) -> out.append("| `")
                    .append(abbreviate(frame)).append("` | ").append(String.format("%.1f%%", 100.0 * count / total))
                    .append(" |\n"));
            out.append('\n');
        }
        return out.toString();
    }

    /** {@code [Source: X (1/2)#0 tid=123]} becomes {@code Source: X (N/N)#N}: one row per kind of thread. */
    private static String threadName(String frame) {
        String name = frame.substring(1, frame.length() - 1).replaceAll(" tid=\\d+$", "");
        return DIGITS.matcher(name).replaceAll("N");
    }

    private static String frameName(String frame) {
        return ANNOTATION.matcher(frame).replaceAll("").replace('/', '.');
    }

    /** Share of the time of threads whose name starts with {@code threadPrefix} spent under {@code frame}. */
    double threadShareUnder(String threadPrefix, String frame) {
        long total = 0;
        long under = 0;
        for (Map.Entry<String, Long> thread : threads.entrySet()) {
            if (thread.getKey().startsWith(threadPrefix)) {
                total += thread.getValue();
                under += threadInclusive.getOrDefault(thread.getKey(), Map.of()).getOrDefault(frame, 0L);
            }
        }
        return total == 0 ? 0 : under / (double) total;
    }

    long samples() {
        return samples;
    }

    double cpuSeconds() {
        return samples * millisPerSample / 1000.0;
    }

    /** Share of all samples charged to a component, 0..1. */
    double componentShare(String prefixOfName) {
        return components.entrySet().stream().filter(e -> e.getKey().startsWith(prefixOfName))
                .mapToLong(Map.Entry::getValue).sum() / (double) Math.max(1, samples);
    }

    /** Markdown tables: components, top leaf frames, our methods inclusive, threads. */
    String markdown(String title, int topFrames) {
        StringBuilder out = new StringBuilder();
        out.append("**").append(title).append("**: ").append(samples).append(" samples = ")
                .append(String.format("%.1f", cpuSeconds())).append(" CPU-s of the JVM\n\n");
        out.append("| Component (innermost known frame) | Share | CPU-s |\n|---|---:|---:|\n");
        top(components, 20).forEach((name, count) -> out.append("| ").append(name).append(" | ")
                .append(percent(count)).append(" | ").append(String.format("%.1f", count * millisPerSample / 1000))
                .append(" |\n"));
        out.append("\n| # | Top leaf frame (self time) | Share |\n|---:|---|---:|\n");
        int rank = 1;
        for (Map.Entry<String, Long> entry : top(leaves, topFrames).entrySet()) {
            out.append("| ").append(rank++).append(" | `").append(abbreviate(entry.getKey())).append("` | ")
                    .append(percent(entry.getValue())).append(" |\n");
        }
        if (!ourInclusive.isEmpty()) {
            out.append("\n| Our method, inclusive of callees | Share |\n|---|---:|\n");
            top(ourInclusive, 12).forEach((name, count) -> out.append("| `").append(name.replace("dev.chcdc.", ""))
                    .append("` | ").append(percent(count)).append(" |\n"));
        }
        out.append("\n| Thread | Share |\n|---|---:|\n");
        top(threads, 8).forEach((name, count) -> out.append("| ").append(name.replace("|", "/")).append(" | ")
                .append(percent(count)).append(" |\n"));
        return out.toString();
    }

    private String percent(long count) {
        return String.format("%.1f%%", 100.0 * count / Math.max(1, samples));
    }

    private static String abbreviate(String frame) {
        return frame.length() <= 110 ? frame : "..." + frame.substring(frame.length() - 107);
    }

    private static Map<String, Long> top(Map<String, Long> counts, int limit) {
        Map<String, Long> top = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }
}
