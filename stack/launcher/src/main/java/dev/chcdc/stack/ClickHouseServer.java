package dev.chcdc.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * ClickHouse 26.x, the real engine: clickhouse-local from the chdb npm package's {@code libchdb.so}, serving
 * ClickHouse's HTTP and native TCP protocols on loopback after {@code SYSTEM START LISTEN}. Users come from
 * {@code users.xml} (clickhouse-local has no writable access storage): {@code default} is the passwordless
 * loopback-only admin, and {@link #JOB_USER} is the least-privilege user the job writes with: on its database
 * only, it may read, insert and create the database, tables and views, and replace views; nothing else (no DROP
 * TABLE, no ALTER, no other database). The shared test server lets it write every database (tests create one
 * each); {@link #SCOPED_USER} holds the production grants on {@link #SCOPED_DATABASE}.
 */
public final class ClickHouseServer implements ManagedService {
    public static final String ADMIN_USER = "default";
    public static final String JOB_USER = "cdc_writer";
    /** Like {@link #JOB_USER}, same password, but without INSERT: for tests of a revoked grant. */
    public static final String NO_INSERT_USER = "cdc_no_insert";
    /** Like {@link #JOB_USER}, same password and grants, but a profile whose memory limit no insert fits in. */
    public static final String TINY_MEMORY_USER = "cdc_tiny_memory";
    /** Like {@link #JOB_USER}, same password, with the job's grants on {@link #SCOPED_DATABASE} only. */
    public static final String SCOPED_USER = "cdc_scoped";
    public static final String SCOPED_DATABASE = "scoped_target";
    /** {@code jobDatabase} for a job user that may write every database. */
    public static final String ALL_DATABASES = "*";

    private final Path dir;
    private final Path chdbLibrary;
    private final int httpPort;
    private final int tcpPort;
    private final String jobPassword;
    private final String jobDatabase;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code jobDatabase}: the database {@link #JOB_USER} may write, or {@link #ALL_DATABASES}. */
    public ClickHouseServer(Path dir, Path chdbLibrary, int httpPort, int tcpPort, String jobPassword,
            String jobDatabase) {
        this.dir = dir;
        this.chdbLibrary = chdbLibrary;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
        this.jobPassword = jobPassword;
        this.jobDatabase = jobDatabase;
    }

    /**
     * What the job does on {@code database} ({@link #ALL_DATABASES} for all): create it and its tables and views,
     * replace views, insert, and read (versions, row counts, validate). ClickHouse 25+ also asks for the right to
     * use a table engine when creating a table.
     */
    public static List<String> jobGrants(String database) {
        String on = ALL_DATABASES.equals(database) ? "*.*" : "`" + database + "`.*";
        return List.of(
                "GRANT SELECT, INSERT, CREATE DATABASE, CREATE TABLE, CREATE VIEW, DROP VIEW ON " + on,
                "GRANT TABLE ENGINE ON ReplacingMergeTree, TABLE ENGINE ON MergeTree, TABLE ENGINE ON SummingMergeTree, "
                        + "TABLE ENGINE ON AggregatingMergeTree");
    }

    private static String grantsXml(String database) {
        return jobGrants(database).stream().map(grant -> "<query>" + grant + "</query>").reduce("", String::concat);
    }

    @Override
    public String name() {
        return "clickhouse";
    }

    @Override
    public Path dir() {
        return dir;
    }

    public int httpPort() {
        return httpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String jobPassword() {
        return jobPassword;
    }

    @Override
    public void prepare() throws IOException {
        if (!Files.isRegularFile(chdbLibrary)) {
            throw new ServiceStartException("ClickHouse engine not found at " + chdbLibrary
                    + ": run `npm install --prefix .services/npm @chdb/lib-linux-x64-gnu@<version>` "
                    + "(see .ci/run) or set CHDB_LIBRARY to a libchdb.so");
        }
        Files.createDirectories(dir.resolve("data"));
        try (InputStream script = ClickHouseServer.class.getResourceAsStream("clickhouse_local_server.py")) {
            Files.write(dir.resolve("clickhouse_local_server.py"), script.readAllBytes());
        }
        Files.writeString(dir.resolve("config.xml"), """
                <clickhouse>
                    <logger>
                        <level>information</level>
                        <log>%s</log>
                        <errorlog>%s</errorlog>
                        <console>0</console>
                    </logger>
                    <user_directories>
                        <users_xml><path>users.xml</path></users_xml>
                    </user_directories>
                </clickhouse>
                """.formatted(dir.resolve("clickhouse-server.log"), dir.resolve("clickhouse-server.err.log")));
        Files.writeString(dir.resolve("users.xml"), """
                <clickhouse>
                    <profiles><default/><tiny_memory><max_memory_usage>1000</max_memory_usage><max_untracked_memory>0</max_untracked_memory></tiny_memory></profiles>
                    <quotas><default/></quotas>
                    <users>
                        <%1$s>
                            <password></password>
                            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                            <profile>default</profile>
                            <quota>default</quota>
                            <access_management>1</access_management>
                        </%1$s>
                        <%2$s>
                            <password_sha256_hex>%3$s</password_sha256_hex>
                            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                            <profile>default</profile>
                            <quota>default</quota>
                            <grants>%4$s</grants>
                        </%2$s>
                        <%5$s>
                            <password_sha256_hex>%3$s</password_sha256_hex>
                            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                            <profile>default</profile>
                            <quota>default</quota>
                            <grants><query>GRANT SELECT ON *.*</query></grants>
                        </%5$s>
                        <%6$s>
                            <password_sha256_hex>%3$s</password_sha256_hex>
                            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                            <profile>tiny_memory</profile>
                            <quota>default</quota>
                            <grants>%4$s</grants>
                        </%6$s>
                        <%7$s>
                            <password_sha256_hex>%3$s</password_sha256_hex>
                            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                            <profile>default</profile>
                            <quota>default</quota>
                            <grants>%8$s</grants>
                        </%7$s>
                    </users>
                </clickhouse>
                """.formatted(ADMIN_USER, JOB_USER, sha256Hex(jobPassword), grantsXml(jobDatabase),
                        NO_INSERT_USER, TINY_MEMORY_USER, SCOPED_USER, grantsXml(SCOPED_DATABASE)));
    }

    @Override
    public List<String> command() {
        return List.of(
                "python3",
                dir.resolve("clickhouse_local_server.py").toString(),
                chdbLibrary.toString(),
                "--config-file=" + dir.resolve("config.xml"),
                "--path=" + dir.resolve("data"),
                "--http_port=" + httpPort,
                "--tcp_port=" + tcpPort,
                "--listen_host=127.0.0.1",
                "--query",
                "SYSTEM START LISTEN HTTP; SYSTEM START LISTEN TCP; "
                        + "SELECT count() FROM file('/dev/stdin', LineAsString) FORMAT Null");
    }

    @Override
    public void awaitReady(Readiness.Liveness liveness) {
        Readiness.await("ClickHouse on port " + httpPort, Duration.ofSeconds(90), liveness, () -> {
            HttpResponse<String> ping = http.send(
                    HttpRequest.newBuilder(URI.create(httpUrl() + "/ping")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return ping.statusCode() == 200 && ping.body().startsWith("Ok.");
        }, logFile());
    }

    /** Runs one statement as the admin over HTTP and returns the body; fails on a non-200 answer. */
    public String query(String sql) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(httpUrl() + "/?user=" + ADMIN_USER))
                        .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                        .timeout(Duration.ofMinutes(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException("ClickHouse rejected `" + sql + "`: " + response.body());
        }
        return response.body();
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
