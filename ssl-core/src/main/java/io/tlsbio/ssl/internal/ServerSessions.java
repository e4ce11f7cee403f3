package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import java.util.function.IntSupplier;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.NewSessionTicket;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.PskKeyExchangeMode;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsSecret;

/**
 * A server connection's sessions, as OpenSSL 3.0's server handles them (ssl_sess.c,
 * ssl_get_prev_session; statem_srvr.c, tls_construct_new_session_ticket).
 *
 * <p>TLS 1.2: a ClientHello's ticket is opened with the context's {@link TicketKeys} (one that does
 * not open means a full handshake and no cache lookup, as OpenSSL's SSL_TICKET_NO_DECRYPT); without
 * one its session id is looked up in the {@link SessionCache}. A session that expired, or whose
 * suite the client no longer offers, is not resumed. A full handshake gets a 32-byte session id
 * when the cache is on (and is stored there), and a ticket when the client asked for one.
 *
 * <p>TLS 1.3: after the handshake the server sends {@code numTickets} NewSessionTickets (one after
 * a resumption), each with its own nonce, age_add and PSK; with tickets on each carries its session
 * sealed with the ticket keys, with tickets off (and the cache on) it is a 32-byte id of a cached
 * session, OpenSSL's stateful tickets. A PSK identity is taken when it opens (or is found), has not
 * expired, and its suite's hash is that of the suite the handshake chooses; bctls then checks its
 * binder. bctls finds the identity only with an obfuscated_ticket_age of 0, so the identity it is
 * given is rewritten with age 0 (the age only matters for 0-RTT, which tlsbio does not do).
 */
public final class ServerSessions {

    private final SessionSettings settings;
    private final IntSupplier verifyCode;

    /** The TLS 1.3 transcript until the handshake completes, then null (nothing kept idle). */
    private Transcript transcript = new Transcript();

    /** The peer's chain the peer check parsed, and what from, until the handshake completes. */
    private org.bouncycastle.tls.Certificate parsedFrom;

    private List<X509Certificate> parsedChain;
    private SessionData resumed;
    private SessionData current;
    private boolean reused;
    private boolean ticketRequested;
    private long nonce;

    /**
     * @param settings the context's session settings
     * @param verifyCode the X509_V code of the client check, once made
     */
    public ServerSessions(SessionSettings settings, IntSupplier verifyCode) {
        this.settings = settings;
        this.verifyCode = verifyCode;
    }

    /** The connection's session (for TLS 1.3 the last ticket's), or null before the handshake. */
    public SessionData current() {
        return current;
    }

    /**
     * Whether a session was resumed ({@code SSL_session_reused}), once the handshake is complete.
     */
    public boolean reused() {
        return reused;
    }

    // ------------------------------------------------------------------ TLS 1.2, from ServerPeer

    /** bctls's getNewSessionID: 32 random bytes with the cache on, else none (an empty id). */
    byte[] newSessionId() {
        return settings.serverCache() ? settings.randomBytes(SessionData.MAX_SESSION_ID) : null;
    }

    /**
     * bctls's getSessionToResume: the session a TLS 1.2 ClientHello names, if it can be resumed.
     */
    TlsSession sessionToResume(
            byte[] id, Hashtable<?, ?> clientExtensions, int[] offeredSuites, TlsCrypto crypto)
            throws IOException {
        resumed = null;
        byte[] ticket =
                clientExtensions == null
                        ? null
                        : TlsUtils.getExtensionData(
                                clientExtensions,
                                org.bouncycastle.util.Integers.valueOf(
                                        ExtensionType.session_ticket));
        ticketRequested = ticket != null && settings.tickets();
        long now = settings.now();
        SessionData s;
        if (ticketRequested && ticket.length > 0) {
            s = open(ticket, now);
        } else if (settings.serverCache() && id.length > 0) {
            s = settings.cache().lookup(id, now);
        } else {
            s = null;
        }
        if (s == null || s.tls13() || !contains(offeredSuites, s.cipherSuite())) {
            return null;
        }
        resumed = s.withSessionId(id);
        return SessionSupport.toBc(resumed, id, crypto);
    }

    /** The session a ticket of ours holds, if it has not expired. */
    private SessionData open(byte[] ticket, long now) {
        byte[] plain = settings.ticketKeys().open(ticket);
        if (plain == null) {
            return null;
        }
        SessionData s;
        try {
            s = SessionAsn1.decode(plain, now);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return s.expiredAt(now) ? null : s;
    }

    /**
     * An empty session_ticket extension in the ServerHello of a full handshake whose client asked.
     */
    void serverExtensions(Hashtable<Integer, byte[]> ext) {
        if (ticketRequested) {
            ext.put(ExtensionType.session_ticket, SessionSupport.EMPTY);
        }
    }

    /** bctls's getNewSessionTicket: the TLS 1.2 ticket, its lifetime hint the session timeout. */
    NewSessionTicket ticket12(TlsContext context, String hostName) throws IOException {
        SessionData s =
                SessionSupport.fromParameters(
                        context.getSecurityParametersHandshake(),
                        context.getCrypto(),
                        SessionSupport.EMPTY,
                        settings.now(),
                        settings.timeout(),
                        verifyCode.getAsInt(),
                        hostName,
                        SessionSupport.peerChain(
                                context.getSecurityParametersHandshake().getPeerCertificate(),
                                parsedFrom,
                                parsedChain));
        return new NewSessionTicket(
                settings.timeout(),
                settings.ticketKeys().seal(SessionAsn1.encode(s), settings.random()));
    }

    // ------------------------------------------------------------------ TLS 1.3, from ServerPeer

    /**
     * bctls's getExternalPSK: the first identity that is a live TLS 1.3 session of ours whose suite
     * has the hash of {@code chosenSuite}; the identity is rewritten with age 0 for bctls.
     */
    TlsPSKExternal externalPsk(Vector<?> identities, int chosenSuite, TlsCrypto crypto) {
        resumed = null;
        if (!(crypto instanceof ResumptionCrypto rc) || Tls13Tickets.prf(chosenSuite) < 0) {
            return null;
        }
        long now = settings.now();
        for (int i = 0; i < identities.size(); i++) {
            PskIdentity id = (PskIdentity) identities.get(i);
            byte[] identity = id.getIdentity();
            SessionData s =
                    settings.tickets()
                            ? open(identity, now)
                            : settings.serverCache()
                                    ? settings.cache().lookup(identity, now)
                                    : null;
            if (s == null
                    || !s.tls13()
                    || Tls13Tickets.prf(s.cipherSuite()) != Tls13Tickets.prf(chosenSuite)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Vector<Object> v = (Vector<Object>) identities;
            v.set(i, new PskIdentity(identity, 0L));
            resumed = s;
            return new BasicTlsPSKExternal(
                    identity, rc.resumptionPsk(s.masterKey()), Tls13Tickets.prf(s.cipherSuite()));
        }
        return null;
    }

    // ------------------------------------------------------------------ from BcServerProtocol

    /**
     * The client's certificate chain as the peer check parsed it, for the session not to parse it
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
     * The handshake is completing (its secrets still there): the session is the resumed one or a
     * new one (stored in the cache for TLS 1.2); for TLS 1.3 the NewSessionTicket messages to send
     * now.
     *
     * @param pskSelected whether bctls used the PSK {@link #externalPsk} gave it
     */
    List<byte[]> handshakeComplete(
            TlsContext context,
            Hashtable<?, ?> clientExtensions,
            boolean pskSelected,
            EngineListener listener)
            throws IOException {
        SecurityParameters sp = context.getSecurityParametersHandshake();
        boolean tls13 = TlsUtils.isTLSv13(sp.getNegotiatedVersion());
        byte[] hash =
                tls13 && transcript != null && transcript.open()
                        ? transcript.hash(sp.getPRFCryptoHashAlgorithm())
                        : null;
        transcript = null;
        org.bouncycastle.tls.Certificate chainFrom = parsedFrom;
        List<X509Certificate> chain = parsedChain;
        parsedFrom = null;
        parsedChain = null;
        long now = settings.now();
        String host = SessionSupport.hostName(sp.getClientServerNames());
        boolean wasResumed = resumed != null && (tls13 ? pskSelected : sp.isResumedSession());
        reused = wasResumed;
        if (wasResumed) {
            current = resumed;
            settings.cache().hit();
            listener.peerCertificates(resumed.peerChain());
            listener.verified(SessionSupport.verifyResult(resumed.verifyResult()));
        } else {
            resumed = null;
            byte[] id = tls13 ? SessionSupport.EMPTY : sp.getSessionID();
            current =
                    SessionSupport.fromParameters(
                            sp,
                            context.getCrypto(),
                            id,
                            now,
                            settings.timeout(),
                            verifyCode.getAsInt(),
                            host,
                            SessionSupport.peerChain(sp.getPeerCertificate(), chainFrom, chain));
            if (!tls13 && settings.serverCache() && id.length > 0) {
                settings.cache().add(current, now);
            }
        }
        if (!tls13
                || hash == null
                || !(context.getCrypto() instanceof ResumptionCrypto)
                || !offersPskDheKe(clientExtensions)) {
            // no ticket this server could not take back
            return List.of();
        }
        return tickets13(
                sp,
                hash,
                wasResumed ? Math.min(1, settings.numTickets()) : settings.numTickets(),
                now);
    }

    /** OpenSSL's NewSessionTickets after a TLS 1.3 handshake. */
    private List<byte[]> tickets13(
            SecurityParameters sp, byte[] transcriptHash, int count, long now) throws IOException {
        if (count == 0 || (!settings.tickets() && !settings.serverCache())) {
            return List.of();
        }
        TlsSecret resumptionMaster = Tls13Tickets.resumptionMasterSecret(sp, transcriptHash);
        long lifetime = Math.min(settings.timeout(), Tls13Tickets.MAX_LIFETIME);
        List<byte[]> out = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                byte[] n = new byte[Tls13Tickets.NONCE_SIZE];
                long v = nonce++;
                for (int j = n.length - 1; j >= 0; j--, v >>>= 8) {
                    n[j] = (byte) v;
                }
                long ageAdd = (long) settings.random().nextInt() & 0xffffffffL;
                byte[] psk = Tls13Tickets.psk(resumptionMaster, sp.getPRFCryptoHashAlgorithm(), n);
                SessionData s = current.forTicket13(psk, now, lifetime, null, ageAdd);
                byte[] ticket;
                if (settings.tickets()) {
                    ticket =
                            settings.ticketKeys()
                                    .seal(
                                            SessionAsn1.encode(
                                                    s.withSessionId(SessionSupport.EMPTY)),
                                            settings.random());
                } else {
                    ticket = settings.randomBytes(SessionData.MAX_SESSION_ID);
                    settings.cache().add(s.withSessionId(ticket), now);
                }
                current = s;
                out.add(new Tls13Tickets.Ticket(lifetime, ageAdd, n, ticket).encode());
            }
        } finally {
            resumptionMaster.destroy();
        }
        return out;
    }

    /**
     * RFC 8446 4.2.9: tickets only for a client that can use them (psk_dhe_ke, the one mode bctls
     * takes).
     */
    private static boolean offersPskDheKe(Hashtable<?, ?> clientExtensions) throws IOException {
        short[] modes =
                clientExtensions == null
                        ? null
                        : TlsExtensionsUtils.getPSKKeyExchangeModesExtension(clientExtensions);
        if (modes == null) {
            return false;
        }
        for (short m : modes) {
            if (m == PskKeyExchangeMode.psk_dhe_ke) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(int[] a, int v) {
        if (a == null) {
            return false;
        }
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
