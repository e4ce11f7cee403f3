package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.TmpKey;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsUtils;

/**
 * What the engine negotiated, in tlsbio's and OpenSSL's terms; null (or false) before it is known.
 */
public final class ConnectionInfo {

    private ConnectionInfo() {}

    /** Whether TLS 1.3 was negotiated (false before a version is). */
    public static boolean isTls13(TlsContext context) {
        ProtocolVersion v = context.getServerVersion();
        return v != null && TlsUtils.isTLSv13(v);
    }

    /** {@code SSL_version}. */
    public static TlsVersion version(Engine engine) {
        TlsContext c = engine == null ? null : engine.context();
        ProtocolVersion v = c == null ? null : c.getServerVersion();
        return ProtocolVersion.TLSv13.equals(v)
                ? TlsVersion.TLS1_3
                : ProtocolVersion.TLSv12.equals(v) ? TlsVersion.TLS1_2 : null;
    }

    /** OpenSSL's name of the suite. */
    public static String cipher(Engine engine) {
        SecurityParameters p = parameters(engine);
        return p == null || p.getCipherSuite() < 0 ? null : CipherNames.name(p.getCipherSuite());
    }

    /** {@code SSL_get0_alpn_selected}. */
    public static String selectedAlpn(Engine engine) {
        SecurityParameters p = parameters(engine);
        ProtocolName n = p == null ? null : p.getApplicationProtocol();
        return n == null ? null : n.getUtf8Decoding();
    }

    /** {@code SSL_session_reused}. */
    public static boolean sessionReused(Engine engine) {
        SecurityParameters p = parameters(engine);
        return p != null && p.isResumedSession();
    }

    private static SecurityParameters parameters(Engine engine) {
        TlsContext c = engine == null ? null : engine.context();
        return c == null ? null : c.getSecurityParametersConnection();
    }

    // ------------------------------------------------------------------ key exchange and peer
    // signature

    /**
     * OpenSSL's name of the key-exchange group ({@code
     * SSL_group_to_name(SSL_get_negotiated_group)}), or null.
     */
    public static String negotiatedGroup(Engine engine, HandshakeFacts facts) {
        int g = engine == null ? -1 : facts.group(engine.context());
        return g < 0 ? null : NamedGroup.getName(g);
    }

    /**
     * {@code SSL_get_peer_tmp_key}: the peer's key share in TLS 1.3; in TLS 1.2 the server's ECDHE
     * or DHE key, which only a client has (OpenSSL's server reports none).
     */
    public static TmpKey peerTmpKey(Engine engine, HandshakeFacts facts) {
        TlsContext c = engine == null ? null : engine.context();
        if (version(engine) == null) {
            return null;
        }
        int g = facts.group(c);
        if (version(engine) == TlsVersion.TLS1_2 && c.isServer()) {
            return null;
        }
        if (g < 0) {
            return facts.dhBits() > 0 ? new TmpKey(TmpKey.Type.DH, null, facts.dhBits()) : null;
        }
        String name = NamedGroup.getName(g);
        if (g == NamedGroup.x25519) {
            // OpenSSL counts X25519 keys as 253 bits
            return new TmpKey(TmpKey.Type.X25519, name, 253);
        }
        if (g == NamedGroup.x448) {
            return new TmpKey(TmpKey.Type.X448, name, 448);
        }
        if (NamedGroup.isFiniteField(g)) {
            return new TmpKey(TmpKey.Type.DH, name, NamedGroup.getFiniteFieldBits(g));
        }
        int bits = NamedGroup.getCurveBits(g);
        return bits > 0 ? new TmpKey(TmpKey.Type.EC, name, bits) : null;
    }

    /**
     * {@code SSL_get_peer_signature_type_nid} as s_client names it ("ECDSA", "RSA-PSS"...), or
     * null.
     */
    public static String peerSignatureType(HandshakeFacts facts) {
        return facts.peerScheme() < 0 ? null : PeerSignatureNames.type(facts.peerScheme());
    }

    /** {@code SSL_get_peer_signature_nid}: the digest ("SHA256"), or null (none, or EdDSA). */
    public static String peerSignatureDigest(HandshakeFacts facts) {
        return facts.peerScheme() < 0 ? null : PeerSignatureNames.digest(facts.peerScheme());
    }

    /** The TLS name of the peer's signature scheme ("ecdsa_secp256r1_sha256"), or null. */
    public static String peerSignatureScheme(HandshakeFacts facts) {
        return facts.peerScheme() < 0 ? null : PeerSignatureNames.scheme(facts.peerScheme());
    }
}
