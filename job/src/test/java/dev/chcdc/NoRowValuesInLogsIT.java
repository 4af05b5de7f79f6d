package dev.chcdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chcdc.stack.ClickHouseServer;
import dev.chcdc.stack.KafkaBroker;
import dev.chcdc.stack.MariaDbServer;
import dev.chcdc.testsupport.Eventually;
import dev.chcdc.testsupport.LogCapture;
import dev.chcdc.testsupport.PipelineFixture;
import dev.chcdc.testsupport.RealServices;
import dev.chcdc.testsupport.TeeTopicReader;
import dev.chcdc.testsupport.TestNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No row value reaches the job's logs, Flink's REST API (exception history, job details) or a dead-letter header,
 * in each class of failure a value can cause, on real services: key and text values carry a sentinel, and dates
 * that fail are checked as MySQL's text and as the job's internal number (days since the epoch). Keys' column
 * names, tables and positions are what the messages name instead.
 */
@ExtendWith(RealServices.class)
class NoRowValuesInLogsIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final String SENTINEL = "Zq7Sentinel";
    private static final LocalDate NO_END = LocalDate.of(9999, 12, 31);
    private static final LocalDate FAILING_DAY = LocalDate.of(8888, 8, 8);
    private static final Pattern ROW_VALUES = Pattern.compile(SENTINEL + "|" + NO_END + "|" + FAILING_DAY
            + "|\\b" + NO_END.toEpochDay() + "\\b|\\b" + FAILING_DAY.toEpochDay() + "\\b");

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = PipelineFixture.miniCluster();

    @Test
    void deadLetteredRowsAndSnapshotSplitsNameNoValueInHeadersLogsOrRest(MariaDbServer mariaDb,
            ClickHouseServer clickHouse, KafkaBroker kafka, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement();
                LogCapture logs = LogCapture.start()) {
            String db = fixture.database();
            String deadLetters = names.unique("dlq");
            statement.execute("CREATE TABLE notes (k VARCHAR(60) PRIMARY KEY, body VARCHAR(200) NOT NULL, day DATE NOT NULL)");
            for (int i = 1; i <= 6; i++) {
                statement.execute("INSERT INTO notes VALUES ('k-" + SENTINEL + "-" + i + "', 'body-" + SENTINEL + "-" + i
                        + "', '2024-01-0" + i + "')");
            }
            statement.execute("INSERT INTO notes VALUES ('k-" + SENTINEL + "-end', 'body-" + SENTINEL + "', '" + NO_END + "')");
            Map<String, String> settings = PipelineFixture.teeSettings(kafka.bootstrapServers(), names.unique("tee"));
            settings.put("dead-letter.topic", deadLetters);
            // One chunk per row: every split's bounds are sentinel keys.
            settings.put("mysql.snapshot.chunk-size", "1");
            settings.put("clickhouse.out-of-range." + db + ".notes.day", "dead-letter");
            JobClient job = run(fixture, settings, "no-values-dead-letters");
            Eventually.poll(TIMEOUT, POLL, () -> fixture.rowCount(db + ".notes"), rows -> rows == 6);

            clickHouse.query("ALTER TABLE `" + db + "`.notes_raw ADD CONSTRAINT not_refused CHECK NOT startsWith(body, 'refuse')");
            statement.execute("INSERT INTO notes VALUES ('k-" + SENTINEL + "-refused', 'refuse-" + SENTINEL + "', '2024-02-02')");
            List<ConsumerRecord<byte[], byte[]>> letters = Eventually.poll(TIMEOUT, POLL,
                    () -> TeeTopicReader.readAll(kafka.bootstrapServers(), deadLetters), records -> records.size() == 2);

            assertThat(letters).hasSize(2);
            for (ConsumerRecord<byte[], byte[]> letter : letters) {
                for (Header header : letter.headers()) {
                    assertNoRowValue("dead-letter header " + header.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
            }
            assertThat(logs.text()).contains("Dead-lettering a change of " + db + ".notes");
            assertNoRowValue("the job's logs", logs.text());
            assertNoRowValue("the REST API", restAbout(job));
        }
    }

    @Test
    void aValueTheOutOfRangePolicyFailsOnIsNamedByColumnOnly(MariaDbServer mariaDb, ClickHouseServer clickHouse,
            TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement();
                LogCapture logs = LogCapture.start()) {
            statement.execute("CREATE TABLE events (k VARCHAR(60) PRIMARY KEY, day DATE NOT NULL)");
            statement.execute("INSERT INTO events VALUES ('k-" + SENTINEL + "', '" + FAILING_DAY + "')");
            Map<String, String> settings = new HashMap<>();
            settings.put("clickhouse.out-of-range." + fixture.database() + ".events.day", "fail");
            JobClient job = run(fixture, settings, "no-values-fail");

            String failure = awaitFailure(job);

            assertThat(failure).contains("column `day` in table " + fixture.database() + ".events")
                    .contains("clickhouse.out-of-range is fail");
            assertNoRowValue("the job's logs", logs.text());
            assertNoRowValue("the REST API", restAbout(job));
        }
    }

    @Test
    void aRowClickHouseRefusesWithDeadLettersOffIsNamedByKeyColumnsAndPosition(MariaDbServer mariaDb,
            ClickHouseServer clickHouse, TestNames names) throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(mariaDb, clickHouse, names);
                Connection mysql = fixture.mysqlRoot();
                Statement statement = mysql.createStatement();
                LogCapture logs = LogCapture.start()) {
            String db = fixture.database();
            statement.execute("CREATE TABLE notes (k VARCHAR(60) PRIMARY KEY, body VARCHAR(200) NOT NULL)");
            statement.execute("INSERT INTO notes VALUES ('k-" + SENTINEL + "', 'body-" + SENTINEL + "')");
            JobClient job = run(fixture, new HashMap<>(), "no-values-refused");
            Eventually.poll(TIMEOUT, POLL, () -> fixture.rowCount(db + ".notes"), rows -> rows == 1);

            clickHouse.query("ALTER TABLE `" + db + "`.notes_raw ADD CONSTRAINT not_refused CHECK NOT startsWith(body, 'refuse')");
            statement.execute("INSERT INTO notes VALUES ('k-" + SENTINEL + "-refused', 'refuse-" + SENTINEL + "')");
            String failure = awaitFailure(job);

            assertThat(failure).contains("key (k), version").contains("ClickHouse error 469 VIOLATED_CONSTRAINT, "
                    + "constraint `not_refused`").contains("dead-letter.enabled is false");
            assertNoRowValue("the job's logs", logs.text());
            assertNoRowValue("the REST API", restAbout(job));
        }
    }

    private static JobClient run(PipelineFixture fixture, Map<String, String> settings, String name) throws Exception {
        return fixture.start(fixture.config(settings), name).job();
    }

    private static void assertNoRowValue(String where, String text) {
        var found = ROW_VALUES.matcher(text);
        if (found.find()) {
            int from = Math.max(0, found.start() - 300);
            throw new AssertionError("A row value (" + found.group() + ") is in " + where + ":\n"
                    + text.substring(from, Math.min(text.length(), found.end() + 300)));
        }
    }

    /** The latest failure's stack trace in the job's exception history, once there is one. */
    private static String awaitFailure(JobClient job) throws Exception {
        return Eventually.poll(TIMEOUT, POLL, () -> {
            JsonNode entries = new ObjectMapper().readTree(rest("/jobs/" + job.getJobID() + "/exceptions"))
                    .path("exceptionHistory").path("entries");
            return entries.isEmpty() ? "" : entries.get(0).path("stacktrace").asText();
        }, failure -> !failure.isEmpty());
    }

    /** What Flink's REST API shows of the job: details, exception history, configuration, checkpoints. */
    private static String restAbout(JobClient job) throws Exception {
        StringBuilder all = new StringBuilder();
        for (String path : List.of("", "/exceptions", "/config", "/checkpoints", "/accumulators")) {
            all.append(rest("/jobs/" + job.getJobID() + path)).append('\n');
        }
        return all.toString();
    }

    private static String rest(String path) throws Exception {
        var configuration = MINI_CLUSTER.getClientConfiguration();
        URI uri = URI.create("http://" + configuration.get(RestOptions.ADDRESS) + ":" + configuration.get(RestOptions.PORT)
                + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

}
