package dev.chcdc;

import dev.chcdc.clickhouse.sink.ClickHouseSink;
import dev.chcdc.config.JobConfig;
import dev.chcdc.config.JobConfigLoader;
import dev.chcdc.config.PipelineMode;
import dev.chcdc.deadletter.DeadLetterTarget;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.source.MySqlSourceFactory;
import dev.chcdc.tee.ReplaySourceFactory;
import dev.chcdc.tee.TeeSinkFactory;
import java.util.function.UnaryOperator;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point for {@code flink run}: {@code --config job.properties [--key value]...}. Loads and checks the
 * configuration, prepares MySQL and ClickHouse ({@link JobStartup}), builds the topology and submits it.
 */
public final class CdcJob {
    private CdcJob() {}

    public static void main(String[] args) throws Exception {
        JobConfig config = new JobConfigLoader(System.getenv()).load(args);
        JobStartup startup = JobStartup.prepare(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, config, startup);
        env.execute(config.pipeline().name());
    }

    /** Adds the whole pipeline to {@code env}: live (MySQL → tee + ClickHouse) or replay (tee → ClickHouse). */
    public static void build(StreamExecutionEnvironment env, JobConfig config, JobStartup startup) {
        build(env, config, startup, UnaryOperator.identity());
    }

    /** The same, with {@code afterSource} applied to the change stream before the sinks (tests inject faults there). */
    public static void build(StreamExecutionEnvironment env, JobConfig config, JobStartup startup,
            UnaryOperator<DataStream<ChangeEvent>> afterSource) {
        int parallelism = config.pipeline().parallelism();
        PipelineTopology.configure(env, parallelism, config.clickhouse().flushInterval());
        String serverName = config.tee().topicPrefix();
        DataStream<ChangeEvent> changes = config.pipeline().mode() == PipelineMode.LIVE
                ? PipelineTopology.changes(env, MySqlSourceFactory.create(
                        startup.mysql(), startup.tables(), parallelism, startup.snapshotVersion()))
                : PipelineTopology.replayed(env, ReplaySourceFactory.create(
                        config.kafka(), config.replay(), startup.tables(), serverName));
        changes = afterSource.apply(changes);
        if (config.teeActive()) {
            PipelineTopology.teeToKafka(changes, TeeSinkFactory.create(config.kafka(), config.tee(), startup.tables()));
        }
        PipelineTopology.writeToClickHouse(changes, ClickHouseSink.builder()
                .config(config.clickhouse())
                .tables(startup.targets())
                .snapshotRowEstimates(startup.estimatedRows())
                .deadLetters(config.deadLetter().enabled()
                        ? new DeadLetterTarget(config.kafka(), config.deadLetter().topic(), serverName)
                        : null)
                .build());
    }
}
