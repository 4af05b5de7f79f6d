package dev.chcdc;

import dev.chcdc.event.ChangeEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's data flow: MySQL binlog source → Kafka tee and ClickHouse sink (or, replaying, Kafka → ClickHouse),
 * chained in one task per subtask (events are
 * immutable, so object reuse is safe and nothing is copied between them). Every operator has a fixed uid so
 * savepoints stay restorable across versions of the job. Source and sink come in as arguments, so tests can
 * build the same flow with their own inputs.
 */
public final class PipelineTopology {
    public static final String SOURCE_UID = "mysql-binlog-source";
    public static final String REPLAY_SOURCE_UID = "kafka-replay-source";
    public static final String KAFKA_TEE_UID = "kafka-tee";
    public static final String CLICKHOUSE_SINK_UID = "clickhouse-sink";

    private PipelineTopology() {}

    /** Sets checkpointing (the commit interval) and parallelism on {@code env}. */
    public static void configure(StreamExecutionEnvironment env, int parallelism, Duration commitInterval) {
        env.setParallelism(parallelism);
        env.enableCheckpointing(commitInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.getConfig().enableObjectReuse();
    }

    /**
     * The MySQL source of binlog history {@code generation} (see {@link dev.chcdc.source.BinlogHistory}): a new
     * history gets a new uid, so a restored job does not resume at an offset of the old history.
     */
    public static DataStream<ChangeEvent> changes(StreamExecutionEnvironment env, Source<ChangeEvent, ?, ?> source,
            int generation) {
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "MySQL binlog")
                .uid(sourceUid(generation))
                .name("MySQL binlog");
    }

    /** Generation 0 keeps the uid the source had before generations existed, so old savepoints restore. */
    public static String sourceUid(int generation) {
        return generation == 0 ? SOURCE_UID : SOURCE_UID + "-g" + generation;
    }

    public static DataStream<ChangeEvent> replayed(StreamExecutionEnvironment env, Source<ChangeEvent, ?, ?> source) {
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "Kafka tee replay")
                .uid(REPLAY_SOURCE_UID)
                .name("Kafka tee replay");
    }

    public static void teeToKafka(DataStream<ChangeEvent> changes, Sink<ChangeEvent> tee) {
        changes.sinkTo(tee).uid(KAFKA_TEE_UID).name("Kafka tee");
    }

    public static void writeToClickHouse(DataStream<ChangeEvent> changes, Sink<ChangeEvent> sink) {
        changes.sinkTo(sink).uid(CLICKHOUSE_SINK_UID).name("ClickHouse");
    }
}
