package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.CertCallback;
import io.tlsbio.ssl.ServerNameCallback;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;

/**
 * The bctls server peer configured from a context: our chain, suites matching our key, client-cert
 * policy.
 */
@SuppressWarnings({
    "rawtypes",
    "unchecked"
}) // bctls's TlsServer API takes and returns raw Vector and Hashtable
public final class ServerPeer extends DefaultTlsServer {

    private PeerConfig config;
    private final EngineListener listener;
    private final CertificateCallbacks callbacks;
    private int[] clientShareGroups;
    private boolean acknowledgeServerName;

    /**
     * {@link #getSupportedCipherSuites} for the config and crypto it was computed with: asked
     * several times per handshake.
     */
    private int[] suites;

    private PeerConfig suitesFor;
    private org.bouncycastle.tls.crypto.TlsCrypto suitesCrypto;

    /** Our certificate and scheme for this handshake, chosen with the suite. */
    private SigAlgChooser.Choice chosen;

    public ServerPeer(PeerConfig config, EngineListener listener) {
        this(config, listener, CertificateCallbacks.NONE);
    }

    public ServerPeer(PeerConfig config, EngineListener listener, CertificateCallbacks callbacks) {
        super(config.crypto());
        this.config = config;
        this.listener = listener;
        this.callbacks = callbacks;
    }

    /**
     * A ClientHello naming {@code name} (null without SNI) arrived: runs the servername callback
     * (OpenSSL's final_server_name). OK acknowledges a name sent; ALERT_FATAL fails with
     * unrecognized_name.
     *
     * @return the callback's answer (the caller sends the warning for ALERT_WARNING)
     */
    ServerNameCallback.Result onServerName(String name) throws IOException {
        ServerNameCallback.Result r = callbacks.serverName(name);
        acknowledgeServerName = r == ServerNameCallback.Result.OK && name != null;
        if (r == ServerNameCallback.Result.ALERT_FATAL) {
            throw new TlsFatalAlert(AlertDescription.unrecognized_name, "callback failed");
        }
        return r;
    }

    /** Runs the cert callback; FAIL is internal_error as OpenSSL's SSL_R_CERT_CB_ERROR. */
    boolean certificateReady() throws IOException {
        CertCallback.Result r = callbacks.certificate();
        if (r == CertCallback.Result.FAIL) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "cert cb error");
        }
        return r == CertCallback.Result.OK;
    }

    /** The connection's own certificates from now on (SSL_use_certificate, SSL_set_SSL_CTX). */
    public void useCredentials(CredentialSet credentials) {
        config = config.withCredentials(credentials);
    }

    /**
     * status_request is answered only with a response to staple, as OpenSSL's status callback
     * decides.
     */
    @Override
    protected boolean allowCertificateStatus() {
        return config.ocsp().response() != null;
    }

    /** The stapled response of TLS 1.2 (a CertificateStatus message). */
    @Override
    public org.bouncycastle.tls.CertificateStatus getCertificateStatus() {
        return certificateStatusRequest != null && config.ocsp().response() != null
                ? OcspStapling.status(config.ocsp().response())
                : null;
    }

    /** The DER response to put in a TLS 1.3 Certificate, or null: only when the client asked. */
    byte[] stapledResponse13() {
        return certificateStatusRequest != null ? config.ocsp().response() : null;
    }

    /**
     * The peer check from now on (SSL_set_SSL_CTX: the new context's trust store); none stays none.
     */
    public void useVerifier(PeerVerifier verifier) {
        if (config.verifier() != null) {
            config = config.withVerifier(verifier);
        }
    }

    /** The suites as of now: the servername or cert callback may have changed our certificates. */
    @Override
    public int[] getCipherSuites() {
        return getSupportedCipherSuites();
    }

    /** An empty server_name extension when the servername callback accepted the client's name. */
    @Override
    public java.util.Hashtable getServerExtensions() throws IOException {
        java.util.Hashtable ext = super.getServerExtensions();
        if (acknowledgeServerName && !context.getSecurityParametersHandshake().isResumedSession()) {
            if (ext == null) {
                ext = new java.util.Hashtable();
            }
            org.bouncycastle.tls.TlsExtensionsUtils.addServerNameExtensionServer(ext);
        }
        if (sessions != null && ext != null) {
            sessions.serverExtensions(ext);
        }
        return ext;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return config.versions();
    }

    /**
     * The highest version both sides support, whatever the order of the client's supported_versions
     * (OpenSSL's ssl_choose_server_version; bctls takes the client's first).
     */
    @Override
    public ProtocolVersion getServerVersion() throws IOException {
        ProtocolVersion[] client = context.getClientSupportedVersions();
        for (ProtocolVersion ours : config.versions()) {
            if (ProtocolVersion.contains(client, ours)) {
                return ours;
            }
        }
        throw new TlsFatalAlert(AlertDescription.protocol_version);
    }

    /**
     * No curve for a client that lists no supported_groups: OpenSSL 3.0 then chooses no ECDHE suite
     * (bctls would assume any curve).
     */
    @Override
    protected int getMaximumNegotiableCurveBits() {
        return context.getSecurityParametersHandshake().getClientSupportedGroups() == null
                ? 0
                : super.getMaximumNegotiableCurveBits();
    }

    /**
     * A TLS 1.2 client without RFC 5746 renegotiation indication is served, as OpenSSL serves it
     * (bctls refuses it); renegotiation itself is refused anyway.
     */
    @Override
    public void notifySecureRenegotiation(boolean secureRenegotiation) {
        // accepted either way
    }

    /**
     * TLS 1.3 suites plus the TLS 1.2 suites one of our certificates can authenticate (aRSA,
     * aECDSA).
     */
    @Override
    @SuppressWarnings("ReferenceEquality") // a cache keyed on these very objects, not on equal ones
    protected int[] getSupportedCipherSuites() {
        if (suitesFor != config || suitesCrypto != getCrypto()) {
            int[] all = PeerSupport.supportedSuites(getCrypto(), config.cipherSuites());
            int n = 0;
            for (int s : all) {
                if (SigAlgChooser.hasSlotFor(config.credentials(), s)) {
                    all[n++] = s;
                }
            }
            suites = java.util.Arrays.copyOf(all, n);
            suitesFor = config;
            suitesCrypto = getCrypto();
        }
        return suites.clone();
    }

    /**
     * Whether a TLS 1.2 suite can be chosen for this client: bctls's version and group checks, and
     * instead of its signature check OpenSSL's ({@code ssl_set_masks}): an aRSA suite needs only
     * our RSA certificate, so that a client listing it first without an RSA scheme fails as OpenSSL
     * fails it ("no suitable signature algorithm", not another suite).
     */
    @Override
    protected boolean isSelectableCipherSuite(
            int cipherSuite, int availCurveBits, int availFiniteFieldBits, Vector sigAlgs) {
        SecurityParameters sp = context.getSecurityParametersHandshake();
        return TlsUtils.isValidVersionForCipherSuite(cipherSuite, context.getServerVersion())
                && availCurveBits
                        >= org.bouncycastle.tls.TlsECCUtils.getMinimumCurveBits(cipherSuite)
                && availFiniteFieldBits
                        >= org.bouncycastle.tls.TlsDHUtils.getMinimumFiniteFieldBits(cipherSuite)
                && SigAlgChooser.canAuthenticate(
                        config.credentials(),
                        cipherSuite,
                        sp.getClientSigAlgs(),
                        sp.getClientSupportedGroups());
    }

    /**
     * Chooses our certificate and signature scheme as soon as the suite is known, before the
     * ServerHello: a handshake with none fails there with handshake_failure, as OpenSSL's {@code
     * tls_choose_sigalg} does in {@code tls_post_process_client_hello}.
     */
    @Override
    protected boolean selectCipherSuite(int cipherSuite) throws IOException {
        chosen = null;
        if (!KeyExchangeAlgorithm.isAnonymous(TlsUtils.getKeyExchangeAlgorithm(cipherSuite))) {
            chosen = choose(cipherSuite);
        }
        return super.selectCipherSuite(cipherSuite);
    }

    @SuppressWarnings(
            "ReferenceEquality") // bctls passes the same Vector for both when the client sent one
    private SigAlgChooser.Choice choose(int cipherSuite) throws IOException {
        SecurityParameters sp = context.getSecurityParametersHandshake();
        if (config.credentials().isEmpty()) {
            throw new TlsFatalAlert(
                    AlertDescription.handshake_failure, "server has no certificate");
        }
        Vector<?> sigAlgs = sp.getClientSigAlgs();
        // bctls fills signature_algorithms_cert with signature_algorithms when the client sent none
        Vector<?> sigAlgsCert =
                sp.getClientSigAlgsCert() == sigAlgs ? null : sp.getClientSigAlgsCert();
        return SigAlgChooser.chooseServer(
                config.credentials(),
                TlsUtils.isTLSv13(sp.getNegotiatedVersion()),
                cipherSuite,
                sigAlgs,
                sigAlgsCert,
                sp.getClientSupportedGroups());
    }

    /**
     * Our groups; after a TLS 1.3 ClientHello with key shares, those of the client's shares we
     * support come first, in the client's order, and the choice goes by this order: OpenSSL takes
     * the client's first usable share, and asks a HelloRetryRequest for its own first group.
     */
    @Override
    public int[] getSupportedGroups() throws IOException {
        int[] ours = config.groups() == null ? super.getSupportedGroups() : config.groups().clone();
        if (clientShareGroups == null) {
            return ours;
        }
        java.util.LinkedHashSet<Integer> ordered = new java.util.LinkedHashSet<>();
        for (int g : clientShareGroups) {
            if (ClientHelloChecks.contains(ours, g)) {
                ordered.add(g);
            }
        }
        for (int g : ours) {
            ordered.add(g);
        }
        return ordered.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public boolean preferLocalSupportedGroups() {
        return clientShareGroups != null;
    }

    /** The groups of the client's key shares, in its order (a TLS 1.3 ClientHello). */
    void clientKeyShares(java.util.List<ClientHelloView.KeyShare> shares) {
        clientShareGroups =
                shares == null
                        ? null
                        : shares.stream().mapToInt(ClientHelloView.KeyShare::group).toArray();
    }

    /** The schemes one of our keys can sign with in TLS 1.3 or 1.2, or null without a key. */
    int[] signatureSchemes(boolean tls13) {
        return config.credentials().isEmpty() ? null : config.credentials().schemes(tls13);
    }

    /** Whether TLS 1.3 is among our versions. */
    boolean allowsTls13() {
        return ProtocolVersion.contains(config.versions(), ProtocolVersion.TLSv13);
    }

    @Override
    protected Vector getProtocolNames() {
        return PeerSupport.protocolNames(config.alpn());
    }

    @Override
    public int getMaxHandshakeMessageSize() {
        return config.maxHandshakeMessageSize();
    }

    /**
     * The certificate {@link #selectCipherSuite} chose, as a signer (or for RSA key transport a
     * decryptor).
     */
    @Override
    public TlsCredentials getCredentials() throws IOException {
        SecurityParameters sp = context.getSecurityParametersHandshake();
        SigAlgChooser.Choice c = chosen != null ? chosen : choose(sp.getCipherSuite());
        if (TlsUtils.getKeyExchangeAlgorithm(sp.getCipherSuite()) == KeyExchangeAlgorithm.RSA) {
            // RSA key transport: the key decrypts the premaster secret instead of signing
            return c.credentials().decryptor(getCrypto());
        }
        return c.credentials().signer(context, getCrypto(), c.scheme());
    }

    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        if (!config.requestPeerCert()) {
            return null;
        }
        Vector<?> sigAlgs = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        if (TlsUtils.isTLSv13(context)) {
            return new CertificateRequest(TlsUtils.EMPTY_BYTES, sigAlgs, null, null);
        }
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, sigAlgs, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            if (config.requirePeerCert()) {
                listener.peerCertificateMissing();
                throw new TlsFatalAlert(
                        TlsUtils.isTLSv13(context)
                                ? AlertDescription.certificate_required
                                : AlertDescription.handshake_failure,
                        "peer did not return a certificate");
            }
            return;
        }
        List<X509Certificate> chain = PeerSupport.toX509(clientCertificate);
        listener.peerCertificates(chain);
        if (sessions != null) {
            sessions.peerChainParsed(clientCertificate, chain);
        }
        if (config.verifier() != null) {
            PeerSupport.verify(config.verifier(), chain, config.hostName(), listener, true);
        }
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        // the ClientHello's extensions are not looked at again: an idle connection does not keep
        // them
        clientExtensions = null;
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

    // ------------------------------------------------------------------ ALPN selection callback

    /** Asks the application's ALPN selection callback ({@code SSL_CTX_set_alpn_select_cb}). */
    public interface AlpnSelector {
        /** The callback's answer for the client's protocols, or null when there is no callback. */
        io.tlsbio.ssl.AlpnSelectCallback.Result select(List<String> clientProtocols);
    }

    private AlpnSelector alpnSelector;

    /**
     * The ALPN selection callback from now on; without one (or when it says there is none) the
     * fixed list decides.
     */
    public void alpnSelector(AlpnSelector selector) {
        this.alpnSelector = selector;
    }

    /**
     * OpenSSL's {@code tls_handle_alpn}: the callback's protocol, none for NOACK,
     * no_application_protocol for ALERT_FATAL. Without a callback, the fixed list as {@code
     * s_server -alpn} uses it: the first of ours the client offers, else no_application_protocol
     * (bctls's rule, and OpenSSL 3.0's s_server).
     */
    @Override
    protected org.bouncycastle.tls.ProtocolName selectProtocolName() throws IOException {
        io.tlsbio.ssl.AlpnSelectCallback.Result r = null;
        if (alpnSelector != null) {
            List<String> offered = new java.util.ArrayList<>();
            for (Object n : clientProtocolNames) {
                // a peer's bytes need not be UTF-8: decoded with replacement, never a failure
                offered.add(
                        new String(
                                ((org.bouncycastle.tls.ProtocolName) n).getBytes(),
                                java.nio.charset.StandardCharsets.UTF_8));
            }
            r = alpnSelector.select(List.copyOf(offered));
        }
        if (r == null) {
            return super.selectProtocolName();
        }
        if (r == io.tlsbio.ssl.AlpnSelectCallback.Result.ALERT_FATAL) {
            throw new TlsFatalAlert(
                    AlertDescription.no_application_protocol, "ALPN callback failed");
        }
        return r.protocol() == null
                ? null
                : org.bouncycastle.tls.ProtocolName.asUtf8Encoding(r.protocol());
    }

    // ------------------------------------------------------------------ sessions

    private ServerSessions sessions;
    private org.bouncycastle.tls.crypto.TlsCrypto sessionCrypto;

    /** Session resumption for this connection (cache, tickets); call before the handshake. */
    public void useSessions(ServerSessions s) {
        this.sessions = s;
        this.sessionCrypto = ResumptionCrypto.wrap(super.getCrypto());
    }

    /** The connection's sessions, or null without resumption. */
    ServerSessions sessions() {
        return sessions;
    }

    /** The extensions of the ClientHello (null before it arrived). */
    java.util.Hashtable<?, ?> clientExtensions() {
        return clientExtensions;
    }

    /**
     * With sessions, a crypto that can carry TLS 1.3 resumption PSKs ({@link ResumptionCrypto}).
     */
    @Override
    public org.bouncycastle.tls.crypto.TlsCrypto getCrypto() {
        return sessionCrypto != null ? sessionCrypto : super.getCrypto();
    }

    @Override
    public byte[] getNewSessionID() {
        return sessions == null ? null : sessions.newSessionId();
    }

    @Override
    public org.bouncycastle.tls.TlsSession getSessionToResume(byte[] sessionID) {
        if (sessions == null) {
            return null;
        }
        try {
            return sessions.sessionToResume(
                    sessionID, clientExtensions, offeredCipherSuites, getCrypto());
        } catch (IOException e) {
            // a session bctls cannot take back (its certificate) is not resumed
            return null;
        }
    }

    @Override
    public org.bouncycastle.tls.NewSessionTicket getNewSessionTicket() throws IOException {
        if (sessions == null) {
            return super.getNewSessionTicket();
        }
        return sessions.ticket12(
                context,
                SessionSupport.hostName(
                        context.getSecurityParametersHandshake().getClientServerNames()));
    }

    /**
     * A TLS 1.3 ClientHello's PSKs: the session of one of our tickets whose hash is that of the
     * suite this handshake will choose (the client's first TLS 1.3 suite we have, bctls's and
     * OpenSSL's order), as OpenSSL's server takes only such a session.
     */
    @Override
    public org.bouncycastle.tls.TlsPSKExternal getExternalPSK(Vector identities) {
        if (sessions == null || offeredCipherSuites == null) {
            return null;
        }
        int[] ours = getCipherSuites();
        int chosen = -1;
        for (int s : offeredCipherSuites) {
            if (Tls13Tickets.prf(s) >= 0 && ClientHelloChecks.contains(ours, s)) {
                chosen = s;
                break;
            }
        }
        return sessions.externalPsk(identities, chosen, getCrypto());
    }
}
