package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chcdc.ops.check.PreflightCheck;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.FreePorts;
import dev.chcdc.stack.KafkaBroker;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestNames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} against real MariaDB, ClickHouse and Kafka: a ready setup passes, every problem is reported. */
@ExtendWith(RealServices.class)
class CheckCommandIT {

    @Test
    void aReadySetupPassesWithExitStatusZero(MariaDbServer mariaDb, ClickHouseServer clickHouse, KafkaBroker kafka,
            TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, total DECIMAL(10, 2))");

            Report report = check(fixture, Map.of("kafka.bootstrap-servers", kafka.bootstrapServers()));

            assertThat(report.status).as(report.text).isZero();
            assertThat(report.text).contains("OK    mysql       1 tables to capture: " + fixture.database() + ".orders")
                    .contains("OK    kafka       transactions up to 900000 ms allowed")
                    .contains("OK    kafka       no open transaction under tee.transactional-id-prefix")
                    .contains("OK    clickhouse  connected to " + clickHouse.httpUrl())
                    .contains("Ready to submit"); // with or without warnings: this machine's disk may be fuller than 70%
        }
    }

    @Test
    void everyProblemIsReportedAtOnceWithExitStatusOne(MariaDbServer mariaDb, ClickHouseServer clickHouse,
            KafkaBroker kafka, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE events (at DATETIME, what VARCHAR(20))");
            Map<String, String> settings = new HashMap<>();
            settings.put("kafka.bootstrap-servers", kafka.bootstrapServers());
            settings.put("tee.transaction-timeout", "20min");

            Report report = check(fixture, settings);

            assertThat(report.status).as(report.text).isEqualTo(1);
            assertThat(report.lines("FAIL")).hasSize(2);
            assertThat(report.lines("FAIL").get(0)).contains(fixture.database() + ".events").contains("primary key");
            assertThat(report.lines("FAIL").get(1))
                    .contains("tee.transaction-timeout is 1200000 ms but the broker allows at most 900000 ms");
        }
    }

    @Test
    void missingPrivilegesFailAndExcessOnesWarnEachWithTheStatementThatFixesIt(MariaDbServer mariaDb,
            ClickHouseServer clickHouse, KafkaBroker kafka, TestNames names) throws Exception {
        String user = names.unique("cdc_loose");
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE orders (id INT PRIMARY KEY)");
            statement.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + mariaDb.cdcPassword() + "'");
            statement.execute("GRANT SELECT, RELOAD ON *.* TO '" + user + "'@'%'");

            Report report = check(fixture, Map.of("kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "mysql.username", user));

            String account = "'" + user + "'@'%'";
            assertThat(report.status).as(report.text).isEqualTo(1);
            assertThat(report.lines("FAIL")).containsExactly(
                    "FAIL  mysql       User " + account + " lacks REPLICATION SLAVE, needed to read the binlog: "
                            + "GRANT REPLICATION SLAVE ON *.* TO " + account,
                    "FAIL  mysql       User " + account + " lacks REPLICATION CLIENT (MariaDB: BINLOG MONITOR), "
                            + "needed to read the binlog position: GRANT REPLICATION CLIENT ON *.* TO " + account);
            assertThat(report.lines("WARN")).contains("WARN  mysql       User " + account
                    + " holds more than the job uses: RELOAD, SELECT ON *.* (SELECT on *.* reads every database, "
                    + "including mysql.user's password hashes): REVOKE RELOAD, SELECT ON *.* FROM " + account
                    + "; then GRANT SELECT ON `" + fixture.database() + "`.* TO " + account);
            statement.execute("DROP USER '" + user + "'@'%'");
        }
    }

    @Test
    void anUnreachableBrokerFails(MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE orders (id INT PRIMARY KEY)");

            Report report = check(fixture, Map.of("kafka.bootstrap-servers", "127.0.0.1:" + FreePorts.next()));

            assertThat(report.status).isEqualTo(1);
            assertThat(report.lines("FAIL")).singleElement().asString().startsWith("FAIL  kafka       cannot reach 127.0.0.1:");
        }
    }

    @Test
    void aRefusedKafkaLoginFailsNamingTheSaslSettings(MariaDbServer mariaDb, ClickHouseServer clickHouse,
            KafkaBroker kafka, TestNames names, @TempDir Path temp) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE orders (id INT PRIMARY KEY)");
            Path client = temp.resolve("kafka.properties");
            try (var writer = Files.newBufferedWriter(client)) {
                RealServices.secureKafkaClient(kafka, "not-the-password").store(writer, null);
            }

            Report report = check(fixture, Map.of("kafka.bootstrap-servers", kafka.secureBootstrapServers(),
                    "kafka.properties-file", client.toString()));

            assertThat(report.status).isEqualTo(1);
            assertThat(report.lines("FAIL")).singleElement().asString()
                    .startsWith("FAIL  kafka       the broker at " + kafka.secureBootstrapServers() + " refused the login")
                    .contains("sasl.jaas.config")
                    .doesNotContain("not-the-password");
        }
    }

    @Test
    void anInvalidConfigurationExitsWithTwo(MariaDbServer mariaDb, ClickHouseServer clickHouse, TestNames names)
            throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names)) {
            Report report = check(fixture, Map.of("mysql.hostnme", "typo"));

            assertThat(report.status).isEqualTo(2);
            assertThat(report.text).contains("mysql.hostnme: unknown key");
        }
    }

    private static Report check(PipelineFixture fixture, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(overrides);
        settings.putIfAbsent("tee.enabled", "true");
        settings.putIfAbsent("dead-letter.enabled", "true");
        List<String> args = new ArrayList<>();
        fixture.configValues(settings).forEach((key, value) -> {
            args.add("--" + key);
            args.add(value);
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = PreflightCheck.run(args.toArray(String[]::new), fixture.passwordEnvironment(),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Report(status, out.toString(StandardCharsets.UTF_8));
    }

    private record Report(int status, String text) {
        List<String> lines(String severity) {
            return text.lines().filter(line -> line.startsWith(severity + " ")).toList();
        }
    }
}
