package dev.chcdc.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * {@code mysql.ssl-ca}'s certificates as the PKCS12 trust store file that both MySQL clients need: Connector/J
 * (snapshot, schema, checks) and the binlog client read a trust store, not PEM. The file is named by its content's
 * hash in a folder of the temporary folder that only this user may write (another local user could otherwise put
 * a CA of their own there), and written wherever a connection is about to be made (client, JobManager,
 * TaskManagers) unless it already holds exactly these certificates, so re-submissions reuse it. It holds public
 * certificates only; {@link #PASSWORD} exists because JDK 17 cannot read a PKCS12 store without one, and is no
 * secret.
 */
public record MySqlTrustStore(String file, String pem) implements Serializable {
    public static final String PASSWORD = "public-ca-certificates";

    /** The trust store for {@code trusted}, under this machine's {@code java.io.tmpdir}. */
    public static MySqlTrustStore of(TrustedCertificates trusted) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(trusted.pem().getBytes(StandardCharsets.US_ASCII));
            String user = System.getProperty("user.name", "job").replaceAll("[^A-Za-z0-9_.-]", "_");
            Path file = Path.of(System.getProperty("java.io.tmpdir"), "chcdc-trust-" + user)
                    .resolve("mysql-ca-" + HexFormat.of().formatHex(hash, 0, 12) + ".p12").toAbsolutePath();
            return new MySqlTrustStore(file.toString(), trusted.pem());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Writes the file unless it holds exactly these certificates (atomically: concurrent subtasks on one machine
     * never read half a file).
     */
    public Path ensure() {
        Path file = Path.of(this.file);
        try {
            privateFolder(file.getParent());
            List<X509Certificate> certificates = new TrustedCertificates(file.toString(), pem).certificates();
            if (Files.isRegularFile(file) && certificatesIn(file).equals(Set.copyOf(certificates))) {
                return file;
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
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

    private static Set<Certificate> certificatesIn(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            Set<Certificate> certificates = new HashSet<>();
            for (String alias : Collections.list(store.aliases())) {
                certificates.add(store.getCertificate(alias));
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            return Set.of();
        }
    }

    /** Creates {@code folder} for this user only, or checks that it is this user's and no one else may write it. */
    private static void privateFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            try {
                Files.createDirectories(folder,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(folder);
            }
        }
        PosixFileAttributeView view = Files.getFileAttributeView(folder, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        PosixFileAttributes attributes = view.readAttributes();
        UserPrincipal me = folder.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (!attributes.owner().equals(me) || permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalStateException("The folder " + folder + " for the MySQL CA trust store belongs to "
                    + attributes.owner().getName() + " or others may write it, so a certificate there cannot be "
                    + "trusted: remove it (the job makes it anew, private to its user)");
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
