package io.tlsbio.ssl;

import io.tlsbio.ssl.internal.CipherNames;
import io.tlsbio.ssl.internal.SessionAsn1;
import io.tlsbio.ssl.internal.SessionData;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A TLS session that a later connection may resume: OpenSSL's {@code SSL_SESSION}. A client gets
 * one from {@link Ssl#session()} ({@code SSL_get1_session}) and offers it to a new connection with
 * {@link Ssl#setSession} ({@code SSL_set_session}); {@link Ssl#sessionReused()} then says whether
 * the server took it.
 *
 * <p>What it holds: the version, the suite, the session id, the key (TLS 1.2: the master secret;
 * TLS 1.3: the resumption PSK of one ticket), the ticket if the server sent one, the peer's
 * certificates, the creation time and the lifetime. A TLS 1.3 session is resumable only once a
 * NewSessionTicket has arrived; each ticket makes a new session, as in OpenSSL.
 *
 * <p>{@link #toDer()} / {@link #fromDer} and the PEM forms are OpenSSL's own ({@code
 * i2d_SSL_SESSION}, {@code PEM_write_bio_SSL_SESSION}): files written by {@code openssl s_client
 * -sess_out} load here and the other way round. As in OpenSSL, only the peer's leaf certificate is
 * written, not its chain.
 *
 * <p>Immutable and thread-safe. It holds secrets: keep its bytes as private as a key.
 */
public final class SslSession {

    private static final String PEM_BEGIN = "-----BEGIN SSL SESSION PARAMETERS-----";
    private static final String PEM_END = "-----END SSL SESSION PARAMETERS-----";

    private final SessionData data;

    SslSession(SessionData data) {
        this.data = Objects.requireNonNull(data, "data");
    }

    /**
     * A session from OpenSSL's DER form: {@code d2i_SSL_SESSION}. A session without a time is taken
     * as made now, one without a timeout as lasting 3 seconds, as OpenSSL takes them.
     *
     * @param der the DER of an {@code SSL_SESSION} ASN.1 structure, as {@link #toDer()} or OpenSSL
     *     writes it
     * @return the decoded session
     * @throws IllegalArgumentException naming the problem when the bytes are not a session
     */
    public static SslSession fromDer(byte[] der) {
        Objects.requireNonNull(der, "der");
        return new SslSession(SessionAsn1.decode(der, Instant.now().getEpochSecond()));
    }

    /**
     * A session from the PEM text {@code openssl s_client -sess_out} writes ({@code -----BEGIN SSL
     * SESSION PARAMETERS-----}): {@code PEM_read_bio_SSL_SESSION}. Text around the block is
     * ignored.
     *
     * @param pem text holding one SSL SESSION PARAMETERS block
     * @return the session of the first block
     * @throws IllegalArgumentException when there is no such block or it is not a session
     */
    public static SslSession fromPem(String pem) {
        Objects.requireNonNull(pem, "pem");
        int begin = pem.indexOf(PEM_BEGIN);
        int end = pem.indexOf(PEM_END, Math.max(begin, 0));
        if (begin < 0 || end < 0) {
            throw new IllegalArgumentException("no '" + PEM_BEGIN + "' block");
        }
        String body = pem.substring(begin + PEM_BEGIN.length(), end).replaceAll("\\s", "");
        try {
            return fromDer(Base64.getDecoder().decode(body));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "bad SSL SESSION PARAMETERS block: " + e.getMessage(), e);
        }
    }

    /**
     * OpenSSL's DER form: {@code i2d_SSL_SESSION}.
     *
     * @return the session's {@code SSL_SESSION} ASN.1 DER, which {@code openssl sess_id -inform
     *     DER} reads
     */
    public byte[] toDer() {
        return SessionAsn1.encode(data);
    }

    /**
     * OpenSSL's PEM form, lines of 64 characters and a final newline: {@code
     * PEM_write_bio_SSL_SESSION}.
     *
     * @return the SSL SESSION PARAMETERS block, which {@code openssl s_client -sess_in} reads
     */
    public String toPem() {
        String b64 = Base64.getEncoder().encodeToString(toDer());
        StringBuilder sb = new StringBuilder(PEM_BEGIN).append('\n');
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return sb.append(PEM_END).append('\n').toString();
    }

    /**
     * The protocol version, or null for one tlsbio does not speak: {@code
     * SSL_SESSION_get_protocol_version}.
     *
     * @return the session's version, or null
     */
    public TlsVersion version() {
        return data.version() == SessionData.TLS13
                ? TlsVersion.TLS1_3
                : data.version() == SessionData.TLS12 ? TlsVersion.TLS1_2 : null;
    }

    /**
     * The suite id: {@code SSL_CIPHER_get_protocol_id(SSL_SESSION_get0_cipher)}.
     *
     * @return the suite's two-byte IANA id (0x1301 for TLS_AES_128_GCM_SHA256)
     */
    public int cipherSuite() {
        return data.cipherSuite();
    }

    /**
     * OpenSSL's name of the suite: {@code SSL_CIPHER_get_name(SSL_SESSION_get0_cipher)}.
     *
     * @return the suite's OpenSSL name
     */
    public String cipher() {
        return CipherNames.name(data.cipherSuite());
    }

    /**
     * The session id (a copy; empty when there is none): {@code SSL_SESSION_get_id}.
     *
     * @return a copy of the session id, empty if it has none
     */
    public byte[] id() {
        return data.sessionId().clone();
    }

    /**
     * The secret of the session (a copy): TLS 1.2's master secret, TLS 1.3's resumption PSK: {@code
     * SSL_SESSION_get_master_key}. What {@code s_client} prints as Master-Key or Resumption PSK;
     * never log it elsewhere.
     *
     * @return a copy of the master secret (TLS 1.2) or resumption PSK (TLS 1.3)
     */
    public byte[] masterKey() {
        return data.masterKey().clone();
    }

    /**
     * When the session (for TLS 1.3: its ticket) was made: {@code SSL_SESSION_get_time}.
     *
     * @return the time it was made, to the second
     */
    public Instant time() {
        return Instant.ofEpochSecond(data.time());
    }

    /**
     * How long it may be resumed: {@code SSL_SESSION_get_timeout}.
     *
     * @return the timeout, to the second, counted from {@link #time()}
     */
    public Duration timeout() {
        return Duration.ofSeconds(data.timeout());
    }

    /**
     * Whether it has expired at {@code now}: OpenSSL's test, {@code now > time + timeout}.
     *
     * @param now the time to test at
     * @return true if {@code now} is past {@link #time()} plus {@link #timeout()}
     */
    public boolean isExpired(Instant now) {
        return data.expiredAt(Objects.requireNonNull(now, "now").getEpochSecond());
    }

    /**
     * The peer's certificates, leaf first (only the leaf after {@link #fromDer}): {@code
     * SSL_SESSION_get0_peer}.
     *
     * @return the peer's certificates, leaf first; empty if it sent none
     */
    public List<X509Certificate> peerCertificates() {
        return data.peerChain();
    }

    /**
     * The SNI host name the session was made for, or null: {@code SSL_SESSION_get0_hostname}.
     *
     * @return the SNI host name, or null if none was sent
     */
    public String hostName() {
        return data.hostName();
    }

    /**
     * The ALPN protocol selected, or null: {@code SSL_SESSION_get0_alpn_selected}.
     *
     * @return the negotiated application protocol, or null if none was
     */
    public String alpnSelected() {
        return data.alpnSelected() == null
                ? null
                : new String(data.alpnSelected(), StandardCharsets.UTF_8);
    }

    /**
     * Whether a ticket came with it: {@code SSL_SESSION_has_ticket}.
     *
     * @return true if the session holds a ticket to offer
     */
    public boolean hasTicket() {
        return data.ticket() != null;
    }

    /**
     * The ticket as the server sent it (a copy), or null: {@code SSL_SESSION_get0_ticket}.
     *
     * @return a copy of the ticket, or null if the session has none
     */
    public byte[] ticket() {
        return data.ticket() == null ? null : data.ticket().clone();
    }

    /**
     * The ticket's lifetime hint in seconds (0: none): {@code
     * SSL_SESSION_get_ticket_lifetime_hint}.
     *
     * @return the server's hint, in seconds; 0 if it gave none
     */
    public long ticketLifetimeHint() {
        return data.ticketLifetimeHint();
    }

    /**
     * What the check of the peer's certificate found when the session was made (the {@code
     * verify_result} of OpenSSL's session), or null for a code tlsbio does not know.
     *
     * @return the result of the peer's certificate check, or null for an unknown code
     */
    public VerifyResult verifyResult() {
        for (VerifyResult r : VerifyResult.values()) {
            if (r.code() == data.verifyResult()) {
                return r;
            }
        }
        return null;
    }

    /**
     * Whether a TLS 1.2 session used the extended master secret (RFC 7627).
     *
     * @return true if the TLS 1.2 handshake negotiated the extended master secret
     */
    public boolean extendedMasterSecret() {
        return data.extendedMasterSecret();
    }

    /**
     * Whether a client can offer it: {@code SSL_SESSION_is_resumable}. A TLS 1.2 session needs an
     * id or a ticket; a TLS 1.3 session a ticket.
     *
     * @return true if {@link Ssl#setSession} can offer it
     */
    public boolean isResumable() {
        return data.resumable();
    }

    SessionData data() {
        return data;
    }

    /** Version, suite and id; never the secret. */
    @Override
    public String toString() {
        TlsVersion v = version();
        return "SslSession["
                + (v == null ? "0x" + Integer.toHexString(data.version()) : v.openSslName())
                + " "
                + cipher()
                + " id="
                + HexFormat.of().withUpperCase().formatHex(data.sessionId())
                + (hasTicket() ? " ticket" : "")
                + "]";
    }
}
