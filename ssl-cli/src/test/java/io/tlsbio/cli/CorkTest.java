package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.socket.ConnectBio;
import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * s_server -www's {@link Cork}: a {@link Session} over it writes the page and its close_notify to
 * the socket in one write; without it, in two. A real TLS client over loopback reads the page.
 */
class CorkTest {

    private static final byte[] PAGE =
            "HTTP/1.0 200 ok\r\n\r\n<pre>page</pre>\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Counts the writes that reach the socket. */
    private static final class WriteCounter extends Bio {
        int writes;

        @Override
        protected int implRead(byte[] b, int off, int len) {
            int n = next().read(b, off, len);
            copyNextRetry();
            return n;
        }

        @Override
        protected int implWrite(byte[] b, int off, int len) {
            writes++;
            int n = next().write(b, off, len);
            copyNextRetry();
            return n;
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void thePageAndTheCloseNotifyLeaveInOneWriteOnlyOverTheCork(boolean corked) throws Exception {
        TestCredential cred = TestPki.shared().server(KeyType.ECDSA);
        SslContext serverCtx =
                SslContext.builder().certificate(cred.chain(), cred.privateKey()).build();
        AcceptBio acceptor = AcceptBio.create("127.0.0.1:0");
        try {
            assertThat(acceptor.doAccept()).isEqualTo(1);
            CompletableFuture<String> client =
                    CompletableFuture.supplyAsync(() -> fetch(acceptor.localPort()));
            SocketBio socket = acceptor.accept();
            WriteCounter counter = new WriteCounter();
            counter.push(socket);
            Bio top = corked ? Cork.over(counter) : counter;
            Ssl ssl = serverCtx.newSsl();
            ssl.setBio(top, top);
            ssl.setAcceptState();
            int[] writesBeforePage = {-1};
            Session s =
                    new Session(
                            ssl,
                            top,
                            socket,
                            "client",
                            new Session.Application() {
                                @Override
                                public void opened(Session session) {}

                                @Override
                                public void received(Session session, byte[] b, int off, int len) {
                                    writesBeforePage[0] = counter.writes;
                                    session.send(PAGE);
                                    session.close();
                                }
                            },
                            null,
                            false,
                            WAIT);
            try {
                assertThat(s.step()).as("%s", s.failure()).isEqualTo(Session.Status.DONE);
            } finally {
                s.release();
            }
            assertThat(client.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(new String(PAGE, StandardCharsets.ISO_8859_1));
            assertThat(writesBeforePage[0]).isPositive();
            assertThat(counter.writes - writesBeforePage[0])
                    .as("writes for the page and the close_notify")
                    .isEqualTo(corked ? 1 : 2);
        } finally {
            acceptor.closeAll();
        }
    }

    /** A blocking tlsbio client: GET, the page up to close_notify, our close_notify. */
    private static String fetch(int port) {
        ConnectBio bio = ConnectBio.create("127.0.0.1:" + port);
        try (Ssl ssl =
                SslContext.builder()
                        .trust(List.of(TestPki.shared().ca().certificate()))
                        .hostName(TestPki.HOST)
                        .build()
                        .newSsl()) {
            ssl.setBio(bio, bio);
            ssl.setConnectState();
            if (ssl.doHandshake() != 1) {
                return "handshake failed: " + ssl.lastError();
            }
            byte[] get = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            ssl.write(get, 0, get.length);
            ByteArrayOutputStream page = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = ssl.read(buf, 0, buf.length)) > 0; ) {
                page.write(buf, 0, n);
            }
            ssl.shutdown();
            return page.toString(StandardCharsets.ISO_8859_1);
        } finally {
            bio.closeAll();
        }
    }
}
