package dev.chcdc.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates a test makes for itself with the {@code openssl} command: a certificate authority, and server
 * certificates it signs for given host names, so TLS is tested with real verification (a right CA, a wrong CA,
 * a host name the certificate does not name). PEM files; nothing here is a secret worth keeping.
 */
public final class TestCertificates {
    /** A server's PEM certificate and unencrypted private key, signed by {@code ca}. */
    public record ServerCertificate(Path certificate, Path privateKey, Path ca) {}

    private final Path dir;
    private final Path caCertificate;
    private final Path caKey;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.caCertificate = dir.resolve("ca.pem");
        this.caKey = dir.resolve("ca.key");
    }

    /** A new certificate authority named {@code name}, in {@code dir}. */
    public static TestCertificates authority(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        TestCertificates authority = new TestCertificates(dir);
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "3650",
                "-keyout", authority.caKey.toString(), "-out", authority.caCertificate.toString(),
                "-subj", "/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return authority;
    }

    /** The authority's certificate: what a client trusts. */
    public Path caCertificate() {
        return caCertificate;
    }

    /**
     * A server certificate for {@code names}, each a DNS name or an IP address ({@code localhost},
     * {@code 127.0.0.1}); the first is also the common name.
     */
    public ServerCertificate server(String fileName, String... names) throws IOException {
        Path key = dir.resolve(fileName + ".key");
        Path request = dir.resolve(fileName + ".csr");
        Path certificate = dir.resolve(fileName + ".pem");
        Path extensions = dir.resolve(fileName + ".ext");
        List<String> alternatives = new ArrayList<>();
        for (String name : names) {
            alternatives.add((name.matches("[0-9.]+|.*:.*") ? "IP:" : "DNS:") + name);
        }
        Files.writeString(extensions, "subjectAltName=" + String.join(",", alternatives) + "\n"
                + "extendedKeyUsage=serverAuth\n");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-keyout", key.toString(),
                "-out", request.toString(), "-subj", "/CN=" + names[0]);
        openssl(dir, "x509", "-req", "-in", request.toString(), "-CA", caCertificate.toString(),
                "-CAkey", caKey.toString(), "-CAcreateserial", "-days", "3650", "-sha256",
                "-extfile", extensions.toString(), "-out", certificate.toString());
        return new ServerCertificate(certificate, key, caCertificate);
    }

    private static void openssl(Path dir, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        Path log = dir.resolve("openssl.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("openssl " + arguments[0] + " failed (is the apt package openssl installed?): "
                        + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running openssl", e);
        }
    }
}
