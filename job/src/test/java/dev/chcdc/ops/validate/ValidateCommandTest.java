package dev.chcdc.ops.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's answers before it compares anything: usage, configuration and connection problems. */
class ValidateCommandTest {
    /** Nothing listens on port 1 of the loopback address: the connection is refused at once. */
    private static final String UNREACHABLE_JOB = """
            mysql.hostname=127.0.0.1
            mysql.port=1
            mysql.username=cdc
            mysql.databases=shop
            mysql.ssl-mode=disabled
            clickhouse.url=http://127.0.0.1:1
            """;
    private static final Map<String, String> PASSWORDS = Map.of("MYSQL_CDC_PASSWORD", "m", "CLICKHOUSE_PASSWORD", "c");

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpPrintsTheUsageAndSucceeds() throws Exception {
        assertThat(run(Map.of(), "--help")).isEqualTo(ValidateCommand.EXIT_OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(ValidateOptions.USAGE);
    }

    @Test
    void aUsageErrorIsExplainedWithTheUsageAndExitsTwo() throws Exception {
        assertThat(run(Map.of(), "--chunk-size", "10")).isEqualTo(ValidateCommand.EXIT_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("validate: --config is required: the job's configuration file\n" + ValidateOptions.USAGE);
    }

    @Test
    void passwordsComeOnlyFromTheEnvironmentOrAFile() throws Exception {
        assertThat(run(Map.of(), "--config", jobFile(UNREACHABLE_JOB))).isEqualTo(ValidateCommand.EXIT_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(
                "environment variable MYSQL_CDC_PASSWORD (mysql.password-env) is not set",
                "environment variable CLICKHOUSE_PASSWORD (clickhouse.password-env) is not set");
    }

    @Test
    void aJobConfigurationWithoutKafkaIsEnoughAndAnUnreachableMySqlExitsTwo() throws Exception {
        assertThat(run(PASSWORDS, "--config", jobFile(UNREACHABLE_JOB))).isEqualTo(ValidateCommand.EXIT_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("validate: cannot read MySQL at 127.0.0.1:1 as 'cdc': ");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private String jobFile(String properties) throws Exception {
        Path file = folder.resolve("job.properties");
        Files.writeString(file, properties);
        return file.toString();
    }

    private int run(Map<String, String> environment, String... args) throws Exception {
        return ValidateCommand.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
