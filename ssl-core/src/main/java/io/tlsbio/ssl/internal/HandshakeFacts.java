package io.tlsbio.ssl.internal;

import java.io.ByteArrayInputStream;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsUtils;

/**
 * What one connection's handshake settled that bctls does not keep for later, reported by the
 * protocol objects as it happens: the secrets ({@link HandshakeSecrets}), the TLS 1.2 ECDHE group
 * and DHE prime size, and the signature scheme of the peer's signature. The answers of {@code
 * SSL_get_negotiated_group}, {@code SSL_get_peer_signature_nid}, {@code SSL_get_peer_tmp_key} and
 * {@code SSL_export_keying_material} are made from it.
 */
public final class HandshakeFacts {

    private final HandshakeSecrets secrets;
    private int tls12Group = -1;
    private int dhBits;
    private int peerScheme = -1;
    private boolean complete;

    public HandshakeFacts(HandshakeSecrets secrets) {
        this.secrets = secrets;
    }

    /** Makes {@code engine} (a bctls protocol of ours) report into this. */
    public void observe(Engine engine) {
        if (engine instanceof BcClientProtocol c) {
            c.observe(this);
        } else if (engine instanceof BcServerProtocol s) {
            s.observe(this);
        }
    }

    /** A secret may have appeared: see {@link HandshakeSecrets#capture}. */
    void secrets(TlsContext context) {
        secrets.capture(context);
    }

    /** The handshake is completing: the last secrets are taken and the exporters open. */
    void completing(TlsContext context) {
        secrets.capture(context);
        complete = true;
    }

    /** A TLS 1.2 ServerKeyExchange went out (server) or was accepted (client). */
    void serverKeyExchange(TlsContext context, byte[] body) {
        SecurityParameters sp = context.getSecurityParametersHandshake();
        ServerKeyExchangeView v =
                sp == null ? null : ServerKeyExchangeView.parse(sp.getKeyExchangeAlgorithm(), body);
        if (v == null) {
            return;
        }
        tls12Group = v.group();
        dhBits = v.dhBits();
        if (!context.isServer()) {
            peerScheme = v.scheme();
        }
    }

    /** The peer's CertificateVerify was accepted: its first two bytes are the scheme. */
    void peerCertificateVerify(byte[] body) {
        if (body.length >= 2) {
            peerScheme = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
        }
    }

    /**
     * The group of the key exchange ({@code SSL_get_negotiated_group}): TLS 1.3's key share, TLS
     * 1.2's ECDHE curve; -1 for TLS 1.2 DHE or RSA key transport, as OpenSSL 3.0 reports none.
     */
    public int group(TlsContext context) {
        SecurityParameters sp = context == null ? null : context.getSecurityParametersConnection();
        if (sp == null) {
            sp = context == null ? null : context.getSecurityParametersHandshake();
        }
        if (sp == null || sp.getNegotiatedVersion() == null) {
            return -1;
        }
        return TlsUtils.isTLSv13(sp.getNegotiatedVersion()) ? sp.getNegotiatedGroup() : tls12Group;
    }

    /** The bits of the DHE prime a TLS 1.2 client was sent, or 0. */
    public int dhBits() {
        return dhBits;
    }

    /**
     * The scheme the peer signed with (handshake or CertificateVerify), or -1 when it signed
     * nothing.
     */
    public int peerScheme() {
        return peerScheme;
    }

    /** The exporter, once the handshake is complete; null before. */
    public KeyingMaterialExporter exporter() {
        return complete ? secrets.exporter() : null;
    }

    /** Wipes the secrets ({@code SSL_free}). */
    public void destroy() {
        secrets.destroy();
    }

    /**
     * The rest of a handshake message, leaving the input where it was (bctls's input refuses
     * mark(); its reset() goes back to the message start).
     */
    static byte[] peek(ByteArrayInputStream buf) {
        int before = buf.available();
        byte[] body = buf.readAllBytes();
        buf.reset();
        buf.skip(buf.available() - before);
        return body;
    }
}
