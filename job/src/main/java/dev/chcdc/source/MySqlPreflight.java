package dev.chcdc.source;

import dev.chcdc.config.MySqlConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before the job is submitted, that MySQL can feed it: binary log on, ROW format, FULL row image,
 * no binlog transaction compression, the replication privileges ({@link MySqlPrivileges}: missing ones are
 * problems, excess ones warnings), and a usable time zone. Each problem says
 * what was found, what is needed and how to fix it. Also reads the current binlog position, which orders the
 * snapshot below every later change (see {@link dev.chcdc.event.ChangeVersion#before}).
 */
public final class MySqlPreflight {
    /** What pre-flight found; {@link #problems()} is empty when the job can start. */
    public record Result(List<String> problems, List<String> warnings, String serverVersion, String serverTimeZone,
            String binlogFile, long binlogPosition) {}

    private MySqlPreflight() {}

    public static Connection connect(MySqlConfig config) throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.username(), config.password().value());
    }

    public static Result check(Connection connection, MySqlConfig config) throws SQLException {
        List<String> problems = new ArrayList<>();
        String version;
        String zone = config.serverTimeZone();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT VERSION(), @@log_bin, @@binlog_format, @@binlog_row_image, @@global.time_zone, "
                                + "@@system_time_zone")) {
            result.next();
            version = result.getString(1);
            if (!"1".equals(result.getString(2)) && !"ON".equalsIgnoreCase(result.getString(2))) {
                problems.add("Binary logging is off (log_bin=" + result.getString(2) + "); start MySQL with "
                        + "log_bin enabled (managed MySQL: enable binary logs / point-in-time recovery)");
            }
            if (!"ROW".equalsIgnoreCase(result.getString(3))) {
                problems.add("binlog_format is " + result.getString(3) + "; the pipeline needs ROW: "
                        + "SET PERSIST binlog_format = 'ROW' (managed MySQL: set it in the parameter group)");
            }
            if (!"FULL".equalsIgnoreCase(result.getString(4))) {
                problems.add("binlog_row_image is " + result.getString(4) + "; the pipeline needs FULL (deletes and "
                        + "updates must carry whole rows): SET PERSIST binlog_row_image = 'FULL'");
            }
            if (zone == null) {
                zone = serverZone(result.getString(5), result.getString(6), problems);
            }
        }
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW VARIABLES LIKE 'binlog_transaction_compression'")) {
            if (result.next() && "ON".equalsIgnoreCase(result.getString(2))) {
                problems.add("binlog_transaction_compression is ON: compressed transactions give all their rows one "
                        + "binlog position, which breaks _version ordering; SET PERSIST binlog_transaction_compression = OFF");
            }
        }
        MySqlPrivileges privileges = MySqlPrivileges.read(connection);
        List<String> missing = privileges.missing(config.databases());
        problems.addAll(missing);
        String file = null;
        long position = 0;
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW MASTER STATUS")) {
            if (result.next()) {
                file = result.getString(1);
                position = result.getLong(2);
            } else {
                problems.add("SHOW MASTER STATUS returned nothing: binary logging is off");
            }
        } catch (SQLException e) {
            if (missing.isEmpty()) {
                problems.add("User '" + config.username() + "' cannot read the binlog position (" + e.getMessage()
                        + "): GRANT REPLICATION CLIENT ON *.* TO '" + config.username() + "'");
            }
        }
        return new Result(List.copyOf(problems), privileges.excess(config.databases()), version, zone, file, position);
    }

    private static String serverZone(String globalZone, String systemZone, List<String> problems) {
        String candidate = "SYSTEM".equalsIgnoreCase(globalZone) ? systemZone : globalZone;
        try {
            return ZoneId.of(candidate).getId();
        } catch (DateTimeException | NullPointerException e) {
            problems.add("MySQL's time zone '" + candidate + "' is not a Java zone id; set mysql.server-time-zone "
                    + "to the server's zone (e.g. UTC or Europe/Berlin)");
            return null;
        }
    }
}
