package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.socket.BioWait;
import io.tlsbio.bio.socket.ConnectBio;
import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Ssl examples, compiled and run: PEM files, a blocking server, a non-blocking
 * ConnectBio client.
 */
class ReadmeSslExampleTest {

    @Test
    void readmeExamplesWork(@TempDir Path dir) throws Exception {
        TestPki pki = Contexts.pki();
        PemFiles server = pki.server(KeyType.ECDSA).writePem(dir, "server");
        Files.writeString(dir.resolve("ca.pem"), pki.caPem());

        // --- README: "A TLS connection in ten lines"
        SslContext serverCtx =
                SslContext.builder()
                        .certificate(server.certificateChain(), server.privateKey())
                        .build();
        SslContext clientCtx =
                SslContext.builder().trust(dir.resolve("ca.pem")).hostName("localhost").build();

        memBioLoop(clientCtx, serverCtx);

        AcceptBio acceptor = AcceptBio.create("127.0.0.1:0");
        assertThat(acceptor.doAccept()).isEqualTo(1);
        int port = acceptor.localPort();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> serverSide =
                    pool.submit(
                            () -> {
                                try (SocketBio sock = acceptor.accept()) {
                                    sock.setReadTimeout(Duration.ofSeconds(30));
                                    Ssl ssl = serverCtx.newSsl();
                                    ssl.setBio(sock, sock);
                                    if (ssl.accept() != 1) {
                                        return "accept failed: " + ssl.lastError();
                                    }
                                    byte[] b = new byte[5];
                                    int n = ssl.read(b, 0, 5);
                                    ssl.write(b, 0, n);
                                    ssl.shutdown();
                                    return new String(
                                            b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
                                }
                            });

            // --- README: "SocketBio / ConnectBio, non-blocking, with BioWait"
            ConnectBio conn = ConnectBio.create("127.0.0.1:" + port);
            conn.setNonBlocking(true);
            Ssl ssl = clientCtx.newSsl();
            ssl.setBio(conn, conn);
            int r;
            while ((r = ssl.connect()) != 1) {
                SslError e = ssl.getError(r);
                if (e != SslError.WANT_READ
                        && e != SslError.WANT_WRITE
                        && e != SslError.WANT_CONNECT) {
                    throw new IOException("handshake failed: " + ssl.lastError());
                }
                if (BioWait.waitFor(ssl.rbio(), Duration.ofSeconds(10))
                        == BioWait.Result.TIMED_OUT) {
                    throw new IOException("handshake timed out");
                }
            }
            byte[] hello = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            while ((r = ssl.write(hello, 0, 5)) != 5) {
                Driver.expectRetry(ssl, r);
                BioWait.waitFor(ssl.wbio(), Duration.ofSeconds(10));
            }
            byte[] echo = new byte[5];
            while ((r = ssl.read(echo, 0, 5)) < 0) {
                Driver.expectRetry(ssl, r);
                assertThat(BioWait.waitFor(ssl.rbio(), Duration.ofSeconds(10)))
                        .isEqualTo(BioWait.Result.READY);
            }
            assertThat(echo).isEqualTo(hello);
            assertThat(serverSide.get(30, TimeUnit.SECONDS)).isEqualTo("hello");
            conn.close();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            acceptor.closeAll();
        }
    }

    /** README: "The non-blocking handshake loop, over two memory BIOs". */
    private static void memBioLoop(SslContext clientCtx, SslContext serverCtx) throws IOException {
        io.tlsbio.bio.mem.MemBio c2s = io.tlsbio.bio.mem.MemBio.create();
        io.tlsbio.bio.mem.MemBio s2c = io.tlsbio.bio.mem.MemBio.create();
        Ssl client = clientCtx.newSsl();
        Ssl server = serverCtx.newSsl();
        client.setBio(s2c, c2s);
        client.setConnectState();
        server.setBio(c2s, s2c);
        server.setAcceptState();
        int c = 0;
        int s = 0;
        for (int round = 0; round < 100 && (c != 1 || s != 1); round++) {
            if (c != 1
                    && (c = client.doHandshake()) != 1
                    && client.getError(c) != SslError.WANT_READ) {
                throw new IOException("client: " + client.lastError());
            }
            if (s != 1
                    && (s = server.doHandshake()) != 1
                    && server.getError(s) != SslError.WANT_READ) {
                throw new IOException("server: " + server.lastError());
            }
        }
        assertThat(c).isEqualTo(1);
        assertThat(s).isEqualTo(1);
    }
}
