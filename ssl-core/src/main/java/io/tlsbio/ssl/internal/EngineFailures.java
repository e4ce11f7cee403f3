package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslReason;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/** Turns what bctls threw into the {@link SslFailure} a call reports. */
public final class EngineFailures {

    private EngineFailures() {}

    /**
     * The failure for {@code e}: a fatal alert the peer sent, one we sent (its reason refined by
     * what our certificate checks saw), or anything else as internal_error, which bctls sends for
     * it.
     */
    public static SslFailure of(Exception e, HandshakeTracker tracker) {
        if (e instanceof RecordGuard.Refused r) {
            return new SslFailure(r.reason, SslError.SSL, -1, r.getMessage(), null);
        }
        if (e instanceof TlsFatalAlertReceived r) {
            short d = r.getAlertDescription();
            return new SslFailure(
                    SslReason.ALERT_RECEIVED,
                    SslError.SSL,
                    d,
                    "peer sent fatal alert " + AlertDescription.getText(d),
                    e);
        }
        if (e instanceof TlsFatalAlert a) {
            short d = a.getAlertDescription();
            PeerVerifier.VerifyException verify = tracker.verifyFailure();
            SslReason reason =
                    verify != null
                            ? SslReason.CERTIFICATE_VERIFY_FAILED
                            : tracker.peerCertificateWasMissing()
                                    ? SslReason.PEER_DID_NOT_RETURN_A_CERTIFICATE
                                    : d == AlertDescription.record_overflow
                                            ? SslReason.RECORD_TOO_LARGE
                                            : d == AlertDescription.internal_error
                                                    ? SslReason.INTERNAL_ERROR
                                                    : SslReason.ALERT_SENT;
            String msg = verify != null ? verify.getMessage() : detail(a, d);
            return new SslFailure(reason, SslError.SSL, d, msg, e);
        }
        return new SslFailure(
                SslReason.INTERNAL_ERROR,
                SslError.SSL,
                AlertDescription.internal_error,
                String.valueOf(e.getMessage()),
                e);
    }

    /**
     * The alert's own detail ("record too small"), without bctls's "unexpected_message(10); "
     * prefix.
     */
    private static String detail(TlsFatalAlert a, short d) {
        String text = AlertDescription.getText(d);
        String m = a.getMessage();
        if (m == null || m.equals(text)) {
            return text;
        }
        return m.startsWith(text + "; ") ? m.substring(text.length() + 2) : m;
    }
}
