package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code s_server -nbio} has at most {@link ServerLoop#MAX_HANDSHAKES} handshakes in progress:
 * while that many peers are part way through theirs (each has sent bytes, so none is let off as
 * idle), the next connection waits in the listen backlog unanswered; once one of them goes away, it
 * is accepted and its handshake completes.
 *
 * <p>That the server left the waiting connection alone is shown by order, not by waiting: two of
 * the counted connections finish their ClientHello only after it has connected, and the server
 * answers them one after the other; an uncapped server would have accepted (and answered) the
 * waiting one, whose ClientHello was already there, no later than the first of those answers.
 */
class HandshakeCapTest {

    private static final Pattern ACCEPT = Pattern.compile("^ACCEPT 127\\.0\\.0\\.1:(\\d+)$");
    private static final Duration LIMIT = InProcess.LIMIT;
    private static final int CAP = ServerLoop.MAX_HANDSHAKES;

    @TempDir static Path dir;
    static TestPems pems;

    @BeforeAll
    static void setUp() {
        pems = TestPems.write(dir);
    }

    @Test
    void theConnectionBeyondTheCapWaitsUntilAHandshakeInProgressGoesAway() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (InProcess server =
                InProcess.start(
                        "",
                        "s_server",
                        "-accept",
                        "127.0.0.1:0",
                        "-cert",
                        pems.ecdsa().certificateChain().toString(),
                        "-key",
                        pems.ecdsa().privateKey().toString(),
                        "-nbio",
                        "-www",
                        "-quiet",
                        "-naccept",
                        String.valueOf(CAP + 1),
                        // no connection of this test may time out while it runs
                        "-handshake_timeout",
                        "120")) {
            String port = server.out.awaitLine(ACCEPT, LIMIT);
            try {
                byte[] hello = new Client().hello();

                // CAP - 2 peers send a whole ClientHello; the server's answer shows each accepted
                List<Socket> stalled = new ArrayList<>();
                for (int i = 0; i < CAP - 2; i++) {
                    Socket s = connect(port, held);
                    send(s, hello);
                    stalled.add(s);
                }
                for (Socket s : stalled) {
                    assertThat(answered(s)).as("the server's flight").isPositive();
                }
                // two more send the first record header only: in progress, bytes moved
                Socket first = connect(port, held);
                Socket second = connect(port, held);
                send(first, Arrays.copyOf(hello, 5));
                send(second, Arrays.copyOf(hello, 5));

                // one beyond the cap, its whole ClientHello sent at once
                Client waiting = new Client();
                Socket beyond = connect(port, held);
                send(beyond, waiting.hello());

                // the two finish their ClientHello in turn and are answered in turn
                send(first, Arrays.copyOfRange(hello, 5, hello.length));
                assertThat(answered(first)).isPositive();
                send(second, Arrays.copyOfRange(hello, 5, hello.length));
                assertThat(answered(second)).isPositive();
                assertThat(beyond.getInputStream().available())
                        .as("bytes from the server to the connection beyond the cap")
                        .isZero();

                // one in progress goes away: the waiting connection is accepted and served
                stalled.get(0).close();
                String page = waiting.get(beyond);
                assertThat(page).startsWith("HTTP/1.0 200 ok");
            } finally {
                for (Socket s : held) {
                    s.close();
                }
                OpenSslInteropTest.unblock(server, port);
            }
            // every connection was accepted (-naccept reached) and has ended
            InProcess.Result r = server.result(LIMIT);
            assertThat(r.err()).doesNotContain("\tat ", "Exception");
        }
    }

    private static Socket connect(String port, List<Socket> held) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port));
        held.add(s);
        s.setSoTimeout((int) LIMIT.toMillis());
        return s;
    }

    private static void send(Socket s, byte[] b) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(b);
        out.flush();
    }

    /** Reads what the server has sent so far, at least a byte (bounded by the socket timeout). */
    private static int answered(Socket s) throws IOException {
        return s.getInputStream().read(new byte[16 * 1024]);
    }

    /** A TLS client over memory BIOs whose records the test carries over a plain socket. */
    private static final class Client {
        private final MemBio in = MemBio.create();
        private final MemBio out = MemBio.create();
        private final Ssl ssl = SslContext.builder().trust(pems.ca()).build().newSsl();

        Client() {
            ssl.setBio(in, out);
            ssl.setConnectState();
            ssl.setHostName("localhost");
        }

        /** The ClientHello. */
        byte[] hello() {
            assertThat(ssl.doHandshake()).isEqualTo(-1);
            return drain();
        }

        /** Finishes the handshake over {@code s}, sends a GET, returns the page's beginning. */
        String get(Socket s) throws IOException {
            InputStream sin = s.getInputStream();
            byte[] b = new byte[16 * 1024];
            int rounds = 0;
            int r;
            while ((r = ssl.doHandshake()) != 1) {
                assertThat(ssl.getError(r)).as("%s", ssl.lastError()).isEqualTo(SslError.WANT_READ);
                assertThat(rounds++).as("handshake rounds").isLessThan(50);
                send(s, drain());
                int n = sin.read(b);
                assertThat(n).as("bytes from the server").isPositive();
                in.write(b, 0, n);
            }
            byte[] get = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            assertThat(ssl.write(get, 0, get.length)).isEqualTo(get.length);
            send(s, drain());
            ByteArrayOutputStream page = new ByteArrayOutputStream();
            while (page.size() < 20) {
                int n = ssl.read(b, 0, b.length);
                if (n > 0) {
                    page.write(b, 0, n);
                    continue;
                }
                assertThat(ssl.getError(n)).as("%s", ssl.lastError()).isEqualTo(SslError.WANT_READ);
                assertThat(rounds++).as("read rounds").isLessThan(50);
                int got = sin.read(b);
                assertThat(got).as("bytes from the server").isPositive();
                in.write(b, 0, got);
            }
            return page.toString(StandardCharsets.ISO_8859_1);
        }

        private byte[] drain() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] b = new byte[16 * 1024];
            for (int n; (n = out.read(b, 0, b.length)) > 0; ) {
                bytes.write(b, 0, n);
            }
            return bytes.toByteArray();
        }
    }
}
