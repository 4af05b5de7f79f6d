package dev.chcdc.bench;

import dev.chcdc.JobStartup;
import dev.chcdc.PipelineTopology;
import dev.chcdc.clickhouse.sink.ClickHouseSink;
import dev.chcdc.config.JobConfig;
import dev.chcdc.config.MySqlConfig;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.TableId;
import dev.chcdc.event.TableSchema;
import dev.chcdc.source.ChangeEventDeserializer;
import dev.chcdc.stack.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.mysql.table.StartupOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Throwaway: (a) and ours with Debezium poll.interval.ms 500 (default) vs lower, same table. */
public final class PollIntervalExperiment {
    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(args[0]);
        Path dir = ProjectPaths.detect().root().resolve("job/target/bench-experiment-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        int status = 0;
        try (BenchServices services = BenchServices.start(dir)) {
            try (Connection root = services.root("")) {
                BenchTable.create(root, "bench", 40);
                BenchTable.load(root, "bench", 1, rows, 40);
            }
            String[][] variants = {{"default", null, "50000"}, {"poll50", "50", "50000"}, {"default", null, "50000"},
                    {"poll50", "50", "50000"}, {"poll50-chunk100k", "50", "100000"}};
            int run = 0;
            for (String[] v : variants) {
                run++;
                JobConfig config = services.jobConfig("bench", "bench_x" + run, 2, Duration.ofSeconds(1),
                        Map.of("mysql.snapshot.chunk-size", v[2]));
                long t0 = System.nanoTime();
                JobStartup startup = JobStartup.prepare(config);
                StreamExecutionEnvironment env = LocalPipelines.environment(2, dir.resolve("cp"));
                PipelineTopology.configure(env, 2, config.clickhouse().flushInterval());
                String counter = "x" + run;
                LongAdder events = CountingDiscardSink.counter(counter);
                PipelineTopology.changes(env, source(startup, v[1])).sinkTo(new CountingDiscardSink(counter));
                JobClient job = env.executeAsync("a-" + v[0]);
                LocalPipelines.awaitProgress(job, events::sum, rows, 20, Duration.ofMinutes(10), "a");
                LocalPipelines.cancel(job);
                double a = (System.nanoTime() - t0) / 1e9;

                JobConfig config2 = services.jobConfig("bench", "bench_y" + run, 2, Duration.ofSeconds(1),
                        Map.of("mysql.snapshot.chunk-size", v[2]));
                t0 = System.nanoTime();
                JobStartup startup2 = JobStartup.prepare(config2);
                StreamExecutionEnvironment env2 = LocalPipelines.environment(2, dir.resolve("cp"));
                PipelineTopology.configure(env2, 2, config2.clickhouse().flushInterval());
                PipelineTopology.writeToClickHouse(PipelineTopology.changes(env2, source(startup2, v[1])),
                        ClickHouseSink.builder().config(config2.clickhouse()).tables(startup2.targets()).build());
                JobClient job2 = env2.executeAsync("ours-" + v[0]);
                String target = "bench_y" + run;
                LocalPipelines.awaitProgress(job2, () -> services.clickHouseCount(target, "items_raw"), rows, 100,
                        Duration.ofMinutes(10), "ours");
                LocalPipelines.cancel(job2);
                double ours = (System.nanoTime() - t0) / 1e9;
                System.out.printf("RESULT %-18s (a) %.1f s = %.0f rows/s | ours %.1f s = %.0f rows/s | ratio %.2f%n",
                        v[0] + "/" + v[2], a, rows / a, ours, rows / ours, a / ours);
            }
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** MySqlSourceFactory.create as in the working tree, plus poll.interval.ms when given. */
    static MySqlSource<ChangeEvent> source(JobStartup startup, String pollMillis) {
        MySqlConfig config = startup.mysql();
        Map<TableId, TableSchema> schemas = startup.tables().stream()
                .collect(Collectors.toMap(TableSchema::table, Function.identity()));
        Properties debezium = new Properties();
        debezium.setProperty("bigint.unsigned.handling.mode", "precise");
        debezium.setProperty("decimal.handling.mode", "precise");
        debezium.setProperty("time.precision.mode", "adaptive_time_microseconds");
        debezium.setProperty("binary.handling.mode", "bytes");
        debezium.setProperty("database.ssl.mode", config.sslMode().debeziumValue());
        if (pollMillis != null) {
            debezium.setProperty("poll.interval.ms", pollMillis);
        }
        Properties jdbc = new Properties();
        jdbc.setProperty("sslMode", config.sslMode().jdbcValue());
        return MySqlSource.<ChangeEvent>builder()
                .hostname(config.hostname()).port(config.port()).username(config.username())
                .password(config.password().value()).databaseList("bench").tableList("bench\\.items")
                .serverId(config.serverIdRange(2)).serverTimeZone(config.serverTimeZone())
                .splitSize(config.chunkSize()).fetchSize(config.fetchSize()).skipSnapshotBackfill(config.skipBackfill())
                .heartbeatInterval(config.heartbeatInterval()).connectTimeout(config.connectTimeout())
                .startupOptions(StartupOptions.initial()).debeziumProperties(debezium).jdbcProperties(jdbc)
                .deserializer(new ChangeEventDeserializer(schemas, startup.snapshotVersion())).build();
    }
}
