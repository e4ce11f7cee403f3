package io.tlsbio.ssl.tests;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioContractTest;
import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.Transport;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslBio;
import io.tlsbio.ssl.TlsVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Bio contract over {@code SslBio -> blocking SocketBio} on loopback, with no handshake
 * beforehand: the contract's first read or write runs it (implicitly, blocking). The peer is a
 * plain Ssl on its own thread: it runs its handshake at once, then the contract's supply (in the
 * background) and collect (waited for, bounded) steps in order.
 */
class SslBioOverBlockingSocketContractTest extends BioContractTest {

    @Override
    protected Fixture createFixture() throws IOException {
        SocketChannel[] chs = Transport.connectedPair();
        SocketBio c = SocketBio.wrap(chs[0], true);
        SocketBio s = SocketBio.wrap(chs[1], true);
        c.setReadTimeout(Duration.ofSeconds(20));
        s.setReadTimeout(Duration.ofSeconds(20));
        SslBio bio = SslBio.newSsl(Contexts.client(TlsVersion.TLS1_3), SslBio.Role.CLIENT);
        bio.push(c);
        Ssl server = Contexts.server(KeyType.ECDSA, TlsVersion.TLS1_3).newSsl();
        server.setAcceptState();
        server.setBio(s, s);
        ExecutorService peer = Executors.newSingleThreadExecutor();
        peer.submit(server::doHandshake);
        return new Fixture() {
            @Override
            public Bio bio() {
                return bio;
            }

            @Override
            public boolean emptyReadRetries() {
                return false;
            }

            @Override
            public void supply(byte[] data) {
                peer.submit(
                        () -> {
                            if (server.write(data, 0, data.length) != data.length) {
                                throw new AssertionError(
                                        "peer write failed: " + server.lastError());
                            }
                        });
            }

            @Override
            public byte[] collect(int n) {
                try {
                    return peer.submit(() -> readFully(server, n)).get(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                } catch (ExecutionException | TimeoutException e) {
                    throw new AssertionError("the peer did not read " + n + " bytes", e);
                }
            }

            @Override
            public void close() {
                bio.closeAll();
                // a peer still blocked in a read sees the end of stream (or is interrupted) and
                // ends
                peer.shutdownNow();
                try {
                    if (!peer.awaitTermination(20, TimeUnit.SECONDS)) {
                        throw new AssertionError("the peer thread did not end");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    server.free();
                    s.close();
                }
            }
        };
    }

    private static byte[] readFully(Ssl ssl, int n) {
        byte[] got = new byte[n];
        int have = 0;
        for (int i = 0; i < 10_000 && have < n; i++) {
            int r = ssl.read(got, have, n - have);
            if (r <= 0) {
                throw new UncheckedIOException(
                        new IOException("peer read " + r + ": " + ssl.lastError()));
            }
            have += r;
        }
        return got;
    }
}
