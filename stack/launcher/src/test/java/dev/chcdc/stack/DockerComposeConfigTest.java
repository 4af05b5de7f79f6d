package dev.chcdc.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml is valid for docker-compose itself ({@code docker-compose config -q}, which needs no Docker
 * daemon), with every profile, and refuses to run without the secrets of .env. docker-compose is installed by
 * bin/install-deps; without it these tests fail, they never skip.
 */
class DockerComposeConfigTest {
    private static final Path ROOT = ProjectPaths.detect().root();

    private record Result(int exitCode, String output) {}

    private static Result dockerCompose(Path envFile, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker-compose", "--env-file", envFile.toString(),
                "--profile", "dev", "--profile", "monitoring"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        // Only the env file may supply the secrets, not whatever this shell exports.
        builder.environment().keySet().removeIf(name -> name.contains("PASSWORD") || name.startsWith("CONSOLE_"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("docker-compose is not installed: run bin/install-deps "
                    + "(apt-get install -y docker-compose)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void composeFileIsValidWithTheExampleEnvironment() throws Exception {
        Result result = dockerCompose(ROOT.resolve(".env.example"), "config", "-q");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void composeFileDefinesTheDocumentedServicesAndProfiles() throws Exception {
        Result result = dockerCompose(ROOT.resolve(".env.example"), "config", "--services");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().lines().sorted().toList()).containsExactly("clickhouse", "console",
                "console-proxy", "grafana", "jobmanager", "mysql", "prometheus", "redpanda", "taskmanager");
    }

    @Test
    void composeFileRefusesToRunWithoutTheSecretsOfDotEnv(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.env"), "");
        Result result = dockerCompose(empty, "config", "-q");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("in .env (see .env.example)");
    }
}
