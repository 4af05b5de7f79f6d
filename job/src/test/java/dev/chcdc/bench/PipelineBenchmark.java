package dev.chcdc.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.chcdc.bench.SnapshotMeasurements.Measurement;
import dev.chcdc.bench.SnapshotMeasurements.PipelineRun;
import dev.chcdc.stack.ProjectPaths;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's benchmark command ({@code bin/benchmark}): starts real MariaDB and ClickHouse bound to this JVM,
 * loads a table of N rows, and measures, in one run and on the same table:
 *
 * <ol>
 *   <li>the snapshot through our pipeline against three baselines (Flink CDC alone, one bulk insert, a careful
 *       naive copy), with CPU per process, an on-CPU profile of ours and of the naive copy, and a wall-clock
 *       profile of a separate run of ours ({@link SnapshotMeasurements}, {@link JvmProfiler});
 *   <li>streaming: a fixed-rate change load while the same job reads the binlog, commit-to-visible latency, and
 *       the highest rate it sustains ({@link StreamingLoad});
 *   <li>memory: the snapshot of a table ten times larger than a small heap, in a child JVM
 *       ({@link MemoryMeasurement}).
 * </ol>
 *
 * Prints progress as it goes and the Markdown report at the end, which it also writes to {@code --report}.
 * All services and data live in {@code job/target/bench-<time>/}; the data folders are deleted at the end.
 */
public final class PipelineBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineBenchmark.class);
    private static final String DATABASE = "bench";

    private PipelineBenchmark() {}

    public static void main(String[] args) {
        int status;
        try {
            status = benchmark(args);
        } catch (Throwable e) {
            LOG.error("Benchmark failed", e);
            status = 1;
        }
        System.exit(status); // Flink's MiniClusters leave non-daemon threads behind
    }

    private static int benchmark(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Path root = ProjectPaths.detect().root();
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args, root.resolve("job/target/benchmark-report.md").toString());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Path workDir = root.resolve("job/target/bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(workDir);
        LOG.info("Benchmark folder {}", workDir);
        String report;
        try (BenchServices services = BenchServices.start(workDir)) {
            report = run(services, workDir, options, "bin/benchmark " + String.join(" ", args));
        } finally {
            deleteData(workDir);
        }
        Path reportFile = Path.of(options.report());
        Files.createDirectories(reportFile.toAbsolutePath().getParent());
        Files.writeString(reportFile, report);
        System.out.println();
        System.out.println(report);
        System.out.println("Report written to " + reportFile.toAbsolutePath());
        return 0;
    }

    private static String run(BenchServices services, Path workDir, BenchmarkOptions options, String command)
            throws Exception {
        CpuMeter cpu = new CpuMeter(services.mariaDbPid(), services.clickHousePid());
        BenchReport report = new BenchReport(command);
        long rows = options.rows();
        int parallelism = options.parallelism();

        BenchTable.Size size;
        try (Connection root = services.root("")) {
            BenchTable.create(root, DATABASE, BenchTable.NOTE_LENGTH);
            BenchTable.load(root, DATABASE, 1, rows, BenchTable.NOTE_LENGTH);
            size = BenchTable.size(root, DATABASE);
            if (options.warmupRows() > 0) {
                BenchTable.create(root, DATABASE + "_warm", BenchTable.NOTE_LENGTH);
                BenchTable.load(root, DATABASE + "_warm", 1, options.warmupRows(), BenchTable.NOTE_LENGTH);
            }
        }
        SnapshotMeasurements snapshot = new SnapshotMeasurements(services, cpu, workDir, parallelism,
                options.flushInterval(), options.jobOptions());
        report.environment(environment(services, options, snapshot));

        if (options.warmupRows() > 0) {
            LOG.info("Warm-up on {} rows (not measured)", options.warmupRows());
            String warm = DATABASE + "_warm";
            snapshot.naiveCopy(warm, warm + "_c", options.warmupRows(), null);
            snapshot.flinkCdcAlone(warm, warm + "_a", options.warmupRows());
            LocalPipelines.cancel(snapshot.ours(warm, warm + "_ours", options.warmupRows(), null).job());
        }

        JvmProfiler profiler = JvmProfiler.create(workDir);
        // Diagnostic first, on the untouched table: the snapshot path does not use the machine's cores (see the
        // CPU figures); a wall-clock profile of the same run shows where its threads wait instead. Running it
        // before both (a) and ours keeps the order fair between them.
        PipelineRun diagnostic = snapshot.oursWallClock(DATABASE, DATABASE + "_wall", rows, profiler);
        LocalPipelines.cancel(diagnostic.job());

        List<Measurement> measurements = new ArrayList<>();
        Measurement sourceOnly = snapshot.flinkCdcAlone(DATABASE, DATABASE + "_a", rows);
        Measurement naive = snapshot.naiveCopy(DATABASE, DATABASE + "_c", rows, profiler);
        Measurement bulk = snapshot.bulkInsert(DATABASE, DATABASE + "_b", rows);
        PipelineRun ours = snapshot.ours(DATABASE, DATABASE + "_ours", rows, profiler);
        measurements.add(ours.measurement());
        measurements.add(sourceOnly);
        measurements.add(bulk);
        measurements.add(naive);

        StreamingOutcome streaming = null;
        try {
            // Before the streaming load changes the table: every copy must hold exactly MySQL's rows.
            report.snapshot(rows, parallelism, size, ours.config(), measurements, contentChecks(services));
            if (!options.skipStreaming()) {
                streaming = streaming(services, options, rows);
            }
        } finally {
            LocalPipelines.cancel(ours.job());
        }
        report.profiles(profiler.method(), List.of(ours.measurement(), naive), diagnostic.measurement());
        if (streaming != null) {
            report.streaming(options.flushInterval().toMillis(), streaming.results(), streaming.maxSustained());
        }

        if (!options.skipMemory()) {
            report.memory(MemoryMeasurement.run(services, workDir, options));
        }
        report.note("Run folder", "`" + workDir + "` (service logs, checkpoints, profiles; the MariaDB and "
                + "ClickHouse data folders are deleted at the end).");
        return report.markdown();
    }

    /** ours, (b) and (c) against MySQL (aggregates of every column) and against each other (a hash of every row). */
    private static Map<String, String> contentChecks(BenchServices services) throws Exception {
        BenchTable.Checksum mysql;
        try (Connection root = services.root("")) {
            mysql = BenchTable.mysqlChecksum(root, DATABASE);
        }
        BenchTable.Checksum ours = BenchTable.clickHouseChecksum(services, DATABASE + "_ours");
        Map<String, String> checks = new LinkedHashMap<>();
        for (String target : List.of("ours", "b", "c")) {
            BenchTable.Checksum copy = BenchTable.clickHouseChecksum(services, DATABASE + "_" + target);
            checks.put(target.equals("ours") ? "ours" : "(" + target + ")", (copy.sameRowsAs(mysql)
                    ? "aggregates equal MySQL's" : "**aggregates differ from MySQL's**: " + copy.values() + " vs "
                    + mysql.values()) + (copy.contentHash().equals(ours.contentHash()) ? ", row hash = ours"
                    : ", **row hash differs from ours**"));
        }
        return checks;
    }

    private record StreamingOutcome(List<StreamingLoad.Result> results, String maxSustained) {}

    /** The fixed-rate load, then higher rates until the pipeline or the writers stop keeping up. */
    private static StreamingOutcome streaming(BenchServices services, BenchmarkOptions options, long rows)
            throws Exception {
        long budget = options.flushInterval().toMillis() + BenchReport.LATENCY_MARGIN_MILLIS;
        StreamingLoad load = new StreamingLoad(services, DATABASE, DATABASE + "_ours", rows, options.writers());
        List<StreamingLoad.Result> results = new ArrayList<>();
        long idBase = 1_000_000_000_000L;
        long step = 10_000_000_000L;
        // The binlog reader starts after the last snapshot split is acknowledged; give it a few seconds of load.
        results.add(load.run("warm-up", options.streamRate(), 5, idBase));
        StreamingLoad.Result fixed = load.run("fixed " + options.streamRate() + "/s", options.streamRate(),
                options.streamSeconds(), idBase + step);
        results.add(fixed);
        String maxSustained = "not reached: the fixed rate already missed the latency target";
        boolean fixedPassed = fixed.allVisible() && fixed.percentile(99) < budget;
        if (fixedPassed) {
            maxSustained = String.format("≥ %,.0f changes/s (fixed rate)", fixed.achievedRate());
        }
        int index = 2;
        for (int rate : options.stepRates()) {
            if (!fixedPassed || rate <= options.streamRate()) {
                continue;
            }
            StreamingLoad.Result result = load.run("step " + rate + "/s", rate, options.stepSeconds(), idBase + index++ * step);
            results.add(result);
            boolean pipelineKeptUp = result.allVisible() && result.percentile(99) < budget;
            if (!pipelineKeptUp) {
                maxSustained += String.format("; at %,d/s offered (%,.0f achieved) p99 was %d ms", rate,
                        result.achievedRate(), result.percentile(99));
                break;
            }
            if (!result.writersKeptUp()) {
                maxSustained = String.format("≥ %,.0f changes/s: the %d MySQL writers topped out there (offered "
                        + "%,d/s) while the pipeline still kept p99 at %d ms", result.achievedRate(), options.writers(),
                        rate, result.percentile(99));
                break;
            }
            maxSustained = String.format("≥ %,.0f changes/s (p99 %d ms)", result.achievedRate(), result.percentile(99));
        }
        return new StreamingOutcome(results, maxSustained);
    }

    private static Map<String, String> environment(BenchServices services, BenchmarkOptions options,
            SnapshotMeasurements snapshot) throws Exception {
        Map<String, String> facts = new LinkedHashMap<>();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        facts.put("Machine", String.format("%d cores (%s), %d GiB RAM, %s %s", CpuMeter.machineCores(),
                CpuMeter.cpuModel(), os.getTotalMemorySize() >> 30, System.getProperty("os.name"),
                System.getProperty("os.version")));
        facts.put("JVM", String.format("%s %s, heap max %d MB, GC %s", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                        .collect(Collectors.joining(", "))));
        String mariaDbVersion;
        try (Connection root = services.root("");
                Statement statement = root.createStatement();
                ResultSet result = statement.executeQuery("SELECT VERSION()")) {
            result.next();
            mariaDbVersion = result.getString(1);
        }
        facts.put("MariaDB", mariaDbVersion + " (stands in for MySQL 8)");
        facts.put("ClickHouse", services.clickHouseQuery("SELECT version()").trim() + " (clickhouse-local server from libchdb)");
        facts.put("Flink / Flink CDC / client-v2 / Connector/J", EnvironmentInformation.getVersion() + " / "
                + jarVersion(org.apache.flink.cdc.connectors.mysql.source.MySqlSource.class) + " / "
                + jarVersion(com.clickhouse.client.api.Client.class) + " / " + jarVersion(com.mysql.cj.jdbc.Driver.class));
        var config = snapshot.config(DATABASE, DATABASE + "_ours");
        facts.put("Code", gitDescription());
        facts.put("N rows / parallelism", String.format("%,d / %d", options.rows(), options.parallelism()));
        facts.put("Job settings", String.format("chunk %d, fetch %d, skip-backfill %s, batch %d, flush = checkpoint "
                        + "interval %d ms%s", config.mysql().chunkSize(), config.mysql().fetchSize(),
                config.mysql().skipBackfill(), config.clickhouse().batchSize(), options.flushInterval().toMillis(),
                options.jobOptions().isEmpty() ? "" : ", overrides " + options.jobOptions()));
        return facts;
    }

    /** The commit the benchmark ran on, and whether the work tree had changes on top of it. */
    private static String gitDescription() {
        try {
            Path root = ProjectPaths.detect().root();
            String commit = command(root, "git", "rev-parse", "--short", "HEAD").strip();
            boolean dirty = !command(root, "git", "status", "--porcelain", "--untracked-files=no").isBlank();
            return "commit " + commit + (dirty ? " + uncommitted changes" : "");
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String command(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + output.strip());
        }
        return output;
    }

    /** The version in a class's jar file name, e.g. 3.5.0 from flink-sql-connector-mysql-cdc-3.5.0.jar. */
    private static String jarVersion(Class<?> type) {
        try {
            String jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("-(\\d+(\\.\\d+)+[^/]*?)\\.jar$").matcher(jar);
            return matcher.find() ? matcher.group(1) : jar;
        } catch (Exception e) {
            return "?";
        }
    }

    /** Deletes the services' data folders (GBs for the memory table); logs and profiles stay. */
    private static void deleteData(Path workDir) {
        for (String data : List.of("mariadb/data", "clickhouse/data")) {
            Path dir = workDir.resolve(data);
            if (!Files.exists(dir)) {
                continue;
            }
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (Exception e) {
                LOG.warn("Could not delete {}: {}", dir, e.toString());
            }
        }
    }
}
