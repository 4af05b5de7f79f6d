package dev.chcdc;

import dev.chcdc.clickhouse.sink.ClickHouseSink;
import dev.chcdc.config.JobConfig;
import dev.chcdc.config.JobConfigLoader;
import dev.chcdc.config.PipelineMode;
import dev.chcdc.deadletter.DeadLetterTarget;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.source.BinlogHistory;
import dev.chcdc.source.MySqlSourceFactory;
import dev.chcdc.tee.ReplaySourceFactory;
import dev.chcdc.tee.TeeSinkFactory;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point for {@code flink run}: {@code --config job.properties [--key value]...}. Loads and checks the
 * configuration, prepares MySQL and ClickHouse ({@link JobStartup}), builds the topology and submits it.
 */
public final class CdcJob {
    private static final Logger LOG = LoggerFactory.getLogger(CdcJob.class);

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
                ? liveChanges(env, startup, parallelism)
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
                .quarantinedTables(startup.quarantined().keySet())
                .deadLetters(config.deadLetter().enabled()
                        ? new DeadLetterTarget(config.kafka(), config.deadLetter().topic(), serverName,
                                config.tee().maxRecordBytes())
                        : null)
                .build());
    }

    /**
     * The MySQL source of the binlog history's generation. Restored into a new history (the savepoint's or
     * checkpoint's binlog offset points into the old one), the source starts afresh at the new binlog's earliest
     * offset under its generation's uid, and its old state is left unclaimed; tee and ClickHouse sink keep theirs.
     */
    private static DataStream<ChangeEvent> liveChanges(StreamExecutionEnvironment env, JobStartup startup,
            int parallelism) {
        BinlogHistory.Decision history = startup.history();
        boolean readNewHistoryFromStart =
                history.newHistory() && env.getConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH).isPresent();
        if (readNewHistoryFromStart) {
            env.configure(new Configuration().set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true));
            LOG.warn("Restoring into a new binlog history: the MySQL source starts at the earliest binlog offset as {} "
                    + "(the restored source state of the old history is not used); tee and ClickHouse sink restore "
                    + "their state", PipelineTopology.sourceUid(history.generation()));
        }
        return PipelineTopology.changes(env, MySqlSourceFactory.create(startup.mysql(), startup.tables(), parallelism,
                startup.snapshotVersion(), history.generation(), readNewHistoryFromStart), history.generation());
    }
}
