package dev.chcdc.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BinlogReplayFilterTest {
    @Test
    void changesReadAgainAfterTheBinlogReaderMovedBackAreRepeatsPerTable() {
        BinlogReplayFilter filter = new BinlogReplayFilter();
        assertThat(filter.firstTime("shop", "orders", "mysql-bin.000002", 400, 0, false)).isTrue();
        assertThat(filter.firstTime("shop", "orders", "mysql-bin.000002", 400, 1, false)).isTrue();
        assertThat(filter.firstTime("shop", "orders", "mysql-bin.000002", 900, 0, true)).isTrue();

        // The reader moves back to 400 for a joining table: orders' changes from there were emitted already.
        assertThat(filter.firstTime("shop", "orders", "mysql-bin.000002", 400, 1, false)).isFalse();
        assertThat(filter.firstTime("shop", "orders", "mysql-bin.000002", 900, 0, true)).isFalse();
        assertThat(filter.firstTime("shop", "joined", "mysql-bin.000002", 650, 0, true)).isTrue();
        assertThat(filter.firstTime("shop", "orders", "mysql-bin.000003", 4, 0, false)).isTrue();
    }

    @Test
    void anUpdateOfThePrimaryKeyIsADeleteThenACreateAtOnePositionAndBothAreNew() {
        BinlogReplayFilter filter = new BinlogReplayFilter();

        assertThat(filter.firstTime("shop", "orders", "mysql-bin.000002", 700, 0, false)).isTrue();
        assertThat(filter.firstTime("shop", "orders", "mysql-bin.000002", 700, 0, true)).isTrue();
        assertThat(filter.firstTime("shop", "orders", "mysql-bin.000002", 700, 0, false)).isFalse();
        assertThat(filter.firstTime("shop", "orders", "mysql-bin.000002", 700, 0, true)).isFalse();
    }
}
