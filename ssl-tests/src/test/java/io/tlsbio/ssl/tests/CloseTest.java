package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.SslShutdown;
import io.tlsbio.ssl.TlsVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SSL_shutdown's two steps and SSL_read/SSL_write around close_notify, and where bctls makes us
 * differ.
 */
class CloseTest {

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void shutdownIsZeroThenWantReadWhileThePeerIsSilentThenOne(TlsVersion v) {
        MemPair p = new MemPair(v).connect();
        assertThat(p.client.shutdown()).isZero();
        assertThat(p.client.shutdown()).isEqualTo(-1);
        assertThat(p.client.getError(-1)).isEqualTo(SslError.WANT_READ);
        byte[] b = new byte[8];
        assertThat(p.server.read(b, 0, 8)).isZero();
        assertThat(p.server.getError(0)).isEqualTo(SslError.ZERO_RETURN);
        assertThat(p.server.shutdown()).as("peer's already arrived").isEqualTo(1);
        assertThat(p.client.shutdown()).isEqualTo(1);
        assertThat(p.client.shutdown()).as("again, no I/O").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void dataInFlightIsStillReadAfterOurCloseNotify(TlsVersion v) {
        MemPair p = new MemPair(v).connect();
        assertThat(p.server.write(HELLO, 0, 5)).isEqualTo(5);
        assertThat(p.client.shutdown()).isZero();
        byte[] b = new byte[8];
        assertThat(p.client.read(b, 0, 8)).isEqualTo(5);
        assertThat(p.server.read(b, 0, 8)).isZero();
        assertThat(p.server.shutdown()).isEqualTo(1);
        assertThat(p.client.read(b, 0, 8)).isZero();
        assertThat(p.client.getError(0)).isEqualTo(SslError.ZERO_RETURN);
        assertThat(p.client.shutdown()).isEqualTo(1);
    }

    /**
     * OpenSSL 3.0 (libssl oracle, app_data_during_shutdown): fatal, nothing sent, the data dropped.
     */
    @Test
    void applicationDataWhileShutdownWaitsIsFatalAndDropsTheData() {
        MemPair p = new MemPair(TlsVersion.TLS1_3).connect();
        assertThat(p.client.shutdown()).isZero();
        long sent = p.c2s.pending();
        assertThat(p.server.write(HELLO, 0, 5)).isEqualTo(5);
        assertThat(p.client.shutdown()).isEqualTo(-1);
        assertThat(p.client.getError(-1)).isEqualTo(SslError.SSL);
        assertThat(p.client.lastError().reason())
                .isEqualTo(SslReason.APPLICATION_DATA_AFTER_CLOSE_NOTIFY);
        assertThat(p.c2s.pending()).as("no alert after our close_notify").isEqualTo(sent);
        assertThat(p.client.pending()).isZero();
        assertThat(p.client.getShutdown()).containsExactly(SslShutdown.SENT);
        byte[] b = new byte[8];
        assertThat(p.client.read(b, 0, 8)).isEqualTo(-1);
        assertThat(p.client.lastError().reason())
                .isEqualTo(SslReason.APPLICATION_DATA_AFTER_CLOSE_NOTIFY);
        assertThat(p.client.shutdown()).isEqualTo(-1);
    }

    /**
     * OpenSSL (app_data_during_shutdown_read): SSL_read after our close_notify still returns the
     * peer's data.
     */
    @Test
    void readAfterOurShutdownReturnsThePeersData() {
        MemPair p = new MemPair(TlsVersion.TLS1_3).connect();
        assertThat(p.client.shutdown()).isZero();
        assertThat(p.server.write(HELLO, 0, 5)).isEqualTo(5);
        byte[] b = new byte[8];
        assertThat(p.client.read(b, 0, 8)).isEqualTo(5);
        assertThat(p.server.read(b, 0, 8)).isZero();
        assertThat(p.server.shutdown()).isEqualTo(1);
        assertThat(p.client.shutdown()).isEqualTo(1);
        assertThat(p.client.getShutdown())
                .containsExactlyInAnyOrder(SslShutdown.SENT, SslShutdown.RECEIVED);
    }

    @Test
    void writeAfterOurShutdownIsProtocolIsShutdown() {
        MemPair p = new MemPair(TlsVersion.TLS1_3).connect();
        assertThat(p.client.shutdown()).isZero();
        assertThat(p.client.write(HELLO, 0, 5)).isEqualTo(-1);
        assertThat(p.client.getError(-1)).isEqualTo(SslError.SSL);
        assertThat(p.client.lastError().reason()).isEqualTo(SslReason.PROTOCOL_IS_SHUTDOWN);
    }

    /**
     * Where we differ from OpenSSL: after the peer's close_notify OpenSSL still lets the app write
     * (a half-closed connection); bctls closes its write side too, so tlsbio refuses the write.
     */
    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void writeAfterThePeersCloseNotifyIsRefused(TlsVersion v) {
        MemPair p = new MemPair(v).connect();
        assertThat(p.server.shutdown()).isZero();
        byte[] b = new byte[8];
        assertThat(p.client.read(b, 0, 8)).isZero();
        assertThat(p.client.write(HELLO, 0, 5)).isEqualTo(-1);
        assertThat(p.client.getError(-1)).isEqualTo(SslError.SSL);
        assertThat(p.client.lastError().reason()).isEqualTo(SslReason.PROTOCOL_IS_SHUTDOWN);
        // the connection still closes cleanly
        assertThat(p.client.shutdown()).isEqualTo(1);
        assertThat(p.server.shutdown()).isEqualTo(1);
    }

    @Test
    void shutdownDuringTheHandshakeIsRefused() {
        MemPair p = new MemPair(TlsVersion.TLS1_3);
        assertThat(p.client.connect()).isEqualTo(-1);
        assertThat(p.client.shutdown()).isEqualTo(-1);
        assertThat(p.client.getError(-1)).isEqualTo(SslError.SSL);
        assertThat(p.client.lastError().reason()).isEqualTo(SslReason.SHUTDOWN_WHILE_IN_INIT);
        p.connect();
    }

    @Test
    void eofWhileShutdownWaitsIsSyscall() {
        MemPair p = new MemPair(TlsVersion.TLS1_3).connect();
        assertThat(p.client.shutdown()).isZero();
        p.s2c.setMemEofReturn(0);
        assertThat(p.client.shutdown()).isEqualTo(-1);
        assertThat(p.client.getError(-1)).isEqualTo(SslError.SYSCALL);
        assertThat(p.client.lastError().reason()).isEqualTo(SslReason.UNEXPECTED_EOF);
    }

    @Test
    void readAfterCloseNotifyKeepsAnsweringZeroReturn() {
        MemPair p = new MemPair(TlsVersion.TLS1_2).connect();
        assertThat(p.server.shutdown()).isZero();
        byte[] b = new byte[8];
        for (int i = 0; i < 3; i++) {
            assertThat(p.client.read(b, 0, 8)).isZero();
            assertThat(p.client.getError(0)).isEqualTo(SslError.ZERO_RETURN);
        }
        Ssl c = p.client;
        assertThat(c.peek(b, 0, 8)).isZero();
    }
}
