package io.tlsbio.ssl;

import io.tlsbio.ssl.internal.CipherNames;
import io.tlsbio.ssl.internal.CredentialSet;
import io.tlsbio.ssl.internal.OpenSslCipherList;
import io.tlsbio.ssl.internal.OwnCredentials;
import io.tlsbio.ssl.internal.PeerConfig;
import io.tlsbio.ssl.internal.PeerVerifier;
import io.tlsbio.ssl.internal.Pem;
import io.tlsbio.ssl.internal.VerifyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * Shared configuration for many connections: OpenSSL's {@code SSL_CTX}. Immutable and thread-safe;
 * build one with {@link #builder()} and make connections with {@link #newSsl()}.
 *
 * <p>Defaults: TLS 1.2 and 1.3; OpenSSL 3.0's default suites (TLS 1.3: AES-256-GCM, CHACHA20,
 * AES-128-GCM; TLS 1.2: the cipher string {@code DEFAULT}, 27 suites) and groups (x25519,
 * secp256r1, x448, secp521r1, secp384r1, ffdhe2048..ffdhe8192); security level 1; clients verify
 * the server's chain against the JDK's trust store ({@link VerifyMode#PEER}), servers ask for no
 * client certificate; {@link TlsCryptos#hybrid} crypto (bctls handshakes, JDK AES-GCM); the system
 * clock; no read-ahead; sessions as OpenSSL keeps them: a server cache of 20,480 sessions for 7,200
 * seconds, tickets on, two TLS 1.3 tickets after a full handshake (docs/sessions.md).
 *
 * <p>Limits: handshake messages up to {@link Builder#maxHandshakeMessageSize} (131,396 bytes by
 * default, OpenSSL's ClientHello limit), and within that OpenSSL's limits per message type
 * (certificate chains 102,400 bytes, its default max_cert_list). Buffered input needs no limit to
 * configure: a connection reads one record at a time, and only when the application asks for more,
 * so it holds at most one record of ciphertext (about 18 KiB; bctls rejects longer ones from the
 * header) and one record of plaintext (16 KiB).
 */
public final class SslContext {

    private final SslMethod method;
    private final ProtocolVersion[] versions;
    private final int[] cipherSuites;
    private final int[] tls13Suites;
    private final int[] tls12Suites;
    private final int securityLevel;
    private final int[] groups;
    private final CredentialSet credentials;
    private final Set<TrustAnchor> explicitAnchors;
    private final boolean jdkTrust;
    private final List<X509Certificate> untrusted;
    private final List<X509CRL> crls;
    private final CrlCheck crlCheck;
    private final int verifyDepth;
    private final VerifyCallback verifyCallback;
    private final Integer authLevel;
    private final CertificatePurpose verifyPurpose;
    private final boolean noServerName;
    private final VerifyMode verifyMode;
    private final String hostName;
    private final String serverName;
    private final List<String> alpn;
    private final AlpnSelectCallback alpnSelectCallback;
    private final KeyLogCallback keyLogCallback;
    private final SecureRandom random;
    private final Clock clock;
    private final TlsCrypto crypto;
    private final boolean readAhead;
    private final boolean ignoreUnexpectedEof;
    private final int maxHandshakeMessageSize;
    private final Set<SslMode> modes;
    private final boolean quietShutdown;
    private final ServerNameCallback serverNameCallback;
    private final boolean statusRequest;
    private final byte[] ocspResponse;
    private final CertCallback certCallback;
    private final ClientCertCallback clientCertCallback;
    private final io.tlsbio.ssl.internal.InternalBugs bugs;
    private final io.tlsbio.ssl.internal.SessionSettings sessions;
    private final SessionCacheMode sessionCacheMode;
    private final int sessionCacheSizeValue;
    private final NewSessionCallback newSessionCallback;
    private volatile Set<TrustAnchor> defaultAnchors;

    /**
     * The clock of a {@link Builder#deterministic} context unless one is given:
     * 2030-01-01T00:00:00Z.
     */
    public static final Clock DETERMINISTIC_CLOCK =
            Clock.fixed(java.time.Instant.parse("2030-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);

    /** OpenSSL's SSL_SESSION_CACHE_MAX_SIZE_DEFAULT: 1024 * 20 sessions. */
    public static final int DEFAULT_SESSION_CACHE_SIZE = 20480;

    /** OpenSSL's default session timeout for TLS (tls1_default_timeout): two hours. */
    public static final java.time.Duration DEFAULT_SESSION_TIMEOUT =
            java.time.Duration.ofSeconds(7200);

    /** OpenSSL's default number of TLS 1.3 tickets. */
    public static final int DEFAULT_NUM_TICKETS = 2;

    private SslContext(Builder b) {
        this.method = b.method;
        TlsVersion max = b.maxVersion;
        TlsVersion min = b.minVersion;
        this.versions =
                max == min
                        ? new ProtocolVersion[] {max.bc()}
                        : new ProtocolVersion[] {TlsVersion.TLS1_3.bc(), TlsVersion.TLS1_2.bc()};
        int[] s13 = b.tls13Suites != null ? b.tls13Suites : CipherNames.defaultTls13();
        int[] s12 = b.tls12Suites != null ? b.tls12Suites : CipherNames.defaultTls12();
        this.tls13Suites = s13;
        this.tls12Suites = s12;
        this.securityLevel = b.securityLevel;
        // what the handshake offers: SSL_get1_supported_ciphers' security-level filter
        this.cipherSuites =
                IntStream.concat(IntStream.of(s13), IntStream.of(s12))
                        .filter(id -> CipherNames.allowedAt(id, securityLevel))
                        .toArray();
        this.groups = b.groups != null ? b.groups : CipherNames.defaultGroups();
        this.explicitAnchors = b.anchors == null ? null : Set.copyOf(b.anchors);
        this.credentials = autoChain(b.credentials.atSecurityLevel(securityLevel), explicitAnchors);
        this.jdkTrust = b.anchors == null || b.jdkTrust;
        this.untrusted = List.copyOf(b.untrusted);
        this.crls = List.copyOf(b.crls);
        this.crlCheck = b.crlCheck;
        this.verifyDepth = b.verifyDepth;
        this.verifyCallback = b.verifyCallback;
        this.authLevel = b.authLevel;
        this.verifyPurpose = b.verifyPurpose;
        this.noServerName = b.noServerName;
        this.verifyMode = b.verifyMode;
        this.hostName = b.hostName;
        this.serverName = b.serverName;
        this.alpn = List.copyOf(b.alpn);
        this.alpnSelectCallback = b.alpnSelectCallback;
        this.keyLogCallback = b.keyLogCallback;
        if (b.seed != null) {
            // the one switch of Builder.deterministic: every source of variation, fixed
            this.random = new DeterministicRandom(b.seed);
            this.clock = b.clock != null ? b.clock : DETERMINISTIC_CLOCK;
            this.crypto = TlsCryptos.deterministic(random);
        } else {
            this.random = b.random != null ? b.random : new SecureRandom();
            this.clock = b.clock != null ? b.clock : Clock.systemUTC();
            this.crypto = b.crypto != null ? b.crypto : TlsCryptos.hybrid(random);
        }
        this.readAhead = b.readAhead;
        this.ignoreUnexpectedEof = b.ignoreUnexpectedEof;
        this.maxHandshakeMessageSize = b.maxHandshakeMessageSize;
        this.modes = b.modes.isEmpty() ? Set.of() : Set.copyOf(b.modes);
        this.quietShutdown = b.quietShutdown;
        this.serverNameCallback = b.serverNameCallback;
        this.bugs = new io.tlsbio.ssl.internal.InternalBugs(b.strict);
        this.statusRequest = b.statusRequest;
        this.ocspResponse = b.ocspResponse;
        this.certCallback = b.certCallback;
        this.clientCertCallback = b.clientCertCallback;
        // one cache and one set of ticket keys per context, as OpenSSL has per SSL_CTX; their
        // randomness is the crypto's, which deterministic cryptos fix
        SecureRandom sessionRandom = crypto.getSecureRandom();
        this.sessionCacheMode = b.sessionCacheMode;
        this.sessionCacheSizeValue = b.sessionCacheSize;
        this.newSessionCallback = b.newSessionCallback;
        this.sessions =
                new io.tlsbio.ssl.internal.SessionSettings(
                        b.sessionCacheMode == SessionCacheMode.SERVER,
                        new io.tlsbio.ssl.internal.SessionCache(b.sessionCacheSize),
                        b.sessionTimeout.toSeconds(),
                        b.tickets,
                        b.numTickets,
                        b.ticketKeys != null
                                ? io.tlsbio.ssl.internal.TicketKeys.of(b.ticketKeys)
                                : io.tlsbio.ssl.internal.TicketKeys.random(sessionRandom),
                        sessionRandom,
                        clock);
    }

    /**
     * OpenSSL's auto chain (ssl_add_cert_chain without SSL_MODE_NO_AUTO_CHAIN): a certificate given
     * without its chain is sent with the chain built from the trusted certificates, the root
     * included, as OpenSSL builds it from the context's store. Only what was given to {@code
     * trust}, never the JDK's store.
     */
    private static CredentialSet autoChain(CredentialSet set, Set<TrustAnchor> anchors) {
        if (anchors == null || anchors.isEmpty()) {
            return set;
        }
        return set.map(
                c ->
                        c.chain().size() > 1
                                ? c
                                : new OwnCredentials(
                                        io.tlsbio.ssl.internal.x509.OwnChain.ownChain(
                                                c.chain().get(0), List.of(), anchors),
                                        c.key()));
    }

    /**
     * A builder with the defaults listed on the class.
     *
     * @return a new builder; {@link Builder#build()} makes the context
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A new connection using this context: {@code SSL_new}. No role and no BIOs are set yet.
     *
     * @return a new connection; set its role and BIOs before the first handshake call
     */
    public Ssl newSsl() {
        return new Ssl(this);
    }

    /**
     * The roles this context allows.
     *
     * @return the method the builder was given: client, server or both
     */
    public SslMethod method() {
        return method;
    }

    /**
     * The security level ({@code SSL_CTX_get_security_level}): 1 unless set by {@link
     * Builder#securityLevel} or a {@code @SECLEVEL=n} in the cipher list. It filters the suites
     * offered and accepted as OpenSSL's default security callback does (minimum strength bits
     * 80/112/128/192/256 for levels 1..5, no anonymous or MD5 suites from level 1, no SHA-1 MAC
     * from level 4, forward secrecy from level 3). Key sizes, groups and signature algorithms are
     * not filtered by it.
     *
     * @return the security level, 0 to 5
     */
    public int securityLevel() {
        return securityLevel;
    }

    /**
     * The cipher suites of this context in OpenSSL's order ({@code SSL_CTX_get_ciphers}): the TLS
     * 1.3 suites first, then the TLS 1.2 list as the cipher string produced it, before any
     * security-level filter. OpenSSL names via {@link #cipherName}.
     *
     * @return the suites' two-byte ids, a new array
     */
    public int[] ciphers() {
        return IntStream.concat(IntStream.of(tls13Suites), IntStream.of(tls12Suites)).toArray();
    }

    /**
     * The suites a connection can use ({@code SSL_get1_supported_ciphers}): {@link #ciphers()}
     * without those the security level forbids or that no enabled protocol version can use.
     *
     * @return the usable suites' two-byte ids, a new array
     */
    public int[] supportedCiphers() {
        boolean tls13 = enabled(TlsVersion.TLS1_3);
        boolean tls12 = enabled(TlsVersion.TLS1_2);
        return IntStream.of(cipherSuites)
                .filter(id -> CipherNames.isTls13(id) ? tls13 : tls12)
                .toArray();
    }

    private boolean enabled(TlsVersion version) {
        for (ProtocolVersion v : versions) {
            if (v.equals(version.bc())) {
                return true;
            }
        }
        return false;
    }

    /**
     * OpenSSL's name of a suite id ({@code SSL_CIPHER_get_name}).
     *
     * @param suite the suite's two-byte IANA id
     * @return the OpenSSL name ("ECDHE-RSA-AES128-GCM-SHA256"), or the id in hex ("0x00FF") for a
     *     suite tlsbio does not know
     */
    public static String cipherName(int suite) {
        return CipherNames.name(suite);
    }

    /**
     * The IANA name of a suite id ({@code SSL_CIPHER_standard_name}).
     *
     * @param suite the suite's two-byte IANA id
     * @return the IANA name ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), or the id in hex for a suite
     *     tlsbio does not know
     */
    public static String cipherStandardName(int suite) {
        return CipherNames.standardName(suite);
    }

    /**
     * The line {@code openssl ciphers -v} prints for a suite ({@code SSL_CIPHER_description}, no
     * newline).
     *
     * @param suite the suite's two-byte IANA id
     * @return the description: name, version, key exchange, authentication, cipher and MAC columns;
     *     only the id in hex for a suite tlsbio does not know
     */
    public static String cipherDescription(int suite) {
        return CipherNames.describe(suite);
    }

    /**
     * The explicit verify mode, or {@code null} for the per-role default (client PEER, server
     * NONE).
     *
     * @return the verify mode set on the builder, or null
     */
    public VerifyMode verifyMode() {
        return verifyMode;
    }

    /**
     * Whether the record layer reads ahead ({@code SSL_CTX_set_read_ahead}).
     *
     * @return true if read-ahead is on
     */
    public boolean readAhead() {
        return readAhead;
    }

    /**
     * Whether EOF without close_notify counts as close_notify ({@code
     * SSL_OP_IGNORE_UNEXPECTED_EOF}).
     *
     * @return true if an EOF without close_notify ends a read with 0 and {@link
     *     SslError#ZERO_RETURN} instead of {@link SslError#SYSCALL}
     */
    public boolean ignoreUnexpectedEof() {
        return ignoreUnexpectedEof;
    }

    /**
     * The modes every new connection starts with ({@code SSL_CTX_get_mode}).
     *
     * @return the context's modes
     */
    public Set<SslMode> modes() {
        return modes;
    }

    /**
     * Whether new connections shut down quietly ({@code SSL_CTX_get_quiet_shutdown}).
     *
     * @return true if new connections start with {@link Ssl#quietShutdown()} set
     */
    public boolean quietShutdown() {
        return quietShutdown;
    }

    ServerNameCallback serverNameCallback() {
        return serverNameCallback;
    }

    CertCallback certCallback() {
        return certCallback;
    }

    ClientCertCallback clientCertCallback() {
        return clientCertCallback;
    }

    AlpnSelectCallback alpnSelectCallback() {
        return alpnSelectCallback;
    }

    /**
     * The key-log callback ({@code SSL_CTX_get_keylog_callback}), or null: no key log.
     *
     * @return the key-log callback, or null
     */
    public KeyLogCallback keyLogCallback() {
        return keyLogCallback;
    }

    /** Our certificates (possibly none): what {@link Ssl#setSslContext} moves a connection to. */
    CredentialSet ownCredentials() {
        return credentials;
    }

    /**
     * How many internal errors connections of this context met that no peer input explains: bugs of
     * tlsbio's, bctls's or a callback's (each logged at WARN with its stack trace). A fuzzer or a
     * test can assert it stays 0; see {@link Builder#strict}.
     *
     * @return the number of internal bugs met so far
     */
    public long internalBugs() {
        return bugs.count();
    }

    /**
     * Whether connections throw {@link InternalBugException} for bugs ({@link Builder#strict}).
     *
     * @return true if an internal bug throws instead of returning -1
     */
    public boolean strict() {
        return bugs.strict();
    }

    io.tlsbio.ssl.internal.InternalBugs internalBugTracker() {
        return bugs;
    }

    /**
     * The clock certificate dates are checked against.
     *
     * @return the clock given to {@link Builder#clock}, else {@link #DETERMINISTIC_CLOCK} for a
     *     deterministic context, else the system clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * The bctls crypto every connection of this context uses.
     *
     * @return the crypto given to {@link Builder#crypto}, else {@link TlsCryptos#deterministic} for
     *     a deterministic context, else {@link TlsCryptos#hybrid}
     */
    public TlsCrypto crypto() {
        return crypto;
    }

    // ------------------------------------------------------------------ sessions

    /**
     * Whether a server keeps sessions by id: {@code SSL_CTX_get_session_cache_mode}.
     *
     * @return the session cache mode
     */
    public SessionCacheMode sessionCacheMode() {
        return sessionCacheMode;
    }

    /**
     * The most sessions the cache keeps, 0 for no limit: {@code SSL_CTX_sess_get_cache_size}.
     *
     * @return the cache's size limit, 0 for none
     */
    public int sessionCacheSize() {
        return sessionCacheSizeValue;
    }

    /**
     * The lifetime of new sessions: {@code SSL_CTX_get_timeout}.
     *
     * @return how long a new session may be resumed
     */
    public java.time.Duration sessionTimeout() {
        return java.time.Duration.ofSeconds(sessions.timeout());
    }

    /**
     * Whether tickets are used (no {@code SSL_OP_NO_TICKET}).
     *
     * @return false if {@code SSL_OP_NO_TICKET} is set ({@link Builder#tickets})
     */
    public boolean tickets() {
        return sessions.tickets();
    }

    /**
     * How many TLS 1.3 tickets a server sends after a full handshake: {@code
     * SSL_CTX_get_num_tickets}.
     *
     * @return the number of TLS 1.3 tickets sent
     */
    public int numTickets() {
        return sessions.numTickets();
    }

    /**
     * The sessions in the cache now: {@code SSL_CTX_sess_number}.
     *
     * @return the number of sessions cached now
     */
    public int sessionCount() {
        return sessions.cache().size();
    }

    /**
     * Sessions resumed, from the cache or a ticket: {@code SSL_CTX_sess_hits}.
     *
     * @return the number of resumptions so far
     */
    public long sessionHits() {
        return sessions.cache().stats()[0];
    }

    /**
     * Session ids looked up and not found: {@code SSL_CTX_sess_misses}.
     *
     * @return the number of failed cache look-ups so far
     */
    public long sessionMisses() {
        return sessions.cache().stats()[1];
    }

    /**
     * Cached sessions found expired: {@code SSL_CTX_sess_timeouts}.
     *
     * @return the number of expired sessions found so far
     */
    public long sessionTimeouts() {
        return sessions.cache().stats()[2];
    }

    /**
     * Drops every cached session expired at {@code now}: {@code SSL_CTX_flush_sessions}.
     *
     * @param now the time to test expiry at: sessions with {@code now > time + timeout} go
     */
    public void flushSessions(java.time.Instant now) {
        sessions.cache().flush(Objects.requireNonNull(now, "now").getEpochSecond());
    }

    /**
     * Removes a session from the cache, so that it is not resumed by id any more: {@code
     * SSL_CTX_remove_session}. A ticket made for it stays valid until it expires, as in OpenSSL.
     *
     * @param session the session to forget; nothing happens if it is not cached
     */
    public void removeSession(SslSession session) {
        sessions.cache().remove(Objects.requireNonNull(session, "session").data().sessionId());
    }

    io.tlsbio.ssl.internal.SessionSettings sessionSettings() {
        return sessions;
    }

    NewSessionCallback newSessionCallback() {
        return newSessionCallback;
    }

    /**
     * The bctls configuration for one connection in {@code server} role, with an optional host
     * override.
     */
    PeerConfig peerConfig(boolean server, String hostOverride) {
        VerifyMode mode =
                verifyMode != null ? verifyMode : (server ? VerifyMode.NONE : VerifyMode.PEER);
        // a client verifies even in mode NONE, as OpenSSL does, and only records the result
        PeerVerifier verifier =
                server && mode == VerifyMode.NONE
                        ? null
                        : new PeerVerifier(verifyConfig(), purpose(server));
        String host = hostOverride != null ? hostOverride : hostName;
        String sni = sniName(hostOverride);
        return new PeerConfig(
                versions,
                cipherSuites,
                groups,
                credentials,
                verifier,
                mode != VerifyMode.NONE,
                server && mode != VerifyMode.NONE,
                server && mode == VerifyMode.FAIL_IF_NO_PEER_CERT,
                host,
                server ? null : sni,
                alpn,
                crypto,
                maxHandshakeMessageSize,
                new PeerConfig.Ocsp(!server && statusRequest, server ? ocspResponse : null));
    }

    /** What the peer's certificate is checked for: verifyPurpose, else by role. */
    private CertificatePurpose purpose(boolean server) {
        return verifyPurpose != null
                ? verifyPurpose
                : server ? CertificatePurpose.SSL_CLIENT : CertificatePurpose.SSL_SERVER;
    }

    /**
     * The server_name a client of this context sends: serverName, else a DNS host name, never an IP
     * literal.
     */
    String sniName(String hostOverride) {
        String host = hostOverride != null ? hostOverride : hostName;
        return noServerName
                ? null
                : serverName != null
                        ? serverName
                        : (host != null && !isIpLiteral(host) ? host : null);
    }

    private static boolean isIpLiteral(String h) {
        return h.indexOf(':') >= 0 || h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /**
     * Verifies a certificate chain as the handshake would: OpenSSL's {@code X509_verify_cert} with
     * this context's trust, untrusted intermediates, CRLs, depth, security level, clock and verify
     * callback, for {@code purpose}, and the host name (or IP address literal) unless it is null.
     * What {@code openssl verify} does with the same settings.
     *
     * @param chain the certificate to verify first, then any intermediates its sender supplied
     * @param purpose what the leaf is checked for (server or client authentication)
     * @param hostName the name or IP address literal the leaf must match, or null for no check
     * @return {@link VerifyResult#OK}, or the last error the verify callback accepted
     * @throws IllegalArgumentException when {@code chain} is empty
     */
    public VerifyResult verifyCertificate(
            List<X509Certificate> chain, CertificatePurpose purpose, String hostName) {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(purpose, "purpose");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain is empty");
        }
        try {
            return new PeerVerifier(verifyConfig(), purpose).verify(chain, hostName);
        } catch (PeerVerifier.VerifyException e) {
            return e.result();
        }
    }

    /**
     * The verify depth ({@code SSL_CTX_get_verify_depth}): -1 for OpenSSL's default limit of 100.
     *
     * @return the most intermediates allowed, or -1 for the default
     */
    public int verifyDepth() {
        return verifyDepth;
    }

    /**
     * This context's peer check with the trusted certificates and CRLs of {@code store}: what
     * {@code SSL_set_SSL_CTX} leaves, since OpenSSL then verifies with the new context's {@code
     * X509_STORE} and the connection's own parameters (depth, callback, levels, purpose).
     */
    PeerVerifier verifierWithStoreOf(SslContext store, boolean server) {
        VerifyConfig c =
                new VerifyConfig(
                        store::anchors,
                        untrusted,
                        store.crls,
                        crlCheck,
                        verifyDepth,
                        verifyCallback,
                        authLevel != null ? authLevel : securityLevel,
                        clock);
        return new PeerVerifier(c, purpose(server));
    }

    VerifyConfig verifyConfig() {
        return new VerifyConfig(
                this::anchors,
                untrusted,
                crls,
                crlCheck,
                verifyDepth,
                verifyCallback,
                authLevel != null ? authLevel : securityLevel,
                clock);
    }

    private Set<TrustAnchor> anchors() {
        if (!jdkTrust) {
            return explicitAnchors;
        }
        Set<TrustAnchor> d = defaultAnchors;
        if (d == null) {
            d = jdkAnchors();
            if (explicitAnchors != null) {
                d.addAll(explicitAnchors);
            }
            d = Set.copyOf(d);
            defaultAnchors = d;
        }
        return d;
    }

    private static Set<TrustAnchor> jdkAnchors() {
        try {
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            Set<TrustAnchor> out = new HashSet<>();
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    for (X509Certificate c : x.getAcceptedIssuers()) {
                        out.add(new TrustAnchor(c, null));
                    }
                }
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot load the JDK trust store: " + e.getMessage(), e);
        }
    }

    /**
     * Builds an {@link SslContext}; every setter validates its argument and names it in the
     * exception.
     */
    public static final class Builder {
        private SslMethod method = SslMethod.ANY;
        private TlsVersion minVersion = TlsVersion.TLS1_2;
        private TlsVersion maxVersion = TlsVersion.TLS1_3;
        private int[] tls13Suites;
        private int[] tls12Suites;
        private int[] groups;
        private int securityLevel = 1;
        private CredentialSet credentials = CredentialSet.EMPTY;
        private Set<TrustAnchor> anchors;
        private boolean jdkTrust;
        private final List<X509Certificate> untrusted = new ArrayList<>();
        private final List<X509CRL> crls = new ArrayList<>();
        private CrlCheck crlCheck = CrlCheck.NONE;
        private int verifyDepth = -1;
        private VerifyCallback verifyCallback;
        private Integer authLevel;
        private CertificatePurpose verifyPurpose;
        private boolean noServerName;
        private VerifyMode verifyMode;
        private String hostName;
        private String serverName;
        private final List<String> alpn = new ArrayList<>();
        private AlpnSelectCallback alpnSelectCallback;
        private KeyLogCallback keyLogCallback;
        private SecureRandom random;
        private Long seed;
        private boolean strict;
        private Clock clock;
        private TlsCrypto crypto;
        private boolean readAhead;
        private boolean ignoreUnexpectedEof;
        private int maxHandshakeMessageSize = 131396;
        private final Set<SslMode> modes = EnumSet.noneOf(SslMode.class);
        private boolean quietShutdown;
        private ServerNameCallback serverNameCallback;
        private boolean statusRequest;
        private byte[] ocspResponse;
        private CertCallback certCallback;
        private ClientCertCallback clientCertCallback;
        private SessionCacheMode sessionCacheMode = SessionCacheMode.SERVER;
        private int sessionCacheSize = DEFAULT_SESSION_CACHE_SIZE;
        private java.time.Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        private boolean tickets = true;
        private int numTickets = DEFAULT_NUM_TICKETS;
        private byte[] ticketKeys;
        private NewSessionCallback newSessionCallback;

        private Builder() {}

        /**
         * The roles allowed: {@code TLS_method} (default), {@code TLS_client_method}, {@code
         * TLS_server_method}.
         *
         * @param method {@link SslMethod#ANY}, {@link SslMethod#CLIENT} or {@link SslMethod#SERVER}
         * @return this builder
         */
        public Builder method(SslMethod method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        /**
         * {@code SSL_CTX_set_min_proto_version} / {@code set_max_proto_version}.
         *
         * @param min the lowest version to negotiate
         * @param max the highest version to negotiate, not below {@code min}
         * @return this builder
         */
        public Builder versions(TlsVersion min, TlsVersion max) {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.compareTo(max) > 0) {
                throw new IllegalArgumentException("min " + min + " > max " + max);
            }
            this.minVersion = min;
            this.maxVersion = max;
            return this;
        }

        /**
         * The TLS 1.2 suites as an OpenSSL cipher string ({@code SSL_CTX_set_cipher_list}): the
         * language of OpenSSL 3.0's ciphers(1) — names, aliases ({@code DEFAULT}, {@code ALL},
         * {@code HIGH}, {@code aNULL}, {@code kRSA}, {@code ECDHE}, {@code AESGCM}, ...), {@code +}
         * combinations ({@code ECDHE+AESGCM}), the prefixes {@code !}, {@code -}, {@code +},
         * {@code @STRENGTH}, {@code @SECLEVEL=n} (sets {@link #securityLevel}), separated by {@code
         * :}, {@code ,}, {@code ;} or spaces; evaluated exactly as OpenSSL does, giving the list
         * and order of {@code openssl ciphers -v}. Names are case-sensitive. PSK and SRP suites are
         * not in tlsbio's universe (it has no PSK or SRP configuration), so a string that selects
         * only those is rejected.
         *
         * @param expr the cipher string, as given to {@code openssl ciphers}
         * @return this builder
         * @throws IllegalArgumentException naming the expression when OpenSSL rejects it (no TLS
         *     1.2 suite left, "no cipher match", or a malformed command)
         */
        public Builder cipherList(String expr) {
            OpenSslCipherList.Result r =
                    CipherNames.parseTls12(Objects.requireNonNull(expr, "expr"));
            this.tls12Suites = r.suites().stream().mapToInt(OpenSslCipherList.Suite::id).toArray();
            if (r.securityLevel() != null) {
                this.securityLevel = r.securityLevel();
            }
            return this;
        }

        /**
         * {@code SSL_CTX_set_security_level}: 0..5 (default 1); see {@link
         * SslContext#securityLevel()}.
         *
         * @param level the level, 0 (no restriction) to 5
         * @return this builder
         */
        public Builder securityLevel(int level) {
            if (level < 0 || level > 5) {
                throw new IllegalArgumentException("securityLevel not in 0..5: " + level);
            }
            this.securityLevel = level;
            return this;
        }

        /**
         * TLS 1.3 suites, colon-separated ({@code SSL_CTX_set_ciphersuites}).
         *
         * @param tls13Names IANA names of TLS 1.3 suites
         *     ("TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256"), in preference order
         * @return this builder
         */
        public Builder cipherSuites(String tls13Names) {
            this.tls13Suites =
                    CipherNames.parseTls13(Objects.requireNonNull(tls13Names, "tls13Names"));
            return this;
        }

        /**
         * Key-exchange groups, colon-separated ({@code SSL_CTX_set1_groups_list}), OpenSSL's names
         * case-insensitive: X25519, P-256 (secp256r1, prime256v1), X448, P-521 (secp521r1), P-384
         * (secp384r1), ffdhe2048, ffdhe3072, ffdhe4096, ffdhe6144, ffdhe8192, brainpoolP256r1,
         * brainpoolP384r1, brainpoolP512r1.
         *
         * @param names the groups, in preference order ("X25519:P-256")
         * @return this builder
         */
        public Builder groups(String names) {
            this.groups = CipherNames.parseGroups(Objects.requireNonNull(names, "names"));
            return this;
        }

        /**
         * Adds our certificate chain and key from PEM files: {@code
         * SSL_CTX_use_certificate_chain_file} + {@code SSL_CTX_use_PrivateKey_file}, as {@link
         * #certificate(List, PrivateKey)}. Keys: RSA, EC, Ed25519, Ed448; PKCS#8, PKCS#1 or SEC1;
         * not encrypted.
         *
         * @param chainPem the PEM file of the chain, leaf first
         * @param keyPem the PEM file of the leaf's private key (may be the same file)
         * @return this builder
         * @throws UncheckedIOException naming the file and the problem when it cannot be read or
         *     parsed (not PEM, no CERTIFICATE or PRIVATE KEY block, an encrypted key, ...)
         * @throws IllegalArgumentException when the key does not match the certificate
         */
        public Builder certificate(Path chainPem, Path keyPem) {
            Objects.requireNonNull(chainPem, "chainPem");
            Objects.requireNonNull(keyPem, "keyPem");
            try {
                return certificate(Pem.readCertificates(chainPem), Pem.readPrivateKey(keyPem));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw namingFiles(chainPem, keyPem, e);
            }
        }

        /**
         * As {@link #certificate(Path, Path)} for a key that may be encrypted (PKCS#8 {@code
         * ENCRYPTED PRIVATE KEY} or OpenSSL's legacy {@code Proc-Type: 4,ENCRYPTED}): {@code
         * SSL_CTX_set_default_passwd_cb} with a fixed password. The array is not kept.
         *
         * @param chainPem the PEM file of the chain, leaf first
         * @param keyPem the PEM file of the leaf's private key, possibly encrypted
         * @param password the password that decrypts the key
         * @return this builder
         * @throws UncheckedIOException naming the file when it cannot be read, parsed or decrypted
         *     ("bad decrypt" for a wrong password)
         * @throws IllegalArgumentException when the key does not match the certificate
         */
        public Builder certificate(Path chainPem, Path keyPem, char[] password) {
            Objects.requireNonNull(chainPem, "chainPem");
            Objects.requireNonNull(keyPem, "keyPem");
            Objects.requireNonNull(password, "password");
            try {
                return certificate(
                        Pem.readCertificates(chainPem), Pem.readPrivateKey(keyPem, password));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw namingFiles(chainPem, keyPem, e);
            }
        }

        /** A refusal of what the files hold (key mismatch, unusable key) that says which files. */
        private static IllegalArgumentException namingFiles(
                Path chainPem, Path keyPem, IllegalArgumentException e) {
            String files = chainPem.equals(keyPem) ? chainPem.toString() : chainPem + ", " + keyPem;
            return new IllegalArgumentException(files + ": " + e.getMessage(), e);
        }

        /**
         * As {@link #certificate(Path, Path)} from PEM text (errors name "certificate PEM" / "key
         * PEM").
         *
         * @param chainPem PEM text of the chain, leaf first
         * @param keyPem PEM text of the leaf's private key
         * @return this builder
         */
        public Builder certificatePem(String chainPem, String keyPem) {
            try {
                return certificate(
                        Pem.readCertificates(
                                Objects.requireNonNull(chainPem, "chainPem"), "certificate PEM"),
                        Pem.readPrivateKey(Objects.requireNonNull(keyPem, "keyPem"), "key PEM"));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        /**
         * Adds our certificate chain (leaf first) and its private key: {@code
         * SSL_CTX_use_certificate} + {@code SSL_CTX_use_PrivateKey}, checked here as {@code
         * SSL_CTX_check_private_key} checks them. A context holds one certificate per key type
         * (RSA, EC, Ed25519, Ed448): adding one of a type already present replaces it, others add
         * to it, in any order. Each handshake then uses the certificate OpenSSL 3.0 would: in TLS
         * 1.3 the first of the peer's signature schemes one of them can sign with, in TLS 1.2 the
         * client's first suite one of them can authenticate; a TLS 1.2 client offers only the one
         * added last.
         *
         * @param chain the chain, leaf first
         * @param key the leaf's private key
         * @return this builder
         * @throws IllegalArgumentException with a one-line reason when the key type is unsupported
         *     or the key does not match the leaf's public key ("key type mismatch", "key values
         *     mismatch")
         */
        public Builder certificate(List<X509Certificate> chain, PrivateKey key) {
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(key, "key");
            this.credentials = credentials.with(new OwnCredentials(chain, key));
            return this;
        }

        /**
         * Trust the certificates in a PEM file: {@code SSL_CTX_load_verify_locations}. Replaces the
         * JDK default.
         *
         * @param caPem a PEM file of CA certificates ({@code -CAfile})
         * @return this builder
         */
        public Builder trust(Path caPem) {
            Objects.requireNonNull(caPem, "caPem");
            try {
                return trust(Pem.readCertificates(caPem));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        /**
         * Trust these certificates (adds to any trusted before).
         *
         * @param cas the certificates to add as trust anchors
         * @return this builder
         */
        public Builder trust(Collection<X509Certificate> cas) {
            Objects.requireNonNull(cas, "cas");
            if (anchors == null) {
                anchors = new HashSet<>();
            }
            for (X509Certificate c : cas) {
                anchors.add(new TrustAnchor(c, null));
            }
            return this;
        }

        /**
         * Trust every certificate entry of a KeyStore.
         *
         * @param store a loaded KeyStore whose certificate entries become trust anchors
         * @return this builder
         */
        public Builder trust(KeyStore store) {
            Objects.requireNonNull(store, "store");
            List<X509Certificate> cas = new ArrayList<>();
            try {
                for (Enumeration<String> e = store.aliases(); e.hasMoreElements(); ) {
                    if (store.getCertificate(e.nextElement()) instanceof X509Certificate c) {
                        cas.add(c);
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("unusable KeyStore: " + e.getMessage(), e);
            }
            return trust(cas);
        }

        /**
         * Trust the certificates of an OpenSSL hashed directory ({@code SSL_CTX_load_verify_dir},
         * {@code -CApath}): files named {@code HASH.N} as {@code openssl rehash} makes them; CRL
         * files {@code HASH.rN} are added to the CRLs. Replaces the JDK default unless {@link
         * #trustJdkDefaults()} is also called.
         *
         * @param dir the hashed directory ({@code -CApath})
         * @return this builder
         * @throws UncheckedIOException naming the directory or file that cannot be read
         */
        public Builder trustDirectory(Path dir) {
            Objects.requireNonNull(dir, "dir");
            try {
                Pem.HashedDirectory d = Pem.readHashedDirectory(dir);
                trust(d.certificates());
                crls.addAll(d.crls());
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            return this;
        }

        /**
         * Also trust the JDK's default trust store ({@code SSL_CTX_set_default_verify_paths}), next
         * to anything given to {@code trust}. Without any {@code trust} call the JDK's store is
         * used anyway.
         *
         * @return this builder
         */
        public Builder trustJdkDefaults() {
            this.jdkTrust = true;
            if (anchors == null) {
                anchors = new HashSet<>();
            }
            return this;
        }

        /**
         * Untrusted intermediates that may complete the peer's chain ({@code openssl verify
         * -untrusted}): used to build a path, never as trust anchors.
         *
         * @param intermediates certificates to build the peer's path with
         * @return this builder
         */
        public Builder untrusted(Collection<X509Certificate> intermediates) {
            Objects.requireNonNull(intermediates, "intermediates");
            for (X509Certificate c : intermediates) {
                untrusted.add(Objects.requireNonNull(c, "intermediate"));
            }
            return this;
        }

        /**
         * {@link #untrusted(Collection)} from a PEM file.
         *
         * @param pem a PEM file of intermediate certificates
         * @return this builder
         */
        public Builder untrusted(Path pem) {
            Objects.requireNonNull(pem, "pem");
            try {
                return untrusted(Pem.readCertificates(pem));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        /**
         * CRLs for revocation checking ({@code X509_STORE_add_crl}); checked only with a {@link
         * #crlCheck}.
         *
         * @param list the CRLs to check certificates against
         * @return this builder
         */
        public Builder crls(Collection<X509CRL> list) {
            Objects.requireNonNull(list, "list");
            for (X509CRL c : list) {
                crls.add(Objects.requireNonNull(c, "crl"));
            }
            return this;
        }

        /**
         * {@link #crls(Collection)} from a PEM or DER file ({@code -CRLfile}).
         *
         * @param file a file of CRLs, PEM or DER
         * @return this builder
         */
        public Builder crls(Path file) {
            Objects.requireNonNull(file, "file");
            try {
                return crls(Pem.readCrls(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        /**
         * Which certificates are checked against the CRLs ({@code -crl_check}, {@code
         * -crl_check_all}); NONE by default.
         *
         * @param check which certificates of the chain must not be revoked
         * @return this builder
         */
        public Builder crlCheck(CrlCheck check) {
            this.crlCheck = Objects.requireNonNull(check, "check");
            return this;
        }

        /**
         * {@code SSL_CTX_set_verify_depth}: at most {@code depth} intermediates between the peer's
         * certificate and the trust anchor (OpenSSL's default is 100); a longer chain is {@link
         * VerifyResult#CERT_CHAIN_TOO_LONG}.
         *
         * @param depth the most intermediates allowed
         * @return this builder
         */
        public Builder verifyDepth(int depth) {
            if (depth < 0) {
                throw new IllegalArgumentException("verifyDepth < 0: " + depth);
            }
            this.verifyDepth = depth;
            return this;
        }

        /**
         * The security level of certificate verification alone ({@code
         * X509_VERIFY_PARAM_set_auth_level}, {@code -auth_level}): key sizes and signature digests
         * in the peer's chain. Without it the context's {@link #securityLevel} applies, as OpenSSL
         * applies the SSL's security level.
         *
         * @param level the verification security level, 0 to 5
         * @return this builder
         */
        public Builder authLevel(int level) {
            if (level < 0 || level > 5) {
                throw new IllegalArgumentException("authLevel not in 0..5: " + level);
            }
            this.authLevel = level;
            return this;
        }

        /**
         * The purpose the peer's certificate is checked for ({@code X509_VERIFY_PARAM_set_purpose},
         * {@code -purpose}); by default SSL_SERVER on a client and SSL_CLIENT on a server.
         *
         * @param purpose what the peer's leaf must be fit for
         * @return this builder
         */
        public Builder verifyPurpose(CertificatePurpose purpose) {
            this.verifyPurpose = Objects.requireNonNull(purpose, "purpose");
            return this;
        }

        /**
         * A client sends no SNI even with a {@link #hostName} ({@code s_client -noservername}); the
         * host name is still checked in the server's certificate.
         *
         * @return this builder
         */
        public Builder noServerName() {
            this.noServerName = true;
            return this;
        }

        /**
         * The verify callback of {@code SSL_CTX_set_verify}; see {@link VerifyCallback}.
         *
         * @param callback the callback called at each step of the chain's check, or null
         * @return this builder
         */
        public Builder verifyCallback(VerifyCallback callback) {
            this.verifyCallback = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /**
         * {@code SSL_CTX_set_verify}. Without it, clients use PEER and servers NONE.
         *
         * @param mode whether and how the peer's certificate is asked for and checked
         * @return this builder
         */
        public Builder verify(VerifyMode mode) {
            this.verifyMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The name checked in the peer's certificate ({@code SSL_set1_host}): a DNS name, or an IP
         * address literal checked against IP SANs. A client also sends a DNS name as SNI; a server
         * checks it in the client's certificate, as OpenSSL's verify parameters do.
         *
         * @param hostName the DNS name or IP address literal the peer's certificate must match
         * @return this builder
         */
        public Builder hostName(String hostName) {
            this.hostName = requireText(hostName, "hostName");
            return this;
        }

        /**
         * The SNI a client sends, when it differs from {@link #hostName} ({@code
         * SSL_set_tlsext_host_name}).
         *
         * @param serverName the host_name to send as SNI
         * @return this builder
         */
        public Builder serverName(String serverName) {
            this.serverName = requireText(serverName, "serverName");
            return this;
        }

        /**
         * ALPN protocol names in preference order ({@code SSL_CTX_set_alpn_protos}).
         *
         * @param protocols the protocol names ("h2", "http/1.1"), most preferred first
         * @return this builder
         */
        public Builder alpn(String... protocols) {
            Objects.requireNonNull(protocols, "protocols");
            for (String p : protocols) {
                alpn.add(requireText(p, "protocol"));
            }
            return this;
        }

        /**
         * {@code SSL_CTX_set_alpn_select_cb}: a server's choice among the client's ALPN protocols,
         * in place of the fixed {@link #alpn} list; see {@link AlpnSelectCallback}.
         *
         * @param callback the server's ALPN choice, or null for the fixed list
         * @return this builder
         */
        public Builder alpnSelectCallback(AlpnSelectCallback callback) {
            this.alpnSelectCallback = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /**
         * {@code SSL_CTX_set_keylog_callback}: every connection's secrets, one NSS key-log line
         * each (see {@link KeyLogCallback}; {@link KeyLogFile} appends them to a file). Off by
         * default.
         *
         * @param callback the receiver of key-log lines, or null for none
         * @return this builder
         */
        public Builder keyLogCallback(KeyLogCallback callback) {
            this.keyLogCallback = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /**
         * The randomness source for keys, randoms and signatures. A seeded generator alone does not
         * make runs repeatable (bctls mixes the time into its nonces); for that use {@link
         * #deterministic(long)}.
         *
         * @param random the randomness source of every connection
         * @return this builder
         */
        public Builder secureRandom(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Makes every connection of this context reproducible: the one switch for fuzzing harnesses
         * and tests (never production). It fixes all that varies from run to run — the random
         * source (a {@link DeterministicRandom} on {@code seed}), bctls's nonce generation (no time
         * mixed in: {@link TlsCryptos#deterministic}), and the clock ({@link #DETERMINISTIC_CLOCK}
         * unless {@link #clock} is also given; certificates must be valid then). Two runs of the
         * same connections in the same order, against a peer that is deterministic too, write
         * byte-identical transcripts, in any JVM (bctls 1.84). Excludes {@link #secureRandom} and
         * {@link #crypto}.
         *
         * @param seed the seed of the {@link DeterministicRandom}
         * @return this builder
         */
        public Builder deterministic(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Strict mode, for fuzz targets and tests: a failure no peer input can explain (a runtime
         * exception inside tlsbio, bctls or a callback, which would otherwise be answered with
         * internal_error like any failure) makes the call throw {@link InternalBugException} after
         * the connection has failed as usual, so a fuzzer sees a crash. A peer's bytes never make a
         * call throw, strict or not. Off by default: then bugs are logged at WARN and counted
         * ({@link SslContext#internalBugs()}).
         *
         * @param on true to throw {@link InternalBugException} on internal bugs
         * @return this builder
         */
        public Builder strict(boolean on) {
            this.strict = on;
            return this;
        }

        /**
         * The clock certificate validity is checked against.
         *
         * @param clock the clock certificates' notBefore and notAfter are compared with
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The bctls crypto to use (default {@link TlsCryptos#hybrid}; see {@link TlsCryptos}).
         *
         * @param crypto a crypto from {@link TlsCryptos}
         * @return this builder
         */
        public Builder crypto(TlsCrypto crypto) {
            this.crypto = Objects.requireNonNull(crypto, "crypto");
            return this;
        }

        /**
         * {@code SSL_CTX_set_read_ahead}: read as much as the rbio has instead of exact records.
         *
         * @param on true to read ahead
         * @return this builder
         */
        public Builder readAhead(boolean on) {
            this.readAhead = on;
            return this;
        }

        /**
         * {@code SSL_OP_IGNORE_UNEXPECTED_EOF}: EOF without close_notify is reported as {@link
         * SslError#ZERO_RETURN} instead of SYSCALL. Allows truncation attacks; off by default.
         *
         * @param on true to take an EOF without close_notify as close_notify
         * @return this builder
         */
        public Builder ignoreUnexpectedEof(boolean on) {
            this.ignoreUnexpectedEof = on;
            return this;
        }

        /**
         * Adds modes every connection starts with: {@code SSL_CTX_set_mode}.
         *
         * @param add the modes to add
         * @return this builder
         */
        public Builder mode(SslMode... add) {
            for (SslMode m : add) {
                modes.add(Objects.requireNonNull(m, "mode"));
            }
            return this;
        }

        /**
         * {@code SSL_CTX_set_quiet_shutdown}: {@link Ssl#shutdown()} sends no close_notify and
         * returns 1 at once, as if both had been exchanged. Off by default.
         *
         * @param on true for a quiet shutdown
         * @return this builder
         */
        public Builder quietShutdown(boolean on) {
            this.quietShutdown = on;
            return this;
        }

        /**
         * The largest handshake message accepted (default 131,396, OpenSSL's ClientHello limit;
         * minimum 1024). A longer one is illegal_parameter, as OpenSSL answers "excessive message
         * size".
         *
         * @param bytes the largest handshake message accepted, at least 1024
         * @return this builder
         */
        public Builder maxHandshakeMessageSize(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxHandshakeMessageSize < 1024: " + bytes);
            }
            this.maxHandshakeMessageSize = bytes;
            return this;
        }

        /**
         * A client asks the server to staple an OCSP response (status_request): {@code
         * SSL_CTX_set_tlsext_status_type(ctx, TLSEXT_STATUSTYPE_ocsp)}, {@code s_client -status}.
         * What arrived is {@link Ssl#ocspResponse()}; checking it is the application's job, as in
         * OpenSSL (whose status callback does it). Off by default.
         *
         * @param on true for a client to send status_request
         * @return this builder
         */
        public Builder statusRequest(boolean on) {
            this.statusRequest = on;
            return this;
        }

        /**
         * The DER OCSPResponse a server staples for clients that ask (TLS 1.2 CertificateStatus,
         * TLS 1.3 in the Certificate): what {@code s_server -status_file} serves. Clients that do
         * not ask get nothing, and without a response the request is not acknowledged.
         *
         * @param der the DER OCSPResponse to staple
         * @return this builder
         * @throws IllegalArgumentException when the bytes are not a DER OCSPResponse
         */
        public Builder ocspResponse(byte[] der) {
            this.ocspResponse =
                    io.tlsbio.ssl.internal.OcspStapling.requireResponse(
                            Objects.requireNonNull(der, "der"));
            return this;
        }

        /**
         * {@code SSL_CTX_set_tlsext_servername_callback}: see {@link ServerNameCallback}.
         *
         * @param callback the servername callback, or null
         * @return this builder
         */
        public Builder serverNameCallback(ServerNameCallback callback) {
            this.serverNameCallback = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /**
         * {@code SSL_CTX_set_cert_cb}: see {@link CertCallback}.
         *
         * @param callback the certificate callback, or null
         * @return this builder
         */
        public Builder certCallback(CertCallback callback) {
            this.certCallback = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /**
         * {@code SSL_CTX_set_client_cert_cb}: see {@link ClientCertCallback}.
         *
         * @param callback the client-certificate callback, or null
         * @return this builder
         */
        public Builder clientCertCallback(ClientCertCallback callback) {
            this.clientCertCallback = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /**
         * Whether a server keeps sessions by id: {@code SSL_CTX_set_session_cache_mode} ({@link
         * SessionCacheMode#SERVER} by default; {@link SessionCacheMode#OFF} is {@code s_server
         * -no_cache}).
         *
         * @param mode whether the server cache is on
         * @return this builder
         */
        public Builder sessionCacheMode(SessionCacheMode mode) {
            this.sessionCacheMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The most sessions the server cache keeps, the least recently used going first: {@code
         * SSL_CTX_sess_set_cache_size}. OpenSSL's default, 20,480
         * (SSL_SESSION_CACHE_MAX_SIZE_DEFAULT); 0 means no limit.
         *
         * @param size the most sessions cached, 0 for no limit
         * @return this builder
         */
        public Builder sessionCacheSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("sessionCacheSize < 0: " + size);
            }
            this.sessionCacheSize = size;
            return this;
        }

        /**
         * How long a new session may be resumed: {@code SSL_CTX_set_timeout}. OpenSSL's default for
         * TLS, 7200 seconds; a TLS 1.3 ticket's lifetime is this, at most a week.
         *
         * @param timeout how long a new session may be resumed
         * @return this builder
         */
        public Builder sessionTimeout(java.time.Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero() || timeout.toSeconds() > 0xffffffffL) {
                throw new IllegalArgumentException(
                        "sessionTimeout not in 1 s..2^32-1 s: " + timeout);
            }
            this.sessionTimeout = timeout;
            return this;
        }

        /**
         * Session tickets, on by default; off is {@code SSL_OP_NO_TICKET} ({@code -no_ticket}): a
         * client does not ask for TLS 1.2 tickets, a server issues none in TLS 1.2 and in TLS 1.3
         * sends tickets that only name a cached session (OpenSSL's stateful tickets).
         *
         * @param on false for {@code SSL_OP_NO_TICKET}
         * @return this builder
         */
        public Builder tickets(boolean on) {
            this.tickets = on;
            return this;
        }

        /**
         * How many TLS 1.3 tickets a server sends after a full handshake (one at most after a
         * resumption): {@code SSL_CTX_set_num_tickets}, OpenSSL's default 2; 0 sends none.
         *
         * @param n the number of TLS 1.3 tickets to send, 0 or more
         * @return this builder
         */
        public Builder numTickets(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("numTickets < 0: " + n);
            }
            this.numTickets = n;
            return this;
        }

        /**
         * The server's ticket keys, 80 bytes (16 of key name, 32 of HMAC-SHA256 key, 32 of AES-256
         * key): {@code SSL_CTX_set_tlsext_ticket_keys}. Servers given the same keys accept each
         * other's tickets. Without it each context draws its own from its random source (so a
         * {@link #deterministic} context or a deterministic crypto has fixed keys). The array is
         * copied.
         *
         * @param keys the 80 bytes of key name, HMAC key and AES key
         * @return this builder
         */
        public Builder ticketKeys(byte[] keys) {
            Objects.requireNonNull(keys, "keys");
            if (keys.length != io.tlsbio.ssl.internal.TicketKeys.LENGTH) {
                throw new IllegalArgumentException(
                        "ticketKeys must be "
                                + io.tlsbio.ssl.internal.TicketKeys.LENGTH
                                + " bytes: "
                                + keys.length);
            }
            this.ticketKeys = keys.clone();
            return this;
        }

        /**
         * {@code SSL_CTX_sess_set_new_cb}: see {@link NewSessionCallback}.
         *
         * @param callback the callback given each new session, or null
         * @return this builder
         */
        public Builder newSessionCallback(NewSessionCallback callback) {
            this.newSessionCallback = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /**
         * The immutable context.
         *
         * @return a new context with the builder's settings
         * @throws IllegalStateException when {@link #deterministic} is combined with {@link
         *     #secureRandom} or {@link #crypto}
         */
        public SslContext build() {
            if (seed != null && (random != null || crypto != null)) {
                throw new IllegalStateException(
                        "deterministic("
                                + seed
                                + ") fixes the random source and crypto; "
                                + (random != null ? "secureRandom" : "crypto")
                                + " was also set");
            }
            return new SslContext(this);
        }

        private static String requireText(String s, String name) {
            Objects.requireNonNull(s, name);
            if (s.isBlank()) {
                throw new IllegalArgumentException(name + " is blank");
            }
            return s;
        }
    }
}
