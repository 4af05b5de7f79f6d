package dev.chcdc.bench;

import dev.chcdc.JobStartup;
import dev.chcdc.clickhouse.client.ClickHouseGateway;
import dev.chcdc.clickhouse.encoding.RowBinaryBuffer;
import dev.chcdc.clickhouse.encoding.RowBinaryEncoder;
import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.config.JobConfig;
import dev.chcdc.event.RowImage;
import dev.chcdc.event.SourcePosition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four ways of getting the same MySQL table into ClickHouse, each timed from its own start (connections,
 * JobStartup and MiniCluster start-up included) to the moment the last row is there:
 *
 * <ul>
 *   <li><b>ours</b>: the real job (JobStartup.prepare, then CdcJob's topology) until the raw table holds every row;
 *   <li><b>(a)</b> Flink CDC alone: the job's source, same settings and deserializer, into a counting sink;
 *   <li><b>(b)</b> one client-v2 RowBinary insert of rows already encoded by our encoder (ClickHouse's floor);
 *   <li><b>(c)</b> the careful naive copy of {@link NaiveCopy} (JDBC text → TSV → one insert, no Flink).
 * </ul>
 *
 * <p>CPU use of JVM, MariaDB and ClickHouse is read around each run ({@link CpuMeter}); "ours" and (c) can be
 * profiled ({@link JvmProfiler}).
 */
final class SnapshotMeasurements {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotMeasurements.class);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
    private static final long POLL_MILLIS = 100;

    private final BenchServices services;
    private final CpuMeter cpu;
    private final Path workDir;
    private final int parallelism;
    private final Duration flushInterval;
    private final Map<String, String> jobOptions;

    /** One timed run. */
    record Measurement(String name, long rows, CpuMeter.Usage usage, String details, ProfileSummary profile) {
        double seconds() {
            return usage.seconds();
        }

        double rowsPerSecond() {
            return rows / usage.seconds();
        }
    }

    /** "ours" keeps running after the snapshot, for the streaming part; the caller cancels it. */
    record PipelineRun(Measurement measurement, JobClient job, JobConfig config, JobStartup startup) {}

    SnapshotMeasurements(BenchServices services, CpuMeter cpu, Path workDir, int parallelism, Duration flushInterval,
            Map<String, String> jobOptions) {
        this.services = services;
        this.cpu = cpu;
        this.workDir = workDir;
        this.parallelism = parallelism;
        this.flushInterval = flushInterval;
        this.jobOptions = jobOptions;
    }

    JobConfig config(String database, String target) {
        return services.jobConfig(database, target, parallelism, flushInterval, jobOptions);
    }

    /** ours: the real pipeline until ClickHouse has {@code rows} rows; the job is left running. */
    PipelineRun ours(String database, String target, long rows, JvmProfiler profiler) throws Exception {
        return ours(database, target, rows, profiler, false);
    }

    /**
     * ours with a wall-clock profile instead of an on-CPU one: a diagnostic run, not a measurement (wall-clock
     * sampling of every thread costs more), that shows where the pipeline's threads wait.
     */
    PipelineRun oursWallClock(String database, String target, long rows, JvmProfiler profiler) throws Exception {
        return ours(database, target, rows, profiler, true);
    }

    private PipelineRun ours(String database, String target, long rows, JvmProfiler profiler, boolean wallClock)
            throws Exception {
        JobConfig config = config(database, target);
        if (profiler != null && wallClock) {
            profiler.startWallClock();
        } else if (profiler != null) {
            profiler.start();
        }
        CpuMeter.Reading start = cpu.read();
        JobStartup startup = JobStartup.prepare(config);
        JobClient job = LocalPipelines.submitPipeline(config, startup, workDir.resolve("checkpoints"));
        try {
            LocalPipelines.awaitProgress(job, () -> services.clickHouseCount(target, BenchTable.RAW_TABLE), rows,
                    POLL_MILLIS, RUN_TIMEOUT, "ours");
        } catch (Exception e) {
            LocalPipelines.cancel(job);
            throw e;
        }
        CpuMeter.Usage usage = CpuMeter.between(start, cpu.read());
        ProfileSummary profile = profiler == null ? null
                : profiler.stop((wallClock ? "wall-clock-ours-" : "profile-ours-") + target);
        LOG.info("ours on {}: {} rows in {} s ({})", database, rows, String.format("%.1f", usage.seconds()),
                usage.describe());
        return new PipelineRun(new Measurement("ours", rows, usage, "JobStartup.prepare + CdcJob topology, until "
                + "SELECT count() of the raw table = N (polled every " + POLL_MILLIS + " ms)", profile), job, config, startup);
    }

    /** (a): the same source into a counting sink, until it has counted {@code rows} events. */
    Measurement flinkCdcAlone(String database, String target, long rows) throws Exception {
        JobConfig config = config(database, target);
        String counter = "source-only-" + target;
        LongAdder events = CountingDiscardSink.counter(counter);
        events.reset();
        CpuMeter.Reading start = cpu.read();
        JobStartup startup = JobStartup.prepare(config);
        JobClient job = LocalPipelines.submitSourceOnly(config, startup, workDir.resolve("checkpoints"), counter);
        try {
            LocalPipelines.awaitProgress(job, events::sum, rows, 20, RUN_TIMEOUT, "Flink CDC alone");
        } finally {
            LocalPipelines.cancel(job);
        }
        CpuMeter.Usage usage = CpuMeter.between(start, cpu.read());
        LOG.info("(a) Flink CDC alone on {}: {} rows in {} s ({})", database, rows,
                String.format("%.1f", usage.seconds()), usage.describe());
        return new Measurement("(a) Flink CDC alone", rows, usage, "same MySqlSource + ChangeEventDeserializer into "
                + "a counting discard sink, until N events counted", null);
    }

    /**
     * (b): the table's rows, read and encoded with our RowBinaryEncoder beforehand (not timed; the encoding's own
     * speed is reported in the details), then inserted with one client-v2 insert through our gateway.
     */
    Measurement bulkInsert(String database, String target, long rows) throws Exception {
        JobConfig config = config(database, target);
        JobStartup startup = JobStartup.prepare(config);
        ClickHouseTable table = startup.targets().get(0);
        Encoded encoded = encodeTable(database, table, startup.snapshotVersion(), rows);
        LOG.info("(b) encoded {} rows ({} MB RowBinary) at {} rows/s", encoded.rows,
                encoded.bytes.length / 1_000_000, String.format("%.0f", encoded.rows / encoded.encodeSeconds));
        CpuMeter.Reading start = cpu.read();
        try (ClickHouseGateway gateway = new ClickHouseGateway(config.clickhouse())) {
            gateway.insertRowBinary(target, table.rawTable(), new RowBinaryEncoder(table).namesAndTypesHeader(),
                    encoded.bytes, 0, encoded.bytes.length, "benchmark-bulk-" + System.nanoTime());
        }
        CpuMeter.Usage usage = CpuMeter.between(start, cpu.read());
        long inserted = services.clickHouseCount(target, BenchTable.RAW_TABLE);
        if (inserted != rows) {
            throw new IllegalStateException("(b) inserted " + inserted + " rows, expected " + rows);
        }
        LOG.info("(b) bulk insert: {} rows in {} s ({})", rows, String.format("%.2f", usage.seconds()), usage.describe());
        return new Measurement("(b) one RowBinary insert", rows, usage, String.format(
                "%d MB RowBinary in memory, one insert via our ClickHouseGateway (LZ4-compressed request); "
                        + "our RowBinaryEncoder alone encoded %.0f rows/s on one thread",
                encoded.bytes.length / 1_000_000, encoded.rows / encoded.encodeSeconds), null);
    }

    /** (c): the careful naive copy. */
    Measurement naiveCopy(String database, String target, long rows, JvmProfiler profiler) throws Exception {
        JobStartup startup = JobStartup.prepare(config(database, target)); // creates the raw table; not timed
        if (profiler != null) {
            profiler.start();
        }
        CpuMeter.Reading start = cpu.read();
        long copied = NaiveCopy.copy(services, database, target, startup.snapshotVersion());
        CpuMeter.Usage usage = CpuMeter.between(start, cpu.read());
        ProfileSummary profile = profiler == null ? null : profiler.stop("profile-naive-copy-" + target);
        long inserted = services.clickHouseCount(target, BenchTable.RAW_TABLE);
        if (copied != rows || inserted != rows) {
            throw new IllegalStateException("(c) read " + copied + " and inserted " + inserted + " rows, expected " + rows);
        }
        LOG.info("(c) naive copy on {}: {} rows in {} s ({})", database, rows, String.format("%.1f", usage.seconds()),
                usage.describe());
        return new Measurement("(c) careful naive copy", rows, usage, "streaming JDBC getBytes -> escaped "
                + "TabSeparated -> pipe -> one client-v2 insert; no Flink", profile);
    }

    private record Encoded(long rows, byte[] bytes, double encodeSeconds) {}

    /** Reads the table in id order and encodes it; only the encoder calls are timed. */
    private Encoded encodeTable(String database, ClickHouseTable table, long version, long expectedRows) throws Exception {
        RowBinaryEncoder encoder = new RowBinaryEncoder(table);
        RowBinaryBuffer buffer = new RowBinaryBuffer((int) Math.min(Integer.MAX_VALUE - 64, expectedRows * 120));
        SourcePosition snapshot = SourcePosition.snapshot();
        long commitMillis = System.currentTimeMillis();
        long encodeNanos = 0;
        long rows = 0;
        List<RowImage> block = new ArrayList<>(100_000);
        try (Connection connection = services.root(database);
                Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            statement.execute("SET time_zone = '+00:00'");
            statement.setFetchSize(Integer.MIN_VALUE);
            // RowImage's normal forms: Long integers, BigDecimal, String, DATETIME as wall-clock micros read as
            // UTC, TIMESTAMP as epoch micros.
            try (ResultSet result = statement.executeQuery("SELECT id, qty, price, name, note, "
                    + "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', created_at), "
                    + "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', updated_at) FROM `" + BenchTable.TABLE + "`")) {
                boolean more = true;
                while (more) {
                    block.clear();
                    while (block.size() < 100_000 && (more = result.next())) {
                        block.add(RowImage.of(result.getLong(1), result.getLong(2), result.getBigDecimal(3),
                                result.getString(4), result.getString(5), result.getLong(6), result.getLong(7)));
                    }
                    long started = System.nanoTime();
                    for (RowImage row : block) {
                        encoder.encode(row, version, false, snapshot, commitMillis, buffer);
                    }
                    encodeNanos += System.nanoTime() - started;
                    rows += block.size();
                }
            }
        }
        return new Encoded(rows, buffer.toByteArray(), encodeNanos / 1e9);
    }
}
