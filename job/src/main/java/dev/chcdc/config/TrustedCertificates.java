package dev.chcdc.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/**
 * The CA certificates a TLS connection trusts, read once at start-up from the PEM file a {@code *.ssl-ca} key names
 * (e.g. DigitalOcean's {@code ca-certificate.crt}) and carried with the job to every node, so the file need only
 * exist where the job is submitted. Public certificates, not a secret.
 */
public record TrustedCertificates(String path, String pem) implements Serializable {

    /** Reads and checks {@code path}; a problem names {@code key}. Null when the file is not a usable CA file. */
    static TrustedCertificates read(String key, String path, List<String> problems) {
        String pem;
        try {
            pem = Files.readString(Path.of(path), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            problems.add(key + ": cannot read the CA certificate file " + path + " (" + e.getClass().getSimpleName()
                    + "): name a readable PEM file");
            return null;
        }
        TrustedCertificates trusted = new TrustedCertificates(path, pem);
        try {
            if (trusted.certificates().isEmpty()) {
                problems.add(key + ": " + path + " holds no certificate: name a PEM file (-----BEGIN CERTIFICATE-----)");
                return null;
            }
        } catch (CertificateException e) {
            problems.add(key + ": " + path + " is not a PEM certificate file (" + e.getMessage() + ")");
            return null;
        }
        return trusted;
    }

    /** The file's certificates. */
    public List<X509Certificate> certificates() throws CertificateException {
        Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        return certificates.stream().map(X509Certificate.class::cast).toList();
    }

    @Override
    public String toString() {
        return "TrustedCertificates[" + path + "]";
    }
}
