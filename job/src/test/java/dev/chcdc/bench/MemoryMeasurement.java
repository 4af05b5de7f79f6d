package dev.chcdc.bench;

import java.io.Reader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "The TaskManager heap stays flat while snapshotting a table ten times larger than the heap."
 *
 * <p>Builds a table whose InnoDB data (data_length after ANALYZE TABLE, i.e. the clustered index holding the
 * rows) is at least {@code factor} times the heap, with wider rows than the main table (a long VARCHAR note) so
 * that this takes minutes, not hours; then runs the real pipeline over it in a child JVM started with that
 * {@code -Xmx} (JobManager, TaskManager and the job's client all share that heap, so the figure is an upper
 * bound for the TaskManager alone) and reads back the child's heap samples. If the job kept the table, or any
 * part of it that grows with the table, it would die with OutOfMemoryError long before the end; a completed
 * run with a flat after-GC heap from the first quarter of the rows to the last is the claim, measured.
 *
 * <p>What the heap does have to hold grows with other things, which the report prints next to the figure: Flink
 * CDC reads each snapshot chunk with a positive JDBC fetch size on a connection without {@code useCursorFetch},
 * so Connector/J buffers the whole chunk's result ({@code chunk-size} rows) per reader, and the sink buffers one
 * checkpoint interval of encoded rows. Both scale with row width, so {@code --memory-note-length} makes the
 * same test with wide rows.
 */
final class MemoryMeasurement {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryMeasurement.class);
    static final String DATABASE = "bench_mem";
    private static final long PROBE_ROWS = 20_000;

    /** What the child saw, with the table it read. */
    record Result(String heapOption, long heapMaxBytes, BenchTable.Size table, long rows, int chunkSize,
            int parallelism, long flushMillis, String outcome, String error, double seconds,
            List<HeapSampler.Sample> afterGc, List<HeapSampler.Sample> periodic, long gcCount, long gcMillis,
            long fullGcCount, int exitCode, Path log) {

        /** InnoDB bytes of one snapshot chunk: what one reader's JDBC result holds at once (see the class doc). */
        long chunkBytes() {
            return chunkSize * (table.dataLength() / Math.max(1, rows));
        }

        double tableToHeap() {
            return table.dataLength() / (double) heapMaxBytes;
        }

        boolean completed() {
            return "ok".equals(outcome);
        }

        /** After-GC heap samples taken while rows were arriving in ClickHouse, in {@code [from, to)} of the rows. */
        List<Long> afterGcBetween(double from, double to) {
            List<Long> used = new ArrayList<>();
            for (HeapSampler.Sample sample : afterGc) {
                if (sample.progress() > 0 && sample.progress() >= from && (sample.progress() < to || to >= 1)) {
                    used.add(sample.usedBytes());
                }
            }
            return used;
        }
    }

    private MemoryMeasurement() {}

    static Result run(BenchServices services, Path workDir, BenchmarkOptions options) throws Exception {
        long heapBytes = BenchmarkOptions.parseSize(options.memoryHeap());
        long targetBytes = heapBytes * options.memoryFactor();
        int noteLength = options.memoryNoteLength();
        BenchTable.Size size;
        long rows;
        try (Connection root = services.root("")) {
            BenchTable.create(root, DATABASE, noteLength);
            BenchTable.load(root, DATABASE, 1, PROBE_ROWS, noteLength);
            size = BenchTable.size(root, DATABASE);
            rows = PROBE_ROWS;
            long bytesPerRow = Math.max(1, size.dataLength() / Math.max(1, PROBE_ROWS));
            while (size.dataLength() < targetBytes) {
                long more = Math.max(PROBE_ROWS, (long) ((targetBytes - size.dataLength()) / (double) bytesPerRow * 1.08));
                LOG.info("Memory table: {} MB of {} MB; adding {} rows", size.dataLength() >> 20, targetBytes >> 20, more);
                BenchTable.load(root, DATABASE, rows + 1, rows + more, noteLength);
                rows += more;
                size = BenchTable.size(root, DATABASE);
                bytesPerRow = Math.max(1, size.dataLength() / rows);
            }
        }
        LOG.info("Memory table {}.items: {} rows, data_length {} MB, {}x the {} heap", DATABASE, rows,
                size.dataLength() >> 20, String.format("%.1f", size.dataLength() / (double) heapBytes),
                options.memoryHeap());

        int serverIdStart = services.serverIdStart(options.parallelism());
        int chunkSize = BenchServices.jobConfig(services.mariaDb().port(), services.clickHouse().httpUrl(), DATABASE,
                DATABASE, options.parallelism(), options.flushInterval(), serverIdStart, options.jobOptions())
                .mysql().chunkSize();
        Path dir = workDir.resolve("memory");
        Files.createDirectories(dir);
        Properties in = new Properties();
        in.setProperty("rows", String.valueOf(rows));
        in.setProperty("database", DATABASE);
        in.setProperty("target", DATABASE);
        in.setProperty("mysql.port", String.valueOf(services.mariaDb().port()));
        in.setProperty("clickhouse.url", services.clickHouse().httpUrl());
        in.setProperty("parallelism", String.valueOf(options.parallelism()));
        in.setProperty("flush.millis", String.valueOf(options.flushInterval().toMillis()));
        in.setProperty("server.id.start", String.valueOf(serverIdStart));
        in.setProperty("checkpoints", dir.resolve("checkpoints").toString());
        in.setProperty("timeout.minutes", "60");
        Path samples = dir.resolve("heap-samples.txt");
        in.setProperty("samples", samples.toString());
        for (Map.Entry<String, String> option : options.jobOptions().entrySet()) {
            in.setProperty("job." + option.getKey(), option.getValue());
        }
        Path input = dir.resolve("input.properties");
        Path output = dir.resolve("result.properties");
        try (Writer writer = Files.newBufferedWriter(input)) {
            in.store(writer, "SnapshotMemoryRun input");
        }

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + options.memoryHeap());
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:+HeapDumpOnOutOfMemoryError");
        command.add("-XX:HeapDumpPath=" + dir.resolve("oom.hprof"));
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-opens") || argument.startsWith("--add-exports")
                    || argument.startsWith("-Dproject.root")) {
                command.add(argument);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SnapshotMemoryRun.class.getName());
        command.add(input.toString());
        command.add(output.toString());
        Path log = dir.resolve("child.log");
        LOG.info("Starting the memory run in a child JVM with -Xmx{} (log: {})", options.memoryHeap(), log);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(70, TimeUnit.MINUTES)) {
            child.destroyForcibly().waitFor();
            throw new IllegalStateException("The memory run did not finish within 70 minutes; see " + log);
        }
        int exit = child.exitValue();
        List<List<HeapSampler.Sample>> heap = HeapSampler.read(samples);
        if (!Files.exists(output)) {
            double lastSample = heap.get(1).isEmpty() ? 0 : heap.get(1).get(heap.get(1).size() - 1).seconds();
            return new Result(options.memoryHeap(), heapBytes, size, rows, chunkSize, options.parallelism(),
                    options.flushInterval().toMillis(), exit == 3 ? "OutOfMemoryError" : "failed",
                    "child JVM exited with " + exit + "; see " + log, lastSample, heap.get(0), heap.get(1),
                    heap.get(0).size(), 0, 0, exit, log);
        }
        Properties out = new Properties();
        try (Reader reader = Files.newBufferedReader(output)) {
            out.load(reader);
        }
        return new Result(options.memoryHeap(), Long.parseLong(out.getProperty("heap.max")), size, rows, chunkSize,
                options.parallelism(), options.flushInterval().toMillis(), out.getProperty("outcome"), out.getProperty("error"), Double.parseDouble(out.getProperty("seconds")),
                heap.get(0), heap.get(1),
                Long.parseLong(out.getProperty("gc.count")), Long.parseLong(out.getProperty("gc.millis")),
                Long.parseLong(out.getProperty("gc.full")), exit, log);
    }
}
