package io.tlsbio.bio.socket;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's socket examples, compiled and run. Keep the two in step. */
class SocketReadmeExampleTest {

    private final Loopback net = new Loopback();

    @AfterEach
    void closeAll() {
        net.close();
    }

    @Test
    void blockingExample() {
        // --- README begin (blocking)
        AcceptBio acceptor = AcceptBio.create("127.0.0.1:0"); // port 0: ephemeral
        acceptor.doAccept(); // 1: bound and listening
        ConnectBio client = ConnectBio.create("127.0.0.1:" + acceptor.localPort());
        client.doConnect(); // 1: connected (0: failed, see lastError())
        SocketBio server = acceptor.accept(); // one connection, ours to close
        // or wrap a channel you already have: SocketBio.wrap(socketChannel, true)

        client.write("ping".getBytes(US_ASCII)); // 4: a blocking write writes everything
        server.setReadTimeout(Duration.ofSeconds(5)); // a silent peer cannot hang the read
        byte[] buf = new byte[16];
        int n = server.read(buf, 0, buf.length); // waits for >= 1 byte: 4;
        // 0 at EOF, -1 on failure or timeout
        client.close(); // closes its socket
        int eof = server.read(buf, 0, buf.length); // 0, and server.eof() is true
        server.close();
        acceptor.close();
        // --- README end
        net.track(client);
        net.track(server);
        net.track(acceptor);
        assertThat(n).isEqualTo(4);
        assertThat(new String(buf, 0, 4, US_ASCII)).isEqualTo("ping");
        assertThat(eof).isZero();
        assertThat(server.isClosed()).isTrue();
    }

    @Test
    void nonBlockingExample() throws Exception {
        AcceptBio acceptor = net.track(AcceptBio.create("127.0.0.1:0"));
        assertThat(acceptor.doAccept()).isEqualTo(1);
        int port = acceptor.localPort();
        AtomicReference<String> serverSaw = new AtomicReference<>();
        Thread peer =
                new Thread(
                        () -> {
                            SocketBio conn = net.track(acceptor.accept());
                            serverSaw.set(new String(Loopback.readFully(conn, 4), US_ASCII));
                            conn.write("OK\n".getBytes(US_ASCII));
                        },
                        "readme-peer");
        peer.start();
        String answer;
        try {
            answer = nonBlockingClient(port);
        } finally {
            peer.join(Loopback.WAIT.toMillis());
        }
        assertThat(peer.isAlive()).isFalse();
        assertThat(serverSaw.get()).isEqualTo("GET\n");
        assertThat(answer).isEqualTo("OK\n");
    }

    private String nonBlockingClient(int port) throws IOException {
        // --- README begin (non-blocking)
        ConnectBio bio = ConnectBio.create("127.0.0.1:" + port);
        bio.setNonBlocking(true); // before the connect starts
        byte[] request = "GET\n".getBytes(US_ASCII);
        int off = 0;
        while (off < request.length) { // the first writes also run the connect
            int n = bio.write(request, off, request.length - off);
            if (n > 0) {
                off += n;
            } else if (!bio.shouldRetry()) {
                throw new IOException("write failed: " + bio.lastError());
            } else if (BioWait.waitFor(bio, Duration.ofSeconds(5)) == BioWait.Result.TIMED_OUT) {
                throw new IOException(
                        "timed out waiting for " + bio.retryReason()); // CONNECT or WRITE
            }
        }
        byte[] reply = new byte[64];
        int n;
        while ((n = bio.read(reply, 0, reply.length)) < 0
                && bio.shouldRetry()) { // -1 + READ: nothing yet
            if (BioWait.waitFor(bio, Duration.ofSeconds(5)) == BioWait.Result.TIMED_OUT) {
                throw new IOException("no reply");
            }
        }
        // n > 0: bytes read; 0: the peer closed; -1 without retry: bio.lastError() says why
        bio.close();
        // --- README end
        return new String(reply, 0, Math.max(n, 0), US_ASCII);
    }
}
