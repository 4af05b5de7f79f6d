package dev.chcdc.config;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code mysql.ssl-ca}'s certificates as the PKCS12 trust store file that both MySQL clients need: Connector/J
 * (snapshot, schema, checks) and the binlog client read a trust store, not PEM. The file is named by its content's
 * hash in the submitting machine's temporary folder, and written wherever a connection is about to be made
 * (client, JobManager, TaskManagers) if it is missing, so re-submissions reuse it. It holds public certificates
 * only; {@link #PASSWORD} exists because JDK 17 cannot read a PKCS12 store without one, and is no secret.
 */
public record MySqlTrustStore(String file, String pem) implements Serializable {
    public static final String PASSWORD = "public-ca-certificates";

    /** The trust store for {@code trusted}, under this machine's {@code java.io.tmpdir}. */
    public static MySqlTrustStore of(TrustedCertificates trusted) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(trusted.pem().getBytes(StandardCharsets.US_ASCII));
            Path file = Path.of(System.getProperty("java.io.tmpdir"))
                    .resolve("chcdc-mysql-ca-" + HexFormat.of().formatHex(hash, 0, 12) + ".p12").toAbsolutePath();
            return new MySqlTrustStore(file.toString(), trusted.pem());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Writes the file if it is missing (atomically: concurrent subtasks on one machine never read half a file). */
    public Path ensure() {
        Path file = Path.of(this.file);
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.createDirectories(file.getParent());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            List<X509Certificate> certificates = new TrustedCertificates(file.toString(), pem).certificates();
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(partial)) {
                store.store(out, PASSWORD.toCharArray());
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the MySQL CA trust store " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the MySQL CA trust store from mysql.ssl-ca", e);
        }
    }

    /** Connector/J's properties that make it verify the server against this store only. */
    public java.util.Map<String, String> jdbcProperties() {
        return java.util.Map.of(
                "trustCertificateKeyStoreUrl", Path.of(file).toUri().toString(),
                "trustCertificateKeyStoreType", "PKCS12",
                "trustCertificateKeyStorePassword", PASSWORD,
                "fallbackToSystemTrustStore", "false");
    }

    /** Debezium's properties for the binlog connection's trust store (a plain path). */
    public java.util.Map<String, String> debeziumProperties() {
        return java.util.Map.of(
                "database.ssl.truststore", file,
                "database.ssl.truststore.password", PASSWORD);
    }
}
