package io.tlsbio.ssl.internal;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * OpenSSL's close_notify semantics on top of bctls, shared by the client and server protocol
 * subclasses (docs/bctls.md, "Close semantics"): our close_notify is sent without closing bctls,
 * the reply bctls would send inside a read is deferred to {@code shutdown()}, a second close_notify
 * is suppressed, and a close_notify during the handshake ends it with no alert.
 */
final class CloseLogic {

    /** A close_notify arrived during the handshake: bctls is failed, nothing was sent. */
    static final class PeerClosedInHandshake extends TlsFatalAlertReceived {
        private static final long serialVersionUID = 1L;

        PeerClosedInHandshake() {
            super(AlertDescription.close_notify);
        }
    }

    interface IoAction {
        void run() throws IOException;
    }

    boolean closeNotifySent;
    boolean closeNotifyReceived;
    private boolean inPeerClose;

    /** Whether a warning alert bctls wants to raise must be dropped. */
    boolean suppressWarning(short description) {
        if (description == AlertDescription.close_notify) {
            // our own was sent already, or the peer's is being handled inside a read: defer
            return closeNotifySent || inPeerClose;
        }
        // nothing may follow our close_notify
        return closeNotifySent;
    }

    /**
     * Handles a warning alert from the peer.
     *
     * @param handshaking whether the handshake is still running
     * @param failNoAlert bctls's handleFailure (closed + failed, no alert)
     * @param superHandler bctls's own warning handling
     */
    void onWarning(
            short description, boolean handshaking, IoAction failNoAlert, IoAction superHandler)
            throws IOException {
        if (description != AlertDescription.close_notify) {
            superHandler.run();
            return;
        }
        closeNotifyReceived = true;
        if (handshaking) {
            failNoAlert.run();
            throw new PeerClosedInHandshake();
        }
        inPeerClose = true;
        try {
            superHandler.run();
        } finally {
            inPeerClose = false;
        }
    }

    /** Sends our close_notify once, leaving bctls open for the peer's records. */
    void sendCloseNotify(IoAction raise) throws IOException {
        if (!closeNotifySent) {
            closeNotifySent = true;
            raise.run();
        }
    }
}
