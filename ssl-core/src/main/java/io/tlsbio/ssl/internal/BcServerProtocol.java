package io.tlsbio.ssl.internal;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.HandshakeMessageInput;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerProtocol;

/** bctls's non-blocking server protocol with OpenSSL's close semantics ({@link CloseLogic}) and tracing hooks. */
public final class BcServerProtocol extends TlsServerProtocol implements Engine {

    private final ServerPeer peer;
    private final EngineListener listener;
    private final CloseLogic close = new CloseLogic();

    public BcServerProtocol(ServerPeer peer, EngineListener listener) {
        this.peer = peer;
        this.listener = listener;
    }

    @Override
    public void start() throws IOException {
        accept(peer);
    }

    @Override
    public TlsContext context() {
        return getContext();
    }

    @Override
    public int outputAvailable() {
        return outputBuffer.getBuffer().available();
    }

    @Override
    public int peekOutput(byte[] b, int off, int len) {
        int n = Math.min(len, outputAvailable());
        outputBuffer.getBuffer().read(b, off, n, 0);
        return n;
    }

    @Override
    public void removeOutput(int n) {
        outputBuffer.getBuffer().removeData(n);
    }

    @Override
    public void sendCloseNotify() throws IOException {
        close.sendCloseNotify(() -> super.raiseAlertWarning(AlertDescription.close_notify, "close_notify"));
    }

    @Override
    public void sendKeyUpdate(boolean requestPeerUpdate) throws IOException {
        send13KeyUpdate(requestPeerUpdate);
    }

    @Override
    public boolean closeNotifySent() {
        return close.closeNotifySent;
    }

    @Override
    public boolean closeNotifyReceived() {
        return close.closeNotifyReceived;
    }

    @Override
    protected void raiseAlertWarning(short description, String message) throws IOException {
        if (!close.suppressWarning(description)) {
            super.raiseAlertWarning(description, message);
        }
    }

    /** Any alert before the ClientHello is an unexpected message, as in OpenSSL (statem_srvr.c). */
    @Override
    protected void handleAlertMessage(short level, short description) throws IOException {
        if (connection_state == CS_START) {
            throw new TlsFatalAlert(AlertDescription.unexpected_message, "alert before ClientHello");
        }
        super.handleAlertMessage(level, description);
    }

    @Override
    protected void handleAlertWarningMessage(short description) throws IOException {
        close.onWarning(description, isHandshaking(), this::handleFailure,
                () -> super.handleAlertWarningMessage(description));
    }

    @Override
    protected void handleHandshakeMessage(short type, HandshakeMessageInput buf) throws IOException {
        listener.handshakeIn(type, buf.available());
        super.handleHandshakeMessage(type, buf);
    }

    @Override
    protected void handleChangeCipherSpecMessage() throws IOException {
        listener.changeCipherSpecIn();
        super.handleChangeCipherSpecMessage();
    }

    @Override
    protected void writeRecord(short type, byte[] buf, int off, int len) throws IOException {
        listener.recordOut(type, buf, off, len);
        super.writeRecord(type, buf, off, len);
    }
}
