package dev.chcdc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chcdc.event.TableId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigLoaderTest {
    private static final Map<String, String> ENVIRONMENT =
            Map.of("MYSQL_CDC_PASSWORD", "mysql-secret", "CLICKHOUSE_PASSWORD", "clickhouse-secret");

    private static Map<String, String> minimal() {
        Map<String, String> values = new HashMap<>();
        values.put("mysql.hostname", "db.example.com");
        values.put("mysql.username", "cdc");
        values.put("mysql.databases", "shop, crm");
        values.put("clickhouse.url", "http://clickhouse:8123");
        values.put("kafka.bootstrap-servers", "redpanda:9092");
        return values;
    }

    @Test
    void minimalConfigurationTakesTheDocumentedDefaults() {
        JobConfig config = new JobConfigLoader(ENVIRONMENT).load(minimal());

        assertThat(config.mysql().port()).isEqualTo(3306);
        assertThat(config.mysql().databases()).containsExactly("shop", "crm");
        assertThat(config.mysql().startupMode()).isEqualTo(StartupMode.INITIAL);
        assertThat(config.mysql().chunkSize()).isEqualTo(50_000);
        assertThat(config.mysql().serverIdRange(2)).isEqualTo("5400-5401");
        assertThat(config.mysql().sslMode()).isEqualTo(SslMode.PREFERRED);
        assertThat(config.clickhouse().batchSize()).isEqualTo(50_000);
        assertThat(config.clickhouse().flushInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.clickhouse().username()).isEqualTo("cdc_writer");
        assertThat(config.pipeline().parallelism()).isEqualTo(2);
    }

    @Test
    void passwordsComeFromTheNamedEnvironmentVariables() {
        JobConfig config = new JobConfigLoader(ENVIRONMENT).load(minimal());

        assertThat(config.mysql().password().value()).isEqualTo("mysql-secret");
        assertThat(config.clickhouse().password().value()).isEqualTo("clickhouse-secret");
    }

    @Test
    void passwordFileWinsOverTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mysql-password");
        Files.writeString(file, "from-file\n");
        Map<String, String> values = minimal();
        values.put("mysql.password-file", file.toString());

        assertThat(new JobConfigLoader(ENVIRONMENT).load(values).mysql().password().value()).isEqualTo("from-file");
    }

    @Test
    void secretNeverAppearsInToString() {
        JobConfig config = new JobConfigLoader(ENVIRONMENT).load(minimal());

        assertThat(config.toString()).doesNotContain("mysql-secret").doesNotContain("clickhouse-secret");
    }

    @Test
    void passwordGivenAsAValueIsRefusedWithTheWayToPassIt() {
        Map<String, String> values = minimal();
        values.put("mysql.password", "hunter2");

        assertThatThrownBy(() -> new JobConfigLoader(ENVIRONMENT).load(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mysql.password: secrets are never taken as configuration values")
                .hasMessageContaining("use mysql.password-env or mysql.password-file")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsKey() {
        Map<String, String> values = new HashMap<>();
        values.put("mysql.hostnme", "typo");
        values.put("clickhouse.batch-size", "0");

        assertThatThrownBy(() -> new JobConfigLoader(Map.of()).load(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mysql.hostnme: unknown key")
                .hasMessageContaining("mysql.hostname is required")
                .hasMessageContaining("mysql.username is required")
                .hasMessageContaining("mysql.databases is required")
                .hasMessageContaining("clickhouse.url is required")
                .hasMessageContaining("clickhouse.batch-size must be positive, got 0")
                .hasMessageContaining("environment variable MYSQL_CDC_PASSWORD (mysql.password-env) is not set");
    }

    @Test
    void specificOffsetWithoutAPositionIsRefused() {
        Map<String, String> values = minimal();
        values.put("mysql.startup.mode", "specific-offset");

        assertThatThrownBy(() -> new JobConfigLoader(ENVIRONMENT).load(values))
                .hasMessageContaining("mysql.startup.mode=specific-offset needs mysql.startup.binlog-file and "
                        + "mysql.startup.binlog-position, or mysql.startup.gtid-set");
    }

    @Test
    void startupModeIsSpelledWithDashes() {
        Map<String, String> values = minimal();
        values.put("mysql.startup.mode", "latest-offset");

        assertThat(new JobConfigLoader(ENVIRONMENT).load(values).mysql().startupMode()).isEqualTo(StartupMode.LATEST_OFFSET);
    }

    @Test
    void keyColumnsForATableWithoutPrimaryKeyAreReadPerTable() {
        Map<String, String> values = minimal();
        values.put("mysql.key-columns.shop.events", "tenant_id, event_id");

        assertThat(new JobConfigLoader(ENVIRONMENT).load(values).mysql().keyColumns())
                .containsExactly(Map.entry(new TableId("shop", "events"), List.of("tenant_id", "event_id")));
    }

    @Test
    void commandLineOverridesTheConfigFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, "mysql.hostname=db\nmysql.username=cdc\nmysql.databases=shop\n"
                + "clickhouse.url=http://ch:8123\nkafka.bootstrap-servers=redpanda:9092\npipeline.parallelism=4\n");

        JobConfig config = new JobConfigLoader(ENVIRONMENT)
                .load(new String[] {"--config", file.toString(), "--pipeline.parallelism", "8"});

        assertThat(config.pipeline().parallelism()).isEqualTo(8);
        assertThat(config.mysql().hostname()).isEqualTo("db");
    }

    @Test
    void unreadableRegularExpressionIsRefused() {
        Map<String, String> values = minimal();
        values.put("mysql.tables.include", "shop.(orders");

        assertThatThrownBy(() -> new JobConfigLoader(ENVIRONMENT).load(values))
                .hasMessageContaining("mysql.tables.include: not a regular expression");
    }

    @Test
    void twoJobsWithTheDefaultPipelineNameGetDifferentTransactionalIdPrefixes() {
        Map<String, String> second = new java.util.HashMap<>(minimal());
        second.put("mysql.server-id-start", "5500");

        assertThat(new JobConfigLoader(ENVIRONMENT).load(second).tee().transactionalIdPrefix())
                .isNotEqualTo(new JobConfigLoader(ENVIRONMENT).load(minimal()).tee().transactionalIdPrefix())
                .isEqualTo("mysql-clickhouse-cdc-db.example.com-5500");
    }

    @Test
    void teeAndDeadLetterDefaultsFollowTheArchitectureDocument() {
        JobConfig config = new JobConfigLoader(ENVIRONMENT).load(minimal());

        assertThat(config.kafka().bootstrapServers()).isEqualTo("redpanda:9092");
        assertThat(config.tee()).isEqualTo(new TeeConfig(true, "mysql-cdc", TeeDelivery.EXACTLY_ONCE,
                "mysql-clickhouse-cdc-db.example.com-5400", Duration.ofMinutes(15), 3, (short) 1, Duration.ofDays(7),
                TeeValueFormat.DEBEZIUM, 64L * 1024 * 1024));
        assertThat(config.deadLetter()).isEqualTo(new DeadLetterConfig(true, "dlq.clickhouse-sink", Duration.ofDays(30)));
        assertThat(config.replay().groupId()).isEqualTo("clickhouse-sink-group");
        assertThat(config.replay().topicPattern()).isEqualTo("\\Qmysql-cdc\\E\\.[^.]+\\.[^.]+");
        assertThat(config.teeActive()).isTrue();
    }

    @Test
    void withoutABrokerTheTeeAndDeadLettersMustBeSwitchedOff() {
        Map<String, String> values = minimal();
        values.remove("kafka.bootstrap-servers");

        assertThatThrownBy(() -> new JobConfigLoader(ENVIRONMENT).load(values))
                .hasMessageContaining("kafka.bootstrap-servers is required: the tee and the dead-letter topic write to Kafka");

        values.put("tee.enabled", "false");
        values.put("dead-letter.enabled", "false");
        assertThat(new JobConfigLoader(ENVIRONMENT).load(values).kafka()).isNull();
    }

    @Test
    void replayNeedsNoMySqlSettingsAndNeverTees() {
        Map<String, String> values = new HashMap<>();
        values.put("pipeline.mode", "replay");
        values.put("clickhouse.url", "http://clickhouse:8123");
        values.put("kafka.bootstrap-servers", "redpanda:9092");
        values.put("replay.start", "timestamp");
        values.put("replay.start-timestamp-millis", "1700000000000");

        JobConfig config = new JobConfigLoader(Map.of("CLICKHOUSE_PASSWORD", "x")).load(values);

        assertThat(config.mysql()).isNull();
        assertThat(config.teeActive()).isFalse();
        assertThat(config.replay().start()).isEqualTo(ReplayStart.TIMESTAMP);
        assertThat(config.replay().startTimestampMillis()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void replayFromATimestampNeedsTheTimestamp() {
        Map<String, String> values = minimal();
        values.put("pipeline.mode", "replay");
        values.put("replay.start", "timestamp");

        assertThatThrownBy(() -> new JobConfigLoader(ENVIRONMENT).load(values))
                .hasMessageContaining("replay.start=timestamp needs replay.start-timestamp-millis");
    }
}
