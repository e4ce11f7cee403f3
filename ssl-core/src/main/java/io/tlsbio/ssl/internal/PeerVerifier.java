package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.CertificatePurpose;
import io.tlsbio.ssl.VerifyResult;
import io.tlsbio.ssl.internal.x509.X509Verifier;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Verifies the peer's certificate chain as OpenSSL 3.0's {@code ssl_verify_cert_chain} does: its
 * {@code X509_verify_cert} ({@link X509Verifier}) with the context's trust store, untrusted
 * intermediates, CRLs, verify depth, verify callback and clock, the purpose SSL sets (sslserver for
 * a client checking a server, sslclient for a server checking a client) and the connection's
 * security level as the authentication level. The outcome names the alert OpenSSL's {@code
 * ssl_x509err2alert} would send.
 */
public final class PeerVerifier {

    /** A failed verification: OpenSSL's verify result (which also gives the alert) and where. */
    public static final class VerifyException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient VerifyResult result;

        VerifyException(VerifyResult result, String detail, Throwable cause) {
            super(
                    "certificate verify failed: " + result + (detail == null ? "" : ": " + detail),
                    cause);
            this.result = result;
        }

        /** OpenSSL's X509_V_ERR code and text. */
        public VerifyResult result() {
            return result;
        }

        /** The alert OpenSSL sends for {@link #result()}. */
        public short alert() {
            return result.alert();
        }
    }

    private final VerifyConfig config;
    private final CertificatePurpose purpose;

    public PeerVerifier(VerifyConfig config, CertificatePurpose purpose) {
        this.config = config;
        this.purpose = purpose;
    }

    /**
     * Verifies {@code chain} (what the peer sent, leaf first) and, unless it is null or empty,
     * {@code hostName} (a host name, or an IP address literal checked as an address).
     *
     * @return OK, or the last error the verify callback accepted ({@code SSL_get_verify_result})
     * @throws VerifyException when verification fails: the callback refused an error, or there is
     *     no callback and anything was wrong
     */
    public VerifyResult verify(List<X509Certificate> chain, String hostName)
            throws VerifyException {
        return verifyAt(chain, hostName, now());
    }

    /** The time, in seconds since the epoch, that a verification started now checks validity at. */
    long now() {
        return config.clock().instant().getEpochSecond();
    }

    /**
     * Whether a verify callback watches this check: then it must run when OpenSSL runs it, during
     * the handshake; without one, nothing can tell when it ran.
     */
    boolean hasCallback() {
        return config.callback() != null;
    }

    /** {@link #verify} as of {@code now} (seconds since the epoch) instead of the clock's time. */
    VerifyResult verifyAt(List<X509Certificate> chain, String hostName, long now)
            throws VerifyException {
        if (chain.isEmpty()) {
            throw new VerifyException(VerifyResult.UNSPECIFIED, "no certificate to verify", null);
        }
        X509Verifier.Result r =
                new X509Verifier(
                                config.anchors().get(),
                                config.untrusted(),
                                config.crls(),
                                config.crlCheck(),
                                config.depth(),
                                config.callback(),
                                config.securityLevel(),
                                purpose,
                                now)
                        .verify(chain, hostName);
        if (r.verified()) {
            return r.error();
        }
        String where =
                "at depth " + r.errorDepth() + " (" + subjectAt(r.chain(), r.errorDepth()) + ")";
        if (r.error() == VerifyResult.HOSTNAME_MISMATCH
                || r.error() == VerifyResult.IP_ADDRESS_MISMATCH) {
            where = "certificate does not match " + hostName + ", " + where;
        }
        throw new VerifyException(r.error(), where, null);
    }

    private static String subjectAt(List<X509Certificate> chain, int depth) {
        return depth >= 0 && depth < chain.size()
                ? chain.get(depth).getSubjectX500Principal().getName()
                : "?";
    }
}
