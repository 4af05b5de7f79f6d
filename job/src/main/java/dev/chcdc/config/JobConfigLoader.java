package dev.chcdc.config;

import dev.chcdc.event.TableId;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Builds a {@link JobConfig} from a properties file ({@code --config <file>}) plus {@code --key value} overrides,
 * checking everything that can be checked without a network: unknown keys, required keys, ranges, impossible
 * combinations and the secrets' presence. All problems are reported at once, each naming the key to set.
 */
public final class JobConfigLoader {
    private static final Set<String> KNOWN_KEYS =
            JobOptions.ALL.stream().map(ConfigOption::key).collect(Collectors.toUnmodifiableSet());

    private final Map<String, String> environment;

    /** {@code environment} is where {@code *.password-env} variables are looked up (System.getenv() in production). */
    public JobConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Parses {@code [--config file] [--key value]...}; later keys win. */
    public JobConfig load(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new ConfigException("Arguments must be --key value pairs; '" + arg + "' has no value");
            }
            String key = arg.substring(2);
            String value = args[++i];
            if (key.equals("config")) {
                values.putAll(readProperties(Path.of(value)));
            } else {
                values.put(key, value);
            }
        }
        return load(values, problems);
    }

    /** Validates and types the given key/value pairs. */
    public JobConfig load(Map<String, String> values) {
        return load(values, new ArrayList<>());
    }

    private JobConfig load(Map<String, String> values, List<String> problems) {
        for (String key : values.keySet()) {
            if (key.contains("password") && !key.endsWith("-env") && !key.endsWith("-file")) {
                problems.add(key + ": secrets are never taken as configuration values (they would show in the "
                        + "web UI); use " + key + "-env or " + key + "-file");
            } else if (!KNOWN_KEYS.contains(key) && !key.startsWith(JobOptions.MYSQL_KEY_COLUMNS_PREFIX)
                    && !key.startsWith(JobOptions.CLICKHOUSE_OUT_OF_RANGE_COLUMN_PREFIX)) {
                problems.add(key + ": unknown key (see the configuration reference in README.md)");
            }
        }
        Configuration conf = new Configuration();
        values.forEach(conf::setString);

        MySqlConfig mysql = null;
        ClickHouseConfig clickhouse = null;
        KafkaConfig kafka = null;
        TeeConfig tee = null;
        DeadLetterConfig deadLetter = null;
        ReplayConfig replay = null;
        PipelineConfig pipeline = null;
        try {
            pipeline = new PipelineConfig(conf.get(JobOptions.PIPELINE_NAME), conf.get(JobOptions.PIPELINE_PARALLELISM),
                    conf.get(JobOptions.PIPELINE_MODE));
            positive(JobOptions.PIPELINE_PARALLELISM, pipeline.parallelism(), problems);
            if (pipeline.mode() == PipelineMode.LIVE) {
                mysql = mysql(conf, values, problems);
            }
            clickhouse = clickhouse(conf, values, problems);
            kafka = kafka(conf, problems);
            tee = tee(conf, pipeline, problems);
            deadLetter = new DeadLetterConfig(conf.get(JobOptions.DEAD_LETTER_ENABLED),
                    conf.get(JobOptions.DEAD_LETTER_TOPIC), conf.get(JobOptions.DEAD_LETTER_RETENTION));
            replay = replay(conf, tee, problems);
            boolean teeActive = tee.enabled() && pipeline.mode() == PipelineMode.LIVE;
            if (kafka == null && (teeActive || deadLetter.enabled() || pipeline.mode() == PipelineMode.REPLAY)) {
                problems.add(JobOptions.KAFKA_BOOTSTRAP_SERVERS.key() + " is required: "
                        + (pipeline.mode() == PipelineMode.REPLAY ? "a replay reads the tee topics"
                                : "the tee and the dead-letter topic write to Kafka")
                        + " (or set " + JobOptions.TEE_ENABLED.key() + "=false and " + JobOptions.DEAD_LETTER_ENABLED.key()
                        + "=false to run without Kafka; rows ClickHouse rejects then stop the job)");
            }
        } catch (IllegalArgumentException e) {
            // Flink's typed getters throw on values that do not parse, e.g. "ten" for an int.
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new JobConfig(mysql, clickhouse, kafka, tee, deadLetter, replay, pipeline);
    }

    private static KafkaConfig kafka(Configuration conf, List<String> problems) {
        String servers = conf.get(JobOptions.KAFKA_BOOTSTRAP_SERVERS);
        if (servers == null || servers.isBlank()) {
            return null;
        }
        Map<String, String> properties = Map.of();
        String file = conf.get(JobOptions.KAFKA_PROPERTIES_FILE);
        if (file != null) {
            try {
                properties = readProperties(Path.of(file));
            } catch (ConfigException e) {
                problems.add(JobOptions.KAFKA_PROPERTIES_FILE.key() + ": " + e.getMessage());
            }
        }
        return new KafkaConfig(servers.strip(), properties);
    }

    /**
     * {@code <pipeline.name>-<mysql.hostname>-<mysql.server-id-start>}: stable across restarts of one job (its
     * open transactions are found and fenced again) and different for two jobs on one broker even when both
     * keep the default pipeline name, because two jobs reading one MySQL must have different server ids anyway.
     */
    static String defaultTransactionalIdPrefix(Configuration conf, PipelineConfig pipeline) {
        return pipeline.name() + "-" + conf.getOptional(JobOptions.MYSQL_HOSTNAME).orElse("replay") + "-"
                + conf.get(JobOptions.MYSQL_SERVER_ID_START);
    }

    private static TeeConfig tee(Configuration conf, PipelineConfig pipeline, List<String> problems) {
        String prefix = conf.get(JobOptions.TEE_TOPIC_PREFIX);
        if (!prefix.matches("[a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*")) {
            problems.add(JobOptions.TEE_TOPIC_PREFIX.key() + ": '" + prefix + "' is not a valid Kafka topic prefix "
                    + "(letters, digits, '_', '-', '.')");
        }
        int partitions = conf.get(JobOptions.TEE_TOPIC_PARTITIONS);
        positive(JobOptions.TEE_TOPIC_PARTITIONS, partitions, problems);
        int replication = conf.get(JobOptions.TEE_TOPIC_REPLICATION_FACTOR);
        if (replication < 1 || replication > Short.MAX_VALUE) {
            problems.add(JobOptions.TEE_TOPIC_REPLICATION_FACTOR.key() + " must be between 1 and " + Short.MAX_VALUE);
        }
        java.time.Duration timeout = conf.get(JobOptions.TEE_TRANSACTION_TIMEOUT);
        if (timeout.toMillis() < 1000 || timeout.toMillis() > Integer.MAX_VALUE) {
            problems.add(JobOptions.TEE_TRANSACTION_TIMEOUT.key() + " must be between 1 s and 24 days, got " + timeout);
        }
        String transactionalIdPrefix = conf.getOptional(JobOptions.TEE_TRANSACTIONAL_ID_PREFIX)
                .orElse(defaultTransactionalIdPrefix(conf, pipeline));
        long maxRecordBytes = conf.get(JobOptions.TEE_MAX_RECORD_SIZE).getBytes();
        // A Kafka request (and Redpanda's kafka_request_max_bytes) defaults to 100 MiB at most.
        if (maxRecordBytes < 64 * 1024 || maxRecordBytes > 1024L * 1024 * 1024) {
            problems.add(JobOptions.TEE_MAX_RECORD_SIZE.key() + " must be between 64 kb and 1 gb, got "
                    + conf.get(JobOptions.TEE_MAX_RECORD_SIZE));
        }
        return new TeeConfig(conf.get(JobOptions.TEE_ENABLED), prefix, conf.get(JobOptions.TEE_DELIVERY),
                transactionalIdPrefix, timeout, partitions, (short) Math.max(1, Math.min(replication, Short.MAX_VALUE)),
                conf.get(JobOptions.TEE_TOPIC_RETENTION), conf.get(JobOptions.TEE_VALUE_FORMAT), maxRecordBytes);
    }

    private static ReplayConfig replay(Configuration conf, TeeConfig tee, List<String> problems) {
        String pattern = conf.getOptional(JobOptions.REPLAY_TOPIC_PATTERN)
                .orElse(Pattern.quote(tee.topicPrefix()) + "\\.[^.]+\\.[^.]+");
        regex(JobOptions.REPLAY_TOPIC_PATTERN.key(), pattern, problems);
        ReplayStart start = conf.get(JobOptions.REPLAY_START);
        Long timestamp = conf.get(JobOptions.REPLAY_START_TIMESTAMP);
        if (start == ReplayStart.TIMESTAMP && timestamp == null) {
            problems.add(JobOptions.REPLAY_START.key() + "=timestamp needs " + JobOptions.REPLAY_START_TIMESTAMP.key());
        }
        return new ReplayConfig(pattern, conf.get(JobOptions.REPLAY_GROUP_ID), start, timestamp,
                conf.get(JobOptions.REPLAY_STOP_AT_LATEST));
    }

    private MySqlConfig mysql(Configuration conf, Map<String, String> values, List<String> problems) {
        required(conf, JobOptions.MYSQL_HOSTNAME, problems);
        required(conf, JobOptions.MYSQL_USERNAME, problems);
        // Comma-separated, as documented (Flink's own list type would split on ';').
        List<String> databases = conf.getOptional(JobOptions.MYSQL_DATABASES)
                .map(value -> java.util.Arrays.stream(value.split(","))
                        .map(String::strip)
                        .filter(name -> !name.isEmpty())
                        .toList())
                .orElse(List.of());
        if (databases.isEmpty()) {
            problems.add(JobOptions.MYSQL_DATABASES.key() + " is required: the databases to capture");
        }
        String include = conf.get(JobOptions.MYSQL_TABLES_INCLUDE);
        String exclude = conf.get(JobOptions.MYSQL_TABLES_EXCLUDE);
        regex(JobOptions.MYSQL_TABLES_INCLUDE.key(), include, problems);
        regex(JobOptions.MYSQL_TABLES_EXCLUDE.key(), exclude, problems);
        String columnsExclude = conf.get(JobOptions.MYSQL_COLUMNS_EXCLUDE);
        regex(JobOptions.MYSQL_COLUMNS_EXCLUDE.key(), columnsExclude, problems);

        Map<TableId, List<String>> keyColumns = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(JobOptions.MYSQL_KEY_COLUMNS_PREFIX)) {
                String table = key.substring(JobOptions.MYSQL_KEY_COLUMNS_PREFIX.length());
                try {
                    keyColumns.put(TableId.parse(table), List.of(value.split("\\s*,\\s*")));
                } catch (IllegalArgumentException e) {
                    problems.add(key + ": " + e.getMessage());
                }
            }
        });

        StartupMode mode = conf.get(JobOptions.MYSQL_STARTUP_MODE);
        String binlogFile = conf.get(JobOptions.MYSQL_STARTUP_BINLOG_FILE);
        Long binlogPosition = conf.get(JobOptions.MYSQL_STARTUP_BINLOG_POSITION);
        String gtidSet = conf.get(JobOptions.MYSQL_STARTUP_GTID_SET);
        Long timestamp = conf.get(JobOptions.MYSQL_STARTUP_TIMESTAMP);
        if (mode == StartupMode.SPECIFIC_OFFSET && gtidSet == null && (binlogFile == null || binlogPosition == null)) {
            problems.add(JobOptions.MYSQL_STARTUP_MODE.key() + "=specific-offset needs "
                    + JobOptions.MYSQL_STARTUP_BINLOG_FILE.key() + " and " + JobOptions.MYSQL_STARTUP_BINLOG_POSITION.key()
                    + ", or " + JobOptions.MYSQL_STARTUP_GTID_SET.key());
        }
        if (mode == StartupMode.TIMESTAMP && timestamp == null) {
            problems.add(JobOptions.MYSQL_STARTUP_MODE.key() + "=timestamp needs " + JobOptions.MYSQL_STARTUP_TIMESTAMP.key());
        }
        int serverIdStart = conf.get(JobOptions.MYSQL_SERVER_ID_START);
        positive(JobOptions.MYSQL_SERVER_ID_START, serverIdStart, problems);
        positive(JobOptions.MYSQL_SNAPSHOT_CHUNK_SIZE, conf.get(JobOptions.MYSQL_SNAPSHOT_CHUNK_SIZE), problems);
        positive(JobOptions.MYSQL_SNAPSHOT_FETCH_SIZE, conf.get(JobOptions.MYSQL_SNAPSHOT_FETCH_SIZE), problems);
        String zone = conf.get(JobOptions.MYSQL_SERVER_TIME_ZONE);
        if (zone != null) {
            try {
                java.time.ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                problems.add(JobOptions.MYSQL_SERVER_TIME_ZONE.key() + ": '" + zone + "' is not a time zone id "
                        + "(use e.g. UTC or Europe/Berlin)");
            }
        }
        Secret password = secret(conf, JobOptions.MYSQL_PASSWORD_FILE, JobOptions.MYSQL_PASSWORD_ENV, problems);
        SslMode sslMode = conf.get(JobOptions.MYSQL_SSL_MODE);
        String hostname = conf.get(JobOptions.MYSQL_HOSTNAME);
        TrustedCertificates sslCa = conf.getOptional(JobOptions.MYSQL_SSL_CA)
                .map(path -> TrustedCertificates.read(JobOptions.MYSQL_SSL_CA.key(), path, problems)).orElse(null);
        if (sslCa != null && !sslMode.verifies()) {
            problems.add(JobOptions.MYSQL_SSL_CA.key() + " is set but " + JobOptions.MYSQL_SSL_MODE.key() + " is "
                    + sslMode + ", which does not verify the server: set it to verify-identity (or verify-ca)");
        }
        if (sslMode == SslMode.VERIFY_IDENTITY && hostname != null && isIpAddress(hostname)) {
            problems.add(JobOptions.MYSQL_SSL_MODE.key() + "=verify-identity checks " + JobOptions.MYSQL_HOSTNAME.key()
                    + " against the DNS names in the server's certificate, and the binlog client cannot check an IP "
                    + "address (" + hostname + "): set mysql.hostname to the name the certificate holds, or use verify-ca");
        }
        return new MySqlConfig(
                hostname, conf.get(JobOptions.MYSQL_PORT), conf.get(JobOptions.MYSQL_USERNAME),
                password, databases, include, exclude, columnsExclude, keyColumns, zone, serverIdStart, mode, binlogFile,
                binlogPosition, gtidSet, timestamp, conf.get(JobOptions.MYSQL_SNAPSHOT_CHUNK_SIZE),
                conf.get(JobOptions.MYSQL_SNAPSHOT_FETCH_SIZE), conf.get(JobOptions.MYSQL_SNAPSHOT_SKIP_BACKFILL),
                conf.get(JobOptions.MYSQL_HEARTBEAT_INTERVAL), conf.get(JobOptions.MYSQL_CONNECT_TIMEOUT),
                sslMode, sslCa);
    }

    private static boolean isIpAddress(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private ClickHouseConfig clickhouse(Configuration conf, Map<String, String> values, List<String> problems) {
        required(conf, JobOptions.CLICKHOUSE_URL, problems);
        String url = conf.get(JobOptions.CLICKHOUSE_URL);
        if (url != null && !url.matches("https?://[^/]+/?")) {
            problems.add(JobOptions.CLICKHOUSE_URL.key() + ": expected http(s)://host:port, got '" + url + "'");
        }
        int batchSize = conf.get(JobOptions.CLICKHOUSE_BATCH_SIZE);
        positive(JobOptions.CLICKHOUSE_BATCH_SIZE, batchSize, problems);
        int window = conf.get(JobOptions.CLICKHOUSE_DEDUPLICATION_WINDOW);
        positive(JobOptions.CLICKHOUSE_DEDUPLICATION_WINDOW, window, problems);
        if (conf.get(JobOptions.CLICKHOUSE_FLUSH_INTERVAL).toMillis() < 100) {
            problems.add(JobOptions.CLICKHOUSE_FLUSH_INTERVAL.key() + " must be at least 100 ms");
        }
        if (conf.get(JobOptions.CLICKHOUSE_COMMIT_BLOCKED_TIMEOUT).toMillis() < 1000) {
            problems.add(JobOptions.CLICKHOUSE_COMMIT_BLOCKED_TIMEOUT.key() + " must be at least 1 s");
        }
        Secret password = secret(conf, JobOptions.CLICKHOUSE_PASSWORD_FILE, JobOptions.CLICKHOUSE_PASSWORD_ENV, problems);
        TrustedCertificates sslCa = conf.getOptional(JobOptions.CLICKHOUSE_SSL_CA)
                .map(path -> TrustedCertificates.read(JobOptions.CLICKHOUSE_SSL_CA.key(), path, problems)).orElse(null);
        if (sslCa != null && url != null && !url.startsWith("https://")) {
            problems.add(JobOptions.CLICKHOUSE_SSL_CA.key() + " is set but " + JobOptions.CLICKHOUSE_URL.key() + " is "
                    + url + ": use an https:// endpoint (ClickHouse's https_port, 8443 by default)");
        }
        String changelog = conf.get(JobOptions.CLICKHOUSE_CHANGELOG_TABLES);
        regex(JobOptions.CLICKHOUSE_CHANGELOG_TABLES.key(), changelog, problems);
        OutOfRangePolicy outOfRange = outOfRangePolicy(JobOptions.CLICKHOUSE_OUT_OF_RANGE.key(),
                conf.get(JobOptions.CLICKHOUSE_OUT_OF_RANGE), problems);
        Map<String, OutOfRangePolicy> outOfRangeColumns = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(JobOptions.CLICKHOUSE_OUT_OF_RANGE_COLUMN_PREFIX)) {
                outOfRangeColumns.put(key.substring(JobOptions.CLICKHOUSE_OUT_OF_RANGE_COLUMN_PREFIX.length()),
                        outOfRangePolicy(key, value, problems));
            }
        });
        return new ClickHouseConfig(url == null ? null : url.replaceAll("/$", ""), conf.get(JobOptions.CLICKHOUSE_USERNAME),
                password, conf.get(JobOptions.CLICKHOUSE_DATABASE), batchSize, conf.get(JobOptions.CLICKHOUSE_FLUSH_INTERVAL),
                window, conf.get(JobOptions.CLICKHOUSE_RETRY_MAX_BACKOFF),
                conf.get(JobOptions.CLICKHOUSE_COMMIT_BLOCKED_TIMEOUT), changelog, outOfRange, outOfRangeColumns, sslCa);
    }

    private static OutOfRangePolicy outOfRangePolicy(String key, String value, List<String> problems) {
        try {
            return OutOfRangePolicy.parse(value);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return OutOfRangePolicy.SATURATE;
        }
    }

    private Secret secret(Configuration conf, ConfigOption<String> fileOption, ConfigOption<String> envOption,
            List<String> problems) {
        String file = conf.get(fileOption);
        if (file != null) {
            try {
                return new Secret(Files.readString(Path.of(file), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                problems.add(fileOption.key() + ": cannot read '" + file + "' (" + e.getMessage() + ")");
                return null;
            }
        }
        String variable = conf.get(envOption);
        String value = environment.get(variable);
        if (value == null) {
            problems.add("environment variable " + variable + " (" + envOption.key() + ") is not set; set it, or "
                    + "point " + fileOption.key() + " at a file holding the password");
            return null;
        }
        return new Secret(value);
    }

    private static void required(Configuration conf, ConfigOption<String> option, List<String> problems) {
        String value = conf.get(option);
        if (value == null || value.isBlank()) {
            problems.add(option.key() + " is required: " + option.description());
        }
    }

    private static void positive(ConfigOption<Integer> option, int value, List<String> problems) {
        if (value <= 0) {
            problems.add(option.key() + " must be positive, got " + value);
        }
    }

    private static void regex(String key, String value, List<String> problems) {
        if (value == null) {
            return;
        }
        try {
            Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            problems.add(key + ": not a regular expression: " + e.getDescription());
        }
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("--config " + file + ": cannot read (" + e.getMessage() + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name).strip()));
        return values;
    }
}
