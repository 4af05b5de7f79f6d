package dev.chcdc.bench;

import dev.chcdc.JobStartup;
import dev.chcdc.config.JobConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory test's child JVM: started by {@link MemoryMeasurement} with a small {@code -Xmx}, it runs the real
 * pipeline (JobStartup, CdcJob's topology, MiniCluster with JobManager and TaskManager in this JVM) over a table
 * many times larger than that heap, samples the heap with {@link HeapSampler} until ClickHouse has every row,
 * and writes the outcome to a properties file (the heap samples go to their own file as they are taken).
 * {@code -XX:+ExitOnOutOfMemoryError} makes a heap that is too small end the run at once with exit code 3
 * instead of a job that limps on.
 *
 * <p>Arguments: {@code <input.properties> <output.properties>}.
 */
public final class SnapshotMemoryRun {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotMemoryRun.class);

    private SnapshotMemoryRun() {}

    public static void main(String[] args) throws Exception {
        Properties in = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]))) {
            in.load(reader);
        }
        Path outFile = Path.of(args[1]);
        long rows = Long.parseLong(in.getProperty("rows"));
        String database = in.getProperty("database");
        String target = in.getProperty("target");
        String clickHouseUrl = in.getProperty("clickhouse.url");
        Map<String, String> jobOptions = in.stringPropertyNames().stream().filter(key -> key.startsWith("job."))
                .collect(Collectors.toMap(key -> key.substring(4), in::getProperty));
        JobConfig config = BenchServices.jobConfig(Integer.parseInt(in.getProperty("mysql.port")), clickHouseUrl,
                database, target, Integer.parseInt(in.getProperty("parallelism")),
                Duration.ofMillis(Long.parseLong(in.getProperty("flush.millis"))),
                Integer.parseInt(in.getProperty("server.id.start")), jobOptions);
        HttpClient http = HttpClient.newHttpClient();
        AtomicLong seen = new AtomicLong();

        Properties out = new Properties();
        out.setProperty("heap.max", String.valueOf(Runtime.getRuntime().maxMemory()));
        try (HeapSampler heap = new HeapSampler(() -> seen.get() / (double) rows, Path.of(in.getProperty("samples")))) {
            long start = System.nanoTime();
            try {
                JobStartup startup = JobStartup.prepare(config);
                JobClient job = LocalPipelines.submitPipeline(config, startup,
                        Path.of(in.getProperty("checkpoints")));
                try {
                    LocalPipelines.awaitProgress(job, () -> {
                        seen.set(count(http, clickHouseUrl, target));
                        return seen.get();
                    }, rows, 500, Duration.ofMinutes(Long.parseLong(in.getProperty("timeout.minutes"))), "memory run");
                } finally {
                    LocalPipelines.cancel(job);
                }
                out.setProperty("outcome", "ok");
            } catch (Exception e) {
                LOG.error("Memory run failed", e);
                out.setProperty("outcome", "failed");
                out.setProperty("error", String.valueOf(e));
            }
            out.setProperty("seconds", String.valueOf((System.nanoTime() - start) / 1e9));
            out.setProperty("rows.seen", String.valueOf(seen.get()));
            out.setProperty("gc.count", String.valueOf(heap.gcCount()));
            out.setProperty("gc.millis", String.valueOf(heap.gcMillis()));
            out.setProperty("gc.full", String.valueOf(heap.fullGcCount()));
        }
        try (Writer writer = Files.newBufferedWriter(outFile)) {
            out.store(writer, "SnapshotMemoryRun");
        }
        System.exit(0); // Flink leaves non-daemon threads behind
    }

    private static long count(HttpClient http, String url, String target) {
        String sql = "SELECT count() FROM `" + target + "`.`" + BenchTable.RAW_TABLE + "`";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/?user=default&query="
                    + URLEncoder.encode(sql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Long.parseLong(response.body().trim()) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
