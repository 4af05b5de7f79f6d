package dev.chcdc.config;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * Every configuration key the job reads, declared once with its type, default and meaning. The README's
 * configuration reference is this class; {@link JobConfigLoader} rejects keys not declared here.
 */
public final class JobOptions {
    private JobOptions() {}

    // ---- MySQL source ------------------------------------------------------------------------------------

    public static final ConfigOption<String> MYSQL_HOSTNAME = ConfigOptions.key("mysql.hostname")
            .stringType().noDefaultValue().withDescription("MySQL host to read the binlog from (required).");
    public static final ConfigOption<Integer> MYSQL_PORT = ConfigOptions.key("mysql.port")
            .intType().defaultValue(3306).withDescription("MySQL port (DigitalOcean managed MySQL: 25060).");
    public static final ConfigOption<String> MYSQL_USERNAME = ConfigOptions.key("mysql.username")
            .stringType().noDefaultValue()
            .withDescription("Replication user with SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, "
                    + "REPLICATION CLIENT and LOCK TABLES (required).");
    public static final ConfigOption<String> MYSQL_PASSWORD_ENV = ConfigOptions.key("mysql.password-env")
            .stringType().defaultValue("MYSQL_CDC_PASSWORD")
            .withDescription("Environment variable holding the MySQL password (never pass secrets as arguments).");
    public static final ConfigOption<String> MYSQL_PASSWORD_FILE = ConfigOptions.key("mysql.password-file")
            .stringType().noDefaultValue()
            .withDescription("File holding the MySQL password; wins over mysql.password-env when set.");
    public static final ConfigOption<String> MYSQL_DATABASES = ConfigOptions.key("mysql.databases")
            .stringType().noDefaultValue().withDescription("Databases to capture, comma-separated (required).");
    public static final ConfigOption<String> MYSQL_TABLES_INCLUDE = ConfigOptions.key("mysql.tables.include")
            .stringType().defaultValue(".*")
            .withDescription("Regular expression on <database>.<table>: tables to capture.");
    public static final ConfigOption<String> MYSQL_TABLES_EXCLUDE = ConfigOptions.key("mysql.tables.exclude")
            .stringType().noDefaultValue()
            .withDescription("Regular expression on <database>.<table>: tables to leave out.");
    public static final ConfigOption<String> MYSQL_COLUMNS_EXCLUDE = ConfigOptions.key("mysql.columns.exclude")
            .stringType().noDefaultValue()
            .withDescription("Regular expression on <database>.<table>.<column>: columns to leave out of ClickHouse "
                    + "and the tee; not key columns.");
    /**
     * Prefix of the per-table keys {@code mysql.key-columns.<database>.<table> = a,b}: the key of a table without a
     * primary key, columns that are NOT NULL and unique together in MySQL.
     */
    public static final String MYSQL_KEY_COLUMNS_PREFIX = "mysql.key-columns.";
    public static final ConfigOption<String> MYSQL_SERVER_TIME_ZONE = ConfigOptions.key("mysql.server-time-zone")
            .stringType().noDefaultValue()
            .withDescription("Time zone of the MySQL server (e.g. UTC, Europe/Berlin), used to read TIMESTAMP "
                    + "columns during the snapshot; default: the server's own, read at start-up.");
    public static final ConfigOption<Integer> MYSQL_SERVER_ID_START = ConfigOptions.key("mysql.server-id-start")
            .intType().defaultValue(5400)
            .withDescription("First replication server id; the job uses one id per source subtask "
                    + "(start .. start + parallelism - 1), which must be unique among all replicas of the server.");
    public static final ConfigOption<StartupMode> MYSQL_STARTUP_MODE = ConfigOptions.key("mysql.startup.mode")
            .enumType(StartupMode.class).defaultValue(StartupMode.INITIAL)
            .withDescription("initial: snapshot then binlog; latest-offset: binlog from now (Debezium's "
                    + "schema_only, for bulk backfills); specific-offset: from mysql.startup.binlog-file/-position "
                    + "or mysql.startup.gtid-set; timestamp: from mysql.startup.timestamp-millis.");
    public static final ConfigOption<String> MYSQL_STARTUP_BINLOG_FILE = ConfigOptions.key("mysql.startup.binlog-file")
            .stringType().noDefaultValue().withDescription("Binlog file for startup mode specific-offset.");
    public static final ConfigOption<Long> MYSQL_STARTUP_BINLOG_POSITION = ConfigOptions.key("mysql.startup.binlog-position")
            .longType().noDefaultValue().withDescription("Binlog position for startup mode specific-offset.");
    public static final ConfigOption<String> MYSQL_STARTUP_GTID_SET = ConfigOptions.key("mysql.startup.gtid-set")
            .stringType().noDefaultValue().withDescription("GTID set for startup mode specific-offset.");
    public static final ConfigOption<Long> MYSQL_STARTUP_TIMESTAMP = ConfigOptions.key("mysql.startup.timestamp-millis")
            .longType().noDefaultValue().withDescription("Epoch milliseconds for startup mode timestamp.");
    public static final ConfigOption<Integer> MYSQL_SNAPSHOT_CHUNK_SIZE = ConfigOptions.key("mysql.snapshot.chunk-size")
            .intType().defaultValue(50_000)
            .withDescription("Rows per snapshot chunk; chunks are read in parallel and checkpointed one by one.");
    public static final ConfigOption<Integer> MYSQL_SNAPSHOT_FETCH_SIZE = ConfigOptions.key("mysql.snapshot.fetch-size")
            .intType().defaultValue(10_000).withDescription("JDBC fetch size while reading a snapshot chunk.");
    public static final ConfigOption<Boolean> MYSQL_SNAPSHOT_SKIP_BACKFILL = ConfigOptions.key("mysql.snapshot.skip-backfill")
            .booleanType().defaultValue(true)
            .withDescription("Skip merging the binlog into each chunk (faster). Safe here because every binlog "
                    + "change carries a higher _version than any snapshot row, so ClickHouse keeps the later one.");
    public static final ConfigOption<Duration> MYSQL_HEARTBEAT_INTERVAL = ConfigOptions.key("mysql.heartbeat-interval")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("Binlog heartbeat, so the position advances and lag is known on quiet tables.");
    public static final ConfigOption<Duration> MYSQL_CONNECT_TIMEOUT = ConfigOptions.key("mysql.connect-timeout")
            .durationType().defaultValue(Duration.ofSeconds(30)).withDescription("Connect timeout to MySQL.");
    public static final ConfigOption<SslMode> MYSQL_SSL_MODE = ConfigOptions.key("mysql.ssl-mode")
            .enumType(SslMode.class).defaultValue(SslMode.PREFERRED)
            .withDescription("TLS to MySQL: disabled, preferred, required, verify-ca, verify-identity. Only the "
                    + "verify modes check the server's certificate; preferred and required are open to an active man "
                    + "in the middle (DigitalOcean managed MySQL: verify-identity with mysql.ssl-ca).");
    public static final ConfigOption<String> MYSQL_SSL_CA = ConfigOptions.key("mysql.ssl-ca")
            .stringType().noDefaultValue()
            .withDescription("PEM file of the CA certificates that verify-ca and verify-identity trust (DigitalOcean: "
                    + "the cluster's ca-certificate.crt); read where the job is submitted. Without it the JVM's "
                    + "default trust store is used.");

    // ---- ClickHouse sink ---------------------------------------------------------------------------------

    public static final ConfigOption<String> CLICKHOUSE_URL = ConfigOptions.key("clickhouse.url")
            .stringType().noDefaultValue().withDescription("ClickHouse HTTP endpoint, e.g. http://clickhouse:8123 (required).");
    public static final ConfigOption<String> CLICKHOUSE_USERNAME = ConfigOptions.key("clickhouse.username")
            .stringType().defaultValue("cdc_writer")
            .withDescription("ClickHouse user with SELECT, INSERT, CREATE DATABASE/TABLE/VIEW on the target.");
    public static final ConfigOption<String> CLICKHOUSE_PASSWORD_ENV = ConfigOptions.key("clickhouse.password-env")
            .stringType().defaultValue("CLICKHOUSE_PASSWORD")
            .withDescription("Environment variable holding the ClickHouse password.");
    public static final ConfigOption<String> CLICKHOUSE_PASSWORD_FILE = ConfigOptions.key("clickhouse.password-file")
            .stringType().noDefaultValue()
            .withDescription("File holding the ClickHouse password; wins over clickhouse.password-env when set.");
    public static final ConfigOption<String> CLICKHOUSE_SSL_CA = ConfigOptions.key("clickhouse.ssl-ca")
            .stringType().noDefaultValue()
            .withDescription("PEM file of the CA certificates an https clickhouse.url is verified against (host name "
                    + "included); read where the job is submitted. Without it the JVM's default trust store is used.");
    public static final ConfigOption<String> CLICKHOUSE_DATABASE = ConfigOptions.key("clickhouse.database")
            .stringType().noDefaultValue()
            .withDescription("Target database for all tables; default: the MySQL database's own name.");
    public static final ConfigOption<Integer> CLICKHOUSE_BATCH_SIZE = ConfigOptions.key("clickhouse.batch-size")
            .intType().defaultValue(50_000).withDescription("Maximum rows per INSERT.");
    public static final ConfigOption<Duration> CLICKHOUSE_FLUSH_INTERVAL = ConfigOptions.key("clickhouse.flush-interval")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("How often buffered rows are committed to ClickHouse. Commits happen on Flink "
                    + "checkpoints (that is what makes them exactly-once), so this is the checkpoint interval.");
    public static final ConfigOption<Integer> CLICKHOUSE_DEDUPLICATION_WINDOW =
            ConfigOptions.key("clickhouse.deduplication-window").intType().defaultValue(10_000)
                    .withDescription("non_replicated_deduplication_window of created tables: how many recent "
                            + "insert tokens ClickHouse remembers to drop a batch committed twice.");
    public static final ConfigOption<Duration> CLICKHOUSE_RETRY_MAX_BACKOFF = ConfigOptions.key("clickhouse.retry.max-backoff")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("Longest wait between retries of a failed ClickHouse commit (outages are retried "
                    + "for as long as they last; the job back-pressures).");
    public static final ConfigOption<Duration> CLICKHOUSE_COMMIT_BLOCKED_TIMEOUT =
            ConfigOptions.key("clickhouse.commit.blocked-timeout").durationType().defaultValue(Duration.ofMinutes(10))
                    .withDescription("How long commits may stay refused for a reason an operator must fix (credentials, "
                            + "rights, a missing or changed table) before the job fails, so Flink restarts it from "
                            + "the last checkpoint with the batch still in it; until then they are retried with "
                            + "back-off and shown as commitBlockedMs. No batch is ever dropped.");

    public static final ConfigOption<String> CLICKHOUSE_OUT_OF_RANGE = ConfigOptions.key("clickhouse.out-of-range")
            .stringType().defaultValue(OutOfRangePolicy.SATURATE.configValue())
            .withDescription("What happens to a DATE/DATETIME/TIMESTAMP value outside ClickHouse's 1900-01-01 .. "
                    + "2299-12-31 (zero dates included): saturate (write the nearest end of the range, counted in "
                    + "valuesSaturated), dead-letter (the change goes to the dead-letter topic; the row is missing or "
                    + "stale until a later change fits), fail (the job fails naming the value) or text (the column "
                    + "becomes a String of MySQL's text of every value: lossless).");
    /**
     * Prefix of the per-column keys {@code clickhouse.out-of-range.<database>.<table>.<column> = <policy>}, which
     * override {@link #CLICKHOUSE_OUT_OF_RANGE} for one column.
     */
    public static final String CLICKHOUSE_OUT_OF_RANGE_COLUMN_PREFIX = "clickhouse.out-of-range.";

    public static final ConfigOption<String> CLICKHOUSE_CHANGELOG_TABLES = ConfigOptions.key("clickhouse.changelog.tables")
            .stringType().noDefaultValue()
            .withDescription("Regular expression on <database>.<table>: tables for which the job also writes "
                    + "<table>_changes (every change's before image retracted and after image asserted), the input "
                    + "of pre-aggregations that stay correct under updates and deletes (see sql/clickhouse/).");

    // ---- Kafka (Redpanda): the tee, the dead-letter topic, replay -----------------------------------------

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS = ConfigOptions.key("kafka.bootstrap-servers")
            .stringType().noDefaultValue()
            .withDescription("Kafka API brokers, e.g. redpanda:9092 (required unless tee.enabled and "
                    + "dead-letter.enabled are both false).");
    public static final ConfigOption<String> KAFKA_PROPERTIES_FILE = ConfigOptions.key("kafka.properties-file")
            .stringType().noDefaultValue()
            .withDescription("Properties file with further Kafka client settings (security.protocol, sasl.*, "
                    + "ssl.*); the place for Kafka secrets.");
    public static final ConfigOption<Boolean> TEE_ENABLED = ConfigOptions.key("tee.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Write every change event (snapshot rows as op=r) to a Kafka topic per table.");
    public static final ConfigOption<String> TEE_TOPIC_PREFIX = ConfigOptions.key("tee.topic-prefix")
            .stringType().defaultValue("mysql-cdc")
            .withDescription("Topics are <prefix>.<database>.<table>; the tables' schemas go to <prefix>._schemas.");
    public static final ConfigOption<TeeDelivery> TEE_DELIVERY = ConfigOptions.key("tee.delivery")
            .enumType(TeeDelivery.class).defaultValue(TeeDelivery.EXACTLY_ONCE)
            .withDescription("exactly-once: Kafka transactions committed on checkpoints (consumers must read with "
                    + "isolation.level=read_committed); at-least-once: no transactions, duplicates after a restore.");
    public static final ConfigOption<TeeValueFormat> TEE_VALUE_FORMAT = ConfigOptions.key("tee.value-format")
            .enumType(TeeValueFormat.class).defaultValue(TeeValueFormat.DEBEZIUM)
            .withDescription("debezium: Debezium's MySQL encodings (DATE as days, DATETIME/TIME as epoch numbers); "
                    + "text: DATE, DATETIME and TIME as MySQL's text and BIGINT UNSIGNED as a string, for Flink SQL's "
                    + "debezium-json and other SQL consumers. Replays read both.");
    public static final ConfigOption<String> TEE_TRANSACTIONAL_ID_PREFIX = ConfigOptions.key("tee.transactional-id-prefix")
            .stringType().noDefaultValue()
            .withDescription("Prefix of the tee's Kafka transactional ids; must be unique per job on the broker "
                    + "(two jobs with one prefix fence each other) and stay the same across restarts of a job. "
                    + "Default: <pipeline.name>-<mysql.hostname>-<mysql.server-id-start>.");
    public static final ConfigOption<Duration> TEE_TRANSACTION_TIMEOUT = ConfigOptions.key("tee.transaction-timeout")
            .durationType().defaultValue(Duration.ofMinutes(15))
            .withDescription("Kafka transaction timeout; at most the broker's transaction.max.timeout.ms "
                    + "(Kafka and Redpanda: 15 min) and longer than a checkpoint plus a restart.");
    public static final ConfigOption<Integer> TEE_TOPIC_PARTITIONS = ConfigOptions.key("tee.topic.partitions")
            .intType().defaultValue(3).withDescription("Partitions of tee topics the job creates.");
    public static final ConfigOption<Integer> TEE_TOPIC_REPLICATION_FACTOR = ConfigOptions.key("tee.topic.replication-factor")
            .intType().defaultValue(1).withDescription("Replication factor of topics the job creates.");
    public static final ConfigOption<Duration> TEE_TOPIC_RETENTION = ConfigOptions.key("tee.topic.retention")
            .durationType().defaultValue(Duration.ofDays(7))
            .withDescription("retention.ms of tee topics the job creates (existing topics are left alone).");
    public static final ConfigOption<MemorySize> TEE_MAX_RECORD_SIZE = ConfigOptions.key("tee.max-record-size")
            .memoryType().defaultValue(MemorySize.ofMebiBytes(64))
            .withDescription("Largest tee or dead-letter record (key, value and headers; an UPDATE holds both images, "
                    + "binary values in base64): the producers' max.request.size and the max.message.bytes of topics "
                    + "the job creates. A larger record is written without its largest values (header omitted-columns) "
                    + "and counted in teeRecordsTrimmed; ClickHouse gets the whole row.");
    public static final ConfigOption<Boolean> DEAD_LETTER_ENABLED = ConfigOptions.key("dead-letter.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Send rows ClickHouse cannot take to the dead-letter topic and go on; when false, "
                    + "such a row stops the job.");
    public static final ConfigOption<String> DEAD_LETTER_TOPIC = ConfigOptions.key("dead-letter.topic")
            .stringType().defaultValue("dlq.clickhouse-sink").withDescription("The dead-letter topic.");
    public static final ConfigOption<Duration> DEAD_LETTER_RETENTION = ConfigOptions.key("dead-letter.retention")
            .durationType().defaultValue(Duration.ofDays(30))
            .withDescription("retention.ms of the dead-letter topic when the job creates it.");
    public static final ConfigOption<String> REPLAY_TOPIC_PATTERN = ConfigOptions.key("replay.topic-pattern")
            .stringType().noDefaultValue()
            .withDescription("Regular expression of the topics a replay reads; default: all tee topics, "
                    + "<prefix>\\.[^.]+\\.[^.]+ (set it to dlq.clickhouse-sink to re-drive dead letters).");
    public static final ConfigOption<String> REPLAY_GROUP_ID = ConfigOptions.key("replay.group-id")
            .stringType().defaultValue("clickhouse-sink-group").withDescription("Consumer group of a replay.");
    public static final ConfigOption<ReplayStart> REPLAY_START = ConfigOptions.key("replay.start")
            .enumType(ReplayStart.class).defaultValue(ReplayStart.EARLIEST)
            .withDescription("earliest, timestamp (replay.start-timestamp-millis) or committed (the group's offsets).");
    public static final ConfigOption<Long> REPLAY_START_TIMESTAMP = ConfigOptions.key("replay.start-timestamp-millis")
            .longType().noDefaultValue().withDescription("Epoch milliseconds for replay.start=timestamp.");
    public static final ConfigOption<Boolean> REPLAY_STOP_AT_LATEST = ConfigOptions.key("replay.stop-at-latest")
            .booleanType().defaultValue(false)
            .withDescription("Finish once the offsets that were latest at start are read (a one-off rebuild); "
                    + "false keeps following the topics.");

    // ---- Pipeline ---------------------------------------------------------------------------------------

    public static final ConfigOption<Integer> PIPELINE_PARALLELISM = ConfigOptions.key("pipeline.parallelism")
            .intType().defaultValue(2).withDescription("Parallelism of source and sink (snapshot chunks read in parallel).");
    public static final ConfigOption<String> PIPELINE_NAME = ConfigOptions.key("pipeline.name")
            .stringType().defaultValue("mysql-clickhouse-cdc").withDescription("Flink job name.");
    public static final ConfigOption<PipelineMode> PIPELINE_MODE = ConfigOptions.key("pipeline.mode")
            .enumType(PipelineMode.class).defaultValue(PipelineMode.LIVE)
            .withDescription("live: MySQL binlog → tee + ClickHouse; replay: the tee topics → ClickHouse (no "
                    + "MySQL access; rebuilds or repairs ClickHouse from Kafka).");

    /** All options, for validation and the configuration reference. */
    public static final List<ConfigOption<?>> ALL = List.of(
            MYSQL_HOSTNAME, MYSQL_PORT, MYSQL_USERNAME, MYSQL_PASSWORD_ENV, MYSQL_PASSWORD_FILE, MYSQL_DATABASES,
            MYSQL_TABLES_INCLUDE, MYSQL_TABLES_EXCLUDE, MYSQL_COLUMNS_EXCLUDE, MYSQL_SERVER_TIME_ZONE, MYSQL_SERVER_ID_START,
            MYSQL_STARTUP_MODE, MYSQL_STARTUP_BINLOG_FILE, MYSQL_STARTUP_BINLOG_POSITION, MYSQL_STARTUP_GTID_SET,
            MYSQL_STARTUP_TIMESTAMP, MYSQL_SNAPSHOT_CHUNK_SIZE, MYSQL_SNAPSHOT_FETCH_SIZE,
            MYSQL_SNAPSHOT_SKIP_BACKFILL, MYSQL_HEARTBEAT_INTERVAL, MYSQL_CONNECT_TIMEOUT, MYSQL_SSL_MODE, MYSQL_SSL_CA,
            CLICKHOUSE_URL, CLICKHOUSE_USERNAME, CLICKHOUSE_PASSWORD_ENV, CLICKHOUSE_PASSWORD_FILE, CLICKHOUSE_SSL_CA,
            CLICKHOUSE_DATABASE, CLICKHOUSE_BATCH_SIZE, CLICKHOUSE_FLUSH_INTERVAL, CLICKHOUSE_DEDUPLICATION_WINDOW,
            CLICKHOUSE_RETRY_MAX_BACKOFF, CLICKHOUSE_COMMIT_BLOCKED_TIMEOUT, CLICKHOUSE_OUT_OF_RANGE, CLICKHOUSE_CHANGELOG_TABLES,
            KAFKA_BOOTSTRAP_SERVERS, KAFKA_PROPERTIES_FILE, TEE_ENABLED,
            TEE_TOPIC_PREFIX, TEE_DELIVERY, TEE_VALUE_FORMAT, TEE_TRANSACTIONAL_ID_PREFIX, TEE_TRANSACTION_TIMEOUT, TEE_TOPIC_PARTITIONS,
            TEE_TOPIC_REPLICATION_FACTOR, TEE_TOPIC_RETENTION, TEE_MAX_RECORD_SIZE, DEAD_LETTER_ENABLED, DEAD_LETTER_TOPIC,
            DEAD_LETTER_RETENTION, REPLAY_TOPIC_PATTERN, REPLAY_GROUP_ID, REPLAY_START, REPLAY_START_TIMESTAMP,
            REPLAY_STOP_AT_LATEST, PIPELINE_PARALLELISM, PIPELINE_NAME, PIPELINE_MODE);
}
