package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsVersion;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Handshake failure cases: version mismatch and EOF at every byte offset of the server's first
 * flight.
 */
class HandshakeFailureTest {

    @Test
    void tls13OnlyClientAgainstTls12OnlyServerIsProtocolVersion() {
        MemPair p =
                new MemPair(
                        Contexts.client(TlsVersion.TLS1_3),
                        Contexts.server(KeyType.ECDSA, TlsVersion.TLS1_2));
        runUntilBothFail(p);
        assertThat(p.server.lastError().reason()).isEqualTo(SslReason.ALERT_SENT);
        assertThat(p.server.lastError().alertName()).isEqualTo("protocol_version");
        assertThat(p.client.lastError().reason()).isEqualTo(SslReason.ALERT_RECEIVED);
        assertThat(p.client.lastError().alertName()).isEqualTo("protocol_version");
    }

    @Test
    void tls12OnlyClientAgainstTls13OnlyServerIsProtocolVersion() {
        MemPair p =
                new MemPair(
                        Contexts.client(TlsVersion.TLS1_2),
                        Contexts.server(KeyType.RSA, TlsVersion.TLS1_3));
        runUntilBothFail(p);
        assertThat(p.server.lastError().alertName()).isEqualTo("protocol_version");
        assertThat(p.client.lastError().reason()).isEqualTo(SslReason.ALERT_RECEIVED);
        assertThat(p.client.lastError().alertName()).isEqualTo("protocol_version");
    }

    private static void runUntilBothFail(MemPair p) {
        boolean c = false;
        boolean s = false;
        for (int i = 0; i < 20 && !(c && s); i++) {
            if (!c) {
                int r = p.client.doHandshake();
                c = r == -1 && p.client.getError(r) == SslError.SSL;
            }
            if (!s) {
                int r = p.server.doHandshake();
                s = r == -1 && p.server.getError(r) == SslError.SSL;
            }
        }
        assertThat(c).as("client failed: %s", p.client.lastError()).isTrue();
        assertThat(s).as("server failed: %s", p.server.lastError()).isTrue();
    }

    /**
     * The client receives the first k bytes of the server's first flight, then EOF, for every k:
     * each run ends in -1 with SYSCALL (unexpected EOF) or SSL, within a bounded number of calls.
     */
    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void eofAtEveryByteOffsetOfTheServersFirstFlight(TlsVersion v) {
        int flightLength = 0;
        for (int k = 0; k < 10_000; k++) {
            MemPair p = new MemPair(v);
            assertThat(p.client.connect()).isEqualTo(-1);
            assertThat(p.server.accept()).isEqualTo(-1);
            byte[] flight = p.s2c.data();
            // ECDSA signatures vary by a byte or two, so each run's flight has its own length
            flightLength = flight.length;
            if (k >= flightLength) {
                break;
            }
            MemBio truncated = MemBio.create();
            truncated.write(Arrays.copyOf(flight, k));
            truncated.setMemEofReturn(0);
            Ssl client = p.client;
            client.setBio(truncated, p.c2s);
            int r = 0;
            for (int i = 0; i < 10 && r != -1; i++) {
                r = client.doHandshake();
            }
            SslError e = client.getError(r);
            assertThat(r).as("offset %d", k).isEqualTo(-1);
            assertThat(e)
                    .as("offset %d: %s", k, client.lastError())
                    .isIn(SslError.SYSCALL, SslError.SSL);
            if (e == SslError.SYSCALL) {
                assertThat(client.lastError().reason())
                        .as("offset %d", k)
                        .isEqualTo(SslReason.UNEXPECTED_EOF);
            }
        }
        assertThat(flightLength).isGreaterThan(100);
    }
}
