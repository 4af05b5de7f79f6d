package dev.chcdc.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * MariaDB 10.11 from Debian's packages, standing in for MySQL 8.0: binary log on, ROW format, FULL row image,
 * a server id, loopback only. After start-up it removes the anonymous users (else {@code 'cdc'@'%'} logins
 * fail) and creates the replication user with the privileges the job uses on {@code *.*}; tests and the demo
 * grant it SELECT per captured database.
 */
public final class MariaDbServer implements ManagedService {
    public static final String ROOT_USER = "root";
    public static final String CDC_USER = "cdc";
    /**
     * What the job needs on {@code *.*}: reading the binlog and its position (MariaDB shows REPLICATION CLIENT as
     * BINLOG MONITOR). SELECT comes per captured database: {@link #createCapturedDatabase}.
     */
    public static final String CDC_GLOBAL_PRIVILEGES = "REPLICATION SLAVE, REPLICATION CLIENT";
    /** Earlier versions granted these on {@code *.*}; a data folder from then loses them on start. */
    private static final String FORMER_GLOBAL_PRIVILEGES = "SELECT, RELOAD, SHOW DATABASES, LOCK TABLES";

    /** A server certificate and its private key (PEM files). */
    public record Certificate(Path certificate, Path privateKey) {}

    private final Path dir;
    private final int port;
    private final String cdcPassword;
    /** Null: no TLS. */
    private final Certificate tls;

    public MariaDbServer(Path dir, int port, String cdcPassword) {
        this(dir, port, cdcPassword, null);
    }

    /** With {@code tls}, the server takes TLS connections only ({@code require_secure_transport}). */
    public MariaDbServer(Path dir, int port, String cdcPassword, Certificate tls) {
        this.dir = dir;
        this.port = port;
        this.cdcPassword = cdcPassword;
        this.tls = tls;
    }

    /** The same server, taking TLS connections only, presenting {@code certificate}. */
    public MariaDbServer withTls(Certificate certificate) {
        return new MariaDbServer(dir, port, cdcPassword, certificate);
    }

    /** Presents {@code certificate} from now on (MariaDB's FLUSH SSL reloads the files). */
    public void presentCertificate(Certificate certificate) throws IOException, SQLException {
        installCertificate(certificate);
        try (Connection connection = rootConnection("");
                Statement statement = connection.createStatement()) {
            statement.execute("FLUSH SSL");
        }
    }

    private void installCertificate(Certificate certificate) throws IOException {
        Files.copy(certificate.certificate(), dir.resolve("server-cert.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certificate.privateKey(), dir.resolve("server-key.pem"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public Path dir() {
        return dir;
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public String cdcPassword() {
        return cdcPassword;
    }

    /** A JDBC URL for {@code database} (empty for none); over TLS without verification if the server asks for TLS. */
    public String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database
                + (tls == null ? "?useSSL=false&allowPublicKeyRetrieval=true" : "?sslMode=REQUIRED") + "&serverTimezone=UTC";
    }

    /** A root connection (no password, loopback only): for tests and set-up, never for the job. */
    public Connection rootConnection(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), ROOT_USER, "");
    }

    public Connection cdcConnection(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), CDC_USER, cdcPassword);
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    @Override
    public void prepare() throws IOException {
        Files.createDirectories(dir);
        if (tls != null) {
            installCertificate(tls);
        }
        if (Files.exists(dataDir().resolve("mysql"))) {
            return;
        }
        Path installLog = dir.resolve("install-db.log");
        Process install = new ProcessBuilder(
                        executable("mariadb-install-db"),
                        "--no-defaults",
                        "--datadir=" + dataDir(),
                        "--user=root",
                        "--auth-root-authentication-method=normal",
                        "--skip-test-db")
                .redirectErrorStream(true)
                .redirectOutput(installLog.toFile())
                .start();
        try {
            if (install.waitFor() != 0) {
                throw new ServiceStartException(
                        "mariadb-install-db failed (is the apt package mariadb-server installed?).\n"
                                + LogTail.of(installLog, 30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceStartException("Interrupted during mariadb-install-db", e);
        }
    }

    @Override
    public List<String> command() {
        List<String> command = new ArrayList<>(List.of(
                executable("mariadbd"),
                "--no-defaults",
                "--datadir=" + dataDir(),
                "--user=root",
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("mariadb.sock"),
                "--pid-file=" + dir.resolve("mariadb.pid"),
                "--log-error=" + dir.resolve("mariadb-error.log"),
                "--log-bin=mysql-bin",
                "--binlog-format=ROW",
                "--binlog-row-image=FULL",
                "--server-id=1",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci",
                "--max-connections=500",
                "--innodb-buffer-pool-size=256M",
                "--innodb-flush-log-at-trx-commit=2",
                // Rows of many megabytes (and binlog UPDATE events holding two of them): MySQL 8's default is 64 MB.
                "--max-allowed-packet=256M"));
        if (tls != null) {
            command.addAll(List.of(
                    "--ssl-cert=" + dir.resolve("server-cert.pem"),
                    "--ssl-key=" + dir.resolve("server-key.pem"),
                    "--require-secure-transport=ON"));
        }
        return ServiceProcess.stopOnEndOfInput(command);
    }

    @Override
    public void awaitReady(Readiness.Liveness liveness) {
        Readiness.await("MariaDB on port " + port, Duration.ofSeconds(60), liveness, () -> {
            try (Connection ignored = rootConnection("")) {
                return true;
            }
        }, dir.resolve("mariadb-error.log"));
        try (Connection connection = rootConnection("");
                Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM mysql.global_priv WHERE User = ''");
            statement.execute("FLUSH PRIVILEGES");
            statement.execute("CREATE USER IF NOT EXISTS '" + CDC_USER + "'@'%' IDENTIFIED BY '"
                    + cdcPassword.replace("'", "''") + "'");
            statement.execute("ALTER USER '" + CDC_USER + "'@'%' IDENTIFIED BY '"
                    + cdcPassword.replace("'", "''") + "'");
            statement.execute("REVOKE " + FORMER_GLOBAL_PRIVILEGES + " ON *.* FROM '" + CDC_USER + "'@'%'");
            statement.execute("GRANT " + CDC_GLOBAL_PRIVILEGES + " ON *.* TO '" + CDC_USER + "'@'%'");
        } catch (SQLException e) {
            throw new ServiceStartException("MariaDB started but setting up the replication user failed", e);
        }
    }

    /** Creates a database the replication user may read (SELECT on it, nothing else), as the job's grants ask. */
    public void createCapturedDatabase(String database) throws SQLException {
        String quoted = "`" + database.replace("`", "``") + "`";
        try (Connection connection = rootConnection("");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + quoted);
            statement.execute("GRANT SELECT ON " + quoted + ".* TO '" + CDC_USER + "'@'%'");
        }
    }

    /** Runs the statements of a SQL file (separated by {@code ;} at the end of a line) as root. */
    public void runScript(Path file) throws IOException, SQLException {
        String script = Files.readString(file);
        try (Connection connection = rootConnection("");
                Statement statement = connection.createStatement()) {
            for (String sql : script.split(";\\s*(\\r?\\n|$)")) {
                String withoutComments = sql.replaceAll("(?m)^\\s*--.*$", "").strip();
                if (!withoutComments.isEmpty()) {
                    statement.execute(withoutComments);
                }
            }
        }
    }

    /** Debian installs the server programs in /usr/sbin, which is not always on PATH. */
    private static String executable(String program) {
        for (String folder : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path candidate = Path.of(folder, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new ServiceStartException(
                program + " not found: install MariaDB with `apt-get install -y mariadb-server` (see .ci/run)");
    }
}
