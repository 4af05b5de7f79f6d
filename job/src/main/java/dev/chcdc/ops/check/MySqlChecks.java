package dev.chcdc.ops.check;

import dev.chcdc.clickhouse.schema.ClickHouseTable;
import dev.chcdc.config.ConfigException;
import dev.chcdc.config.JobConfig;
import dev.chcdc.config.MySqlConfig;
import dev.chcdc.config.StartupMode;
import dev.chcdc.event.TableSchema;
import dev.chcdc.source.MySqlConnectFailure;
import dev.chcdc.source.MySqlPreflight;
import dev.chcdc.source.MySqlTableSchemaReader;
import dev.chcdc.source.SnapshotSplitLimits;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * MySQL as the job needs it: reachable with the configured user, the job's own start-up checks (binlog on, ROW,
 * FULL row image, no transaction compression, replication privileges, time zone), GTIDs on as the architecture
 * document sets them up, binlog retention at least the tee's, and every captured table with a primary key and
 * column types ClickHouse can hold.
 */
final class MySqlChecks {
    private static final String AREA = "mysql";

    private MySqlChecks() {}

    static List<Finding> run(JobConfig config) {
        MySqlConfig mysql = config.mysql();
        List<Finding> findings = new ArrayList<>();
        try (Connection connection = MySqlPreflight.connect(mysql)) {
            MySqlPreflight.Result preflight = MySqlPreflight.check(connection, mysql);
            findings.add(Finding.ok(AREA, "connected to " + mysql.hostname() + ":" + mysql.port() + " as '"
                    + mysql.username() + "', server " + preflight.serverVersion() + ", binlog at "
                    + preflight.binlogFile() + ":" + preflight.binlogPosition()));
            preflight.problems().forEach(problem -> findings.add(Finding.fail(AREA, problem)));
            preflight.warnings().forEach(warning -> findings.add(Finding.warn(AREA, warning)));
            if (preflight.problems().isEmpty()) {
                findings.add(Finding.ok(AREA, "binlog ROW with FULL row images, the privileges the job needs, time zone "
                        + preflight.serverTimeZone()));
            }
            findings.add(tls(mysql));
            findings.add(gtid(connection));
            findings.add(binlogRetention(connection, config.tee().retention(), config.teeActive()));
            findings.addAll(tables(connection, config));
        } catch (SQLException e) {
            findings.add(Finding.fail(AREA, MySqlConnectFailure.describe(mysql, e)));
        }
        return findings;
    }

    static Finding tls(MySqlConfig mysql) {
        if (mysql.sslMode().verifies()) {
            return Finding.ok(AREA, "TLS " + mysql.sslMode() + " against " + (mysql.sslCa() == null
                    ? "the JVM's default trust store" : "mysql.ssl-ca " + mysql.sslCa().path()));
        }
        return Finding.warn(AREA, "mysql.ssl-mode=" + mysql.sslMode() + " does not verify the server's certificate: an "
                + "active man in the middle can read the password and every row. Use verify-identity with mysql.ssl-ca "
                + "(the CA that signed the server's certificate)");
    }

    private static Finding gtid(Connection connection) {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT @@GLOBAL.gtid_mode")) {
            result.next();
            String mode = result.getString(1);
            return "ON".equalsIgnoreCase(mode)
                    ? Finding.ok(AREA, "gtid_mode ON")
                    : Finding.warn(AREA, "gtid_mode is " + mode + ": the job follows file and position, but the "
                            + "architecture document runs MySQL with GTIDs (resuming after a failover needs them): "
                            + "SET PERSIST gtid_mode = ON (stepwise: OFF_PERMISSIVE, ON_PERMISSIVE, ON) with "
                            + "enforce_gtid_consistency = ON");
        } catch (SQLException e) {
            // MariaDB has no gtid_mode: its GTIDs are always on.
            return Finding.ok(AREA, "GTIDs: no gtid_mode variable (MariaDB, whose GTIDs are always on)");
        }
    }

    static Finding binlogRetention(Connection connection, Duration teeRetention, boolean teeActive) {
        long seconds;
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT @@GLOBAL.binlog_expire_logs_seconds")) {
            result.next();
            seconds = result.getLong(1);
        } catch (SQLException e) {
            return Finding.warn(AREA, "cannot read binlog_expire_logs_seconds (" + e.getMessage() + "); make sure "
                    + "binlogs are kept at least as long as the job may be stopped");
        }
        return retentionFinding(seconds, teeRetention, teeActive);
    }

    /** {@code seconds} 0 means binlogs never expire. */
    static Finding retentionFinding(long seconds, Duration teeRetention, boolean teeActive) {
        if (seconds == 0) {
            return Finding.ok(AREA, "binlogs never expire (binlog_expire_logs_seconds = 0); watch the disk");
        }
        Duration binlog = Duration.ofSeconds(seconds);
        if (teeActive && binlog.compareTo(teeRetention) < 0) {
            return Finding.warn(AREA, "binlog retention " + describe(binlog) + " is shorter than the tee's "
                    + describe(teeRetention) + " (tee.topic.retention): a job stopped longer than "
                    + describe(binlog) + " cannot resume from the binlog although Kafka still holds the changes; "
                    + "SET PERSIST binlog_expire_logs_seconds = " + teeRetention.toSeconds()
                    + " (managed MySQL: the binlog retention setting)");
        }
        return Finding.ok(AREA, "binlog retention " + describe(binlog) + " (a stopped job must resume within it)");
    }

    private static List<Finding> tables(Connection connection, JobConfig config) {
        MySqlConfig mysql = config.mysql();
        List<Finding> findings = new ArrayList<>();
        List<TableSchema> tables;
        try {
            tables = MySqlTableSchemaReader.read(connection, mysql);
        } catch (ConfigException e) {
            e.problems().forEach(problem -> findings.add(Finding.fail(AREA, problem)));
            return findings;
        } catch (RuntimeException | SQLException e) {
            findings.add(Finding.fail(AREA, e.getMessage()));
            return findings;
        }
        for (TableSchema table : tables) {
            try {
                ClickHouseTable.from(table, config.clickhouse());
            } catch (ConfigException e) {
                e.problems().forEach(problem -> findings.add(Finding.fail(AREA, problem)));
            } catch (RuntimeException e) {
                findings.add(Finding.fail(AREA, e.getMessage()));
            }
        }
        if (mysql.startupMode() == StartupMode.INITIAL) {
            try {
                // Without asking ClickHouse whether a table is copied already: a resumed job may still take it.
                SnapshotSplitLimits.unsplittable(connection, tables, table -> false).forEach((table, reason) ->
                        findings.add(Finding.fail(AREA, "Table " + table + " would be quarantined when it needs a "
                                + "snapshot (left out, the others captured): " + reason)));
            } catch (SQLException e) {
                findings.add(Finding.fail(AREA, e.getMessage()));
            }
        }
        findings.add(Finding.ok(AREA, tables.size() + " tables to capture: "
                + String.join(", ", tables.stream().map(table -> table.table().toString()).toList())));
        return findings;
    }

    static String describe(Duration duration) {
        return duration.toHours() >= 48 && duration.toHours() % 24 == 0 ? duration.toDays() + " d"
                : duration.toMinutes() >= 120 && duration.toMinutes() % 60 == 0 ? duration.toHours() + " h"
                : duration.toSeconds() + " s";
    }
}
