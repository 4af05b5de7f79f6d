package dev.chcdc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chcdc.testsupport.TestCertificates;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MySqlTrustStoreTest {
    @TempDir
    Path temp;

    @Test
    void theStoreHoldsExactlyTheCaCertificatesInAFolderOnlyThisUserMayWrite() throws Exception {
        String pem = pem("right-ca");
        MySqlTrustStore store = new MySqlTrustStore(temp.resolve("trust").resolve("ca.p12").toString(), pem);

        Path file = store.ensure();

        assertThat(certificates(file)).containsExactlyElementsOf(new TrustedCertificates("ca.pem", pem).certificates());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void aStoreHoldingOtherCertificatesIsReplaced() throws Exception {
        Path file = temp.resolve("trust").resolve("ca.p12");
        new MySqlTrustStore(file.toString(), pem("planted-ca")).ensure();
        String pem = pem("right-ca");

        new MySqlTrustStore(file.toString(), pem).ensure();

        assertThat(certificates(file)).containsExactlyElementsOf(new TrustedCertificates("ca.pem", pem).certificates());
    }

    @Test
    void aFolderOthersMayWriteIsRefused() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("shared"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> new MySqlTrustStore(folder.resolve("ca.p12").toString(), pem("right-ca")).ensure())
                .hasMessageContaining("others may write it, so a certificate there cannot be trusted");
    }

    private String pem(String name) throws Exception {
        return Files.readString(TestCertificates.authority(temp.resolve(name), name).caCertificate(),
                StandardCharsets.US_ASCII);
    }

    private static List<Certificate> certificates(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, MySqlTrustStore.PASSWORD.toCharArray());
        }
        List<Certificate> certificates = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            certificates.add(store.getCertificate(alias));
        }
        return certificates;
    }
}
