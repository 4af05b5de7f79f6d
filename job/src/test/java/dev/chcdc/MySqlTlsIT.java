package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chcdc.config.ConfigException;
import dev.chcdc.config.JobConfig;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.stack.ServiceProcess;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TestCertificates;
import dev.chcdc.testsupport.TestNames;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TLS to MySQL that verifies, against a MariaDB of this test's own that takes TLS connections only
 * ({@code require_secure_transport}), with certificates the test makes: the right CA connects the snapshot and the
 * binlog; a certificate from another CA, or for another host name, is refused at start-up with the reason. MariaDB
 * stands in for MySQL 8.0 here; both take the same client settings.
 */
@ExtendWith(RealServices.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlTlsIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    private TestCertificates authority;
    private TestCertificates foreignAuthority;
    private MariaDbServer.Certificate localhost;
    private MariaDbServer.Certificate otherHost;
    private MariaDbServer mysql;
    private ServiceProcess process;

    @BeforeAll
    void startTlsOnlyMariaDb() throws Exception {
        MariaDbServer plain = RealServices.privateMariaDb("mysql-tls");
        Path certificates = plain.dir().resolveSibling("certificates");
        authority = TestCertificates.authority(certificates.resolve("ca"), "mysql-test-ca");
        foreignAuthority = TestCertificates.authority(certificates.resolve("foreign-ca"), "foreign-test-ca");
        localhost = certificate(authority.server("localhost", "localhost"));
        otherHost = certificate(authority.server("other-host", "db.other-host.test"));
        mysql = plain.withTls(localhost);
        process = mysql.startBound();
    }

    @AfterAll
    void stop() {
        if (process != null) {
            process.close();
        }
    }

    @Test
    void verifyIdentityWithTheServersCaCapturesSnapshotAndBinlogOverTls(ClickHouseServer clickHouse, TestNames names)
            throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mysql, clickHouse, names);
                Connection root = fixture.mysqlRoot();
                Statement statement = root.createStatement()) {
            statement.execute("CREATE TABLE accounts (id INT PRIMARY KEY, owner VARCHAR(40), balance DECIMAL(12, 2))");
            statement.execute("INSERT INTO accounts VALUES (1, 'ann', 10.50), (2, 'bob', 0.00), (3, 'cy', -4.25)");
            JobStartup startup = fixture.start(fixture.config(tls("verify-identity", authority.caCertificate())),
                    "mysql-tls").startup();
            fixture.awaitParity(startup.tables(), TIMEOUT);

            statement.execute("INSERT INTO accounts VALUES (4, 'dee', 99.99)");
            statement.execute("UPDATE accounts SET balance = 11.00 WHERE id = 1");
            statement.execute("DELETE FROM accounts WHERE id = 2");

            fixture.awaitParity(startup.tables(), TIMEOUT);
            assertThat(fixture.clickHouseQuery("SELECT groupArray(id) FROM (SELECT id FROM `" + fixture.database()
                    + "`.`accounts` ORDER BY id)").strip()).isEqualTo("[1,3,4]");
        }
    }

    @Test
    void aServerCertificateFromAnotherCaIsRefusedNamingMysqlSslCa(ClickHouseServer clickHouse, TestNames names)
            throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mysql, clickHouse, names)) {
            JobConfig config = fixture.config(tls("verify-ca", foreignAuthority.caCertificate()));

            assertThatThrownBy(() -> JobStartup.prepare(config))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("TLS to MySQL at localhost:" + mysql.port() + " refused: the server's "
                            + "certificate is not signed by a CA in mysql.ssl-ca (" + foreignAuthority.caCertificate() + ")");
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefusedByVerifyIdentityAndAcceptedByVerifyCa(ClickHouseServer clickHouse,
            TestNames names) throws Exception {
        mysql.presentCertificate(otherHost);
        try (PipelineFixture fixture = new PipelineFixture(mysql, clickHouse, names);
                Connection root = fixture.mysqlRoot();
                Statement statement = root.createStatement()) {
            statement.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            JobConfig verifyIdentity = fixture.config(tls("verify-identity", authority.caCertificate()));

            assertThatThrownBy(() -> JobStartup.prepare(verifyIdentity))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("TLS to MySQL at localhost:" + mysql.port() + " refused: the server's "
                            + "certificate does not name the host 'localhost'");
            assertThat(JobStartup.prepare(fixture.config(tls("verify-ca", authority.caCertificate()))).tables())
                    .hasSize(1);
        } finally {
            mysql.presentCertificate(localhost);
        }
    }

    @Test
    void verifyIdentityRefusesAnIpAddressAsHostNameAtConfigurationTime(ClickHouseServer clickHouse, TestNames names)
            throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mysql, clickHouse, names)) {
            Map<String, String> settings = tls("verify-identity", authority.caCertificate());
            settings.put("mysql.hostname", "127.0.0.1");

            assertThatThrownBy(() -> fixture.config(settings))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("the binlog client cannot check an IP address (127.0.0.1)");
        }
    }

    private static Map<String, String> tls(String mode, Path ca) {
        Map<String, String> settings = new HashMap<>();
        settings.put("mysql.hostname", "localhost");
        settings.put("mysql.ssl-mode", mode);
        settings.put("mysql.ssl-ca", ca.toString());
        return settings;
    }

    private static MariaDbServer.Certificate certificate(TestCertificates.ServerCertificate made) {
        return new MariaDbServer.Certificate(made.certificate(), made.privateKey());
    }
}
