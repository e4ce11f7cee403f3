package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.DeterministicRandom;
import io.tlsbio.ssl.InternalBugException;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.internal.InternalBugs;
import java.util.List;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A planted bug — a crypto whose certificate parsing throws {@link ArrayIndexOutOfBoundsException},
 * standing in for any runtime exception inside the stack — is not a protocol failure: without
 * strict mode the handshake fails with internal_error, a WARN line carries the stack trace and the
 * context counts it; in strict mode the call throws {@link InternalBugException} (what a fuzzer
 * reports as a crash) after the connection failed the same way. A peer's bad bytes never throw,
 * strict or not.
 */
class StrictModeTest {

    private static final TestPki PKI = TestPki.create(7);

    /** bctls's pure-Java crypto with the planted bug: parsing any certificate throws. */
    private static final class PlantedBugCrypto extends BcTlsCrypto {
        PlantedBugCrypto() {
            super(new DeterministicRandom(7));
        }

        @Override
        public TlsCertificate createCertificate(short type, byte[] encoding) {
            throw new ArrayIndexOutOfBoundsException("planted bug");
        }
    }

    private static Ssl[] pair(boolean strict) {
        TestCredential cred = PKI.server(KeyType.ECDSA);
        SslContext server =
                SslContext.builder()
                        .deterministic(1)
                        .clock(java.time.Clock.systemUTC())
                        .certificate(cred.chain(), cred.privateKey())
                        .build();
        SslContext client =
                SslContext.builder()
                        .crypto(new PlantedBugCrypto())
                        .strict(strict)
                        .trust(List.of(PKI.ca().certificate()))
                        .hostName(TestPki.HOST)
                        .build();
        MemBio c2s = MemBio.create();
        MemBio s2c = MemBio.create();
        Ssl c = client.newSsl();
        Ssl s = server.newSsl();
        c.setBio(s2c, c2s);
        s.setBio(c2s, s2c);
        c.setConnectState();
        s.setAcceptState();
        return new Ssl[] {c, s};
    }

    /** Steps both until the client's call returns something other than WANT_READ, or throws. */
    private static int clientUntilDone(Ssl c, Ssl s) {
        for (int i = 0; i < 100; i++) {
            int r = c.doHandshake();
            if (r != -1 || c.getError(r) != SslError.WANT_READ) {
                return r;
            }
            s.doHandshake();
        }
        throw new AssertionError("client never finished");
    }

    @Test
    void withoutStrictModeTheBugIsInternalErrorLoggedAndCounted() {
        Logger logger = (Logger) LoggerFactory.getLogger(InternalBugs.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            Ssl[] p = pair(false);
            int r = clientUntilDone(p[0], p[1]);
            assertThat(r).isEqualTo(-1);
            assertThat(p[0].getError(r)).isEqualTo(SslError.SSL);
            assertThat(p[0].lastError().reason()).isEqualTo(SslReason.INTERNAL_ERROR);
            assertThat(p[0].getSslContext().internalBugs()).isEqualTo(1);
            assertThat(events.list)
                    .singleElement()
                    .satisfies(
                            e -> {
                                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                                assertThat(e.getThrowableProxy().getClassName())
                                        .isEqualTo(ArrayIndexOutOfBoundsException.class.getName());
                            });
        } finally {
            logger.detachAppender(events);
        }
    }

    @Test
    void strictModeThrowsAfterTheConnectionFailed() {
        Ssl[] p = pair(true);
        assertThatThrownBy(() -> clientUntilDone(p[0], p[1]))
                .isInstanceOf(InternalBugException.class)
                .hasCauseInstanceOf(ArrayIndexOutOfBoundsException.class)
                .hasMessageContaining("planted bug");
        // failed as usual: internal_error is queued for the server, later calls replay the failure
        int again = p[0].doHandshake();
        assertThat(again).isEqualTo(-1);
        assertThat(p[0].lastError().reason()).isEqualTo(SslReason.INTERNAL_ERROR);
        assertThat(p[0].getSslContext().internalBugs()).isEqualTo(1);
        int server = p[1].doHandshake();
        assertThat(server).isEqualTo(-1);
        assertThat(p[1].lastError().alert()).isEqualTo((short) 80);
    }

    @Test
    void garbageFromThePeerNeverThrowsInStrictMode() {
        SslContext ctx =
                SslContext.builder()
                        .strict(true)
                        .deterministic(3)
                        .certificate(
                                PKI.server(KeyType.ECDSA).chain(),
                                PKI.server(KeyType.ECDSA).privateKey())
                        .build();
        Ssl s = ctx.newSsl();
        MemBio in = MemBio.create();
        in.write(new byte[] {22, 3, 1, 0, 5, 1, 0, 0, 1, 0}, 0, 10);
        s.setBio(in, MemBio.create());
        s.setAcceptState();
        int r = s.doHandshake();
        assertThat(r).isEqualTo(-1);
        assertThat(s.getError(r)).isEqualTo(SslError.SSL);
        assertThat(ctx.internalBugs()).isZero();
    }
}
