package dev.chcdc.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class SnapshotSplitFailureTest {
    @Test
    void aSplitsKeyBoundsAreLeftOutOfEveryMessageOfTheChainAndTheRestIsKept() {
        IOException cause = new IOException("Read split MySqlSnapshotSplit{tableId=shop.users, splitId='shop.users:3', "
                + "splitKeyType=[`email` VARCHAR(64) NOT NULL], splitStart=[ann@example.com], "
                + "splitEnd=[bob@example.com], highWatermark=null} error due to Access denied");
        RuntimeException failure = new RuntimeException("One or more fetchers have encountered exception", cause);

        Exception scrubbed = SnapshotSplitFailure.withoutKeyValues(failure);

        assertThat(scrubbed.getMessage()).isEqualTo(
                "java.lang.RuntimeException: One or more fetchers have encountered exception");
        assertThat(scrubbed.getCause().getMessage()).isEqualTo("java.io.IOException: Read split "
                + "MySqlSnapshotSplit{tableId=shop.users, splitId='shop.users:3', splitKeyType=[`email` VARCHAR(64) "
                + "NOT NULL], splitStart=…, splitEnd=…, highWatermark=null} error due to Access denied");
        assertThat(scrubbed.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
    }

    @Test
    void aFailureThatNamesNoSplitIsPassedOnUnchanged() {
        IllegalStateException failure = new IllegalStateException("binlog connection lost");

        assertThat(SnapshotSplitFailure.withoutKeyValues(failure)).isSameAs(failure);
    }
}
