package dev.chcdc.bench;

import dev.chcdc.bench.SnapshotMeasurements.Measurement;
import dev.chcdc.config.JobConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Turns the measurements into the Markdown report: one section per part of the benchmark, then the
 * copy-pasteable summary table. Pure formatting; every number comes from the measurement records.
 */
final class BenchReport {
    static final double SOURCE_RATIO_TARGET = 0.80;
    static final long LATENCY_MARGIN_MILLIS = 2_000;
    private static final String STATEFUL_CLOSE =
            "org.apache.flink.cdc.connectors.mysql.debezium.task.context.StatefulTaskContext.close";
    private static final String POLL_WITHOUT_BUFFER =
            "org.apache.flink.cdc.connectors.mysql.debezium.reader.SnapshotSplitReader.pollWithoutBuffer";

    private final StringBuilder body = new StringBuilder();
    private final List<String[]> summary = new ArrayList<>();

    BenchReport(String command) {
        body.append("# Pipeline benchmark\n\n`").append(command).append("`\n\n");
    }

    void environment(Map<String, String> facts) {
        body.append("## Environment\n\n| | |\n|---|---|\n");
        facts.forEach((key, value) -> {
            body.append("| ").append(key).append(" | ").append(value).append(" |\n");
            summary.add(new String[] {key, value});
        });
        body.append('\n');
    }

    void snapshot(long rows, int parallelism, BenchTable.Size size, JobConfig config, List<Measurement> measurements,
            Map<String, String> checks) {
        body.append("## Snapshot: ").append(String.format("%,d", rows)).append(" rows, parallelism ")
                .append(parallelism).append("\n\n");
        body.append(String.format("Table `items`: InnoDB data_length %,d bytes (%.0f MB), %d B/row on average.%n",
                size.dataLength(), size.dataLength() / 1e6, size.dataLength() / Math.max(1, rows)));
        body.append(String.format("Job settings: chunk size %d, fetch size %d, skip-backfill %s, batch size %d, "
                        + "flush (checkpoint) interval %d ms.%n%n", config.mysql().chunkSize(), config.mysql().fetchSize(),
                config.mysql().skipBackfill(), config.clickhouse().batchSize(), config.clickhouse().flushInterval().toMillis()));
        body.append("Each time runs from the path's own start (connections, JobStartup, MiniCluster start-up "
                + "included) to the last row being there. Cores = CPU time / wall time of each process tree "
                + "(the machine has " + CpuMeter.machineCores() + ").\n\n");
        body.append("| Path | Seconds | Rows/s | JVM cores | MariaDB cores | ClickHouse cores | What |\n")
                .append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Measurement m : measurements) {
            body.append(String.format("| %s | %.2f | %,.0f | %.2f | %.2f | %.2f | %s |%n", m.name(), m.seconds(),
                    m.rowsPerSecond(), m.usage().jvmCores(), m.usage().mariaDbCores(), m.usage().clickHouseCores(),
                    m.details()));
            summary.add(new String[] {"Snapshot " + m.name(), String.format("%,.0f rows/s (%.1f s; JVM %.2f, MariaDB "
                    + "%.2f, ClickHouse %.2f cores)", m.rowsPerSecond(), m.seconds(), m.usage().jvmCores(),
                    m.usage().mariaDbCores(), m.usage().clickHouseCores())});
        }
        Measurement ours = find(measurements, "ours");
        body.append("\n| Ratio | Value | Target |\n|---|---:|---|\n");
        for (Measurement other : measurements) {
            if (other == ours) {
                continue;
            }
            double ratio = ours.rowsPerSecond() / other.rowsPerSecond();
            String label = "ours / " + other.name().substring(0, other.name().indexOf(')') + 1);
            String target = other.name().startsWith("(a)")
                    ? String.format("≥ %.2f: %s", SOURCE_RATIO_TARGET, ratio >= SOURCE_RATIO_TARGET ? "**met**" : "**missed**")
                    : "";
            body.append(String.format("| %s | %.2f | %s |%n", label, ratio, target));
            summary.add(new String[] {label, String.format("%.2f", ratio) + (target.isEmpty() ? "" : " (target " + target + ")")});
        }
        body.append("\nContent checks (count, sums of every column, NULL count, name lengths, timestamps in µs/ms, "
                + "compared with MySQL; the hash compares ClickHouse copies with each other):\n\n");
        checks.forEach((name, verdict) -> body.append("- ").append(name).append(": ").append(verdict).append('\n'));
        body.append('\n');
    }

    void profiles(String method, List<Measurement> measurements, Measurement wallClock) {
        body.append("## Profile: where the JVM's CPU goes\n\nSampler: ").append(method).append(". Collapsed stacks "
                + "and flame graphs are in the run folder (`profile-*.collapsed`, `profile-*.html`). Charging rule: "
                + "a sample goes to the innermost frame of a known library or of our code; JDK/native frames "
                + "count for their caller.\n\n");
        for (Measurement m : measurements) {
            if (m.profile() == null) {
                continue;
            }
            ProfileSummary p = m.profile();
            body.append(p.markdown(m.name() + String.format(" (%.1f s wall, JVM %.2f cores)", m.seconds(),
                    m.usage().jvmCores()), 15)).append('\n');
            if (m.name().equals("ours")) {
                double ourCode = p.componentShare("ours:");
                double source = p.componentShare("Flink CDC") + p.componentShare("Debezium")
                        + p.componentShare("Kafka Connect") + p.componentShare("MySQL JDBC") + p.componentShare("binlog");
                double client = p.componentShare("ClickHouse client");
                double flink = p.componentShare("Flink runtime") + p.componentShare("Flink RPC");
                double jvm = p.componentShare("JVM:");
                String line = String.format("ours, JVM CPU by owner: our code %.0f%%, source side (Flink CDC, "
                        + "Debezium, Kafka Connect data, JDBC) %.0f%%, ClickHouse client %.0f%%, Flink runtime %.0f%%, "
                        + "GC/JIT %.0f%%, other %.0f%%", 100 * ourCode, 100 * source, 100 * client, 100 * flink,
                        100 * jvm, 100 * Math.max(0, 1 - ourCode - source - client - flink - jvm));
                body.append(line).append("\n\n");
                summary.add(new String[] {"Profile (ours)", line.substring(line.indexOf(':') + 2)});
            }
        }
        if (wallClock != null && wallClock.profile() != null) {
            body.append("### Wall clock: where the pipeline's threads wait\n\nA separate, unmeasured run of ours before the others ("
                    + String.format("%.1f s, %,.0f rows/s", wallClock.seconds(), wallClock.rowsPerSecond())
                    + ") sampled with async-profiler's wall-clock mode: every thread, running or not. Per kind of "
                    + "thread (digits folded to N, so both subtasks count together): how much of its time it spent "
                    + "blocked (parked, waiting, sleeping, in a blocking read) and the innermost non-JDK frame it ran "
                    + "or waited in.\n\n");
            body.append(wallClock.profile().wallClockMarkdown("ours, wall clock",
                    List.of("debezium-reader", "Source: ", "Source Data Fetcher"), 8));
            ProfileSummary wall = wallClock.profile();
            String teardown = String.format("the source's fetcher threads spent %.0f%% of their time in "
                            + "`StatefulTaskContext.close` at the end of each chunk (a `ChangeEventQueue.poll` on an "
                            + "empty queue that waits out Debezium's poll.interval.ms, 500 ms by default) and %.0f%% in "
                            + "`SnapshotSplitReader.pollWithoutBuffer` (waiting for the Debezium reader to produce "
                            + "records); the Debezium reader threads sat idle between chunks %.0f%% of the time; the "
                            + "task threads spent %.0f%% committing to ClickHouse",
                    100 * wall.threadShareUnder("Source Data Fetcher", STATEFUL_CLOSE),
                    100 * wall.threadShareUnder("Source Data Fetcher", POLL_WITHOUT_BUFFER),
                    100 * wall.threadShareUnder("debezium-reader", "java.util.concurrent.ThreadPoolExecutor.getTask"),
                    100 * wall.threadShareUnder("Source: ", "dev.chcdc.clickhouse.sink.ClickHouseCommitter.commit"));
            body.append("In short: ").append(teardown).append(".\n\n");
            summary.add(new String[] {"Wall clock (ours)", teardown});
        }
    }

    void streaming(long flushMillis, List<StreamingLoad.Result> results, String maxSustained) {
        long budget = flushMillis + LATENCY_MARGIN_MILLIS;
        body.append("## Streaming: change load while the job reads the binlog\n\n");
        body.append("Transactions of ").append(StreamingLoad.TX_INSERTS).append(" inserts + ")
                .append(StreamingLoad.TX_UPDATES).append(" updates at a fixed schedule; latency = first ClickHouse "
                        + "poll (every ").append(StreamingLoad.POLL_MILLIS).append(" ms) that shows all of a "
                        + "transaction's inserted rows minus the time its commit returned (upper bound, +≤100 ms). "
                        + "Target: p99 < flush interval + 2 s = ").append(budget).append(" ms.\n\n");
        body.append("| Step | Offered/s | Achieved/s | Tx | Visible | p50 ms | p90 ms | p99 ms | max ms | Drain s | p99 target |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (StreamingLoad.Result r : results) {
            body.append(String.format("| %s | %,d | %,.0f | %,d | %,d | %d | %d | %d | %d | %.1f | %s |%n", r.label(),
                    r.targetRate(), r.achievedRate(), r.transactions(), r.visible(), r.percentile(50),
                    r.percentile(90), r.percentile(99), r.max(), r.drainSeconds(),
                    r.allVisible() && r.percentile(99) < budget ? "met" : "**missed**"));
        }
        body.append("\nMax sustained rate: ").append(maxSustained).append("\n\n");
        for (StreamingLoad.Result r : results) {
            if (r.label().startsWith("fixed")) {
                summary.add(new String[] {"Streaming " + r.label(), String.format("%,.0f changes/s applied; latency p50 "
                                + "%d ms, p99 %d ms, max %d ms (target p99 < %d ms: %s)", r.achievedRate(),
                        r.percentile(50), r.percentile(99), r.max(), budget,
                        r.allVisible() && r.percentile(99) < budget ? "met" : "missed")});
            }
        }
        summary.add(new String[] {"Streaming max sustained", maxSustained});
    }

    void memory(MemoryMeasurement.Result r) {
        body.append("## Memory: snapshot of a table larger than the heap\n\n");
        body.append(String.format("Child JVM `-Xmx%s` (heap max %d MB as the JVM reports it) running JobManager, "
                        + "TaskManager and client of a MiniCluster; table `%s.items` %,d rows, InnoDB data_length "
                        + "%,d bytes = **%.1f× the heap**. Outcome: **%s**%s; %s.%n%n",
                r.heapOption(), r.heapMaxBytes() >> 20, MemoryMeasurement.DATABASE, r.rows(), r.table().dataLength(),
                r.tableToHeap(), r.outcome(), r.error() == null ? "" : " (" + r.error() + ")", r.completed()
                        ? String.format("%.0f s, %,.0f rows/s including start-up", r.seconds(), r.rows() / r.seconds())
                        : String.format("ended after %.0f s", r.seconds())));
        body.append(String.format("What the heap must hold does not grow with the table but with: one snapshot "
                        + "chunk per reader (chunk size %,d × %d B/row = %d MB of row data; Flink CDC reads a chunk with "
                        + "a positive fetch size and no useCursorFetch, so Connector/J buffers the whole chunk), × %d "
                        + "readers; plus one checkpoint interval (%d ms) of encoded rows in the sink, held several "
                        + "times over (the writer's growing buffer, the sealed batch copy, the committable serialized "
                        + "into checkpoint state by our serializer and again by Flink) until the commit.%n%n",
                r.chunkSize(), r.table().dataLength() / Math.max(1, r.rows()), r.chunkBytes() >> 20, r.parallelism(),
                r.flushMillis()));
        body.append("Heap used right after each GC (live data + what G1 left for later), by the share of rows "
                + "already in ClickHouse:\n\n| Rows done | GCs | min MB | median MB | max MB |\n|---|---:|---:|---:|---:|\n");
        double[][] ranges = {{0, 0.25}, {0.25, 0.5}, {0.5, 0.75}, {0.75, 1.0}, {0, 1.0}};
        for (double[] range : ranges) {
            List<Long> used = r.afterGcBetween(range[0], range[1]);
            body.append(String.format("| %s | %d | %s | %s | %s |%n",
                    range[0] == 0 && range[1] == 1.0 ? "whole snapshot" : String.format("%.0f–%.0f %%", 100 * range[0], 100 * range[1]),
                    used.size(), mb(min(used)), mb(median(used)), mb(max(used))));
        }
        List<Long> periodic = r.periodic().stream().filter(s -> s.progress() > 0).map(HeapSampler.Sample::usedBytes).toList();
        body.append(String.format("%nHeap used sampled every second (garbage included): min %s, median %s, max %s MB. "
                        + "GCs: %d, %d ms in total, full GCs: %d.%n%n", mb(min(periodic)), mb(median(periodic)),
                mb(max(periodic)), r.gcCount(), r.gcMillis(), r.fullGcCount()));
        List<Long> all = r.afterGcBetween(0, 1.0);
        List<Long> firstQuarter = r.afterGcBetween(0, 0.25);
        List<Long> lastQuarter = r.afterGcBetween(0.75, 1.0);
        String verdict;
        if (!r.completed()) {
            verdict = "did not complete (" + r.outcome() + ")";
        } else if (!firstQuarter.isEmpty() && !lastQuarter.isEmpty()
                && median(lastQuarter) <= median(firstQuarter) * 1.25 + (16L << 20)) {
            verdict = String.format("flat (after-GC median %s MB in the first quarter of the rows, %s MB in the last)",
                    mb(median(firstQuarter)), mb(median(lastQuarter)));
        } else {
            verdict = String.format("NOT flat (after-GC median %s MB in the first quarter, %s MB in the last)",
                    mb(median(firstQuarter)), mb(median(lastQuarter)));
        }
        body.append("Verdict: ").append(verdict).append(".\n\n");
        summary.add(new String[] {"Memory", String.format("-Xmx%s, table %.0f MB = %.1f× heap: %s; after-GC heap "
                        + "min/median/max %s/%s/%s MB%s", r.heapOption(), r.table().dataLength() / 1e6,
                r.tableToHeap(), verdict, mb(min(all)), mb(median(all)), mb(max(all)),
                r.completed() ? String.format(", %,.0f rows/s", r.rows() / r.seconds()) : "")});
    }

    void note(String heading, String text) {
        body.append("## ").append(heading).append("\n\n").append(text).append("\n\n");
    }

    String markdown() {
        StringBuilder out = new StringBuilder(body);
        out.append("## Summary\n\n| Figure | Value |\n|---|---|\n");
        for (String[] row : summary) {
            out.append("| ").append(row[0]).append(" | ").append(row[1].replace("|", "/")).append(" |\n");
        }
        return out.toString();
    }

    private static Measurement find(List<Measurement> measurements, String name) {
        return measurements.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "-" : String.valueOf(bytes >> 20);
    }

    private static long min(List<Long> values) {
        return values.isEmpty() ? -1 : Collections.min(values);
    }

    private static long max(List<Long> values) {
        return values.isEmpty() ? -1 : Collections.max(values);
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
