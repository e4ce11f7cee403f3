package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.CertCallback;
import io.tlsbio.ssl.ClientCertCallback;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;

/** The bctls client peer configured from a context: versions, suites, SNI, ALPN, our checks. */
@SuppressWarnings("rawtypes") // bctls's TlsClient API takes and returns raw Vector and Hashtable
public final class ClientPeer extends DefaultTlsClient {

    /**
     * Where the client is in choosing its certificate: OpenSSL's tls_prepare_client_certificate.
     */
    private enum ClientCertificate {
        /** The cert callback is next (WORK_MORE_A). */
        CERT_CALLBACK,
        /** The client-cert callback is next (WORK_MORE_B). */
        CLIENT_CERT_CALLBACK,
        /** Chosen: our credentials, or none. */
        CHOSEN
    }

    private PeerConfig config;
    private final EngineListener listener;
    private final CertificateCallbacks callbacks;
    private ClientCertificate clientCertificate = ClientCertificate.CERT_CALLBACK;
    private boolean sendNoCertificate;

    public ClientPeer(PeerConfig config, EngineListener listener) {
        this(config, listener, CertificateCallbacks.NONE);
    }

    public ClientPeer(PeerConfig config, EngineListener listener, CertificateCallbacks callbacks) {
        super(config.crypto());
        this.config = config;
        this.listener = listener;
        this.callbacks = callbacks;
    }

    /** The connection's own certificates from now on (SSL_use_certificate). */
    public void useCredentials(CredentialSet credentials) {
        config = config.withCredentials(credentials);
    }

    /**
     * The server asked for our certificate: OpenSSL's tls_prepare_client_certificate. The cert
     * callback first (its FAIL is internal_error); then, without credentials of our own, the
     * client-cert callback, whose certificate becomes ours or whose "none" sends an empty
     * Certificate.
     *
     * @return false when a callback asked to be called again (WANT_X509_LOOKUP); asking again
     *     resumes at that callback
     */
    boolean clientCertificateReady() throws IOException {
        if (clientCertificate == ClientCertificate.CERT_CALLBACK) {
            CertCallback.Result r = callbacks.certificate();
            if (r == CertCallback.Result.FAIL) {
                throw new TlsFatalAlert(AlertDescription.internal_error, "callback failed");
            }
            if (r == CertCallback.Result.RETRY) {
                return false;
            }
            clientCertificate =
                    !config.credentials().isEmpty()
                            ? ClientCertificate.CHOSEN
                            : ClientCertificate.CLIENT_CERT_CALLBACK;
        }
        if (clientCertificate == ClientCertificate.CLIENT_CERT_CALLBACK) {
            ClientCertCallback.Answer a = callbacks.clientCertificate();
            if (a.isRetry()) {
                return false;
            }
            OwnCredentials answered = null;
            if (a.chain() != null) {
                try {
                    answered = new OwnCredentials(a.chain(), a.key());
                } catch (IllegalArgumentException e) {
                    // as OpenSSL when SSL_use_PrivateKey refuses the callback's key: no certificate
                    sendNoCertificate = true;
                }
            } else {
                sendNoCertificate = true;
            }
            if (answered != null) {
                useCredentials(config.credentials().with(answered));
            }
            clientCertificate = ClientCertificate.CHOSEN;
        }
        return true;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return config.versions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return PeerSupport.supportedSuites(getCrypto(), config.cipherSuites());
    }

    @Override
    protected Vector getSupportedGroups(Vector namedGroupRoles) {
        if (config.groups() == null) {
            return super.getSupportedGroups(namedGroupRoles);
        }
        Vector<Integer> v = new Vector<>();
        TlsUtils.addIfSupported(v, getCrypto(), config.groups());
        return v;
    }

    /**
     * The TLS 1.3 key share goes to the first of our groups usable in TLS 1.3, as OpenSSL's
     * tls_construct_ctos_key_share chooses (bctls would prefer x25519, then P-256, wherever they
     * are in the list).
     */
    @Override
    public Vector getEarlyKeyShareGroups() {
        if (supportedGroups == null) {
            return null;
        }
        for (Object g : supportedGroups) {
            if (NamedGroup.canBeNegotiated((Integer) g, ProtocolVersion.TLSv13)) {
                return TlsUtils.vectorOfOne(g);
            }
        }
        return null;
    }

    @Override
    protected Vector getSNIServerNames() {
        if (config.sniName() == null) {
            return null;
        }
        Vector<ServerName> v = new Vector<>();
        v.add(new ServerName(NameType.host_name, PeerSupport.ascii(config.sniName())));
        return v;
    }

    @Override
    protected org.bouncycastle.tls.CertificateStatusRequest getCertificateStatusRequest() {
        return config.ocsp().request() ? OcspStapling.request() : null;
    }

    @Override
    protected Vector getProtocolNames() {
        return PeerSupport.protocolNames(config.alpn());
    }

    @Override
    public int getMaxHandshakeMessageSize() {
        return config.maxHandshakeMessageSize();
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate)
                    throws IOException {
                List<X509Certificate> chain =
                        PeerSupport.toX509(serverCertificate.getCertificate());
                listener.peerCertificates(chain);
                if (sessions != null) {
                    sessions.peerChainParsed(serverCertificate.getCertificate(), chain);
                }
                if (config.ocsp().request()) {
                    listener.ocspResponse(OcspStapling.received(context, serverCertificate));
                }
                if (config.verifier() != null) {
                    PeerSupport.verify(
                            config.verifier(),
                            chain,
                            config.hostName(),
                            listener,
                            config.enforceVerify());
                }
            }

            /**
             * The certificate OpenSSL's client would send ({@code tls_choose_sigalg} without fatal
             * errors): in TLS 1.3 the first of the server's schemes one of ours can sign with, in
             * TLS 1.2 the current (last added) one if the server offers a scheme for it; else none.
             */
            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request)
                    throws IOException {
                if (sendNoCertificate) {
                    return null;
                }
                SigAlgChooser.Choice c =
                        SigAlgChooser.chooseClient(
                                config.credentials(),
                                TlsUtils.isTLSv13(context),
                                request.getSupportedSignatureAlgorithms(),
                                request.getSupportedSignatureAlgorithmsCert());
                return c == null ? null : c.credentials().signer(context, getCrypto(), c.scheme());
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        listener.handshakeComplete();
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        listener.alertRaised(level, description, message, cause);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        listener.alertReceived(level, description);
    }

    // ------------------------------------------------------------------ sessions

    private ClientSessions sessions;
    private org.bouncycastle.tls.crypto.TlsCrypto sessionCrypto;

    /**
     * Session resumption for this connection (SSL_set_session, tickets); call before the handshake.
     */
    public void useSessions(ClientSessions s) {
        this.sessions = s;
        this.sessionCrypto = ResumptionCrypto.wrap(super.getCrypto());
    }

    /** The connection's sessions, or null without resumption. */
    ClientSessions sessions() {
        return sessions;
    }

    /**
     * With sessions, a crypto that can carry TLS 1.3 resumption PSKs ({@link ResumptionCrypto}).
     */
    @Override
    public org.bouncycastle.tls.crypto.TlsCrypto getCrypto() {
        return sessionCrypto != null ? sessionCrypto : super.getCrypto();
    }

    @Override
    public org.bouncycastle.tls.TlsSession getSessionToResume() {
        if (sessions == null) {
            return null;
        }
        try {
            return sessions.sessionToResume(getCrypto(), config.versions());
        } catch (IOException e) {
            // a session whose certificate bctls cannot take back is not offered
            return null;
        }
    }

    @Override
    public Vector getExternalPSKs() {
        return sessions == null ? null : sessions.externalPsks(getCrypto(), getCipherSuites());
    }

    @Override
    @SuppressWarnings("unchecked")
    public java.util.Hashtable getClientExtensions() throws IOException {
        java.util.Hashtable ext = super.getClientExtensions();
        if (sessions != null) {
            if (ext == null) {
                ext = new java.util.Hashtable();
            }
            sessions.clientExtensions(ext, config.versions());
        }
        return ext;
    }

    @Override
    public void notifySelectedPSK(org.bouncycastle.tls.TlsPSK selectedPSK) throws IOException {
        super.notifySelectedPSK(selectedPSK);
        if (sessions != null) {
            sessions.selectedPsk(selectedPSK);
        }
    }

    @Override
    public void notifySessionID(byte[] sessionID) {
        super.notifySessionID(sessionID);
        if (sessions != null) {
            sessions.serverSessionId(sessionID);
        }
    }

    @Override
    public void notifyNewSessionTicket(org.bouncycastle.tls.NewSessionTicket newSessionTicket)
            throws IOException {
        super.notifyNewSessionTicket(newSessionTicket);
        if (sessions != null) {
            sessions.ticket12(newSessionTicket);
        }
    }
}
