package dev.chcdc.source;

import dev.chcdc.event.ChangeVersion;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Asks MySQL, now and then while the source is idle, whether its binlog still holds the offset the source reads
 * from. Needed because a new history under a running job need not bring any change that {@link BinlogProgress}
 * could see: after {@code RESET MASTER}, MariaDB's binlog dump thread of the running connection sends nothing
 * more, no error either, and the job would sit RUNNING forever. The check is {@link BinlogHistory}'s, with the
 * offset read from as the reference (an event starts there, or the file ends there). Each probe opens and closes
 * its own connection.
 */
public final class BinlogWatch {
    /** At most one probe per interval, however often heartbeats come. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(10);
    /** Every binlog file starts with a 4-byte magic number; its first event is at position 4. */
    private static final long FIRST_EVENT_POSITION = 4;

    private final String url;
    private final Properties properties;
    private long lastProbeNanos;
    private boolean probed;

    public BinlogWatch(String hostname, int port, String username, String password, Duration connectTimeout,
            Properties jdbcProperties) {
        this.url = "jdbc:mysql://" + hostname + ":" + port + "/";
        this.properties = new Properties();
        properties.putAll(jdbcProperties);
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
        properties.setProperty("allowPublicKeyRetrieval", "true");
    }

    /**
     * Throws {@link BinlogHistoryChangedException} when the server's binlog no longer holds {@code readFile:
     * readPosition}; does nothing while the last probe is recent or nothing has been read yet.
     */
    public void probe(String readFile, long readPosition) throws SQLException {
        // Before the first event (position 4) there is nothing to look up.
        if (readFile == null || readFile.isEmpty() || readPosition < FIRST_EVENT_POSITION) {
            return;
        }
        long now = System.nanoTime();
        if (probed && now - lastProbeNanos < PROBE_INTERVAL.toNanos()) {
            return;
        }
        probed = true;
        lastProbeNanos = now;
        Optional<BinlogHistory.Committed> reference = Optional.of(readOffset(readFile, readPosition));
        BinlogHistory.Server server;
        // The driver directly, not DriverManager: in a TaskManager the job's classes live in a user-code class
        // loader, whose drivers DriverManager only offers to callers it considers allowed.
        try (Connection connection = new com.mysql.cj.jdbc.Driver().connect(url, properties)) {
            server = BinlogHistory.read(connection, reference);
        }
        Optional<String> changed = BinlogHistory.newHistoryReason(reference.get(), server);
        if (changed.isPresent()) {
            throw BinlogHistoryChangedException.noLongerHeld(readFile, readPosition,
                    "the server is at " + server.describe() + ": " + changed.get());
        }
    }

    /** An offset read from is a position where an event starts, as a snapshot's position is. */
    static BinlogHistory.Committed readOffset(String file, long position) {
        return new BinlogHistory.Committed(ChangeVersion.before(0, file, position), "", 0);
    }
}
