package dev.chcdc;

import dev.chcdc.clickhouse.sink.ClickHouseSink;
import dev.chcdc.config.JobConfig;
import dev.chcdc.config.JobConfigLoader;
import dev.chcdc.source.MySqlSourceFactory;
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

    /** Adds the whole pipeline to {@code env}. */
    public static void build(StreamExecutionEnvironment env, JobConfig config, JobStartup startup) {
        int parallelism = config.pipeline().parallelism();
        PipelineTopology.configure(env, parallelism, config.clickhouse().flushInterval());
        PipelineTopology.writeToClickHouse(
                PipelineTopology.changes(env, MySqlSourceFactory.create(
                        startup.mysql(), startup.tables(), parallelism, startup.snapshotVersion())),
                ClickHouseSink.builder().config(config.clickhouse()).tables(startup.targets()).build());
    }
}
