package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chcdc.config.JobConfig;
import dev.chcdc.event.TableId;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.KafkaBroker;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.tee.TeeTopics;
import dev.chcdc.testsupport.Eventually;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TeeTopicReader;
import dev.chcdc.testsupport.TestCertificates;
import dev.chcdc.testsupport.TestNames;
import dev.chcdc.testsupport.TlsFront;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's connections secured as production asks, on real services: Kafka with SASL/SCRAM over TLS, ClickHouse
 * over https verified against a CA (through {@link TlsFront}: clickhouse-local serves no HTTPS) with a user whose
 * grants cover its target database only.
 */
@ExtendWith(RealServices.class)
class SecureConnectionsIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @TempDir
    Path temp;

    @Test
    void teeWritesThroughSaslScramOverTlsSetInThePropertiesFile(MariaDbServer mariaDb, ClickHouseServer clickHouse,
            KafkaBroker kafka, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(20))");
            statement.execute("INSERT INTO orders VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            Properties client = RealServices.secureKafkaClient(kafka, kafka.secureListener().orElseThrow().password());
            String prefix = names.unique("secure");
            JobStartup startup = fixture.start(fixture.config(secureTee(kafka, client, prefix)), "secure-kafka").startup();

            fixture.awaitParity(startup.tables(), TIMEOUT);
            statement.execute("INSERT INTO orders VALUES (4, 'd')");
            fixture.awaitParity(startup.tables(), TIMEOUT);

            String topic = TeeTopics.topic(prefix, new TableId(fixture.database(), "orders"));
            List<ConsumerRecord<byte[], byte[]>> records = Eventually.poll(TIMEOUT, Duration.ofSeconds(1),
                    () -> TeeTopicReader.readAll(kafka.secureBootstrapServers(), topic, client),
                    read -> read.size() == 4);
            assertThat(records).extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("{\"id\":1}", "{\"id\":2}", "{\"id\":3}", "{\"id\":4}");
        }
    }

    @Test
    void httpsVerifiedAgainstTheCaWritesTheCopyWithGrantsOnTheTargetDatabaseOnly(MariaDbServer mariaDb,
            ClickHouseServer clickHouse, TestNames names) throws Exception {
        TestCertificates authority = TestCertificates.authority(temp.resolve("clickhouse-ca"), "clickhouse-test-ca");
        try (TlsFront https = TlsFront.start(authority.server("clickhouse", "localhost"), clickHouse.httpPort());
                PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            String table = names.unique("invoices");
            statement.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, total DECIMAL(10, 2))");
            statement.execute("INSERT INTO " + table + " VALUES (1, 9.99), (2, 100.00)");
            Map<String, String> settings = new HashMap<>();
            settings.put("clickhouse.url", "https://localhost:" + https.port());
            settings.put("clickhouse.ssl-ca", authority.caCertificate().toString());
            settings.put("clickhouse.username", ClickHouseServer.SCOPED_USER);
            settings.put("clickhouse.database", ClickHouseServer.SCOPED_DATABASE);
            JobStartup startup = fixture.start(fixture.config(settings), "https-clickhouse").startup();

            fixture.awaitParity(startup.tables(), ClickHouseServer.SCOPED_DATABASE, TIMEOUT);
            statement.execute("UPDATE " + table + " SET total = 10.01 WHERE id = 1");
            fixture.awaitParity(startup.tables(), ClickHouseServer.SCOPED_DATABASE, TIMEOUT);
        }
    }

    @Test
    void anHttpsServerWhoseCertificateTheCaDidNotSignIsRefusedNamingClickhouseSslCa(MariaDbServer mariaDb,
            ClickHouseServer clickHouse, TestNames names) throws Exception {
        TestCertificates served = TestCertificates.authority(temp.resolve("served-ca"), "served-ca");
        TestCertificates trusted = TestCertificates.authority(temp.resolve("trusted-ca"), "trusted-ca");
        try (TlsFront https = TlsFront.start(served.server("clickhouse", "localhost"), clickHouse.httpPort());
                PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement()) {
            statement.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            JobConfig config = fixture.config(Map.of("clickhouse.url", "https://localhost:" + https.port(),
                    "clickhouse.ssl-ca", trusted.caCertificate().toString()));

            assertThatThrownBy(() -> JobStartup.prepare(config))
                    .hasMessageContaining("TLS to ClickHouse refused")
                    .hasMessageContaining("clickhouse.ssl-ca must name the CA that signed the server's certificate");
        }
    }

    private Map<String, String> secureTee(KafkaBroker kafka, Properties client, String prefix) throws Exception {
        Path file = temp.resolve(prefix + ".properties");
        try (Writer writer = Files.newBufferedWriter(file)) {
            client.store(writer, "SASL/SCRAM over TLS");
        }
        Map<String, String> settings = PipelineFixture.teeSettings(kafka.secureBootstrapServers(), prefix);
        settings.put("kafka.properties-file", file.toString());
        return settings;
    }
}
