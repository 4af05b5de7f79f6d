package dev.chcdc.stack;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A Flink installation assembled from Maven jars ({@code stack/flink-dist/target/flink}: {@code lib/} and
 * {@code plugins/}) plus a configuration folder of its own, written from the project's {@code flink-conf/config.yaml}
 * with per-instance overrides (ports, folders, memory). Knows how to build the java command lines that Flink's
 * shell scripts would (the scripts are in flink-dist, which the mirror lacks).
 */
public final class FlinkDistribution {
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    private final Path home;
    private final Path confDir;
    private final Path logDir;

    public FlinkDistribution(Path home, Path confDir, Path logDir) {
        this.home = home;
        this.confDir = confDir;
        this.logDir = logDir;
    }

    public Path confDir() {
        return confDir;
    }

    public Path logDir() {
        return logDir;
    }

    /** Writes {@code config.yaml} (base file flattened, then overrides) and the log configuration. */
    public void writeConfiguration(Path baseConfig, Map<String, Object> overrides) throws IOException {
        if (!Files.isDirectory(home.resolve("lib"))) {
            throw new ServiceStartException("Flink jars not found in " + home.resolve("lib")
                    + ": build them with `mvn -pl stack/flink-dist package`");
        }
        Files.createDirectories(confDir);
        Files.createDirectories(logDir);
        Map<String, Object> flat = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(baseConfig, StandardCharsets.UTF_8)) {
            Object loaded = new Yaml().load(reader);
            if (loaded instanceof Map<?, ?> map) {
                flatten("", map, flat);
            }
        }
        flat.putAll(overrides);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(Integer.MAX_VALUE);
        Files.writeString(confDir.resolve("config.yaml"),
                "# Written by the stack launcher from " + baseConfig + "; edit that file, not this one.\n"
                        + new Yaml(options).dump(flat),
                StandardCharsets.UTF_8);
        // The containers' logging (no row values), here to the log file only: the console is a process's output.
        Files.copy(baseConfig.resolveSibling("log4j-console.properties"), confDir.resolve("log4j.properties"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> into) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix.isEmpty() ? String.valueOf(entry.getKey()) : prefix + "." + entry.getKey();
            if (entry.getValue() instanceof Map<?, ?> nested) {
                flatten(key, nested, into);
            } else {
                into.put(key, entry.getValue());
            }
        }
    }

    /** The value of a key in the written configuration, or null. */
    public String configValue(String key) throws IOException {
        try (Reader reader = Files.newBufferedReader(confDir.resolve("config.yaml"), StandardCharsets.UTF_8)) {
            Map<?, ?> flat = new Yaml().load(reader);
            Object value = flat == null ? null : flat.get(key);
            return value == null ? null : String.valueOf(value);
        }
    }

    public Map<String, String> environment() {
        return Map.of(
                "FLINK_HOME", home.toString(),
                "FLINK_CONF_DIR", confDir.toString(),
                "FLINK_LIB_DIR", home.resolve("lib").toString(),
                "FLINK_PLUGINS_DIR", home.resolve("plugins").toString(),
                "FLINK_LOG_DIR", logDir.toString());
    }

    /**
     * A java command for one Flink process. {@code logName} names its log file; {@code jvmArguments} come first
     * (memory sizes), then the Java 17 module options from {@code env.java.opts.all}.
     */
    public List<String> javaCommand(String logName, List<String> jvmArguments, String mainClass, List<String> arguments)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArguments);
        String javaOpts = configValue("env.java.opts.all");
        if (javaOpts != null && !javaOpts.isBlank()) {
            command.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
        }
        command.add("-Dlog.file=" + logDir.resolve(logName + ".log"));
        command.add("-Dconsole.log.level=OFF");
        command.add("-Dlog4j.configuration=file:" + confDir.resolve("log4j.properties"));
        command.add("-Dlog4j.configurationFile=file:" + confDir.resolve("log4j.properties"));
        command.add("-classpath");
        command.add(home.resolve("lib").toAbsolutePath() + "/*");
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    /**
     * The full command of a JobManager or TaskManager: memory sizes from {@code resourceCommand} (Flink's
     * {@code GET_JM_RESOURCE_PARAMS} or {@code GET_TM_RESOURCE_PARAMS}), then {@code --configDir}, Flink's
     * dynamic properties and {@code extraArguments}.
     */
    public List<String> processCommand(String resourceCommand, String logName, String mainClass, List<String> extraArguments)
            throws IOException {
        List<List<String>> resources = resourceParameters(resourceCommand);
        List<String> arguments = new ArrayList<>(List.of("--configDir", confDir.toString()));
        arguments.addAll(resources.get(1));
        arguments.addAll(extraArguments);
        return javaCommand(logName, resources.get(0), mainClass, arguments);
    }

    /**
     * Asks Flink how to size a process (what flink's shell scripts do): returns the JVM memory arguments and
     * the dynamic {@code -D} properties, in that order.
     */
    private List<List<String>> resourceParameters(String command) throws IOException {
        Path out = logDir.resolve("bash-java-utils-" + command + ".out");
        Process process = new ProcessBuilder(javaCommand(
                        "bash-java-utils",
                        List.of("-Xmx128m"),
                        "org.apache.flink.runtime.util.bash.BashJavaUtils",
                        List.of(command, "--configDir", confDir.toString())))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new ServiceStartException(
                        "Flink could not compute memory settings (" + command + ").\n" + LogTail.of(out, 30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceStartException("Interrupted while computing Flink memory settings", e);
        }
        List<List<String>> results = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (line.startsWith(RESULT_PREFIX)) {
                String value = line.substring(RESULT_PREFIX.length()).trim();
                results.add(value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+")));
            }
        }
        if (results.isEmpty()) {
            throw new ServiceStartException("Flink printed no memory settings (" + command + ").\n" + LogTail.of(out, 30));
        }
        while (results.size() < 2) {
            results.add(List.of());
        }
        return results;
    }
}
