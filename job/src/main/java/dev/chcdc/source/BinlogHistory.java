package dev.chcdc.source;

import dev.chcdc.event.ChangeVersion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Decides, before the job is submitted, whether MySQL's binlog still continues the history whose changes
 * ClickHouse already holds, and so which {@link ChangeVersion} generation the job writes. A failover to another
 * server, {@code RESET MASTER}, a changed {@code log_bin} base name or a restore from a backup start a new
 * history whose file sequences and positions need not be above those already written; from then on the job
 * writes the next generation, whose versions are above every earlier one.
 *
 * <p>The committed side is the change with the highest {@code _version} in the target tables (its binlog file
 * and position are stored beside it); nothing else is kept. The binlog continues that history only if it
 * still holds the change there: the file exists under the same base name, is long enough, a row event starts at
 * that position (for a snapshot row: any event, or the file's end, at the snapshot's position), and the server's
 * current position is beyond it. Otherwise the history is new. A file that is
 * gone while all the server's files are later ones is taken as purged (same history): Flink CDC then refuses to
 * resume from a binlog that is no longer available, and the runbook's re-snapshot applies.
 *
 * <p>Deterministic: the same committed change and the same server give the same generation on every
 * resubmission, until a change of the new generation is committed and becomes the reference. Not detected: a new
 * history in which a row event happens to start at exactly the committed file and position; at run time the
 * source then stops when positions go backwards ({@link BinlogProgress}).
 */
public final class BinlogHistory {
    /** MySQL's "Error when executing command SHOW BINLOG EVENTS: Wrong offset or I/O error" (no event starts there). */
    private static final int ER_ERROR_WHEN_EXECUTING_COMMAND = 1220;

    /**
     * The change with the highest version in ClickHouse; {@code file} and {@code position} are those of its row
     * event, or empty and 0 for a snapshot row (whose version lies just below the binlog position read at its
     * job's submission).
     */
    public record Committed(long version, String file, long position) {
        boolean fromBinlog() {
            return file != null && !file.isEmpty();
        }

        /** Where the binlog must still hold this history: the row event's start, or the snapshot's position. */
        long sequence() {
            return fromBinlog() ? ChangeVersion.fileSequence(file) : ChangeVersion.fileSequence(version + 1);
        }

        long requiredPosition() {
            return fromBinlog() ? position : ChangeVersion.offset(version + 1);
        }

        /**
         * The binlog file that must still hold this history: the change's own file, or for a snapshot row the
         * server's file of the snapshot's sequence.
         */
        Optional<LogFile> fileIn(List<LogFile> files, String currentFile) {
            String base = ChangeVersion.baseName(fromBinlog() ? file : currentFile);
            return files.stream()
                    .filter(log -> ChangeVersion.baseName(log.name()).equals(base)
                            && ChangeVersion.fileSequence(log.name()) == sequence())
                    .findFirst();
        }

        String describe() {
            return (fromBinlog() ? file + ":" + position
                    : "the binlog position of a snapshot, file sequence " + sequence() + " position " + requiredPosition())
                    + " (generation " + ChangeVersion.generation(version) + ")";
        }
    }

    /** One row of {@code SHOW BINARY LOGS}. */
    public record LogFile(String name, long size) {}

    /**
     * The server's binlog now: its files, the current write position, the type of the event that starts at the
     * committed position (null when not looked up because the file is missing or ends there, empty when no event
     * starts there) and, for the log only, the server's identity and GTID position.
     */
    public record Server(List<LogFile> files, String currentFile, long currentPosition, String eventAtCommitted,
            String identity) {
        public Server {
            files = List.copyOf(files);
        }

        String describe() {
            return currentFile + ":" + currentPosition + " (" + identity + ")";
        }
    }

    /** The generation to write, whether it starts a new history here, and why. */
    public record Decision(int generation, boolean newHistory, String reason) {}

    private BinlogHistory() {}

    public static Decision decide(Optional<Committed> last, Server server) {
        if (last.isEmpty()) {
            return new Decision(0, false, "no change in ClickHouse yet");
        }
        Committed committed = last.get();
        int generation = ChangeVersion.generation(committed.version());
        Optional<String> changed = newHistoryReason(committed, server);
        if (changed.isEmpty()) {
            return new Decision(generation, false, "the binlog continues the last change in ClickHouse at "
                    + committed.describe() + "; the server is at " + server.describe());
        }
        if (generation == ChangeVersion.MAX_GENERATION) {
            throw new IllegalStateException("The binlog started a new history (" + changed.get() + "), but "
                    + "_version generation " + generation + " is the last one: re-snapshot into new ClickHouse "
                    + "tables (clickhouse.database=<new>)");
        }
        return new Decision(generation + 1, true, "the last change in ClickHouse is at " + committed.describe()
                + ", the server is at " + server.describe() + ": " + changed.get());
    }

    /** Why the server's binlog no longer holds {@code committed}'s history; empty while it does. */
    static Optional<String> newHistoryReason(Committed committed, Server server) {
        String current = server.currentFile();
        if (committed.fromBinlog()
                && !ChangeVersion.baseName(committed.file()).equals(ChangeVersion.baseName(current))) {
            return Optional.of("the binlog base name changed from " + ChangeVersion.baseName(committed.file())
                    + " to " + ChangeVersion.baseName(current));
        }
        long sequence = committed.sequence();
        long required = committed.requiredPosition();
        long currentSequence = ChangeVersion.fileSequence(current);
        // A row event occupies bytes from its start, so the binlog must have moved past it; a snapshot's position
        // may still be the current one.
        boolean behind = currentSequence < sequence || currentSequence == sequence
                && (committed.fromBinlog() ? server.currentPosition() <= required : server.currentPosition() < required);
        if (behind) {
            return Optional.of("the server's binlog position is behind it");
        }
        Optional<LogFile> file = committed.fileIn(server.files(), current);
        if (file.isEmpty()) {
            boolean purged = server.files().stream().allMatch(log -> ChangeVersion.fileSequence(log.name()) > sequence);
            return purged ? Optional.empty()
                    : Optional.of("binlog file sequence " + sequence + " is not on the server, which has "
                            + server.files().stream().map(LogFile::name).toList());
        }
        if (file.get().size() < required || committed.fromBinlog() && file.get().size() == required) {
            return Optional.of(file.get().name() + " is only " + file.get().size() + " bytes long");
        }
        String event = server.eventAtCommitted();
        if (committed.fromBinlog() && !isRowEvent(event)) {
            return Optional.of("no row event starts at " + committed.file() + ":" + committed.position() + " any more"
                    + (event == null || event.isEmpty() ? "" : " (a " + event + " event does)"));
        }
        // A snapshot's position was the end of the binlog then: the next event started there, if any.
        if (!committed.fromBinlog() && file.get().size() > required && (event == null || event.isEmpty())) {
            return Optional.of("no event starts at " + file.get().name() + ":" + required + " any more");
        }
        return Optional.empty();
    }

    /** MySQL 8: Write_rows, Update_rows, Delete_rows (and partial updates); MariaDB: the same with _v1 or _compressed. */
    private static boolean isRowEvent(String eventType) {
        return eventType != null && (eventType.startsWith("Write_rows") || eventType.startsWith("Update_rows")
                || eventType.startsWith("Delete_rows"));
    }

    /** Reads the server's side of {@link #decide}; looks up the event at the committed position when there is one. */
    public static Server read(Connection connection, Optional<Committed> last) throws SQLException {
        List<LogFile> files = new ArrayList<>();
        String currentFile;
        long currentPosition;
        try (Statement statement = connection.createStatement()) {
            try (ResultSet logs = statement.executeQuery("SHOW BINARY LOGS")) {
                while (logs.next()) {
                    files.add(new LogFile(logs.getString(1), logs.getLong(2)));
                }
            }
            try (ResultSet status = statement.executeQuery("SHOW MASTER STATUS")) {
                if (!status.next()) {
                    throw new SQLException("SHOW MASTER STATUS returned nothing: binary logging is off");
                }
                currentFile = status.getString(1);
                currentPosition = status.getLong(2);
            }
            String event = null;
            if (last.isPresent()) {
                long required = last.get().requiredPosition();
                Optional<LogFile> file = last.get().fileIn(files, currentFile);
                if (file.isPresent() && file.get().size() > required) {
                    event = eventAt(statement, file.get().name(), required);
                }
            }
            return new Server(files, currentFile, currentPosition, event, identity(statement));
        }
    }

    private static String eventAt(Statement statement, String file, long position) throws SQLException {
        try (ResultSet events = statement.executeQuery(
                "SHOW BINLOG EVENTS IN '" + file.replace("'", "''") + "' FROM " + position + " LIMIT 1")) {
            return events.next() ? events.getString("Event_type") : "";
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_ERROR_WHEN_EXECUTING_COMMAND) {
                return "";
            }
            throw e;
        }
    }

    /** MySQL: server_uuid and gtid_executed; MariaDB (no server_uuid): server_id and gtid_binlog_pos. */
    private static String identity(Statement statement) throws SQLException {
        StringJoiner identity = new StringJoiner(", ");
        try (ResultSet variables = statement.executeQuery("SHOW GLOBAL VARIABLES WHERE Variable_name IN "
                + "('server_id', 'server_uuid', 'gtid_mode', 'gtid_executed', 'gtid_binlog_pos')")) {
            while (variables.next()) {
                identity.add(variables.getString(1) + "=" + variables.getString(2));
            }
        }
        return identity.toString();
    }
}
