package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.VerifyResult;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.Test;

class EngineFailuresTest {

    private final HandshakeTracker tracker = new HandshakeTracker(null);

    @Test
    void aReceivedFatalAlertIsAlertReceivedWithItsCode() {
        TlsFatalAlertReceived e = new TlsFatalAlertReceived(AlertDescription.handshake_failure);

        SslFailure f = EngineFailures.of(e, tracker);

        assertThat(f.reason()).isEqualTo(SslReason.ALERT_RECEIVED);
        assertThat(f.error()).isEqualTo(SslError.SSL);
        assertThat(f.alert()).isEqualTo(AlertDescription.handshake_failure);
        assertThat(f.alertName()).isEqualTo("handshake_failure");
        assertThat(f.cause()).isSameAs(e);
    }

    @Test
    void aReceivedAlertIsNotRefinedByOurOwnCertificateCheck() {
        tracker.verifyFailed(
                new PeerVerifier.VerifyException(VerifyResult.CERT_HAS_EXPIRED, null, null));

        SslFailure f =
                EngineFailures.of(
                        new TlsFatalAlertReceived(AlertDescription.decode_error), tracker);

        assertThat(f.reason()).isEqualTo(SslReason.ALERT_RECEIVED);
        assertThat(f.alert()).isEqualTo(AlertDescription.decode_error);
    }

    @Test
    void recordOverflowIsRecordTooLarge() {
        SslFailure f =
                EngineFailures.of(new TlsFatalAlert(AlertDescription.record_overflow), tracker);

        assertThat(f.reason()).isEqualTo(SslReason.RECORD_TOO_LARGE);
        assertThat(f.error()).isEqualTo(SslError.SSL);
        assertThat(f.alert()).isEqualTo(AlertDescription.record_overflow);
    }

    @Test
    void sentInternalErrorIsInternalErrorAndOtherSentAlertsAreAlertSent() {
        assertThat(
                        EngineFailures.of(
                                        new TlsFatalAlert(AlertDescription.internal_error), tracker)
                                .reason())
                .isEqualTo(SslReason.INTERNAL_ERROR);

        SslFailure f =
                EngineFailures.of(
                        new TlsFatalAlert(AlertDescription.illegal_parameter, "bad point"),
                        tracker);
        assertThat(f.reason()).isEqualTo(SslReason.ALERT_SENT);
        assertThat(f.alert()).isEqualTo(AlertDescription.illegal_parameter);
        assertThat(f.message()).contains("bad point");
    }

    @Test
    void aSentAlertAfterAFailedCertificateCheckIsCertificateVerifyFailedWithItsMessage() {
        tracker.verifyFailed(
                new PeerVerifier.VerifyException(VerifyResult.CERT_HAS_EXPIRED, null, null));

        SslFailure f =
                EngineFailures.of(new TlsFatalAlert(AlertDescription.certificate_expired), tracker);

        assertThat(f.reason()).isEqualTo(SslReason.CERTIFICATE_VERIFY_FAILED);
        assertThat(f.message())
                .isEqualTo("certificate verify failed: 10 (certificate has expired)");
        assertThat(f.alert()).isEqualTo(AlertDescription.certificate_expired);
    }

    @Test
    void aSentAlertAfterAMissingPeerCertificateIsPeerDidNotReturnACertificate() {
        tracker.peerCertificateMissing();

        SslFailure f =
                EngineFailures.of(
                        new TlsFatalAlert(AlertDescription.certificate_required), tracker);

        assertThat(f.reason()).isEqualTo(SslReason.PEER_DID_NOT_RETURN_A_CERTIFICATE);
    }

    @Test
    void anythingElseIsInternalError() {
        RuntimeException e = new IllegalStateException("boom");

        SslFailure f = EngineFailures.of(e, tracker);

        assertThat(f.reason()).isEqualTo(SslReason.INTERNAL_ERROR);
        assertThat(f.error()).isEqualTo(SslError.SSL);
        assertThat(f.alert()).isEqualTo(AlertDescription.internal_error);
        assertThat(f.message()).isEqualTo("boom");
        assertThat(f.cause()).isSameAs(e);

        assertThat(EngineFailures.of(new RuntimeException(), tracker).message()).isEqualTo("null");
    }
}
