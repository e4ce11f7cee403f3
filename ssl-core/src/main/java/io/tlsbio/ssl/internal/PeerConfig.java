package io.tlsbio.ssl.internal;

import java.util.List;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * Everything a bctls peer needs from the context, resolved once when the context is built.
 *
 * @param versions supported versions, newest first
 * @param cipherSuites bctls cipher suite ids in preference order (TLS 1.3 and 1.2 together)
 * @param groups named group ids in preference order, or null for bctls's defaults
 * @param credentials our certificates and keys, one per key type (empty when none)
 * @param verifier the peer check, or null when nothing is verified
 * @param enforceVerify a failed check fails the handshake (else it is only recorded)
 * @param requestPeerCert a server asks for a client certificate
 * @param requirePeerCert a server fails when the client sends none
 * @param hostName the name a client checks in the server certificate, or null
 * @param sniName the server_name a client sends, or null
 * @param alpn ALPN protocol names in preference order (empty: none)
 * @param crypto the bctls crypto
 * @param maxHandshakeMessageSize the largest handshake message accepted
 * @param ocsp OCSP stapling: a client asks for it, a server staples this response
 */
public record PeerConfig(
        ProtocolVersion[] versions,
        int[] cipherSuites,
        int[] groups,
        CredentialSet credentials,
        PeerVerifier verifier,
        boolean enforceVerify,
        boolean requestPeerCert,
        boolean requirePeerCert,
        String hostName,
        String sniName,
        List<String> alpn,
        TlsCrypto crypto,
        int maxHandshakeMessageSize,
        Ocsp ocsp) {

    /**
     * OCSP stapling settings: whether a client sends status_request; a server's DER response, or
     * null.
     */
    public record Ocsp(boolean request, byte[] response) {
        /** No stapling either way. */
        public static final Ocsp NONE = new Ocsp(false, null);
    }

    /** This configuration with another peer check. */
    public PeerConfig withVerifier(PeerVerifier other) {
        return new PeerConfig(
                versions,
                cipherSuites,
                groups,
                credentials,
                other,
                enforceVerify,
                requestPeerCert,
                requirePeerCert,
                hostName,
                sniName,
                alpn,
                crypto,
                maxHandshakeMessageSize,
                ocsp);
    }

    /**
     * This configuration with other credentials: SSL_use_certificate, or the certificates of
     * SSL_set_SSL_CTX.
     */
    public PeerConfig withCredentials(CredentialSet other) {
        return new PeerConfig(
                versions,
                cipherSuites,
                groups,
                other,
                verifier,
                enforceVerify,
                requestPeerCert,
                requirePeerCert,
                hostName,
                sniName,
                alpn,
                crypto,
                maxHandshakeMessageSize,
                ocsp);
    }
}
