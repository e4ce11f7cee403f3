package io.tlsbio.ssl.internal;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a TLS session holds, field for field as OpenSSL's {@code SSL_SESSION} (ssl_local.h) and its
 * ASN.1 form ({@link SessionAsn1}). Byte arrays are owned by the record: callers never change them
 * and copy them before handing them out.
 *
 * @param version the protocol version, 0x0303 or 0x0304
 * @param cipherSuite the suite id
 * @param sessionId up to 32 bytes; a client whose session came with a ticket uses the SHA-256 of
 *     the ticket, as OpenSSL does
 * @param masterKey TLS 1.2: the master secret; TLS 1.3: the resumption PSK of the ticket
 * @param time when the session (or its ticket) was made, seconds since the epoch
 * @param timeout its lifetime in seconds: expired once {@code now > time + timeout}
 * @param peerChain the peer's chain, leaf first (only the leaf survives {@link SessionAsn1})
 * @param verifyResult the X509_V code of the peer check
 * @param hostName the SNI host name, or null
 * @param ticketLifetimeHint the ticket's lifetime hint in seconds (0: none)
 * @param ticket the ticket as received (client), or null
 * @param ticketAgeAdd TLS 1.3: the ticket_age_add of the ticket (uint32)
 * @param extendedMasterSecret whether the TLS 1.2 session used the extended master secret
 * @param alpnSelected the ALPN protocol, or null
 * @param kexGroup the named group of the key exchange (0: unknown)
 */
public record SessionData(
        int version,
        int cipherSuite,
        byte[] sessionId,
        byte[] masterKey,
        long time,
        long timeout,
        List<X509Certificate> peerChain,
        int verifyResult,
        String hostName,
        long ticketLifetimeHint,
        byte[] ticket,
        long ticketAgeAdd,
        boolean extendedMasterSecret,
        byte[] alpnSelected,
        int kexGroup) {

    /** OpenSSL's SSL3_MAX_SSL_SESSION_ID_LENGTH. */
    public static final int MAX_SESSION_ID = 32;

    /** OpenSSL's TLS13_MAX_RESUMPTION_PSK_LENGTH, the size of its master_key field. */
    public static final int MAX_MASTER_KEY = 64;

    /** TLS 1.2's version number. */
    public static final int TLS12 = 0x0303;

    /** TLS 1.3's version number. */
    public static final int TLS13 = 0x0304;

    public SessionData {
        peerChain = List.copyOf(peerChain);
    }

    /** Whether this is a TLS 1.3 session. */
    public boolean tls13() {
        return version == TLS13;
    }

    /** {@code sess_timedout}: whether {@code now} (seconds) lies past {@code time + timeout}. */
    public boolean expiredAt(long now) {
        return now > time + timeout;
    }

    /**
     * {@code SSL_SESSION_is_resumable}: a TLS 1.2 session with an id or a ticket, or a TLS 1.3
     * session with a ticket, and a key.
     */
    public boolean resumable() {
        boolean handle = tls13() ? ticket != null : sessionId.length > 0 || ticket != null;
        return handle && masterKey.length > 0;
    }

    /** This session under another id. */
    public SessionData withSessionId(byte[] id) {
        return new SessionData(
                version,
                cipherSuite,
                id,
                masterKey,
                time,
                timeout,
                peerChain,
                verifyResult,
                hostName,
                ticketLifetimeHint,
                ticket,
                ticketAgeAdd,
                extendedMasterSecret,
                alpnSelected,
                kexGroup);
    }

    /** This session with another verify result (X509_V code). */
    public SessionData withVerifyResult(int code) {
        return new SessionData(
                version,
                cipherSuite,
                sessionId,
                masterKey,
                time,
                timeout,
                peerChain,
                code,
                hostName,
                ticketLifetimeHint,
                ticket,
                ticketAgeAdd,
                extendedMasterSecret,
                alpnSelected,
                kexGroup);
    }

    /**
     * This session with a ticket as a client keeps it: the ticket, its lifetime hint and age_add.
     */
    public SessionData withTicket(byte[] t, long lifetimeHint, long ageAdd) {
        return new SessionData(
                version,
                cipherSuite,
                sessionId,
                masterKey,
                time,
                timeout,
                peerChain,
                verifyResult,
                hostName,
                lifetimeHint,
                t,
                ageAdd,
                extendedMasterSecret,
                alpnSelected,
                kexGroup);
    }

    /**
     * This session as a TLS 1.3 ticket made it: its own PSK, time, lifetime, ticket and age_add.
     */
    public SessionData forTicket13(byte[] psk, long now, long lifetime, byte[] t, long ageAdd) {
        return new SessionData(
                version,
                cipherSuite,
                sessionId,
                psk,
                now,
                lifetime,
                peerChain,
                verifyResult,
                hostName,
                lifetime,
                t,
                ageAdd,
                extendedMasterSecret,
                alpnSelected,
                kexGroup);
    }
}
