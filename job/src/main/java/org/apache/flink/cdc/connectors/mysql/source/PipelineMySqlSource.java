package org.apache.flink.cdc.connectors.mysql.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.cdc.connectors.mysql.source.assigners.AssignerStatus;
import org.apache.flink.cdc.connectors.mysql.source.assigners.state.HybridPendingSplitsState;
import org.apache.flink.cdc.connectors.mysql.source.assigners.state.PendingSplitsState;
import org.apache.flink.cdc.connectors.mysql.source.assigners.state.SnapshotPendingSplitsState;
import org.apache.flink.cdc.connectors.mysql.source.reader.MySqlRecordEmitter;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSchemalessSnapshotSplit;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplit;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplitState;
import org.apache.flink.cdc.connectors.mysql.source.utils.RecordUtils;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.Collector;

/**
 * Flink CDC's {@link MySqlSource} with two differences:
 *
 * <ul>
 *   <li>binlog heartbeat records also reach the deserializer (Flink CDC only uses them to advance its offset), so
 *       the pipeline learns how far the binlog has been read even when no captured table changes, and freshness
 *       stays meaningful on quiet tables;
 *   <li>resuming from a savepoint or checkpoint taken before the snapshot was complete, with tables the state does
 *       not know, is refused naming them: Flink CDC 3.5 adds new tables only to a job whose snapshot is complete
 *       ({@code MySqlSnapshotSplitAssigner#captureNewlyAddedTables}); before that it would neither snapshot them
 *       nor pass on their binlog changes, and the job would run without them.
 * </ul>
 *
 * <p>Our own class, placed in Flink CDC's package because the constructor that takes a record emitter is
 * package-private there (Flink CDC's pipeline connector uses the same hook). Re-check on a Flink CDC upgrade.
 */
public final class PipelineMySqlSource<T> extends MySqlSource<T> {
    /** The captured tables as {@code database.table}. */
    private final List<String> capturedTables;

    private PipelineMySqlSource(MySqlSource<T> built, DebeziumDeserializationSchema<T> deserializer,
            List<String> capturedTables) {
        super(built.getConfigFactory(), deserializer,
                (metrics, config) -> new Emitter<>(deserializer, metrics, config.isIncludeSchemaChanges()));
        this.capturedTables = List.copyOf(capturedTables);
    }

    /** {@code built}'s configuration and deserializer, for the {@code database.table} names it captures. */
    public static <T> MySqlSource<T> of(MySqlSource<T> built, DebeziumDeserializationSchema<T> deserializer,
            List<String> capturedTables) {
        return new PipelineMySqlSource<>(built, deserializer, capturedTables);
    }

    @Override
    public SplitEnumerator<MySqlSplit, PendingSplitsState> restoreEnumerator(
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

    /** Flink CDC's emitter, plus heartbeats handed to the deserializer after Flink CDC has taken their offset. */
    private static final class Emitter<T> extends MySqlRecordEmitter<T> {
        private final DebeziumDeserializationSchema<T> deserializer;

        Emitter(DebeziumDeserializationSchema<T> deserializer,
                org.apache.flink.cdc.connectors.mysql.source.metrics.MySqlSourceReaderMetrics metrics,
                boolean includeSchemaChanges) {
            super(deserializer, metrics, includeSchemaChanges);
            this.deserializer = deserializer;
        }

        @Override
        protected void processElement(SourceRecord element, SourceOutput<T> output, MySqlSplitState splitState)
                throws Exception {
            super.processElement(element, output, splitState);
            if (RecordUtils.isHeartbeatEvent(element) && splitState.isBinlogSplitState()) {
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
