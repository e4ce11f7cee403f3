package io.tlsbio.ssl.internal;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.HandshakeMessageInput;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.ServerHello;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsUtils;

/**
 * bctls's non-blocking client protocol with OpenSSL's close semantics ({@link CloseLogic}), tracing
 * hooks, and OpenSSL's TLS 1.3 client record order (docs/ssl-lifecycle.md, "TLS 1.3 client
 * flight"): the middlebox-compatibility ChangeCipherSpec goes out with the client's second flight,
 * not right after ServerHello, and an alert raised before that flight is plaintext, because OpenSSL
 * switches its write keys only when it writes the flight. bctls switches them at ServerHello and
 * cannot be told to wait, so the records are framed here.
 */
public final class BcClientProtocol extends TlsClientProtocol implements Engine {

    /** Where the client is in writing its TLS 1.3 records the way OpenSSL does. */
    private enum Tls13Write {
        /** Records go out as bctls writes them. */
        NORMAL,
        /**
         * Processing a ServerHello that followed no HelloRetryRequest: the compatibility CCS is
         * withheld.
         */
        IN_SERVER_HELLO,
        /** The CCS is owed before the next handshake record; alerts go out in plaintext. */
        CCS_OWED,
        /** Alerts go out in plaintext until our first encrypted handshake record. */
        PLAIN_ALERTS
    }

    private static final byte[] CCS_RECORD = {ContentType.change_cipher_spec, 3, 3, 0, 1, 1};

    private final ClientPeer peer;
    private final EngineListener listener;
    private final CloseLogic close = new CloseLogic();
    private Tls13Write tls13Write = Tls13Write.NORMAL;
    private final RecordGuard guard;
    private final QueuedOutput output;
    private final AppRecords app;
    private HeldMessage held;

    public BcClientProtocol(ClientPeer peer, EngineListener listener) {
        this.peer = peer;
        this.listener = listener;
        this.guard =
                new RecordGuard(
                        false,
                        peer.getMaxHandshakeMessageSize(),
                        this,
                        this::raiseAlertFatal,
                        this::handleFailure);
        this.output = new QueuedOutput(outputBuffer.getBuffer());
        this.app = new AppRecords(output);
    }

    @Override
    public void start() throws IOException {
        connect(peer);
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

    /** Whether a TLS 1.2 full handshake's suite authenticates the server with a certificate. */
    private boolean certificateExpected() {
        SecurityParameters sp = getContext().getSecurityParametersHandshake();
        if (sp == null || ConnectionInfo.isTls13(getContext()) || sp.isResumedSession()) {
            return false;
        }
        int kx = TlsUtils.getKeyExchangeAlgorithm(sp.getCipherSuite());
        return kx != KeyExchangeAlgorithm.DH_anon
                && kx != KeyExchangeAlgorithm.ECDH_anon
                && kx != KeyExchangeAlgorithm.PSK
                && kx != KeyExchangeAlgorithm.DHE_PSK
                && kx != KeyExchangeAlgorithm.ECDHE_PSK
                && kx != KeyExchangeAlgorithm.SRP;
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
        super.processRecord(protocol, buf, off, len);
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
        if (certificateRequest != null
                && endsServerFlight(type)
                && !peer.clientCertificateReady()) {
            // a certificate callback is not ready: hold the message until it is (WANT_X509_LOOKUP)
            held = new HeldMessage(type, buf);
            return;
        }
        process(type, buf);
    }

    /**
     * Whether {@code type} ends the server's flight, where OpenSSL prepares the client certificate:
     * ServerHelloDone in TLS 1.2, the server's Finished in TLS 1.3.
     */
    private boolean endsServerFlight(short type) {
        return ConnectionInfo.isTls13(getContext())
                ? type == HandshakeType.finished && connection_state == CS_SERVER_CERTIFICATE_VERIFY
                : type == HandshakeType.server_hello_done;
    }

    @Override
    public boolean x509LookupPending() {
        return held != null;
    }

    @Override
    public void retryX509Lookup() throws IOException {
        if (held.retry(
                peer::clientCertificateReady,
                this::process,
                (alert, cause) -> handleException(alert, "Failed to read record", cause))) {
            held = null;
        }
    }

    private void process(short type, HandshakeMessageInput buf) throws IOException {
        if (peer.sessions() != null) {
            byte[] whole = SessionHooks.whole(buf);
            peer.sessions().handshakeBytes(whole, 0, whole.length);
        }
        if (type == HandshakeType.server_hello) {
            guard.versionSettled();
        } else if (connection_state == CS_SERVER_HELLO
                && certificateExpected()
                && (type == HandshakeType.server_key_exchange
                        || type == HandshakeType.certificate_request
                        || type == HandshakeType.server_hello_done)) {
            // OpenSSL wants the server's Certificate next; bctls would fail with internal_error
            throw new TlsFatalAlert(AlertDescription.unexpected_message, "unexpected message");
        }
        byte[] serverKeyExchange =
                type == HandshakeType.server_key_exchange ? HandshakeFacts.peek(buf) : null;
        PeerInputErrors.handle(type, () -> super.handleHandshakeMessage(type, buf));
        if (serverKeyExchange != null) {
            facts.serverKeyExchange(getContext(), serverKeyExchange);
        }
    }

    @Override
    protected void handleChangeCipherSpecMessage() throws IOException {
        listener.changeCipherSpecIn();
        super.handleChangeCipherSpecMessage();
    }

    @Override
    protected void process13ServerHelloCoda(ServerHello serverHello, boolean afterHelloRetryRequest)
            throws IOException {
        tls13Write = afterHelloRetryRequest ? Tls13Write.NORMAL : Tls13Write.IN_SERVER_HELLO;
        try {
            super.process13ServerHelloCoda(serverHello, afterHelloRetryRequest);
            facts.secrets(getContext());
        } finally {
            tls13Write =
                    tls13Write == Tls13Write.CCS_OWED
                            ? Tls13Write.CCS_OWED
                            : Tls13Write.PLAIN_ALERTS;
        }
    }

    @Override
    protected void sendChangeCipherSpecMessage() throws IOException {
        if (tls13Write == Tls13Write.IN_SERVER_HELLO) {
            tls13Write = Tls13Write.CCS_OWED;
            return;
        }
        super.sendChangeCipherSpecMessage();
    }

    @Override
    protected void writeRecord(short type, byte[] buf, int off, int len) throws IOException {
        if (type == ContentType.handshake && peer.sessions() != null) {
            peer.sessions().handshakeBytes(buf, off, len);
        }
        boolean alert = type == ContentType.alert;
        // OpenSSL writes its CCS once the server's Finished is in, so an alert from then on follows
        // it
        if (tls13Write == Tls13Write.CCS_OWED
                && (!alert || connection_state == CS_SERVER_FINISHED)) {
            tls13Write = Tls13Write.PLAIN_ALERTS;
            listener.recordOut(ContentType.change_cipher_spec, CCS_RECORD, 5, 1);
            outputBuffer.write(CCS_RECORD, 0, CCS_RECORD.length);
        }
        if (tls13Write == Tls13Write.CCS_OWED || tls13Write == Tls13Write.PLAIN_ALERTS) {
            if (alert) {
                // the peer reads it unencrypted too (OpenSSL allows plain alerts here, bctls has
                // not
                // switched its read keys yet), so skipping our write sequence number is harmless
                listener.recordOut(type, buf, off, len);
                outputBuffer.write(
                        new byte[] {ContentType.alert, 3, 3, 0, 2, buf[off], buf[off + 1]}, 0, 7);
                return;
            }
            tls13Write = Tls13Write.NORMAL;
        }
        listener.recordOut(type, buf, off, len);
        super.writeRecord(type, buf, off, len);
    }

    // ------------------------------------------------------------------ what bctls does not keep

    private HandshakeFacts facts = new HandshakeFacts(new HandshakeSecrets(() -> null));

    /** Reports secrets, the key exchange and the server's signature into {@code f} from now on. */
    void observe(HandshakeFacts f) {
        this.facts = f;
    }

    /** TLS 1.2: the master secret exists once our ChangeCipherSpec is due. */
    @Override
    protected void sendChangeCipherSpec() throws IOException {
        facts.secrets(getContext());
        super.sendChangeCipherSpec();
    }

    @Override
    protected void receive13ServerCertificateVerify(java.io.ByteArrayInputStream buf)
            throws IOException {
        byte[] body = HandshakeFacts.peek(buf);
        super.receive13ServerCertificateVerify(buf);
        facts.peerCertificateVerify(body);
    }

    // ------------------------------------------------------------------ sessions

    /** The offered PSK gets its obfuscated_ticket_age before the ClientHello is encoded. */
    @Override
    @SuppressWarnings("unchecked")
    protected void sendClientHelloMessage() throws IOException {
        if (peer.sessions() != null) {
            peer.sessions().obfuscateTicketAge(clientExtensions);
        }
        super.sendClientHelloMessage();
    }

    /**
     * The application secrets (key log, exporters) and the session are taken before bctls
     * completes, since completing clears the handshake's secrets.
     */
    @Override
    protected void completeHandshake() throws IOException {
        facts.completing(getContext());
        if (peer.sessions() != null) {
            peer.sessions().handshakeComplete(getContext(), listener);
        }
        super.completeHandshake();
    }

    /** A TLS 1.3 NewSessionTicket makes a session (bctls 1.84 drops it). */
    @Override
    protected void receive13NewSessionTicket(java.io.ByteArrayInputStream buf) throws IOException {
        if (peer.sessions() == null) {
            super.receive13NewSessionTicket(buf);
            return;
        }
        if (connection_state != CS_END) {
            // as bctls: a ticket before the handshake is complete is out of place
            throw new TlsFatalAlert(
                    AlertDescription.unexpected_message, "NewSessionTicket during the handshake");
        }
        peer.sessions().ticket13(buf);
    }
}
