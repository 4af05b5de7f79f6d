package dev.chcdc.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's parts are: the runtime distributions built by Maven, the ClickHouse engine installed by
 * npm, the Flink configuration and the savepoint folder. The root comes from the {@code project.root} system
 * property (set by Maven for tests) or is found by walking up from the working directory.
 */
public record ProjectPaths(Path root) {
    /** npm package (pinned in .ci/run and pom.xml) whose libchdb.so is ClickHouse's clickhouse-local. */
    public static final String CHDB_PACKAGE_PATH = ".services/npm/node_modules/@chdb/lib-linux-x64-gnu/libchdb.so";

    public static ProjectPaths detect() {
        String property = System.getProperty("project.root");
        if (property != null && !property.isBlank()) {
            return new ProjectPaths(Path.of(property).toAbsolutePath().normalize());
        }
        Path candidate = Path.of("").toAbsolutePath();
        while (candidate != null) {
            if (Files.isDirectory(candidate.resolve("stack/launcher")) && Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return new ProjectPaths(candidate);
            }
            candidate = candidate.getParent();
        }
        throw new IllegalStateException(
                "Cannot find the project root above " + Path.of("").toAbsolutePath() + "; set -Dproject.root");
    }

    /** libchdb.so: the CHDB_LIBRARY environment variable, else the npm install under .services/. */
    public Path chdbLibrary() {
        String override = System.getenv("CHDB_LIBRARY");
        return override != null && !override.isBlank() ? Path.of(override) : root.resolve(CHDB_PACKAGE_PATH);
    }

    public Path kafkaLibs() {
        return root.resolve("stack/kafka-dist/target/kafka/libs");
    }

    public Path flinkHome() {
        return root.resolve("stack/flink-dist/target/flink");
    }

    public Path flinkBaseConfig() {
        return root.resolve("flink-conf/config.yaml");
    }

    public Path savepoints() {
        return root.resolve("savepoints");
    }

    public Path localStackDir() {
        return root.resolve(".stack");
    }
}
