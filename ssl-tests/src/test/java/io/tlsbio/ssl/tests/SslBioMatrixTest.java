package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.RetryReason;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.SslBio;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslShutdown;
import io.tlsbio.ssl.TlsVersion;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The handshake matrix over {@link SslBio} chains: every {@link SslBioChains.Kind} x TLS 1.2/1.3 x
 * RSA/ECDSA, driven only through the BIO API. Non-blocking chains show retry flags (never a
 * failure) until {@code BIO_do_handshake} returns 1 (or, with a BufferBio on top, until the
 * handshake run by the first reads is done); blocking chains finish in one call. Then 256 KiB each
 * way through the heads of the chains, byte-exact, and the two-step shutdown ({@link
 * SslBio#sslShutdown}, a read of 0, the answer).
 */
class SslBioMatrixTest {

    private static final int SIZE = 256 * 1024;
    private static final int MAX_ROUNDS = 1_000_000;

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (SslBioChains.Kind kind : SslBioChains.Kind.values()) {
            for (TlsVersion v : TlsVersion.values()) {
                for (KeyType k : KeyType.values()) {
                    out.add(Arguments.of(kind, v, k));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("matrix")
    void handshakeDataShutdown(SslBioChains.Kind kind, TlsVersion v, KeyType key) throws Exception {
        byte[] up = random(SIZE, 1);
        byte[] down = random(SIZE, 2);
        try (SslBioChains t = kind.create()) {
            t.build(Contexts.client(v), Contexts.server(key, v));
            if (t.blocking()) {
                runBlocking(t, up, down);
            } else {
                runNonBlocking(t, up, down);
            }
            assertThat(t.clientSsl().ssl().version()).isEqualTo(v);
            assertThat(t.serverSsl().ssl().version()).isEqualTo(v);
            assertThat(t.clientSsl().ssl().cipher())
                    .isEqualTo(t.serverSsl().ssl().cipher())
                    .isNotNull();
            assertThat(t.clientSsl().ssl().getShutdown())
                    .containsExactlyInAnyOrder(SslShutdown.SENT, SslShutdown.RECEIVED);
            assertThat(t.serverSsl().ssl().getShutdown())
                    .containsExactlyInAnyOrder(SslShutdown.SENT, SslShutdown.RECEIVED);
        }
    }

    // ---------------------------------------------------------------- non-blocking, one thread

    private static void runNonBlocking(SslBioChains t, byte[] up, byte[] down) {
        Set<RetryReason> seen = EnumSet.noneOf(RetryReason.class);
        boolean cDone = false;
        boolean sDone = false;
        if (t.serverFirst()) {
            sDone = handshakeStep(t.server, seen);
        }
        for (int round = 0; round < MAX_ROUNDS && !(cDone && sDone); round++) {
            if (!cDone) {
                cDone = handshakeStep(t.client, seen);
            } else if (!sDone) {
                // the server's TLS 1.3 tickets wait for a client read (docs/sessions.md)
                io.tlsbio.ssl.SslBio.find(t.client).ssl().read(new byte[0], 0, 0);
            }
            if (!sDone) {
                sDone = handshakeStep(t.server, seen);
            }
            List<Bio> pending = new ArrayList<>();
            if (!cDone) {
                pending.add(t.client);
            }
            if (!sDone) {
                pending.add(t.server);
            }
            t.idle(pending.toArray(new Bio[0]));
        }
        assertThat(cDone && sDone).as("handshake finished, retries seen %s", seen).isTrue();
        assertThat(seen)
                .as("retries during the handshake")
                .containsAnyOf(RetryReason.READ, RetryReason.WRITE)
                .containsAll(t.extraRetries())
                .doesNotContain(RetryReason.NONE);

        assertThat(transfer(t, t.client, t.server, up)).isEqualTo(up);
        assertThat(transfer(t, t.server, t.client, down)).isEqualTo(down);
        shutdownNonBlocking(t);
    }

    /**
     * One handshake step: {@code BIO_do_handshake} on the SslBio at the head, or with a BufferBio
     * on top a one-byte read of the head (SSL_read runs the handshake). Returns whether it is done.
     */
    private static boolean handshakeStep(Bio head, Set<RetryReason> seen) {
        SslBio ssl = SslBio.find(head);
        if (head == ssl) {
            int r = ssl.doHandshake();
            if (r == 1) {
                assertThat(ssl.shouldRetry()).isFalse();
                return true;
            }
            expectRetry(ssl, r);
            seen.add(ssl.retryReason());
            return false;
        }
        int r = head.read(new byte[1], 0, 1);
        assertThat(r).as("nothing is sent before the handshake is done").isNegative();
        expectRetry(head, r);
        seen.add(head.retryReason());
        return ssl.ssl().isInitFinished();
    }

    private static void expectRetry(Bio b, int r) {
        if (r > 0 || !b.shouldRetry()) {
            throw new AssertionError(
                    b
                            + " returned "
                            + r
                            + " without a retry: "
                            + b.lastError()
                            + " / "
                            + SslBio.find(b).ssl().lastError());
        }
    }

    /**
     * Writes {@code data} through {@code writer} (then flushes it) while {@code reader} reads it.
     */
    private static byte[] transfer(SslBioChains t, Bio writer, Bio reader, byte[] data) {
        byte[] got = new byte[data.length];
        int sent = 0;
        int received = 0;
        boolean flushed = false;
        for (int round = 0; round < MAX_ROUNDS && received < data.length; round++) {
            boolean progress = false;
            if (sent < data.length) {
                // after a retry the same array, offset and length: SSL_write's rule
                int w = writer.write(data, sent, Math.min(40_000, data.length - sent));
                if (w > 0) {
                    sent += w;
                    progress = true;
                } else {
                    expectRetry(writer, w);
                }
            } else if (!flushed) {
                int f = writer.flush();
                if (f == 1) {
                    flushed = true;
                    progress = true;
                } else {
                    expectRetry(writer, f);
                }
            }
            int r = reader.read(got, received, got.length - received);
            if (r > 0) {
                received += r;
                progress = true;
            } else {
                assertThat(r).as("no end of stream in the middle of the data").isNegative();
                expectRetry(reader, r);
            }
            if (!progress) {
                t.idle(
                        sent < data.length || !flushed
                                ? new Bio[] {writer, reader}
                                : new Bio[] {reader});
            }
        }
        assertThat(received).as("bytes received").isEqualTo(data.length);
        return got;
    }

    /**
     * BIO_ssl_shutdown on the server, the client reads 0, answers, and the server's second step
     * gets 1.
     */
    private static void shutdownNonBlocking(SslBioChains t) {
        SslBio.sslShutdown(t.server);
        assertThat(t.serverSsl().ssl().getShutdown()).contains(SslShutdown.SENT);
        byte[] b = new byte[16];
        int r = -1;
        for (int i = 0; i < MAX_ROUNDS && r < 0; i++) {
            r = t.client.read(b, 0, b.length);
            if (r < 0) {
                expectRetry(t.client, r);
                t.idle(t.client);
            }
        }
        assertThat(r).as("the client's read after close_notify").isZero();
        assertThat(t.client.shouldRetry()).isFalse();
        assertThat(t.clientSsl().ssl().getError(0)).isEqualTo(SslError.ZERO_RETURN);
        int c = -1;
        for (int i = 0; i < MAX_ROUNDS && c < 0; i++) {
            c = t.clientSsl().ssl().shutdown();
            if (c < 0) {
                t.idle(t.clientSsl().next());
            }
        }
        assertThat(c).as("the client's answering shutdown").isEqualTo(1);
        int s = -1;
        for (int i = 0; i < MAX_ROUNDS && s < 0; i++) {
            s = t.serverSsl().ssl().shutdown();
            if (s < 0) {
                assertThat(t.serverSsl().ssl().getError(s)).isEqualTo(SslError.WANT_READ);
                t.idle(t.serverSsl().next());
            }
        }
        assertThat(s).as("the server's second shutdown").isEqualTo(1);
    }

    // ---------------------------------------------------------------- blocking, a thread per side

    private static void runBlocking(SslBioChains t, byte[] up, byte[] down) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<byte[]> clientSide =
                    pool.submit(
                            () -> {
                                SslBio c = t.clientSsl();
                                assertThat(c.doHandshake())
                                        .as("the client's one BIO_do_handshake")
                                        .isEqualTo(1);
                                assertThat(t.client.write(up, 0, up.length)).isEqualTo(up.length);
                                assertThat(t.client.flush()).isEqualTo(1);
                                byte[] got = readFully(t.client, down.length);
                                assertThat(t.client.read(new byte[1], 0, 1))
                                        .as("read after close_notify")
                                        .isZero();
                                assertThat(c.ssl().getError(0)).isEqualTo(SslError.ZERO_RETURN);
                                assertThat(c.ssl().shutdown()).isEqualTo(1);
                                return got;
                            });
            // the server's handshake runs inside its first read
            assertThat(readFully(t.server, up.length)).isEqualTo(up);
            assertThat(t.server.write(down, 0, down.length)).isEqualTo(down.length);
            assertThat(t.serverSsl().ssl().shutdown()).isZero();
            assertThat(clientSide.get(60, TimeUnit.SECONDS)).isEqualTo(down);
            assertThat(t.serverSsl().ssl().shutdown()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static byte[] readFully(Bio bio, int n) {
        byte[] got = new byte[n];
        int have = 0;
        for (int i = 0; i < MAX_ROUNDS && have < n; i++) {
            int r = bio.read(got, have, n - have);
            if (r <= 0) {
                throw new AssertionError("blocking read returned " + r + ": " + bio.lastError());
            }
            have += r;
        }
        return got;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
