package dev.chcdc.source;

import dev.chcdc.config.MySqlConfig;
import java.security.cert.CertPathValidatorException;
import java.sql.SQLException;
import javax.net.ssl.SSLException;

/** Why the job could not connect to MySQL, as an operator can act on it: TLS problems apart from the rest. */
public final class MySqlConnectFailure {
    private MySqlConnectFailure() {}

    public static String describe(MySqlConfig config, SQLException failure) {
        String where = config.hostname() + ":" + config.port();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("identity verification failed") || message.contains("identity was not confirmed")) {
                return "TLS to MySQL at " + where + " refused: the server's certificate does not name the host '"
                        + config.hostname() + "' (" + message + "). Set mysql.hostname to a name the certificate holds "
                        + "(or use mysql.ssl-mode=verify-ca, which checks the CA only)";
            }
            if (cause instanceof CertPathValidatorException
                    || (cause instanceof SSLException && message.contains("PKIX"))
                    || message.contains("does not chain with any of the trust anchors")) {
                return "TLS to MySQL at " + where + " refused: the server's certificate is not signed by a CA in "
                        + (config.sslCa() == null ? "the JVM's default trust store" : "mysql.ssl-ca (" + config.sslCa().path() + ")")
                        + " (" + message + "). Point mysql.ssl-ca to the CA that signed the server's certificate "
                        + "(DigitalOcean: the cluster's ca-certificate.crt)";
            }
            if (cause instanceof SSLException) {
                return "TLS to MySQL at " + where + " failed: " + message + " (mysql.ssl-mode is " + config.sslMode()
                        + "; does the server have TLS enabled?)";
            }
        }
        return "Cannot reach MySQL at " + where + " as '" + config.username() + "': " + failure.getMessage()
                + " (check mysql.hostname, mysql.port, the user, its password and mysql.ssl-mode)";
    }
}
