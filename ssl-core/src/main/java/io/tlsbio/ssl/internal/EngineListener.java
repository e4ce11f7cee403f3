package io.tlsbio.ssl.internal;

import java.security.cert.X509Certificate;
import java.util.List;

/** What the bctls peer and protocol objects report back to the Ssl that drives them. */
public interface EngineListener {

    /** bctls finished the handshake (inside offerInput). */
    void handshakeComplete();

    /** bctls is sending an alert. */
    void alertRaised(short level, short description, String message, Throwable cause);

    /** The peer sent an alert. */
    void alertReceived(short level, short description);

    /** Our certificate check failed; the alert is about to be raised. */
    void verifyFailed(PeerVerifier.VerifyException e);

    /**
     * Our certificate check ended with {@code result} (OK, or an error accepted or not enforced).
     */
    void verified(io.tlsbio.ssl.VerifyResult result);

    /**
     * Our certificate check, not enforced and watched by no callback, is to run when its result is
     * first needed: {@code check} gives what {@link #verified} would have been told.
     */
    default void verifiedLater(java.util.function.Supplier<io.tlsbio.ssl.VerifyResult> check) {
        verified(check.get());
    }

    /**
     * The server's stapled OCSP response (DER), or null when it sent none (a client that asked).
     */
    void ocspResponse(byte[] der);

    /** A server required a client certificate and got none. */
    void peerCertificateMissing();

    /** The peer's certificate chain (leaf first), as received. */
    void peerCertificates(List<X509Certificate> chain);

    /** A plaintext record is about to be written (before encryption). */
    void recordOut(short contentType, byte[] buf, int off, int len);

    /** A handshake message of {@code type} and body length {@code len} arrived. */
    void handshakeIn(short type, int len);

    /** A ChangeCipherSpec arrived. */
    void changeCipherSpecIn();
}
