package org.apache.flink.cdc.connectors.mysql.source;

import dev.chcdc.source.BinlogHistoryChangedException;
import dev.chcdc.source.BinlogProgress;
import dev.chcdc.source.BinlogWatch;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.cdc.connectors.mysql.source.offset.BinlogOffset;
import org.apache.flink.cdc.connectors.mysql.source.reader.MySqlRecordEmitter;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplitState;
import org.apache.flink.cdc.connectors.mysql.source.utils.RecordUtils;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.Collector;

/**
 * Flink CDC's {@link MySqlSource} with one difference: binlog heartbeat records also reach the deserializer
 * (Flink CDC only uses them to advance its offset), so the pipeline learns how far the binlog has been read even
 * when no captured table changes, and freshness stays meaningful on quiet tables.
 *
 * <p>It also stops the job (no restarts: the same offset would fail again) when the binlog started a new history
 * under the running job: a change lies before the offset the binlog split has read from ({@link BinlogProgress}),
 * or, probed on heartbeats, the server's binlog no longer holds that offset ({@link BinlogWatch}).
 *
 * <p>Our own class, placed in Flink CDC's package because the constructor that takes a record emitter is
 * package-private there (Flink CDC's pipeline connector uses the same hook). Re-check on a Flink CDC upgrade.
 */
public final class HeartbeatForwardingSource {
    private HeartbeatForwardingSource() {}

    /** {@code built}'s configuration and deserializer, with heartbeats forwarded to the deserializer. */
    public static <T> MySqlSource<T> of(MySqlSource<T> built, DebeziumDeserializationSchema<T> deserializer) {
        return new MySqlSource<>(built.getConfigFactory(), deserializer,
                (metrics, config) -> new Emitter<>(deserializer, metrics, config.isIncludeSchemaChanges(),
                        new BinlogWatch(config.getHostname(), config.getPort(), config.getUsername(),
                                config.getPassword(), config.getConnectTimeout(), config.getJdbcProperties())));
    }

    /** Flink CDC's emitter, plus heartbeats handed to the deserializer after Flink CDC has taken their offset. */
    private static final class Emitter<T> extends MySqlRecordEmitter<T> {
        private final DebeziumDeserializationSchema<T> deserializer;
        private final BinlogWatch watch;

        Emitter(DebeziumDeserializationSchema<T> deserializer,
                org.apache.flink.cdc.connectors.mysql.source.metrics.MySqlSourceReaderMetrics metrics,
                boolean includeSchemaChanges, BinlogWatch watch) {
            super(deserializer, metrics, includeSchemaChanges);
            this.deserializer = deserializer;
            this.watch = watch;
        }

        @Override
        protected void processElement(SourceRecord element, SourceOutput<T> output, MySqlSplitState splitState)
                throws Exception {
            if (splitState.isBinlogSplitState() && RecordUtils.isDataChangeRecord(element)) {
                BinlogOffset readFrom = splitState.asBinlogSplitState().getStartingOffset();
                BinlogOffset change = RecordUtils.getBinlogPosition(element);
                try {
                    BinlogProgress.check(readFrom.getFilename(), readFrom.getPosition(), change.getFilename(),
                            change.getPosition());
                } catch (BinlogHistoryChangedException e) {
                    throw new SuppressRestartsException(e);
                }
            }
            super.processElement(element, output, splitState);
            if (RecordUtils.isHeartbeatEvent(element) && splitState.isBinlogSplitState()) {
                BinlogOffset readFrom = splitState.asBinlogSplitState().getStartingOffset();
                try {
                    watch.probe(readFrom.getFilename(), readFrom.getPosition());
                } catch (BinlogHistoryChangedException e) {
                    throw new SuppressRestartsException(e);
                }
                deserializer.deserialize(element, new Collector<>() {
                    @Override
                    public void collect(T record) {
                        output.collect(record);
                    }

                    @Override
                    public void close() {}
                });
            }
        }
    }
}
