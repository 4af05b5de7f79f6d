package dev.chcdc.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A TLS front for a plain TCP service on loopback: terminates TLS with a test's certificate and forwards the bytes
 * both ways. clickhouse-local serves HTTP and native TCP only ({@code SYSTEM START LISTEN HTTPS} is refused), so
 * tests of the job's {@code https} endpoint and CA option reach ClickHouse through this.
 */
public final class TlsFront implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;

    private TlsFront(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    /** Listens on a free loopback port, presenting {@code certificate}, forwarding to {@code targetPort}. */
    public static TlsFront start(TestCertificates.ServerCertificate certificate, int targetPort) throws IOException {
        SSLContext context;
        try {
            context = context(certificate);
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot load the test certificate " + certificate.certificate(), e);
        }
        ServerSocket server = context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TlsFront front = new TlsFront(server, targetPort);
        Thread acceptor = new Thread(front::accept, "tls-front-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return front;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                pump(client, target);
                pump(target, client);
            } catch (IOException e) {
                // Closed, or one connection failed (e.g. a client that refused the certificate): go on.
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // The other side closed.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tls-front-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static SSLContext context(TestCertificates.ServerCertificate certificate)
            throws IOException, GeneralSecurityException {
        String pem = Files.readString(certificate.privateKey(), StandardCharsets.US_ASCII);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        Certificate served;
        try (InputStream in = Files.newInputStream(certificate.certificate())) {
            served = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "test".toCharArray();
        store.setKeyEntry("server", key, password, new Certificate[] {served});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
