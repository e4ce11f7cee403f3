package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.ServerNameCallback;
import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.HandshakeMessageInput;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * bctls's non-blocking server protocol with OpenSSL's close semantics ({@link CloseLogic}), tracing
 * hooks, and OpenSSL's early alerts: bctls sends nothing for a failure before it has parsed a
 * ClientHello (and frames an alert after that with the client's highest version, 0x0304 for a TLS
 * 1.3 client), so until our ServerHello is out alerts are framed here, in plaintext, in the record
 * version OpenSSL 3.0 uses (docs/hostile-input.md).
 */
public final class BcServerProtocol extends TlsServerProtocol implements Engine {

    private final ServerPeer peer;
    private final EngineListener listener;
    private final CloseLogic close = new CloseLogic();
    private final RecordGuard guard;
    private final QueuedOutput output;
    private final AppRecords app;
    private HeldMessage held;

    public BcServerProtocol(ServerPeer peer, EngineListener listener) {
        this.peer = peer;
        this.listener = listener;
        this.guard =
                new RecordGuard(
                        true,
                        peer.getMaxHandshakeMessageSize(),
                        this,
                        this::raiseAlertFatal,
                        this::handleFailure);
        this.output = new QueuedOutput(outputBuffer.getBuffer());
        this.app = new AppRecords(output);
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
    public OutputQueue outputQueue() {
        return app;
    }

    /** Seals the record itself when it may ({@link AppRecords}), else bctls does. */
    @Override
    public void writeApplicationData(byte[] b, int off, int len) throws IOException {
        app.write(this, guard, getApplicationDataLimit(), b, off, len, super::writeApplicationData);
    }

    @Override
    public void free() {
        app.free();
    }

    @Override
    public int getAvailableInputBytes() {
        return super.getAvailableInputBytes() + app.available();
    }

    /** bctls's data first: it came before any record {@link AppRecords} opened. */
    @Override
    public int readInput(byte[] b, int off, int len) {
        return app.read(super.getAvailableInputBytes(), b, off, len, super::readInput);
    }

    @Override
    public void sendCloseNotify() throws IOException {
        close.sendCloseNotify(
                () -> super.raiseAlertWarning(AlertDescription.close_notify, "close_notify"));
    }

    @Override
    public boolean takeKeyUpdateRequest() {
        return guard.takeKeyUpdateRequest();
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
            throw new TlsFatalAlert(
                    AlertDescription.unexpected_message, "alert before ClientHello");
        }
        super.handleAlertMessage(level, description);
    }

    @Override
    public int recordSize(byte[] header) throws IOException {
        return guard.guardedRecordSize(header);
    }

    @Override
    public void record(byte[] b, int off, int len) throws IOException {
        app.record(
                this,
                guard,
                held != null,
                super.getAvailableInputBytes(),
                getApplicationDataLimit(),
                b,
                off,
                len);
    }

    @Override
    protected void processRecord(short protocol, byte[] buf, int off, int len) throws IOException {
        guard.onRecord(protocol, buf, off, len);
        try {
            super.processRecord(protocol, buf, off, len);
        } catch (TlsFatalAlert a) {
            TlsFatalAlert oversize = guard.deferredOversize();
            if (oversize != null && a.getAlertDescription() == AlertDescription.internal_error) {
                oversize.initCause(a);
                throw oversize;
            }
            throw a;
        }
    }

    @Override
    protected void handleAlertWarningMessage(short description) throws IOException {
        if (guard.onWarningAlert(description, ConnectionInfo.isTls13(getContext()))) {
            handleFailure();
            throw new TlsFatalAlertReceived(description);
        }
        close.onWarning(
                description,
                isHandshaking(),
                this::handleFailure,
                () -> super.handleAlertWarningMessage(description));
    }

    @Override
    protected void handleHandshakeMessage(short type, HandshakeMessageInput buf)
            throws IOException {
        listener.handshakeIn(type, buf.available());
        if (type == HandshakeType.client_hello) {
            ClientHelloView hello = ClientHelloView.parse(peek(buf));
            if (hello != null) {
                serverName(hello);
            }
            if (!peer.certificateReady()) {
                // the cert callback is not ready: hold the hello until it is (WANT_X509_LOOKUP)
                held = new HeldMessage(type, buf);
                return;
            }
        }
        process(type, buf);
    }

    /** Processes a ClientHello or any later message, with our checks first. */
    private void process(short type, HandshakeMessageInput buf) throws IOException {
        if (peer.sessions() != null) {
            byte[] whole = SessionHooks.whole(buf);
            peer.sessions().handshakeBytes(whole, 0, whole.length);
        }
        if (type == HandshakeType.client_hello && connection_state == CS_START) {
            checkClientHello(buf);
        }
        PeerInputErrors.handle(type, () -> super.handleHandshakeMessage(type, buf));
    }

    /** The servername callback, and its warning alert in TLS 1.2 (TLS 1.3 has no warnings). */
    private void serverName(ClientHelloView hello) throws IOException {
        if (peer.onServerName(hello.serverName()) == ServerNameCallback.Result.ALERT_WARNING
                && !(hello.offersTls13() && peer.allowsTls13())) {
            raiseAlertWarning(AlertDescription.unrecognized_name, "unrecognized name");
        }
    }

    /**
     * TLS 1.3: a stapled OCSP response goes in the leaf's CertificateEntry (bctls leaves that to
     * us).
     */
    @Override
    protected void send13CertificateMessage(org.bouncycastle.tls.Certificate certificate)
            throws IOException {
        byte[] ocsp = peer.stapledResponse13();
        super.send13CertificateMessage(
                ocsp == null || certificate.isEmpty()
                        ? certificate
                        : OcspStapling.stapled13(certificate, ocsp));
    }

    @Override
    public boolean x509LookupPending() {
        return held != null;
    }

    @Override
    public void retryX509Lookup() throws IOException {
        if (held.retry(
                peer::certificateReady,
                this::process,
                (alert, cause) -> handleException(alert, "Failed to read record", cause))) {
            held = null;
        }
    }

    /** The rest of the message, leaving the input where it was. */
    private static byte[] peek(HandshakeMessageInput buf) {
        // bctls's input refuses mark(); reset() goes back to the message start, header included
        int before = buf.available();
        byte[] body = buf.readAllBytes();
        buf.reset();
        buf.skip(buf.available() - before);
        return body;
    }

    /** OpenSSL's checks bctls does not make, on the raw ClientHello before bctls parses it. */
    private void checkClientHello(HandshakeMessageInput buf) throws IOException {
        ClientHelloView hello = ClientHelloView.parse(peek(buf));
        if (hello != null) {
            boolean tls13 = hello.offersTls13() && peer.allowsTls13();
            try {
                ClientHelloChecks.check(
                        hello, tls13, peer.getSupportedGroups(), peer.signatureSchemes(tls13));
            } catch (ClientHelloChecks.VersionedAlert a) {
                guard.forceAlertVersion(a.recordVersion);
                throw a;
            }
            if (tls13 && guard.helloNotOnRecordBoundary()) {
                throw new TlsFatalAlert(
                        AlertDescription.unexpected_message, "not on record boundary");
            }
            if (tls13) {
                peer.clientKeyShares(hello.keyShares());
            }
        }
    }

    @Override
    protected void handleChangeCipherSpecMessage() throws IOException {
        listener.changeCipherSpecIn();
        super.handleChangeCipherSpecMessage();
    }

    @Override
    protected void writeRecord(short type, byte[] buf, int off, int len) throws IOException {
        if (type == ContentType.handshake && peer.sessions() != null) {
            peer.sessions().handshakeBytes(buf, off, len);
        }
        listener.recordOut(type, buf, off, len);
        if (!guard.isVersionSettled() && type == ContentType.alert && len == 2) {
            int v = guard.earlyAlertVersion();
            outputBuffer.write(
                    new byte[] {
                        ContentType.alert, (byte) (v >> 8), (byte) v, 0, 2, buf[off], buf[off + 1]
                    },
                    0,
                    7);
            return;
        }
        if (type == ContentType.handshake && len > 0 && buf[off] == HandshakeType.server_hello) {
            guard.versionSettled();
        }
        super.writeRecord(type, buf, off, len);
    }

    // ------------------------------------------------------------------ what bctls does not keep

    private HandshakeFacts facts = new HandshakeFacts(new HandshakeSecrets(() -> null));

    /** Reports secrets, the key exchange and the client's signature into {@code f} from now on. */
    void observe(HandshakeFacts f) {
        this.facts = f;
    }

    /** TLS 1.3: the handshake traffic secrets exist once the ServerHello is out. */
    @Override
    @SuppressWarnings("rawtypes") // bctls's signature
    protected void send13EncryptedExtensionsMessage(java.util.Hashtable serverExtensions)
            throws IOException {
        facts.secrets(getContext());
        super.send13EncryptedExtensionsMessage(serverExtensions);
    }

    /** TLS 1.3: the application traffic and exporter secrets exist once our Finished is out. */
    @Override
    protected void send13ServerHelloCoda(
            org.bouncycastle.tls.ServerHello serverHello, boolean afterHelloRetryRequest)
            throws IOException {
        super.send13ServerHelloCoda(serverHello, afterHelloRetryRequest);
        facts.secrets(getContext());
    }

    /** TLS 1.2: the master secret exists once the ClientKeyExchange is processed. */
    @Override
    protected void receiveClientKeyExchangeMessage(java.io.ByteArrayInputStream buf)
            throws IOException {
        super.receiveClientKeyExchangeMessage(buf);
        facts.secrets(getContext());
    }

    @Override
    protected void sendServerKeyExchangeMessage(byte[] serverKeyExchange) throws IOException {
        facts.serverKeyExchange(getContext(), serverKeyExchange);
        super.sendServerKeyExchangeMessage(serverKeyExchange);
    }

    @Override
    protected void receiveCertificateVerifyMessage(java.io.ByteArrayInputStream buf)
            throws IOException {
        byte[] body = HandshakeFacts.peek(buf);
        super.receiveCertificateVerifyMessage(buf);
        facts.peerCertificateVerify(body);
    }

    @Override
    protected void receive13ClientCertificateVerify(java.io.ByteArrayInputStream buf)
            throws IOException {
        byte[] body = HandshakeFacts.peek(buf);
        super.receive13ClientCertificateVerify(buf);
        facts.peerCertificateVerify(body);
    }

    // ------------------------------------------------------------------ sessions

    /**
     * After the handshake: the session is kept, and TLS 1.3 NewSessionTickets go out at once, as
     * OpenSSL sends them.
     */
    @Override
    protected void completeHandshake() throws IOException {
        // the last secrets (key log, exporters) and the session are taken before bctls completes,
        // since completing clears the handshake's secrets
        facts.completing(getContext());
        ServerSessions sessions = peer.sessions();
        java.util.List<byte[]> tickets =
                sessions == null
                        ? java.util.List.of()
                        : sessions.handshakeComplete(
                                getContext(), peer.clientExtensions(), selectedPSK13, listener);
        super.completeHandshake();
        for (byte[] ticket : tickets) {
            safeWriteRecord(ContentType.handshake, ticket, 0, ticket.length);
        }
    }
}
