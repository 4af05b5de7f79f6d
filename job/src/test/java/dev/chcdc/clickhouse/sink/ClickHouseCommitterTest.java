package dev.chcdc.clickhouse.sink;

import static dev.chcdc.clickhouse.sink.FakeClickHouse.error;
import static dev.chcdc.clickhouse.sink.FakeClickHouse.holds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chcdc.clickhouse.client.FailureClass;
import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.TableSchema;
import dev.chcdc.testsupport.RecordingCommitRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The commit protocol, driven by hand against {@link FakeClickHouse}: no batch is ever discarded. */
class ClickHouseCommitterTest {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final Duration BLOCKED_TIMEOUT = Duration.ofMinutes(10);
    private static final String BLOCKED_GAUGE = "cdc.table=shop.orders.commitBlockedMs";

    private final FakeClickHouse clickHouse = new FakeClickHouse();
    private final RecordingMetricGroup metrics = new RecordingMetricGroup();
    private final RecordingDeadLetters deadLetters = new RecordingDeadLetters(true);
    private final List<Long> blockedWhileWaiting = new ArrayList<>();
    private long nowMillis = 1_000_000;

    @Test
    void aBatchCommittedAgainAfterARestoreIsDroppedByItsToken() throws Exception {
        ClickHouseCommittable batch = SinkTables.batch(3);

        commit(committer(List.of(SinkTables.ORDERS)), batch);
        commit(committer(List.of(SinkTables.ORDERS)), batch);

        assertThat(clickHouse.storedRows(batch)).containsExactly(0, 1, 2);
        assertThat(clickHouse.calls()).extracting(FakeClickHouse.Insert::token)
                .containsExactly(batch.deduplicationToken(), batch.deduplicationToken());
    }

    @Test
    void refusedRowsAreIsolatedByBisectionAndOnlyThoseAreDeadLettered() throws Exception {
        ClickHouseCommittable batch = SinkTables.batch(8);
        clickHouse.failWith(insert -> !insert.probe() && (holds(insert, batch, 2) || holds(insert, batch, 5))
                ? error(FailureClass.ROW_REFUSED, 469) : null);

        RecordingCommitRequest<ClickHouseCommittable> request = commit(committer(List.of(SinkTables.ORDERS)), batch);

        assertThat(clickHouse.storedRows(batch)).containsExactlyInAnyOrder(0, 1, 3, 4, 6, 7);
        assertThat(deadLetters.versions()).containsExactly(SinkTables.insert(3).version(), SinkTables.insert(6).version());
        assertThat(deadLetters.attempts()).allSatisfy(attempts -> assertThat(attempts).isGreaterThan(1));
        assertThat(deadLetters.flushes).isEqualTo(1);
        assertThat(request.signals()).isEmpty();
    }

    @Test
    void aWrongPasswordIsRetriedWithBackOffUntilFixedAndShownAsBlocked() throws Exception {
        ClickHouseCommittable batch = SinkTables.batch(4);
        clickHouse.failWith(insert -> nowMillis < 1_000_000 + 90_000 ? error(FailureClass.CONFIGURATION, 516) : null);

        RecordingCommitRequest<ClickHouseCommittable> request = commit(committer(List.of(SinkTables.ORDERS)), batch);

        assertThat(clickHouse.storedRows(batch)).containsExactly(0, 1, 2, 3);
        assertThat(request.signals()).isEmpty();
        assertThat(blockedWhileWaiting.get(0)).isEqualTo(0L);
        assertThat(blockedWhileWaiting.get(blockedWhileWaiting.size() - 1)).isGreaterThanOrEqualTo(60_000L);
        assertThat(metrics.value(BLOCKED_GAUGE)).isEqualTo(0L);
        assertThat(deadLetters.versions()).isEmpty();
    }

    @Test
    void commitsBlockedLongerThanTheTimeoutFailTheJobNamingTheTableAndNothingIsDiscarded() throws Exception {
        ClickHouseCommittable batch = SinkTables.batch(4);
        clickHouse.failWith(insert -> error(FailureClass.CONFIGURATION, 497));
        ClickHouseCommitter committer = committer(List.of(SinkTables.ORDERS));
        RecordingCommitRequest<ClickHouseCommittable> request = new RecordingCommitRequest<>(batch);

        assertThatThrownBy(() -> committer.commit(List.of(request)))
                .isInstanceOf(ClickHouseCommitException.class)
                .hasMessageContaining("Commits to shop.orders_raw have been blocked for 6")
                .hasMessageContaining(batch.deduplicationToken())
                .hasMessageContaining("error 497");
        assertThat(request.signals()).isEmpty();
        assertThat(clickHouse.storedRows(batch)).isEmpty();
        assertThat(nowMillis - 1_000_000).isGreaterThanOrEqualTo(BLOCKED_TIMEOUT.toMillis());
    }

    @Test
    void outagesAreRetriedForAsLongAsTheyLast() throws Exception {
        ClickHouseCommittable batch = SinkTables.batch(2);
        clickHouse.failWith(insert -> nowMillis < 1_000_000 + Duration.ofHours(1).toMillis()
                ? error(FailureClass.OUTAGE, 241) : null);

        commit(committer(List.of(SinkTables.ORDERS)), batch);

        assertThat(clickHouse.storedRows(batch)).containsExactly(0, 1);
        assertThat(deadLetters.versions()).isEmpty();
    }

    @Test
    void aTableThatNoLongerTakesTheBatchsColumnsBlocksInsteadOfDeadLetteringEveryRow() throws Exception {
        ClickHouseCommittable batch = SinkTables.batch(3);
        // A dropped column: ClickHouse refuses even an insert of no rows with this header, until it is added back.
        clickHouse.failWith(insert -> nowMillis < 1_000_000 + 30_000 ? error(FailureClass.ROW_REFUSED, 117) : null);

        commit(committer(List.of(SinkTables.ORDERS)), batch);

        assertThat(clickHouse.storedRows(batch)).containsExactly(0, 1, 2);
        assertThat(deadLetters.versions()).isEmpty();
        assertThat(blockedWhileWaiting).isNotEmpty();
    }

    @Test
    void aRefusedRowWithDeadLettersOffStopsTheJobNamingTheRowAndCommitsTheOthers() throws Exception {
        ClickHouseCommittable batch = SinkTables.batch(4);
        clickHouse.failWith(insert -> !insert.probe() && holds(insert, batch, 1) ? error(FailureClass.ROW_REFUSED, 469) : null);
        RecordingDeadLetters off = new RecordingDeadLetters(false);
        ClickHouseCommitter committer = committer(List.of(SinkTables.ORDERS), off);

        assertThatThrownBy(() -> committer.commit(List.of(new RecordingCommitRequest<>(batch))))
                .isInstanceOf(ClickHouseCommitException.class)
                .hasMessageContaining("row 1 of batch " + batch.deduplicationToken())
                .hasMessageContaining("key (id), version " + SinkTables.insert(2).version()
                        + ", binlog mysql-bin.000003:1002")
                .hasMessageContaining("dead-letter.enabled is false")
                .hasMessageNotContaining("note 2");
        assertThat(clickHouse.storedRows(batch)).containsExactlyInAnyOrder(0, 2, 3);
        assertThat(off.versions()).isEmpty();
    }

    @Test
    void aRefusedChangelogRowStopsTheJobRatherThanDeadLetteringHalfAChange() throws Exception {
        ClickHouseWriter writer = SinkTables.writer(10, 0, true);
        writer.write(SinkTables.insert(1), null);
        ClickHouseCommittable changelog = writer.prepareCommit().stream()
                .filter(batch -> batch.table().equals(SinkTables.ORDERS.changelogTable())).findFirst().orElseThrow();
        clickHouse.failWith(insert -> !insert.probe() ? error(FailureClass.ROW_REFUSED, 53) : null);
        ClickHouseCommitter committer = committer(List.of(SinkTables.ORDERS));

        assertThatThrownBy(() -> committer.commit(List.of(new RecordingCommitRequest<>(changelog))))
                .isInstanceOf(ClickHouseCommitException.class)
                .hasMessageContaining("a changelog row is half of a change");
        assertThat(deadLetters.versions()).isEmpty();
    }

    @Test
    void aRestoredBatchOfATableNoLongerCapturedIsCommittedWithTheColumnsItWasWrittenFor() throws Exception {
        ClickHouseCommittable batch = SinkTables.batch(2);

        commit(committer(List.of()), batch);

        assertThat(clickHouse.storedRows(batch)).containsExactly(0, 1);
        assertThat(clickHouse.calls()).extracting(FakeClickHouse.Insert::header).containsExactly(batch.header());
    }

    @Test
    void anOldBatchWithoutColumnsForATableNoLongerCapturedFailsNamingTheTableAndTheWaysOut() throws Exception {
        ClickHouseCommittable written = SinkTables.batch(2);
        ClickHouseCommittable restored = new ClickHouseCommittable(written.database(), written.table(),
                written.deduplicationToken(), written.rowCount(), null, written.rows(), written.rowOffsets(), 0);
        ClickHouseCommitter committer = committer(List.of());
        RecordingCommitRequest<ClickHouseCommittable> request = new RecordingCommitRequest<>(restored);

        assertThatThrownBy(() -> committer.commit(List.of(request)))
                .isInstanceOf(ClickHouseCommitException.class)
                .hasMessageContaining("shop.orders_raw")
                .hasMessageContaining("mysql.tables.include")
                .hasMessageContaining("without this checkpoint");
        assertThat(request.signals()).isEmpty();
        assertThat(clickHouse.calls()).isEmpty();
    }

    private ClickHouseCommitter committer(List<ClickHouseTable> tables) {
        return committer(tables, deadLetters);
    }

    private ClickHouseCommitter committer(List<ClickHouseTable> tables, DeadLetters letters) {
        return new ClickHouseCommitter(clickHouse, tables, letters, MAX_BACKOFF, BLOCKED_TIMEOUT, metrics,
                () -> nowMillis, duration -> {
                    blockedWhileWaiting.add(tables.isEmpty() ? 0L : (Long) metrics.value(BLOCKED_GAUGE));
                    nowMillis += duration.toMillis();
                });
    }

    private static RecordingCommitRequest<ClickHouseCommittable> commit(ClickHouseCommitter committer, ClickHouseCommittable batch) throws Exception {
        RecordingCommitRequest<ClickHouseCommittable> request = new RecordingCommitRequest<>(batch);
        committer.commit(List.of(request));
        return request;
    }

    /** Dead letters kept in memory. */
    private static final class RecordingDeadLetters implements DeadLetters {
        private final boolean enabled;
        private final List<ChangeEvent> events = new ArrayList<>();
        private final List<Integer> attempts = new ArrayList<>();
        int flushes;

        RecordingDeadLetters(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public boolean enabled() {
            return enabled;
        }

        @Override
        public void publish(TableSchema schema, ChangeEvent event, RuntimeException error, int attempts) {
            if (!enabled) {
                throw new IllegalStateException("dead letters are off");
            }
            events.add(event);
            this.attempts.add(attempts);
        }

        List<Long> versions() {
            return events.stream().map(ChangeEvent::version).toList();
        }

        List<Integer> attempts() {
            return attempts;
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {}
    }
}
