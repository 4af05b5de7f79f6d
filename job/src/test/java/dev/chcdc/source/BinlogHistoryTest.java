package dev.chcdc.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chcdc.event.ChangeVersion;
import dev.chcdc.source.BinlogHistory.Committed;
import dev.chcdc.source.BinlogHistory.Decision;
import dev.chcdc.source.BinlogHistory.LogFile;
import dev.chcdc.source.BinlogHistory.Server;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BinlogHistoryTest {
    private static final String IDENTITY = "server_id=1";

    /** The last change in ClickHouse: a row event at mysql-bin.000003:5000 of generation 0. */
    private static final Committed AT_3_5000 = new Committed(ChangeVersion.of("mysql-bin.000003", 5000, 0),
            "mysql-bin.000003", 5000);

    @Test
    void emptyTargetTablesStartGenerationZero() {
        Decision decision = BinlogHistory.decide(Optional.empty(), server(List.of(log("mysql-bin.000001", 400)),
                "mysql-bin.000001", 400, null));

        assertThat(decision.generation()).isZero();
        assertThat(decision.newHistory()).isFalse();
    }

    @Test
    void binlogThatStillHoldsTheLastChangeKeepsItsGeneration() {
        Decision decision = BinlogHistory.decide(Optional.of(AT_3_5000), server(
                List.of(log("mysql-bin.000002", 9000), log("mysql-bin.000003", 7000)), "mysql-bin.000003", 7000,
                "Update_rows_v1"));

        assertThat(decision).isEqualTo(new Decision(0, false, decision.reason()));
    }

    @Test
    void laterGenerationIsKeptWhileItsHistoryContinues() {
        Committed inGeneration2 = new Committed(ChangeVersion.of(2, "mysql-bin.000001", 800, 1), "mysql-bin.000001", 800);

        Decision decision = BinlogHistory.decide(Optional.of(inGeneration2), server(
                List.of(log("mysql-bin.000001", 1200)), "mysql-bin.000001", 1200, "Write_rows"));

        assertThat(decision.generation()).isEqualTo(2);
        assertThat(decision.newHistory()).isFalse();
    }

    @Test
    void resetMasterBelowTheLastChangeStartsTheNextGeneration() {
        Decision decision = BinlogHistory.decide(Optional.of(AT_3_5000), server(
                List.of(log("mysql-bin.000001", 2000)), "mysql-bin.000001", 2000, null));

        assertThat(decision.generation()).isEqualTo(1);
        assertThat(decision.newHistory()).isTrue();
        assertThat(decision.reason()).contains("behind", "mysql-bin.000003:5000", "mysql-bin.000001:2000");
    }

    @Test
    void newHistoryThatGrewPastTheLastChangeIsDetectedByTheMissingRowEvent() {
        Decision decision = BinlogHistory.decide(Optional.of(AT_3_5000), server(
                List.of(log("mysql-bin.000001", 1_000_000), log("mysql-bin.000002", 1_000_000),
                        log("mysql-bin.000003", 90_000)), "mysql-bin.000003", 90_000, ""));

        assertThat(decision.generation()).isEqualTo(1);
        assertThat(decision.reason()).contains("no row event starts at mysql-bin.000003:5000");
    }

    @Test
    void otherEventAtTheCommittedPositionIsANewHistory() {
        Decision decision = BinlogHistory.decide(Optional.of(AT_3_5000), server(
                List.of(log("mysql-bin.000003", 90_000)), "mysql-bin.000003", 90_000, "Query"));

        assertThat(decision.newHistory()).isTrue();
        assertThat(decision.reason()).contains("a Query event does");
    }

    @Test
    void committedFileShorterThanTheCommittedPositionIsANewHistory() {
        Decision decision = BinlogHistory.decide(Optional.of(AT_3_5000), server(
                List.of(log("mysql-bin.000003", 4000), log("mysql-bin.000004", 300)), "mysql-bin.000004", 300, null));

        assertThat(decision.newHistory()).isTrue();
        assertThat(decision.reason()).contains("mysql-bin.000003 is only 4000 bytes long");
    }

    @Test
    void changedBinlogBaseNameIsANewHistory() {
        Decision decision = BinlogHistory.decide(Optional.of(AT_3_5000), server(
                List.of(log("binlog.000007", 90_000)), "binlog.000007", 90_000, null));

        assertThat(decision.newHistory()).isTrue();
        assertThat(decision.reason()).contains("base name changed from mysql-bin to binlog");
    }

    @Test
    void purgedCommittedFileWithOnlyLaterFilesLeftKeepsTheGeneration() {
        Decision decision = BinlogHistory.decide(Optional.of(AT_3_5000), server(
                List.of(log("mysql-bin.000009", 500)), "mysql-bin.000009", 500, null));

        assertThat(decision.generation()).isZero();
        assertThat(decision.newHistory()).isFalse();
    }

    @Test
    void snapshotRowAtTheCurrentPositionKeepsTheGeneration() {
        Committed snapshot = new Committed(ChangeVersion.before(1, "mysql-bin.000002", 700), "", 0);

        Decision decision = BinlogHistory.decide(Optional.of(snapshot), server(
                List.of(log("mysql-bin.000002", 700)), "mysql-bin.000002", 700, null));

        assertThat(decision.generation()).isEqualTo(1);
        assertThat(decision.newHistory()).isFalse();
    }

    @Test
    void snapshotRowAboveTheCurrentPositionStartsTheNextGeneration() {
        Committed snapshot = new Committed(ChangeVersion.before(1, "mysql-bin.000002", 700), "", 0);

        Decision decision = BinlogHistory.decide(Optional.of(snapshot), server(
                List.of(log("mysql-bin.000001", 600)), "mysql-bin.000001", 600, null));

        assertThat(decision.generation()).isEqualTo(2);
        assertThat(decision.newHistory()).isTrue();
    }

    @Test
    void snapshotPositionWhereAnEventStartsKeepsTheGeneration() {
        Committed snapshot = new Committed(ChangeVersion.before("mysql-bin.000001", 45_742), "", 0);

        Decision decision = BinlogHistory.decide(Optional.of(snapshot), server(
                List.of(log("mysql-bin.000001", 76_102)), "mysql-bin.000001", 76_102, "Gtid"));

        assertThat(decision.newHistory()).isFalse();
    }

    @Test
    void snapshotPositionWhereNoEventStartsIsANewHistory() {
        Committed snapshot = new Committed(ChangeVersion.before("mysql-bin.000001", 45_742), "", 0);

        Decision decision = BinlogHistory.decide(Optional.of(snapshot), server(
                List.of(log("mysql-bin.000001", 162_544)), "mysql-bin.000001", 162_544, ""));

        assertThat(decision.generation()).isEqualTo(1);
        assertThat(decision.reason()).contains("no event starts at mysql-bin.000001:45742");
    }

    @Test
    void sameHistoryGivesTheSameDecisionOnEveryResubmission() {
        Server reset = server(List.of(log("mysql-bin.000001", 2000)), "mysql-bin.000001", 2000, null);

        assertThat(BinlogHistory.decide(Optional.of(AT_3_5000), reset))
                .isEqualTo(BinlogHistory.decide(Optional.of(AT_3_5000), reset));
    }

    @Test
    void newHistoryAfterTheLastGenerationIsRefusedNamingTheRecovery() {
        Committed last = new Committed(ChangeVersion.of(ChangeVersion.MAX_GENERATION, "mysql-bin.000003", 5000, 0),
                "mysql-bin.000003", 5000);

        assertThatThrownBy(() -> BinlogHistory.decide(Optional.of(last), server(
                List.of(log("mysql-bin.000001", 2000)), "mysql-bin.000001", 2000, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("re-snapshot into new ClickHouse tables");
    }

    private static Server server(List<LogFile> files, String currentFile, long currentPosition, String event) {
        return new Server(files, currentFile, currentPosition, event, IDENTITY);
    }

    private static LogFile log(String name, long size) {
        return new LogFile(name, size);
    }
}
