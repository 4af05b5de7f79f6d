package dev.chcdc.source;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BinlogProgressTest {

    @Test
    void changeAtOrAfterTheOffsetReadFromPasses() {
        assertThatCode(() -> BinlogProgress.check("mysql-bin.000004", 900, "mysql-bin.000004", 900)).doesNotThrowAnyException();
        assertThatCode(() -> BinlogProgress.check("mysql-bin.000004", 900, "mysql-bin.000005", 4)).doesNotThrowAnyException();
    }

    @Test
    void anyChangeIsAcceptedWhenReadingFromTheEarliestOffset() {
        assertThatCode(() -> BinlogProgress.check("", 0, "mysql-bin.000001", 4)).doesNotThrowAnyException();
    }

    @Test
    void changeInAnEarlierFileStopsTheSourceNamingBothPositionsAndTheRecovery() {
        assertThatThrownBy(() -> BinlogProgress.check("mysql-bin.000004", 900, "mysql-bin.000001", 5000))
                .isInstanceOf(BinlogHistoryChangedException.class)
                .hasMessageContaining("a change at mysql-bin.000001:5000 arrived after the source had read up to "
                        + "mysql-bin.000004:900")
                .hasMessageContaining("bin/job resume --from-checkpoint");
    }

    @Test
    void changeEarlierInTheSameFileStopsTheSource() {
        assertThatThrownBy(() -> BinlogProgress.check("mysql-bin.000004", 900, "mysql-bin.000004", 400))
                .isInstanceOf(BinlogHistoryChangedException.class);
    }

    @Test
    void changeInABinlogOfAnotherBaseNameStopsTheSource() {
        assertThatThrownBy(() -> BinlogProgress.check("mysql-bin.000004", 900, "binlog.000009", 400))
                .isInstanceOf(BinlogHistoryChangedException.class);
    }
}
