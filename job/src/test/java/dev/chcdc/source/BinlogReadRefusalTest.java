package dev.chcdc.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.network.ServerException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BinlogReadRefusalTest {
    private static final String IMPOSSIBLE_POSITION = "Client requested master to start replication from impossible "
            + "position; the first event 'mysql-bin.000001' at 667155, the last event read from 'mysql-bin.000001' "
            + "at 4, the last byte read from 'mysql-bin.000001' at 4.";

    @Test
    void serverRefusingTheReadOffsetDeepInTheCauseChainIsANewHistoryNamingTheOffsetAndTheRecovery() {
        Exception failure = new RuntimeException("One or more fetchers have encountered exception",
                new IllegalStateException("An exception occurred in the change event producer",
                        new ServerException(IMPOSSIBLE_POSITION, 1236, "HY000")));

        assertThat(BinlogReadRefusal.of(failure)).hasValueSatisfying(changed -> assertThat(changed.getMessage())
                .startsWith("The MySQL binlog no longer holds the offset the running job reads from: the server "
                        + "refused it (error 1236: " + IMPOSSIBLE_POSITION + ")")
                .contains("bin/job resume --from-checkpoint"));
    }

    @Test
    void otherServerErrorsAndIoFailuresAreLeftToTheRestartStrategy() {
        assertThat(BinlogReadRefusal.of(new RuntimeException(new ServerException("Access denied", 1045, "28000"))))
                .isEmpty();
        assertThat(BinlogReadRefusal.of(new RuntimeException(new IOException("Connection reset")))).isEmpty();
    }
}
