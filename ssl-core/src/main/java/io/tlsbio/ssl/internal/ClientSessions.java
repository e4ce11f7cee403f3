package io.tlsbio.ssl.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.NewSessionTicket;
import org.bouncycastle.tls.OfferedPsks;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.PskKeyExchangeMode;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsPSK;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsSecret;

/**
 * A client connection's sessions, as OpenSSL's client keeps them: the one it offers ({@code
 * SSL_set_session}) and the one it has ({@code SSL_get1_session}).
 *
 * <p>TLS 1.2: the offered session goes out as a session id (bctls's own resumption) and, when it
 * came with a ticket, in the session_ticket extension under the SHA-256 of the ticket, as OpenSSL
 * names it; an empty session_ticket extension asks for a ticket. TLS 1.3: the offered session's
 * ticket goes out as a PSK identity with its obfuscated ticket age, its PSK and "res binder" binder
 * ({@link ResumptionCrypto}); each NewSessionTicket that arrives makes a new session, its PSK
 * derived from the resumption_master_secret ({@link Tls13Tickets}), which tlsbio computes from its
 * own {@link Transcript} since bctls derives none.
 */
public final class ClientSessions {

    private final SessionSettings settings;
    private final SessionData offered;
    private final String hostName;
    private final IntSupplier verifyCode;
    private final Consumer<SessionData> newSession;

    /** The TLS 1.3 transcript until the handshake completes, then null (nothing kept idle). */
    private Transcript transcript = new Transcript();

    /** The peer's chain the peer check parsed, and what from, until the handshake completes. */
    private org.bouncycastle.tls.Certificate parsedFrom;

    private List<X509Certificate> parsedChain;
    private TlsPSK offeredPsk;
    private boolean pskSelected;
    private byte[] serverSessionId = SessionSupport.EMPTY;
    private NewSessionTicket ticket12;
    private SessionData current;

    /** Whether {@link #current} still lacks the result of the server check. */
    private boolean verifyCodePending;

    private TlsSecret resumptionMaster;
    private int prfHash;

    /**
     * @param settings the context's session settings
     * @param offered the session to offer, or null
     * @param hostName the SNI sent, or null
     * @param verifyCode the X509_V code of the server check, once made
     * @param newSession told of each new resumable session
     */
    public ClientSessions(
            SessionSettings settings,
            SessionData offered,
            String hostName,
            IntSupplier verifyCode,
            Consumer<SessionData> newSession) {
        this.settings = settings;
        this.offered = offered;
        this.hostName = hostName;
        this.verifyCode = verifyCode;
        this.newSession = newSession;
    }

    /** Destroys the resumption secret: no ticket can be taken any more ({@code SSL_free}). */
    public void free() {
        if (resumptionMaster != null) {
            resumptionMaster.destroy();
            resumptionMaster = null;
        }
        transcript = null;
    }

    /** The session of the connection, or null before the handshake made one. */
    public SessionData current() {
        if (verifyCodePending) {
            // the server check may run late (not enforced, no callback): its result is taken when
            // first needed
            verifyCodePending = false;
            current = current.withVerifyResult(verifyCode.getAsInt());
        }
        return current;
    }

    /** {@code SSL_session_reused}, as far as tlsbio knows it: a TLS 1.3 PSK the server took. */
    public boolean pskSelected() {
        return pskSelected;
    }

    // ------------------------------------------------------------------ from ClientPeer

    /** bctls's getSessionToResume: the offered TLS 1.2 session, or null. */
    TlsSession sessionToResume(TlsCrypto crypto, ProtocolVersion[] versions) throws IOException {
        if (offered == null
                || offered.tls13()
                || !offered.resumable()
                || !ProtocolVersion.contains(versions, ProtocolVersion.TLSv12)) {
            return null;
        }
        // OpenSSL's client offers an expired TLS 1.2 session too; the server refuses it
        byte[] id =
                offered.ticket() != null
                        ? SessionSupport.sha256(offered.ticket())
                        : offered.sessionId();
        return SessionSupport.toBc(offered, id, crypto);
    }

    /**
     * The extensions OpenSSL's client adds: session_ticket (the offered TLS 1.2 ticket, else empty
     * to ask for one) unless tickets are off, and psk_key_exchange_modes (psk_dhe_ke) when TLS 1.3
     * is offered, so that a server sends tickets.
     */
    void clientExtensions(Hashtable<Integer, byte[]> ext, ProtocolVersion[] versions)
            throws IOException {
        if (settings.tickets() && ProtocolVersion.contains(versions, ProtocolVersion.TLSv12)) {
            byte[] t =
                    offered != null && !offered.tls13() && offered.ticket() != null
                            ? offered.ticket()
                            : SessionSupport.EMPTY;
            ext.put(ExtensionType.session_ticket, t.clone());
        }
        if (ProtocolVersion.contains(versions, ProtocolVersion.TLSv13)) {
            TlsExtensionsUtils.addPSKKeyExchangeModesExtension(
                    ext, new short[] {PskKeyExchangeMode.psk_dhe_ke});
        }
    }

    /**
     * bctls's getExternalPSKs: the offered TLS 1.3 session's ticket, unless it is too old for its
     * lifetime hint (OpenSSL's test) or no offered suite has its hash.
     */
    @SuppressWarnings("JdkObsolete") // bctls's API takes a Vector
    Vector<TlsPSK> externalPsks(TlsCrypto crypto, int[] suites) {
        if (offered == null
                || !offered.tls13()
                || offered.ticket() == null
                || !(crypto instanceof ResumptionCrypto rc)) {
            return null;
        }
        int prf = Tls13Tickets.prf(offered.cipherSuite());
        boolean usable = false;
        for (int s : suites) {
            usable |= prf >= 0 && Tls13Tickets.prf(s) == prf;
        }
        if (!usable || offered.ticketLifetimeHint() < ageSeconds()) {
            return null;
        }
        offeredPsk =
                new BasicTlsPSKExternal(
                        offered.ticket(), rc.resumptionPsk(offered.masterKey()), prf);
        Vector<TlsPSK> v = new Vector<>();
        v.add(offeredPsk);
        return v;
    }

    /** The server took our PSK (non-null) or not: bctls's notifySelectedPSK. */
    void selectedPsk(TlsPSK psk) {
        pskSelected = psk != null && psk == offeredPsk;
    }

    /** The session id of the ServerHello. */
    void serverSessionId(byte[] id) {
        serverSessionId = id == null ? SessionSupport.EMPTY : id.clone();
    }

    /** A TLS 1.2 NewSessionTicket. */
    void ticket12(NewSessionTicket t) {
        ticket12 = t;
    }

    // ------------------------------------------------------------------ from BcClientProtocol

    /**
     * The server's certificate chain as the peer check parsed it, for the session not to parse it
     * again.
     */
    void peerChainParsed(org.bouncycastle.tls.Certificate chain, List<X509Certificate> x509) {
        parsedFrom = chain;
        parsedChain = x509;
    }

    /** Handshake bytes sent or received, in order (the TLS 1.3 transcript). */
    void handshakeBytes(byte[] b, int off, int len) {
        if (transcript != null) {
            transcript.add(b, off, len);
        }
    }

    /**
     * Gives the offered PSK its obfuscated_ticket_age (bctls sends 0), OpenSSL's way: the age in
     * whole seconds less one, in milliseconds, plus the ticket's age_add.
     */
    @SuppressWarnings("JdkObsolete") // bctls's API takes a Vector
    void obfuscateTicketAge(Hashtable<Integer, byte[]> clientExtensions) throws IOException {
        if (offeredPsk == null
                || clientExtensions == null
                || TlsUtils.getExtensionData(
                                clientExtensions, TlsExtensionsUtils.EXT_pre_shared_key)
                        == null) {
            return;
        }
        long age = ageSeconds();
        long obfuscated = ((age > 0 ? age - 1 : 0) * 1000 + offered.ticketAgeAdd()) & 0xffffffffL;
        Vector<PskIdentity> ids = new Vector<>();
        ids.add(new PskIdentity(offered.ticket(), obfuscated));
        TlsExtensionsUtils.addPreSharedKeyClientHello(clientExtensions, new OfferedPsks(ids));
    }

    private long ageSeconds() {
        return Math.max(0, settings.now() - offered.time());
    }

    /**
     * The handshake is completing (its secrets still there): the connection's session, and for TLS
     * 1.3 the resumption secret.
     */
    void handshakeComplete(TlsContext context, EngineListener listener) throws IOException {
        SecurityParameters sp = context.getSecurityParametersHandshake();
        boolean tls13 = TlsUtils.isTLSv13(sp.getNegotiatedVersion());
        boolean resumed12 = sp.isResumedSession();
        if (tls13
                && transcript != null
                && transcript.open()
                && context.getCrypto() instanceof ResumptionCrypto) {
            resumptionMaster =
                    Tls13Tickets.resumptionMasterSecret(
                            sp, transcript.hash(sp.getPRFCryptoHashAlgorithm()));
            prfHash = sp.getPRFCryptoHashAlgorithm();
        }
        transcript = null;
        org.bouncycastle.tls.Certificate chainFrom = parsedFrom;
        List<X509Certificate> chain = parsedChain;
        parsedFrom = null;
        parsedChain = null;
        if ((tls13 && pskSelected) || (!tls13 && resumed12)) {
            // a resumption carries no certificate: the session's are the connection's, as in
            // OpenSSL
            current = offered;
            listener.peerCertificates(offered.peerChain());
            listener.verified(SessionSupport.verifyResult(offered.verifyResult()));
            return;
        }
        long now = settings.now();
        if (tls13) {
            current =
                    SessionSupport.fromParameters(
                            sp,
                            context.getCrypto(),
                            SessionSupport.EMPTY,
                            now,
                            settings.timeout(),
                            0,
                            hostName,
                            SessionSupport.peerChain(sp.getPeerCertificate(), chainFrom, chain));
            verifyCodePending = true;
            return;
        }
        byte[] id =
                ticket12 != null ? SessionSupport.sha256(ticket12.getTicket()) : serverSessionId;
        SessionData s =
                SessionSupport.fromParameters(
                        sp,
                        context.getCrypto(),
                        id,
                        now,
                        settings.timeout(),
                        verifyCode.getAsInt(),
                        hostName,
                        SessionSupport.peerChain(sp.getPeerCertificate(), chainFrom, chain));
        if (ticket12 != null && ticket12.getTicket().length > 0) {
            s = s.withTicket(ticket12.getTicket(), ticket12.getTicketLifetimeHint(), 0);
        }
        current = s;
        if (s.resumable()) {
            newSession.accept(s);
        }
    }

    /**
     * A TLS 1.3 NewSessionTicket: a new session with the ticket's PSK, lifetime (at most a week)
     * and age_add, named by the SHA-256 of the ticket as OpenSSL names it.
     */
    void ticket13(ByteArrayInputStream body) throws IOException {
        Tls13Tickets.Ticket t = Tls13Tickets.Ticket.parse(body);
        if (resumptionMaster == null || current() == null) {
            return;
        }
        byte[] psk = Tls13Tickets.psk(resumptionMaster, prfHash, t.nonce());
        long lifetime = Math.min(t.lifetime(), Tls13Tickets.MAX_LIFETIME);
        SessionData s =
                current()
                        .forTicket13(psk, settings.now(), lifetime, t.ticket(), t.ageAdd())
                        .withSessionId(SessionSupport.sha256(t.ticket()));
        current = s;
        newSession.accept(s);
    }
}
