package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslInfoCallback;
import io.tlsbio.ssl.SslMessage;
import io.tlsbio.ssl.SslMessageCallback;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.ContentType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What bctls reports about one connection's handshake, turned into OpenSSL's views of it: the state
 * strings ({@code SSL_state_string[_long]}), the info and message callbacks ({@code
 * SSL_set_info_callback}, {@code SSL_set_msg_callback}), the handshake headers of our own records,
 * the peer's chain and why a check failed. State strings are built only when asked for or when a
 * callback or debug logging wants them.
 */
public final class HandshakeTracker implements EngineListener {

    private static final Logger log = LoggerFactory.getLogger(Ssl.class);

    private final Ssl owner;
    private boolean server;
    private SslInfoCallback infoCallback;
    private SslMessageCallback messageCallback;

    // the state: a fixed pair of names, or (when fixedShort is null) the last handshake message
    // moved
    private String fixedShort = "PINIT";
    private String fixedLong = "before SSL initialization";
    private boolean lastWrite;
    private short lastType;

    private final HandshakeHeaders outgoing = new HandshakeHeaders();

    /**
     * Each handshake message of ours, as {@link #outgoing} finds its header: one object, not one
     * per record.
     */
    private final HandshakeHeaders.Listener<RuntimeException> ownMessage =
            (type, length, b, bodyOff, end) -> handshakeMessage(true, type, length);

    private boolean finished;
    private List<X509Certificate> peerCertificates = List.of();
    private PeerVerifier.VerifyException verifyFailure;
    private io.tlsbio.ssl.VerifyResult verifyResult = io.tlsbio.ssl.VerifyResult.OK;

    /** A check that has not run yet: its result is {@link #verifyResult}'s once asked for. */
    private java.util.function.Supplier<io.tlsbio.ssl.VerifyResult> pendingVerify;

    private boolean peerCertMissing;

    /**
     * @param owner the connection handed to the callbacks
     */
    public HandshakeTracker(Ssl owner) {
        this.owner = owner;
    }

    /** Whose view the short state names take (server or client). */
    public void setServer(boolean server) {
        this.server = server;
    }

    public void setInfoCallback(SslInfoCallback callback) {
        this.infoCallback = callback;
    }

    public void setMessageCallback(SslMessageCallback callback) {
        this.messageCallback = callback;
    }

    /** Enters a named state (not a handshake message): "PINIT", "SSLOK", "error". */
    public void state(String shortName, String longName) {
        fixedShort = shortName;
        fixedLong = longName;
        stateChanged();
    }

    /** {@code SSL_state_string}. */
    public String stateString() {
        return fixedShort != null ? fixedShort : StateNames.shortName(lastWrite, server, lastType);
    }

    /** {@code SSL_state_string_long}. */
    public String stateStringLong() {
        return fixedShort != null ? fixedLong : StateNames.longName(lastWrite, lastType);
    }

    /** Reports an info event to the callback, if any. */
    public void info(SslInfoCallback.Event event, String detail) {
        if (infoCallback != null) {
            infoCallback.onInfo(owner, event, detail);
        }
    }

    /**
     * Whether bctls has finished the handshake (its own view; our last flight may still be queued).
     */
    public boolean finished() {
        return finished;
    }

    /** The peer's chain as received, leaf first, or empty. */
    public List<X509Certificate> peerCertificates() {
        return peerCertificates;
    }

    /** Why our check of the peer's certificate failed, or null. */
    public PeerVerifier.VerifyException verifyFailure() {
        return verifyFailure;
    }

    /**
     * What our check of the peer's certificate found ({@code SSL_get_verify_result}); a check
     * handed over by {@link #verifiedLater} runs now, once.
     */
    public io.tlsbio.ssl.VerifyResult verifyResult() {
        if (verifyFailure != null) {
            return verifyFailure.result();
        }
        if (pendingVerify != null) {
            verifyResult = pendingVerify.get();
            pendingVerify = null;
        }
        return verifyResult;
    }

    /** Whether we required a certificate the peer did not send. */
    public boolean peerCertificateWasMissing() {
        return peerCertMissing;
    }

    private void stateChanged() {
        if (infoCallback != null || log.isDebugEnabled()) {
            String l = stateStringLong();
            log.debug("{} state {}", owner, l);
            info(SslInfoCallback.Event.STATE, l);
        }
    }

    private void message(
            boolean write, int contentType, int handshakeType, int length, String description) {
        if (messageCallback != null) {
            messageCallback.onMessage(
                    owner, new SslMessage(write, contentType, handshakeType, length, description));
        }
    }

    private void handshakeMessage(boolean write, short type, int len) {
        fixedShort = null;
        lastWrite = write;
        lastType = type;
        stateChanged();
        if (messageCallback != null) {
            message(write, ContentType.handshake, type, len, StateNames.messageName(type));
        }
    }

    // ------------------------------------------------------------------ EngineListener

    @Override
    public void handshakeComplete() {
        finished = true;
    }

    @Override
    public void alertRaised(short level, short description, String message, Throwable cause) {
        if (infoCallback != null || log.isDebugEnabled()) {
            String text = AlertLevel.getText(level) + " " + AlertDescription.getText(description);
            log.debug(
                    "{} alert sent: {}{}",
                    owner,
                    text,
                    message == null ? "" : " (" + message + ")");
            info(SslInfoCallback.Event.ALERT_WRITE, text);
        }
    }

    @Override
    public void alertReceived(short level, short description) {
        String text = AlertLevel.getText(level) + " " + AlertDescription.getText(description);
        log.debug("{} alert received: {}", owner, text);
        info(SslInfoCallback.Event.ALERT_READ, text);
        message(false, ContentType.alert, -1, 2, "alert " + text);
    }

    @Override
    public void verifyFailed(PeerVerifier.VerifyException e) {
        verifyFailure = e;
    }

    private byte[] ocspResponse;

    @Override
    public void ocspResponse(byte[] der) {
        ocspResponse = der;
    }

    /** The stapled OCSP response a client received, or null. */
    public byte[] ocspResponse() {
        return ocspResponse;
    }

    @Override
    public void verified(io.tlsbio.ssl.VerifyResult result) {
        pendingVerify = null;
        verifyResult = result;
    }

    @Override
    public void verifiedLater(java.util.function.Supplier<io.tlsbio.ssl.VerifyResult> check) {
        pendingVerify = check;
    }

    @Override
    public void peerCertificateMissing() {
        peerCertMissing = true;
    }

    @Override
    public void peerCertificates(List<X509Certificate> chain) {
        peerCertificates = List.copyOf(chain);
    }

    @Override
    public void recordOut(short contentType, byte[] buf, int off, int len) {
        if (contentType == ContentType.handshake) {
            // messages may span records, headers included
            outgoing.feed(buf, off, len, ownMessage);
        } else if (contentType == ContentType.alert && len >= 2) {
            message(
                    true,
                    contentType,
                    -1,
                    2,
                    "alert "
                            + AlertLevel.getText(buf[off])
                            + " "
                            + AlertDescription.getText(buf[off + 1]));
        } else if (contentType == ContentType.change_cipher_spec) {
            message(true, contentType, -1, len, "ChangeCipherSpec");
        }
    }

    @Override
    public void handshakeIn(short type, int len) {
        handshakeMessage(false, type, len);
    }

    @Override
    public void changeCipherSpecIn() {
        message(false, ContentType.change_cipher_spec, -1, 1, "ChangeCipherSpec");
    }
}
