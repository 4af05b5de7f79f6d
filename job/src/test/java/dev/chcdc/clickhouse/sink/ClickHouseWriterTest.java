package dev.chcdc.clickhouse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.clickhouse.encoding.RowBinaryEncoder;
import dev.chcdc.event.ChangeEvent;
import dev.chcdc.event.SourcePosition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The writer driven by hand: what each checkpoint hands to the committer. */
class ClickHouseWriterTest {
    @Test
    void aCheckpointWithoutChangesHandsOutNothing() throws Exception {
        assertThat(SinkTables.writer(10, 0, false).prepareCommit()).isEmpty();
    }

    @Test
    void batchesAreSealedAtTheBatchSizeAndCarryTheColumnsTheirRowsWereWrittenFor() throws Exception {
        ClickHouseWriter writer = SinkTables.writer(2, 0, false);
        for (int id = 1; id <= 5; id++) {
            writer.write(SinkTables.insert(id), null);
        }

        List<ClickHouseCommittable> batches = new ArrayList<>(writer.prepareCommit());

        assertThat(batches).extracting(ClickHouseCommittable::rowCount).containsExactly(2, 2, 1);
        assertThat(batches).allSatisfy(batch -> {
            assertThat(batch.header()).isEqualTo(new RowBinaryEncoder(SinkTables.ORDERS).namesAndTypesHeader());
            assertThat(batch.table()).isEqualTo("orders_raw");
            assertThat(batch.rowOffsets()).hasSize(batch.rowCount()).startsWith(0);
        });
        assertThat(batches.get(2).lastCommitTimeMillis()).isEqualTo(SinkTables.insert(5).commitTimeMillis());
        assertThat(writer.prepareCommit()).isEmpty();
    }

    @Test
    void tokensNameTheEpochAfterTheRestoredCheckpointAndTheBatchContent() throws Exception {
        ClickHouseWriter fresh = SinkTables.writer(10, 0, false);
        ClickHouseWriter restored = SinkTables.writer(10, 7, false);
        fresh.write(SinkTables.insert(1), null);
        restored.write(SinkTables.insert(1), null);

        String freshToken = only(fresh.prepareCommit()).deduplicationToken();
        String restoredToken = only(restored.prepareCommit()).deduplicationToken();

        assertThat(freshToken).startsWith("shop.orders_raw:1-0-0:");
        assertThat(restoredToken).startsWith("shop.orders_raw:8-0-0:");
        assertThat(restoredToken.substring(restoredToken.lastIndexOf(':')))
                .isEqualTo(freshToken.substring(freshToken.lastIndexOf(':')));
        restored.write(SinkTables.insert(2), null);
        assertThat(only(restored.prepareCommit()).deduplicationToken()).startsWith("shop.orders_raw:9-0-0:");
    }

    @Test
    void aHeartbeatTravelsWithItsCheckpointsBatches() throws Exception {
        ClickHouseWriter writer = SinkTables.writer(10, 0, false);
        writer.write(SinkTables.insert(1), null);
        writer.write(ChangeEvent.heartbeat(SourcePosition.snapshot(), 1_764_579_700_000L), null);

        List<ClickHouseCommittable> batches = new ArrayList<>(writer.prepareCommit());

        assertThat(batches).hasSize(2);
        assertThat(batches.get(1).isHeartbeat()).isTrue();
        assertThat(batches.get(1).lastCommitTimeMillis()).isEqualTo(1_764_579_700_000L);
    }

    @Test
    void aChangelogTableGetsTheAfterImageOfAnInsert() throws Exception {
        ClickHouseWriter writer = SinkTables.writer(10, 0, true);
        writer.write(SinkTables.insert(1), null);

        assertThat(writer.prepareCommit()).extracting(ClickHouseCommittable::table, ClickHouseCommittable::rowCount)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("orders_raw", 1),
                        org.assertj.core.groups.Tuple.tuple("orders_changes", 1));
    }

    private static ClickHouseCommittable only(Collection<ClickHouseCommittable> batches) {
        assertThat(batches).hasSize(1);
        return batches.iterator().next();
    }
}
