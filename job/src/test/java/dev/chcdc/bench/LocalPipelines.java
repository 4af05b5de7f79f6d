package dev.chcdc.bench;

import dev.chcdc.CdcJob;
import dev.chcdc.JobStartup;
import dev.chcdc.PipelineTopology;
import dev.chcdc.config.JobConfig;
import dev.chcdc.source.MySqlSourceFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Flink jobs the way the benchmark needs them: each in its own local MiniCluster (started by
 * {@code executeAsync}, so its start-up is part of what is measured, and shut down when the job ends), with
 * file-system checkpoints like the deployment and no restarts (a failure must show, not be retried away).
 */
final class LocalPipelines {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPipelines.class);

    private LocalPipelines() {}

    /** A local environment whose MiniCluster has {@code parallelism} slots and checkpoints under {@code checkpoints}. */
    static StreamExecutionEnvironment environment(int parallelism, Path checkpoints) {
        Configuration configuration = new Configuration();
        configuration.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, configuration);
    }

    /** The job itself: the same topology as {@link CdcJob#build}, submitted to a fresh MiniCluster. */
    static JobClient submitPipeline(JobConfig config, JobStartup startup, Path checkpoints) throws Exception {
        StreamExecutionEnvironment env = environment(config.pipeline().parallelism(), checkpoints);
        CdcJob.build(env, config, startup);
        return env.executeAsync(config.pipeline().name());
    }

    /**
     * Flink CDC alone: the job's own MySqlSource (same settings, same deserializer, same checkpointing) into a
     * sink that only counts, so the difference to the pipeline is exactly the ClickHouse sink.
     */
    static JobClient submitSourceOnly(JobConfig config, JobStartup startup, Path checkpoints, String counter)
            throws Exception {
        int parallelism = config.pipeline().parallelism();
        StreamExecutionEnvironment env = environment(parallelism, checkpoints);
        PipelineTopology.configure(env, parallelism, config.clickhouse().flushInterval());
        PipelineTopology.changes(env, MySqlSourceFactory.create(startup.mysql(), startup.tables(), parallelism,
                        startup.snapshotVersion(), startup.history().generation(), false), startup.history().generation())
                .sinkTo(new CountingDiscardSink(counter))
                .name("count and discard");
        return env.executeAsync(config.pipeline().name() + "-source-only");
    }

    /**
     * Polls {@code progress} every {@code pollMillis} until it reaches {@code target}; fails early, with the
     * job's own error, if the job ends, and after {@code timeout}.
     */
    static void awaitProgress(JobClient job, LongSupplier progress, long target, long pollMillis, Duration timeout,
            String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<?> result = job.getJobExecutionResult();
        while (true) {
            long current = progress.getAsLong();
            if (current >= target) {
                if (current > target) {
                    LOG.warn("{}: {} rows, more than the {} expected", what, current, target);
                }
                return;
            }
            if (result.isDone()) {
                result.get(); // throws the job's failure
                throw new IllegalStateException(what + ": the job ended after " + current + " of " + target + " rows");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": only " + current + " of " + target + " rows after "
                        + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(pollMillis);
        }
    }

    /** Cancels the job and waits until its MiniCluster has stopped, so the next measurement has the machine. */
    static void cancel(JobClient job) {
        try {
            job.cancel().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("Cancel returned {}", e.toString());
        }
        try {
            job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // A cancelled job completes its result exceptionally; that is the expected end.
        }
    }
}
