package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.socket.BioSelector;
import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.TlsVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's non-blocking server ("A non-blocking server: AcceptBio and BioSelector"), compiled
 * and run: the code between the README markers below is the README's code, line for line (the
 * second test checks it), and three blocking clients over 127.0.0.1 get their bytes echoed and a
 * close_notify answered.
 */
class ReadmeServerExampleTest {

    // README:begin
    /** A TLS echo server: one thread, any number of clients. */
    static final class EchoServer {
        private final SslContext serverCtx;
        private final AcceptBio acceptor;
        private volatile boolean running = true;

        EchoServer(SslContext serverCtx, AcceptBio acceptor) {
            this.serverCtx = serverCtx;
            this.acceptor = acceptor;
        }

        void stop() {
            running = false; // seen by the loop within a second
        }

        void run() {
            acceptor.setNonBlocking(true); // accept() returns null instead of waiting
            acceptor.setNonBlockingChildren(true); // the sockets it hands out never block
            try (BioSelector<EchoConnection> selector = BioSelector.open()) {
                selector.register(acceptor, null);
                while (running) {
                    for (BioSelector.Ready<EchoConnection> ready :
                            selector.select(Duration.ofSeconds(1))) {
                        if (ready.bio() == acceptor) {
                            SocketBio sock;
                            while ((sock = acceptor.accept())
                                    != null) { // null: nobody else is waiting
                                Ssl ssl = serverCtx.newSsl();
                                ssl.setBio(sock, sock);
                                ssl.setAcceptState();
                                selector.register(sock, new EchoConnection(ssl));
                                selector.setDeadline(sock, Duration.ofSeconds(30));
                            }
                        } else if (!ready.timedOut() && ready.attachment().step()) {
                            selector.setDeadline(
                                    ready.bio(),
                                    Duration.ofSeconds(30)); // alive: restart the clock
                        } else { // timed out, finished or failed
                            selector.unregister(ready.bio());
                            ready.attachment().ssl.free();
                            ready.bio().close();
                        }
                    }
                }
            }
        }
    }

    /** One client: its Ssl, and the bytes read but not yet written back. */
    static final class EchoConnection {
        final Ssl ssl;
        private final byte[] buf = new byte[16384];
        private int unsent;
        private boolean closing; // the client's close_notify arrived

        EchoConnection(Ssl ssl) {
            this.ssl = ssl;
        }

        /** Runs the connection as far as its socket allows; false once it is over. */
        boolean step() {
            while (true) {
                int r =
                        closing
                                ? ssl.shutdown() // answer the client's close_notify
                                : unsent > 0
                                        ? ssl.write(
                                                buf, 0, unsent) // a retry: same array, same length
                                        : ssl.read(
                                                buf,
                                                0,
                                                buf.length); // the first read runs the handshake
                if (r > 0) {
                    if (closing) {
                        return false; // close_notify sent both ways
                    }
                    unsent = unsent > 0 ? 0 : r;
                    continue;
                }
                SslError e = ssl.getError(r);
                if (e == SslError.WANT_READ || e == SslError.WANT_WRITE) {
                    return true; // the selector waits for what the socket asked for
                }
                if (e == SslError.ZERO_RETURN && !closing) {
                    closing = true;
                    continue;
                }
                return false; // failed: ssl.lastError() says why
            }
        }
    }

    // README:end

    private static final int CLIENTS = 3;

    @Test
    void threeClientsAreEchoedAndTheirCloseNotifyAnswered() throws Exception {
        SslContext serverCtx = Contexts.server(KeyType.ECDSA, TlsVersion.TLS1_3);
        SslContext clientCtx = Contexts.clientBuilder(TlsVersion.TLS1_3).build();
        AcceptBio acceptor = AcceptBio.create("127.0.0.1:0");
        assertThat(acceptor.doAccept()).isEqualTo(1);
        EchoServer server = new EchoServer(serverCtx, acceptor);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        List<SocketBio> sockets = new ArrayList<>();
        try {
            Future<?> loop = pool.submit(server::run);
            List<Ssl> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) { // all three connected at once
                SocketBio sock =
                        SocketBio.wrap(
                                SocketChannel.open(
                                        new InetSocketAddress("127.0.0.1", acceptor.localPort())),
                                true);
                sock.setReadTimeout(
                        Duration.ofSeconds(20)); // a stuck server fails the test, never hangs it
                sockets.add(sock);
                Ssl client = clientCtx.newSsl();
                client.setBio(sock, sock);
                assertThat(client.connect()).as("connect: %s", client.lastError()).isEqualTo(1);
                clients.add(client);
            }
            for (int i = 0; i < CLIENTS; i++) {
                Ssl client = clients.get(i);
                byte[] hello = ("hello " + i).getBytes(StandardCharsets.US_ASCII);
                assertThat(client.write(hello, 0, hello.length)).isEqualTo(hello.length);
                byte[] echo = new byte[hello.length];
                int got = 0;
                for (int reads = 0; got < echo.length && reads < 10; reads++) {
                    int n = client.read(echo, got, echo.length - got);
                    assertThat(n).as("read: %s", client.lastError()).isPositive();
                    got += n;
                }
                assertThat(echo).isEqualTo(hello);
            }
            for (Ssl client : clients) {
                assertThat(client.shutdown()).isZero(); // ours sent, the server's not read yet
                assertThat(client.shutdown()).as("shutdown: %s", client.lastError()).isEqualTo(1);
                client.free();
            }
            server.stop();
            loop.get(10, TimeUnit.SECONDS);
        } finally {
            server.stop();
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            for (SocketBio sock : sockets) {
                sock.close();
            }
            acceptor.closeAll();
        }
    }

    @Test
    void theReadmeShowsThisCode() throws IOException {
        List<String> source =
                Files.readAllLines(
                        Path.of("src/test/java/io/tlsbio/ssl/tests/ReadmeServerExampleTest.java"));
        List<String> example =
                trimmed(
                        source.subList(
                                source.indexOf("    // README:begin") + 1,
                                source.indexOf("    // README:end")));
        List<String> readme = trimmed(Files.readAllLines(Path.of("../README.md")));
        assertThat(example).hasSizeGreaterThan(50);
        assertThat(readme)
                .as("README.md must show the example exactly as this test runs it")
                .containsSubsequence(example);
        assertThat(String.join("\n", readme)).contains(String.join("\n", example));
    }

    private static List<String> trimmed(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        return out;
    }
}
