package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.Transport;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
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
 * The handshake matrix: every transport x TLS 1.2/1.3 x RSA/ECDSA. Blocking BIOs finish in one
 * doHandshake call; non-blocking ones show retries (never SSL or SYSCALL) and end in 1. Then 1 MiB
 * each way, byte-exact, and a two-step shutdown.
 */
class HandshakeMatrixTest {

    private static final int MIB = 1 << 20;

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (TransportKind kind : TransportKind.values()) {
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
    void handshakeDataShutdown(TransportKind kind, TlsVersion v, KeyType key) throws Exception {
        Ssl client = Contexts.client(v).newSsl();
        Ssl server = Contexts.server(key, v).newSsl();
        client.setConnectState();
        server.setAcceptState();
        byte[] up = random(MIB, 1);
        byte[] down = random(MIB, 2);
        try (Transport t = kind.create()) {
            t.attach(client, server);
            if (t.blocking()) {
                runBlocking(client, server, up, down);
            } else {
                runNonBlocking(t, client, server, up, down);
            }
        }
        assertThat(client.version()).isEqualTo(v);
        assertThat(server.version()).isEqualTo(v);
        assertThat(client.cipher()).isEqualTo(server.cipher()).isNotNull();
        assertThat(client.peerCertificates()).isNotEmpty();
    }

    private static void runNonBlocking(
            Transport t, Ssl client, Ssl server, byte[] up, byte[] down) {
        Driver d = new Driver();
        // in-process transports move bytes as they are written: nothing to relay
        Runnable relay = () -> {};
        Runnable idle = () -> t.await(true, true);
        d.handshake(client, server, relay, idle, t.serverFirst());
        List<Call> all = new ArrayList<>(d.clientCalls);
        all.addAll(d.serverCalls);
        Set<SslError> seen = EnumSet.noneOf(SslError.class);
        all.forEach(c -> seen.add(c.error()));
        assertThat(seen)
                .as("calls %s / %s", d.clientCalls, d.serverCalls)
                .doesNotContain(SslError.SSL, SslError.SYSCALL, SslError.ZERO_RETURN)
                .containsAnyOf(SslError.WANT_READ, SslError.WANT_WRITE)
                .containsAll(t.extraWants());
        assertThat(d.clientCalls.get(d.clientCalls.size() - 1))
                .isEqualTo(new Call(1, SslError.NONE));
        assertThat(d.serverCalls.get(d.serverCalls.size() - 1))
                .isEqualTo(new Call(1, SslError.NONE));
        assertThat(Driver.transfer(client, server, up, relay, idle)).isEqualTo(up);
        assertThat(Driver.transfer(server, client, down, relay, idle)).isEqualTo(down);
        Driver.shutdown(client, server, relay, idle);
    }

    private static void runBlocking(Ssl client, Ssl server, byte[] up, byte[] down)
            throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<byte[]> clientSide =
                    pool.submit(
                            () -> {
                                assertThat(client.doHandshake())
                                        .as("client's first doHandshake")
                                        .isEqualTo(1);
                                assertThat(client.write(up, 0, up.length)).isEqualTo(up.length);
                                byte[] got = readFully(client, down.length);
                                byte[] b = new byte[1];
                                assertThat(client.read(b, 0, 1)).isZero();
                                assertThat(client.getError(0)).isEqualTo(SslError.ZERO_RETURN);
                                assertThat(client.shutdown()).isEqualTo(1);
                                return got;
                            });
            assertThat(server.doHandshake()).as("server's first doHandshake").isEqualTo(1);
            assertThat(readFully(server, up.length)).isEqualTo(up);
            assertThat(server.write(down, 0, down.length)).isEqualTo(down.length);
            assertThat(server.shutdown()).isZero();
            assertThat(clientSide.get(60, TimeUnit.SECONDS)).isEqualTo(down);
            assertThat(server.shutdown()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static byte[] readFully(Ssl ssl, int n) {
        byte[] got = new byte[n];
        int have = 0;
        for (int i = 0; i < 10_000_000 && have < n; i++) {
            int r = ssl.read(got, have, n - have);
            if (r <= 0) {
                throw new AssertionError(
                        "blocking read returned "
                                + r
                                + "/"
                                + ssl.getError(r)
                                + " "
                                + ssl.lastError());
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
