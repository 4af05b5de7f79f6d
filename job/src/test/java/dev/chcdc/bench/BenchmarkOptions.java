package dev.chcdc.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's command line: {@code --name value} pairs and a few flags, all with defaults that give the
 * project's reference run (1M rows, parallelism 2). {@link #usage()} lists them.
 *
 * @param rows rows in the snapshot table
 * @param parallelism source and sink parallelism of the Flink jobs
 * @param flushInterval the pipeline's clickhouse.flush-interval, which is also its checkpoint interval
 * @param warmupRows rows of a small table every Flink path and the naive copy run once on before measuring, so
 *     that JIT compilation and class loading do not land on whichever path happens to run first (0: none)
 * @param streamSeconds how long the fixed-rate change load runs after the snapshot
 * @param streamRate the fixed rate in row changes per second
 * @param stepRates the rates tried after the fixed one to find the highest sustained rate (empty: none)
 * @param stepSeconds how long each step runs
 * @param writers MySQL writer threads of the change load
 * @param memoryHeap -Xmx of the child JVM that snapshots a table larger than its heap (e.g. 512m)
 * @param memoryFactor how many times the heap the memory test's table must be, in InnoDB data_length
 * @param memoryNoteLength characters in the memory table's note, i.e. how wide its rows are (the main table has
 *     {@link BenchTable#NOTE_LENGTH}; wider rows make the table big sooner but each snapshot chunk heavier)
 * @param jobOptions extra job configuration keys applied to every pipeline run (e.g. mysql.snapshot.chunk-size)
 * @param skipStreaming skip the streaming part
 * @param skipMemory skip the memory part
 * @param report where the Markdown report is written
 */
record BenchmarkOptions(
        long rows,
        int parallelism,
        Duration flushInterval,
        long warmupRows,
        int streamSeconds,
        int streamRate,
        List<Integer> stepRates,
        int stepSeconds,
        int writers,
        String memoryHeap,
        int memoryFactor,
        int memoryNoteLength,
        Map<String, String> jobOptions,
        boolean skipStreaming,
        boolean skipMemory,
        String report) {

    static String usage() {
        return """
                bin/benchmark [options]   (run it under the machine lock: flock /tmp/mvn.lock bin/benchmark ...)
                  --rows N                rows in the snapshot table (default 1000000)
                  --parallelism P         Flink parallelism (default 2)
                  --flush-interval MS     clickhouse.flush-interval = checkpoint interval in ms (default 1000)
                  --warmup-rows N         warm-up table size, 0 for none (default 50000)
                  --stream-seconds S      fixed-rate change load duration (default 30)
                  --stream-rate R         fixed rate, row changes/s (default 2000)
                  --step-rates R1,R2,...  higher rates tried to find the max sustained one (default 5000,10000,20000,40000)
                  --step-seconds S        duration of each step (default 10)
                  --writers W             MySQL writer threads of the change load (default 2)
                  --memory-heap SIZE      -Xmx of the memory test's child JVM (default 512m)
                  --memory-factor F       memory table size as a multiple of that heap (default 10)
                  --memory-note-length L  characters in the memory table's note column (default 300; the main table has 40)
                  --job KEY=VALUE         extra job option for every pipeline run (repeatable)
                  --skip-streaming        skip the streaming part
                  --skip-memory           skip the memory part
                  --report FILE           Markdown report (default job/target/benchmark-report.md)
                """;
    }

    static BenchmarkOptions parse(String[] args, String defaultReport) {
        long rows = 1_000_000;
        int parallelism = 2;
        Duration flush = Duration.ofSeconds(1);
        long warmup = 50_000;
        int streamSeconds = 30;
        int streamRate = 2_000;
        List<Integer> steps = List.of(5_000, 10_000, 20_000, 40_000);
        int stepSeconds = 10;
        int writers = 2;
        String heap = "512m";
        int factor = 10;
        int noteLength = 300;
        Map<String, String> jobOptions = new LinkedHashMap<>();
        boolean skipStreaming = false;
        boolean skipMemory = false;
        String report = defaultReport;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--skip-streaming" -> skipStreaming = true;
                case "--skip-memory" -> skipMemory = true;
                case "--help", "-h" -> throw new IllegalArgumentException(usage());
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("Option " + arg + " needs a value\n" + usage());
                    }
                    String value = args[++i];
                    switch (arg) {
                        case "--rows" -> rows = Long.parseLong(value.replace("_", ""));
                        case "--parallelism" -> parallelism = Integer.parseInt(value);
                        case "--flush-interval" -> flush = Duration.ofMillis(Long.parseLong(value));
                        case "--warmup-rows" -> warmup = Long.parseLong(value.replace("_", ""));
                        case "--stream-seconds" -> streamSeconds = Integer.parseInt(value);
                        case "--stream-rate" -> streamRate = Integer.parseInt(value);
                        case "--step-rates" -> steps = parseRates(value);
                        case "--step-seconds" -> stepSeconds = Integer.parseInt(value);
                        case "--writers" -> writers = Integer.parseInt(value);
                        case "--memory-heap" -> heap = value;
                        case "--memory-factor" -> factor = Integer.parseInt(value);
                        case "--memory-note-length" -> noteLength = Integer.parseInt(value);
                        case "--job" -> {
                            int eq = value.indexOf('=');
                            if (eq <= 0) {
                                throw new IllegalArgumentException("--job takes KEY=VALUE, got " + value);
                            }
                            jobOptions.put(value.substring(0, eq), value.substring(eq + 1));
                        }
                        case "--report" -> report = value;
                        default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + usage());
                    }
                }
            }
        }
        if (rows < 1 || parallelism < 1 || writers < 1 || streamRate < 1 || noteLength < 1 || noteLength > 16_000) {
            throw new IllegalArgumentException("rows, parallelism, writers, stream rate and note length must be "
                    + "positive (note length at most 16000)");
        }
        return new BenchmarkOptions(rows, parallelism, flush, warmup, streamSeconds, streamRate, steps, stepSeconds,
                writers, heap, factor, noteLength, Map.copyOf(jobOptions), skipStreaming, skipMemory, report);
    }

    private static List<Integer> parseRates(String value) {
        List<Integer> rates = new ArrayList<>();
        if (!value.isBlank() && !value.equals("none")) {
            for (String part : value.split(",")) {
                rates.add(Integer.parseInt(part.strip().replace("_", "")));
            }
        }
        return List.copyOf(rates);
    }

    /** -Xmx-style size in bytes: 256m, 1g, 300000k. */
    static long parseSize(String size) {
        String s = size.strip().toLowerCase(java.util.Locale.ROOT);
        long unit = switch (s.charAt(s.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
    }
}
