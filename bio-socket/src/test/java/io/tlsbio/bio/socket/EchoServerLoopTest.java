package io.tlsbio.bio.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.Bio;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A non-blocking echo server and 200 concurrent clients, all driven by one {@link BioSelector} on
 * the test thread: the acceptor, every accepted connection and every {@link ConnectBio} client wait
 * only for what their retry flags ask for. Every byte echoed is checked.
 */
class EchoServerLoopTest {

    private static final int CLIENTS = 200;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final Loopback net = new Loopback();

    @AfterEach
    void closeAll() {
        net.close();
    }

    /** What the loop does when a registered BIO is ready. */
    private interface Handler {
        void onReady(Bio bio);
    }

    private BioSelector<Handler> selector;
    private int accepted;
    private int serverClosed;
    private int clientsDone;
    private long bytesEchoed;

    @Test
    void oneThreadEchoesForTwoHundredConnections() {
        selector = net.track(BioSelector.open());
        AcceptBio acceptor = net.track(AcceptBio.create("127.0.0.1:0"));
        acceptor.setNonBlocking(true);
        acceptor.setNonBlockingChildren(true);
        assertThat(acceptor.doAccept()).isEqualTo(1);
        selector.register(acceptor, bio -> acceptAll(acceptor));

        Random rnd = new Random(0x5eed);
        List<Client> clients = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < CLIENTS; i++) {
            byte[] payload = new byte[1 + rnd.nextInt(24 * 1024)];
            rnd.nextBytes(payload);
            total += payload.length;
            ConnectBio bio = net.track(ConnectBio.create("127.0.0.1:" + acceptor.localPort()));
            bio.setNonBlocking(true);
            Client c = new Client(bio, payload);
            clients.add(c);
            selector.register(bio, b -> c.drive());
        }

        long deadline = System.nanoTime() + DEADLINE.toNanos();
        int rounds = 0;
        while (clientsDone < CLIENTS || serverClosed < CLIENTS) {
            assertThat(System.nanoTime())
                    .as(
                            "deadline; clients done "
                                    + clientsDone
                                    + ", server closed "
                                    + serverClosed
                                    + ", accepted "
                                    + accepted)
                    .isLessThan(deadline);
            for (BioSelector.Ready<Handler> r : selector.select(Duration.ofSeconds(1))) {
                r.attachment().onReady(r.bio());
            }
            rounds++;
        }

        assertThat(accepted).isEqualTo(CLIENTS);
        assertThat(bytesEchoed).isEqualTo(total);
        for (Client c : clients) {
            Loopback.assertSameBytes(c.echo, c.payload);
        }
        // closed connections are dropped by the next select; the idle acceptor is all that is left
        assertThat(selector.select(Duration.ZERO)).isEmpty();
        assertThat(selector.size()).isEqualTo(1);
        assertThat(rounds).isPositive();
    }

    private void acceptAll(AcceptBio acceptor) {
        SocketBio conn;
        while ((conn = acceptor.accept()) != null) {
            accepted++;
            net.track(conn);
            ServerConn sc = new ServerConn(conn);
            selector.register(conn, b -> sc.drive());
        }
        assertThat(acceptor.retryReason())
                .as("accept: " + acceptor.lastError())
                .isEqualTo(io.tlsbio.bio.RetryReason.ACCEPT);
    }

    /** Echoes what it reads; reads again only once everything read has been written back. */
    private final class ServerConn {
        private final SocketBio bio;
        private final byte[] buf = new byte[8192];
        private int off;
        private int len;

        ServerConn(SocketBio bio) {
            this.bio = bio;
        }

        void drive() {
            while (true) {
                if (len > 0) {
                    int w = bio.write(buf, off, len);
                    if (w < 0) {
                        assertThat(bio.shouldWrite())
                                .as("server write: " + bio.lastError())
                                .isTrue();
                        return; // wait for writable
                    }
                    off += w;
                    len -= w;
                    bytesEchoed += w;
                    continue;
                }
                int r = bio.read(buf, 0, buf.length);
                if (r > 0) {
                    off = 0;
                    len = r;
                } else if (r == 0) {
                    assertThat(bio.eof()).isTrue();
                    bio.close(); // the selector drops it at the next select
                    serverClosed++;
                    return;
                } else {
                    assertThat(bio.shouldRead()).as("server read: " + bio.lastError()).isTrue();
                    return; // wait for readable
                }
            }
        }
    }

    /** Sends its payload and reads the echo; the first calls also run the connect. */
    private final class Client {
        private final ConnectBio bio;
        private final byte[] payload;
        private final byte[] echo;
        private int sent;
        private int received;

        Client(ConnectBio bio, byte[] payload) {
            this.bio = bio;
            this.payload = payload;
            this.echo = new byte[payload.length];
        }

        void drive() {
            boolean progress = true;
            while (progress) {
                progress = false;
                if (sent < payload.length) {
                    int w = bio.write(payload, sent, payload.length - sent);
                    if (w > 0) {
                        sent += w;
                        progress = true;
                    } else if (bio.shouldIoSpecial()) {
                        return; // connect in progress: wait for it
                    } else {
                        assertThat(bio.shouldWrite())
                                .as("client write: " + bio.lastError())
                                .isTrue();
                    }
                }
                // the last call decides what the selector waits for: a read, since the echo wakes
                // us
                int r = bio.read(echo, received, echo.length - received);
                if (r > 0) {
                    received += r;
                    progress = true;
                    if (received == echo.length) {
                        clientsDone++;
                        bio.close(); // the server sees EOF and closes its end
                        return;
                    }
                } else {
                    assertThat(r).as("client read: " + bio.lastError()).isEqualTo(-1);
                    assertThat(bio.shouldRetry()).isTrue();
                }
            }
        }
    }
}
