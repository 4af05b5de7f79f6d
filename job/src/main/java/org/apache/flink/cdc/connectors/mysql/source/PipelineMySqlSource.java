package org.apache.flink.cdc.connectors.mysql.source;

import dev.chcdc.config.MySqlTrustStore;
import dev.chcdc.source.BinlogHistoryChangedException;
import dev.chcdc.source.BinlogProgress;
import dev.chcdc.source.BinlogReadRefusal;
import dev.chcdc.source.BinlogReplayFilter;
import dev.chcdc.source.BinlogWatch;
import dev.chcdc.source.MySqlDriverCleanup;
import dev.chcdc.source.SnapshotSplitFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.cdc.connectors.mysql.source.assigners.AssignerStatus;
import org.apache.flink.cdc.connectors.mysql.source.assigners.state.HybridPendingSplitsState;
import org.apache.flink.cdc.connectors.mysql.source.assigners.state.PendingSplitsState;
import org.apache.flink.cdc.connectors.mysql.source.assigners.state.SnapshotPendingSplitsState;
import org.apache.flink.cdc.connectors.mysql.source.connection.JdbcConnectionPools;
import org.apache.flink.cdc.connectors.mysql.source.offset.BinlogOffset;
import org.apache.flink.cdc.connectors.mysql.source.reader.MySqlRecordEmitter;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSchemalessSnapshotSplit;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplit;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplitState;
import org.apache.flink.cdc.connectors.mysql.source.utils.RecordUtils;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink CDC's {@link MySqlSource} with these differences:
 *
 * <ul>
 *   <li>binlog heartbeat records also reach the deserializer (Flink CDC only uses them to advance its offset), so
 *       the pipeline learns how far the binlog has been read even when no captured table changes, and freshness
 *       stays meaningful on quiet tables;
 *   <li>resuming from a savepoint or checkpoint taken before the snapshot was complete, with tables the state does
 *       not know, is refused naming them: Flink CDC 3.5 adds new tables only to a job whose snapshot is complete
 *       ({@code MySqlSnapshotSplitAssigner#captureNewlyAddedTables}); before that it would neither snapshot them
 *       nor pass on their binlog changes, and the job would run without them;
 *   <li>a new binlog history under the running job (a change behind the read offset, the offset gone from the
 *       server, or the server refusing it) stops the job without restarts, naming the recovery;
 *   <li>changes Flink CDC reads twice when a table joins are passed on once ({@link BinlogReplayFilter});
 *   <li>with {@code mysql.ssl-ca}, the CA trust store file its connections name is written on each node before the
 *       enumerator or a reader connects ({@link MySqlTrustStore}).
 * </ul>
 *
 * <p>Our own class, placed in Flink CDC's package because the constructor that takes a record emitter is
 * package-private there (Flink CDC's pipeline connector uses the same hook). Re-check on a Flink CDC upgrade.
 */
public final class PipelineMySqlSource<T> extends MySqlSource<T> {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineMySqlSource.class);
    /** The captured tables as {@code database.table}. */
    private final List<String> capturedTables;
    /** Null without {@code mysql.ssl-ca}. */
    private final MySqlTrustStore trustStore;

    private PipelineMySqlSource(MySqlSource<T> built, DebeziumDeserializationSchema<T> deserializer,
            List<String> capturedTables, MySqlTrustStore trustStore) {
        super(built.getConfigFactory(), deserializer,
                (metrics, config) -> new Emitter<>(deserializer, metrics, config.isIncludeSchemaChanges(),
                        new BinlogWatch(config.getHostname(), config.getPort(), config.getUsername(),
                                config.getPassword(), config.getConnectTimeout(), config.getJdbcProperties())));
        this.capturedTables = List.copyOf(capturedTables);
        this.trustStore = trustStore;
    }

    /**
     * {@code built}'s configuration and deserializer, for the {@code database.table} names it captures;
     * {@code trustStore} (or null) is the file {@code built}'s TLS settings name.
     */
    public static <T> MySqlSource<T> of(MySqlSource<T> built, DebeziumDeserializationSchema<T> deserializer,
            List<String> capturedTables, MySqlTrustStore trustStore) {
        return new PipelineMySqlSource<>(built, deserializer, capturedTables, trustStore);
    }

    private void ensureTrustStore() {
        if (trustStore != null) {
            trustStore.ensure();
        }
    }

    @Override
    public SourceReader<T, MySqlSplit> createReader(SourceReaderContext readerContext) throws Exception {
        ensureTrustStore();
        MySqlDriverCleanup.prepare();
        readerContext.getUserCodeClassLoader().registerReleaseHookIfAbsent("mysql-driver-cleanup", MySqlDriverCleanup::run);
        return new RefusalStoppingReader<>(super.createReader(readerContext));
    }

    @Override
    public SplitEnumerator<MySqlSplit, PendingSplitsState> createEnumerator(SplitEnumeratorContext<MySqlSplit> context) {
        ensureTrustStore();
        return new ReleasingEnumerator(super.createEnumerator(context));
    }

    @Override
    public SplitEnumerator<MySqlSplit, PendingSplitsState> restoreEnumerator(
            SplitEnumeratorContext<MySqlSplit> context, PendingSplitsState checkpoint) {
        ensureTrustStore();
        return new ReleasingEnumerator(restoreOrRefuse(context, checkpoint));
    }

    private SplitEnumerator<MySqlSplit, PendingSplitsState> restoreOrRefuse(
            SplitEnumeratorContext<MySqlSplit> context, PendingSplitsState checkpoint) {
        if (checkpoint instanceof HybridPendingSplitsState hybrid) {
            List<String> joining = tablesJoiningBeforeSnapshotComplete(hybrid.getSnapshotPendingSplits(), capturedTables);
            if (!joining.isEmpty()) {
                return new RefusingEnumerator(checkpoint, new IllegalStateException("Tables " + joining + " are new "
                        + "to this job, but the savepoint or checkpoint it resumes from was taken before the job's "
                        + "snapshot was complete, and Flink CDC adds tables only after that (they would never arrive). "
                        + "Resume without them (the previous mysql.tables.include, or exclude them), wait until the "
                        + "JobManager logs 'Snapshot split assigner is turn into finished status', stop the job with a "
                        + "savepoint, then resume from that savepoint with them"));
            }
        }
        return super.restoreEnumerator(context, checkpoint);
    }

    /**
     * The captured tables that Flink CDC would leave out when restoring {@code state}: none once the snapshot
     * (initial or of tables added earlier) is complete, as Flink CDC then snapshots every table new to the state;
     * otherwise those the state does not know.
     */
    static List<String> tablesJoiningBeforeSnapshotComplete(SnapshotPendingSplitsState state, List<String> captured) {
        if (AssignerStatus.isAssigningFinished(state.getSnapshotAssignerStatus())) {
            return List.of();
        }
        boolean caseSensitive = state.isTableIdCaseSensitive();
        Set<String> known = new HashSet<>();
        List<io.debezium.relational.TableId> stateTables = new ArrayList<>(state.getAlreadyProcessedTables());
        stateTables.addAll(state.getRemainingTables());
        state.getRemainingSplits().stream().map(MySqlSchemalessSnapshotSplit::getTableId).forEach(stateTables::add);
        state.getAssignedSplits().values().stream().map(MySqlSchemalessSnapshotSplit::getTableId).forEach(stateTables::add);
        for (io.debezium.relational.TableId table : stateTables) {
            known.add(normalized(table.catalog() + "." + table.table(), caseSensitive));
        }
        return captured.stream().filter(table -> !known.contains(normalized(table, caseSensitive))).toList();
    }

    private static String normalized(String table, boolean caseSensitive) {
        return caseSensitive ? table : table.toLowerCase(Locale.ROOT);
    }

    /**
     * Flink CDC's enumerator, which on close also lets go of what holds the job's class loader on the JobManager
     * (which has no class-loader release hook for enumerators): Flink CDC's static JDBC pools, whose housekeeper
     * threads outlive an enumerator that failed to close them, and mysql-connector-j's registration and thread
     * ({@link MySqlDriverCleanup}). A new enumerator of the same job (after a global failover) makes new ones.
     */
    private static final class ReleasingEnumerator implements SplitEnumerator<MySqlSplit, PendingSplitsState> {
        private final SplitEnumerator<MySqlSplit, PendingSplitsState> enumerator;

        ReleasingEnumerator(SplitEnumerator<MySqlSplit, PendingSplitsState> enumerator) {
            this.enumerator = enumerator;
            MySqlDriverCleanup.prepare();
        }

        @Override
        public void start() {
            enumerator.start();
        }

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {
            enumerator.handleSplitRequest(subtaskId, requesterHostname);
        }

        @Override
        public void addSplitsBack(List<MySqlSplit> splits, int subtaskId) {
            enumerator.addSplitsBack(splits, subtaskId);
        }

        @Override
        public void addReader(int subtaskId) {
            enumerator.addReader(subtaskId);
        }

        @Override
        public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
            enumerator.handleSourceEvent(subtaskId, sourceEvent);
        }

        @Override
        public PendingSplitsState snapshotState(long checkpointId) throws Exception {
            return enumerator.snapshotState(checkpointId);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            enumerator.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            enumerator.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void close() throws IOException {
            try {
                enumerator.close();
            } finally {
                MySqlDriverCleanup.run();
                // The pools are static: shared by every job when the job's classes are not its own.
                if (MySqlDriverCleanup.inJobClassLoader()) {
                    try {
                        JdbcConnectionPools.getInstance().clear();
                    } catch (IOException | LinkageError e) {
                        // Flink may already be closing the class loader; the pools' threads end with their pools.
                        LOG.warn("Could not close Flink CDC's JDBC connection pools", e);
                    }
                }
            }
        }
    }

    /**
     * Stands in for Flink CDC's enumerator when the restored state cannot be honoured: fails the job, without
     * restarts, once the first reader registers. Failing while the coordinator is being restored is not enough: Flink
     * 1.20 may log such a failure and keep the job running without a source coordinator.
     */
    private static final class RefusingEnumerator implements SplitEnumerator<MySqlSplit, PendingSplitsState> {
        private final PendingSplitsState checkpoint;
        private final IllegalStateException reason;

        RefusingEnumerator(PendingSplitsState checkpoint, IllegalStateException reason) {
            this.checkpoint = checkpoint;
            this.reason = reason;
        }

        @Override
        public void start() {}

        @Override
        public void addReader(int subtaskId) {
            // Restarting would restore the same state and fail the same way: end the job at once.
            throw new SuppressRestartsException(reason);
        }

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {
            throw new SuppressRestartsException(reason);
        }

        @Override
        public void addSplitsBack(List<MySqlSplit> splits, int subtaskId) {}

        @Override
        public PendingSplitsState snapshotState(long checkpointId) {
            return checkpoint;
        }

        @Override
        public void close() {}
    }

    /**
     * Flink CDC's reader, except that the server refusing the binlog offset ({@link BinlogReadRefusal}) stops the
     * job without restarts, which would resume at the same offset and fail the same way, and that failures naming a
     * snapshot split leave its key bounds out ({@link SnapshotSplitFailure}).
     */
    private static final class RefusalStoppingReader<T> implements SourceReader<T, MySqlSplit> {
        private final SourceReader<T, MySqlSplit> reader;

        RefusalStoppingReader(SourceReader<T, MySqlSplit> reader) {
            this.reader = reader;
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            try {
                return reader.pollNext(output);
            } catch (Exception e) {
                BinlogHistoryChangedException changed = BinlogReadRefusal.of(e).orElse(null);
                if (changed == null) {
                    throw SnapshotSplitFailure.withoutKeyValues(e);
                }
                changed.addSuppressed(e);
                throw new SuppressRestartsException(changed);
            }
        }

        @Override
        public void start() {
            reader.start();
        }

        @Override
        public List<MySqlSplit> snapshotState(long checkpointId) {
            return reader.snapshotState(checkpointId);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return reader.isAvailable();
        }

        @Override
        public void addSplits(List<MySqlSplit> splits) {
            reader.addSplits(splits);
        }

        @Override
        public void notifyNoMoreSplits() {
            reader.notifyNoMoreSplits();
        }

        @Override
        public void handleSourceEvents(SourceEvent sourceEvent) {
            reader.handleSourceEvents(sourceEvent);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            reader.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            reader.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void pauseOrResumeSplits(Collection<String> pausedSplitIds, Collection<String> resumedSplitIds) {
            reader.pauseOrResumeSplits(pausedSplitIds, resumedSplitIds);
        }

        @Override
        public void close() throws Exception {
            reader.close();
        }
    }

    /**
     * Flink CDC's emitter, plus heartbeats handed to the deserializer after Flink CDC has taken their offset. It
     * also stops the job (no restarts: the same offset would fail again) when the binlog started a new history
     * under the running job: a change lies before the offset the binlog split has read from
     * ({@link BinlogProgress}), or, probed on heartbeats, the server's binlog no longer holds that offset
     * ({@link BinlogWatch}).
     */
    private static final class Emitter<T> extends MySqlRecordEmitter<T> {
        private final DebeziumDeserializationSchema<T> deserializer;
        private final BinlogWatch watch;
        private final BinlogReplayFilter replays = new BinlogReplayFilter();

        Emitter(DebeziumDeserializationSchema<T> deserializer,
                org.apache.flink.cdc.connectors.mysql.source.metrics.MySqlSourceReaderMetrics metrics,
                boolean includeSchemaChanges, BinlogWatch watch) {
            super(deserializer, metrics, includeSchemaChanges);
            this.deserializer = deserializer;
            this.watch = watch;
        }

        /**
         * Whether Flink CDC emitted this change already in this run. Compared by the row event's own position
         * ({@code source.file/pos/row}), not the record's offset, whose position is its transaction's start.
         */
        private boolean repeated(SourceRecord record) {
            if (!(record.value() instanceof Struct value) || value.schema().field("source") == null) {
                return false;
            }
            Struct source = value.getStruct("source");
            Integer row = source.getInt32("row");
            return !replays.firstTime(source.getString("db"), source.getString("table"), source.getString("file"),
                    source.getInt64("pos"), row == null ? 0 : row, "c".equals(value.getString("op")));
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
                if (repeated(element)) {
                    return;
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
