package dev.chcdc.ops.validate;

import dev.chcdc.config.MySqlConfig;
import dev.chcdc.source.MySqlPreflight;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A MySQL session fit for reading a production server: read-only, each statement its own short READ COMMITTED
 * transaction (no read view held across chunks, so purge is never held back), every statement cut off after the
 * timeout by the server itself, UTC as the session time zone (TIMESTAMP values render as the pipeline stores them).
 */
public final class MySqlReadSession {
    private MySqlReadSession() {}

    public static Connection open(MySqlConfig config, Duration statementTimeout) throws SQLException {
        Connection connection = MySqlPreflight.connect(config);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION TRANSACTION READ ONLY");
            statement.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
            statement.execute("SET time_zone = '+00:00'");
            String version;
            try (ResultSet result = statement.executeQuery("SELECT VERSION()")) {
                result.next();
                version = result.getString(1);
            }
            // MariaDB and MySQL name their statement timeouts differently (seconds vs. milliseconds).
            statement.execute(version.contains("MariaDB")
                    ? "SET SESSION max_statement_time = " + Math.max(1, statementTimeout.toSeconds())
                    : "SET SESSION max_execution_time = " + Math.max(1, statementTimeout.toMillis()));
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        connection.setAutoCommit(true);
        return connection;
    }
}
