package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.VerifyMode;
import io.tlsbio.ssl.VerifyResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Certificate checks tlsbio does itself (bctls does none): chain to the trust anchors, dates at the
 * injected clock, host name, client certificates. Each failure is -1 + SSL +
 * CERTIFICATE_VERIFY_FAILED with the alert OpenSSL would send, and the peer sees that alert.
 */
class CertificateVerifyTest {

    private static SslContext serverWith(TestCredential cred, TlsVersion v) {
        return SslContext.builder()
                .versions(v, v)
                .certificate(cred.chain(), cred.privateKey())
                .build();
    }

    /** Runs both handshakes until the client fails; returns the pair for inspection. */
    private static MemPair failingHandshake(SslContext clientCtx, SslContext serverCtx) {
        MemPair p = new MemPair(clientCtx, serverCtx);
        for (int i = 0; i < 50; i++) {
            int c = p.client.doHandshake();
            int s = p.server.doHandshake();
            SslError ce = p.client.getError(c);
            SslError se = p.server.getError(s);
            if (ce == SslError.SSL && se == SslError.SSL) {
                return p;
            }
            if (c == 1 && s == 1) {
                throw new AssertionError("handshake unexpectedly succeeded");
            }
        }
        throw new AssertionError(
                "no failure: client " + p.client.lastError() + " server " + p.server.lastError());
    }

    private static void assertClientRejected(MemPair p, String alert) {
        assertThat(p.client.getError(-1)).isEqualTo(SslError.SSL);
        assertThat(p.client.lastError().reason()).isEqualTo(SslReason.CERTIFICATE_VERIFY_FAILED);
        assertThat(p.client.lastError().alertName()).isEqualTo(alert);
        // the alert reached the server
        assertThat(p.server.lastError().reason()).isEqualTo(SslReason.ALERT_RECEIVED);
        assertThat(p.server.lastError().alertName()).isEqualTo(alert);
        // and the failure is sticky
        assertThat(p.client.doHandshake()).isEqualTo(-1);
        assertThat(p.client.lastError().reason()).isEqualTo(SslReason.CERTIFICATE_VERIFY_FAILED);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void untrustedChainIsUnknownCa(TlsVersion v) {
        MemPair p =
                failingHandshake(
                        Contexts.client(v),
                        serverWith(Contexts.pki().untrustedServer(KeyType.ECDSA), v));
        assertClientRejected(p, "unknown_ca");
        assertThat(p.client.verifyResult())
                .isEqualTo(VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
        assertThat(p.client.verifyResult().code()).isEqualTo(20);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void selfSignedLeafIsUnknownCa(TlsVersion v) {
        MemPair p =
                failingHandshake(
                        Contexts.client(v),
                        serverWith(Contexts.pki().selfSignedServer(KeyType.RSA), v));
        assertClientRejected(p, "unknown_ca");
        assertThat(p.client.verifyResult()).isEqualTo(VerifyResult.DEPTH_ZERO_SELF_SIGNED_CERT);
        assertThat(p.client.verifyResult().code()).isEqualTo(18);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void expiredLeafIsCertificateExpired(TlsVersion v) {
        MemPair p =
                failingHandshake(
                        Contexts.client(v),
                        serverWith(Contexts.pki().expiredServer(KeyType.ECDSA), v));
        assertClientRejected(p, "certificate_expired");
        assertThat(p.client.verifyResult()).isEqualTo(VerifyResult.CERT_HAS_EXPIRED);
        assertThat(p.client.verifyResult().code()).isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void notYetValidLeafIsBadCertificate(TlsVersion v) {
        MemPair p =
                failingHandshake(
                        Contexts.client(v),
                        serverWith(Contexts.pki().notYetValidServer(KeyType.ECDSA), v));
        assertClientRejected(p, "bad_certificate");
        assertThat(p.client.verifyResult()).isEqualTo(VerifyResult.CERT_NOT_YET_VALID);
        assertThat(p.client.verifyResult().code()).isEqualTo(9);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void wrongHostIsBadCertificate(TlsVersion v) {
        MemPair p =
                failingHandshake(
                        Contexts.client(v),
                        serverWith(Contexts.pki().wrongHostServer(KeyType.RSA), v));
        assertClientRejected(p, "bad_certificate");
        assertThat(p.client.verifyResult()).isEqualTo(VerifyResult.HOSTNAME_MISMATCH);
        assertThat(p.client.verifyResult().code()).isEqualTo(62);
        assertThat(p.client.lastError().message()).contains("localhost");
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void datesAreCheckedAgainstTheInjectedClock(TlsVersion v) {
        TestPki pki = Contexts.pki();
        // a clock after the leaf's notAfter turns a good certificate into an expired one
        Instant later =
                pki.server(KeyType.ECDSA)
                        .certificate()
                        .getNotAfter()
                        .toInstant()
                        .plusSeconds(86_400);
        SslContext client =
                Contexts.clientBuilder(v).clock(Clock.fixed(later, ZoneOffset.UTC)).build();
        MemPair p = failingHandshake(client, Contexts.server(KeyType.ECDSA, v));
        assertClientRejected(p, "certificate_expired");
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void ipAddressHostMatchesTheIpSan(TlsVersion v) {
        SslContext client =
                SslContext.builder()
                        .versions(v, v)
                        .trust(List.of(Contexts.pki().ca().certificate()))
                        .hostName(TestPki.IP_ADDRESS)
                        .build();
        new MemPair(client, Contexts.server(KeyType.ECDSA, v)).connect();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void verifyNoneAcceptsAnything(TlsVersion v) {
        SslContext client = SslContext.builder().versions(v, v).verify(VerifyMode.NONE).build();
        MemPair p =
                new MemPair(client, serverWith(Contexts.pki().untrustedServer(KeyType.RSA), v))
                        .connect();
        assertThat(p.client.peerCertificates()).hasSize(1);
        // as OpenSSL's SSL_VERIFY_NONE: the chain was still verified and the result kept
        assertThat(p.client.verifyResult())
                .isEqualTo(io.tlsbio.ssl.VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void verifyNoneKeepsTheResultInTheSessionToo(TlsVersion v) {
        SslContext client = SslContext.builder().versions(v, v).verify(VerifyMode.NONE).build();
        MemPair p =
                new MemPair(client, serverWith(Contexts.pki().untrustedServer(KeyType.RSA), v))
                        .connect();
        assertThat(p.client.session().verifyResult())
                .isEqualTo(VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
        assertThat(p.client.verifyResult())
                .isEqualTo(VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void verifyNoneResultIsAsOfTheHandshakeHoweverLateItIsAskedFor(TlsVersion v) {
        Instant expired =
                Contexts.pki()
                        .server(KeyType.ECDSA)
                        .certificate()
                        .getNotAfter()
                        .toInstant()
                        .plusSeconds(86_400);
        MovableClock clock = new MovableClock(Instant.now());
        SslContext client = Contexts.clientBuilder(v).verify(VerifyMode.NONE).clock(clock).build();
        MemPair p = new MemPair(client, Contexts.server(KeyType.ECDSA, v)).connect();
        clock.now = expired;
        // the certificate was valid when the handshake ran, whenever the check itself runs
        assertThat(p.client.verifyResult()).isEqualTo(VerifyResult.OK);
        assertThat(p.client.session().verifyResult()).isEqualTo(VerifyResult.OK);
    }

    /** A clock a test moves by hand. */
    private static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void serverVerifiesAClientCertificateWhenAsked(TlsVersion v) {
        TestCredential clientCred = Contexts.pki().client(KeyType.RSA);
        SslContext client =
                Contexts.clientBuilder(v)
                        .certificate(clientCred.chain(), clientCred.privateKey())
                        .build();
        SslContext server =
                Contexts.serverBuilder(KeyType.ECDSA, v)
                        .verify(VerifyMode.FAIL_IF_NO_PEER_CERT)
                        .trust(List.of(Contexts.pki().ca().certificate()))
                        .build();
        MemPair p = new MemPair(client, server).connect();
        assertThat(p.server.peerCertificates()).first().isEqualTo(clientCred.certificate());
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void serverRequiringACertificateRejectsAClientWithout(TlsVersion v) {
        SslContext server =
                Contexts.serverBuilder(KeyType.ECDSA, v)
                        .verify(VerifyMode.FAIL_IF_NO_PEER_CERT)
                        .trust(List.of(Contexts.pki().ca().certificate()))
                        .build();
        MemPair p = new MemPair(Contexts.client(v), server);
        Ssl failed = null;
        for (int i = 0; i < 50 && failed == null; i++) {
            p.client.doHandshake();
            if (p.server.doHandshake() == -1 && p.server.getError(-1) == SslError.SSL) {
                failed = p.server;
            }
        }
        assertThat(failed).isNotNull();
        assertThat(p.server.lastError().reason())
                .isEqualTo(SslReason.PEER_DID_NOT_RETURN_A_CERTIFICATE);
        assertThat(p.server.lastError().alertName())
                .isEqualTo(v == TlsVersion.TLS1_3 ? "certificate_required" : "handshake_failure");
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void serverWithPeerModeAcceptsAClientWithoutCertificate(TlsVersion v) {
        SslContext server =
                Contexts.serverBuilder(KeyType.RSA, v)
                        .verify(VerifyMode.PEER)
                        .trust(List.of(Contexts.pki().ca().certificate()))
                        .build();
        MemPair p = new MemPair(Contexts.client(v), server).connect();
        assertThat(p.server.peerCertificates()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void serverRejectsAnUntrustedClientCertificate(TlsVersion v) {
        TestCredential stranger = Contexts.pki().untrustedServer(KeyType.ECDSA);
        SslContext client =
                Contexts.clientBuilder(v)
                        .certificate(stranger.chain(), stranger.privateKey())
                        .build();
        SslContext server =
                Contexts.serverBuilder(KeyType.ECDSA, v)
                        .verify(VerifyMode.PEER)
                        .trust(List.of(Contexts.pki().ca().certificate()))
                        .build();
        MemPair p = new MemPair(client, server);
        for (int i = 0; i < 50 && p.server.lastError() == null; i++) {
            p.client.doHandshake();
            p.server.doHandshake();
        }
        assertThat(p.server.lastError().reason()).isEqualTo(SslReason.CERTIFICATE_VERIFY_FAILED);
        assertThat(p.server.lastError().alertName()).isEqualTo("unknown_ca");
    }
}
