package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SessionParameters;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsSecret;

/** Conversions between bctls's session objects and {@link SessionData}, for both roles. */
final class SessionSupport {

    static final byte[] EMPTY = new byte[0];

    private SessionSupport() {}

    /**
     * The session a handshake made, from its security parameters: version, suite, key (the master
     * secret, copied; empty for TLS 1.3, whose keys come with tickets), EMS, the peer's chain, SNI,
     * ALPN and group.
     *
     * @param peerChain the peer's chain of {@code sp} as JDK certificates ({@link #peerChain})
     */
    static SessionData fromParameters(
            SecurityParameters sp,
            TlsCrypto crypto,
            byte[] id,
            long now,
            long timeout,
            int verifyCode,
            String hostName,
            List<X509Certificate> peerChain)
            throws IOException {
        boolean tls13 = TlsUtils.isTLSv13(sp.getNegotiatedVersion());
        byte[] key = EMPTY;
        if (!tls13 && sp.getMasterSecret() != null) {
            // adoptSecret copies: bctls's own secret stays alive for the connection
            key = crypto.adoptSecret(sp.getMasterSecret()).extract();
        }
        ProtocolName alpn = sp.getApplicationProtocol();
        return new SessionData(
                sp.getNegotiatedVersion().getFullVersion(),
                sp.getCipherSuite(),
                id,
                key,
                now,
                timeout,
                peerChain,
                verifyCode,
                hostName,
                0,
                null,
                0,
                !tls13 && sp.isExtendedMasterSecret(),
                alpn == null ? null : alpn.getBytes(),
                Math.max(sp.getNegotiatedGroup(), 0));
    }

    /**
     * The chain of {@code peer} as JDK certificates: {@code parsed} when the peer check parsed it
     * from this very object ({@code parsedFrom}), else parsed again.
     */
    static List<X509Certificate> peerChain(
            Certificate peer, Certificate parsedFrom, List<X509Certificate> parsed)
            throws IOException {
        if (peer == null || peer.isEmpty()) {
            return List.of();
        }
        return peer == parsedFrom ? parsed : PeerSupport.toX509(peer);
    }

    /** A TLS 1.2 session as bctls resumes it, under {@code id}. */
    @SuppressWarnings("JdkObsolete") // bctls's API takes a Hashtable
    static TlsSession toBc(SessionData d, byte[] id, TlsCrypto crypto) throws IOException {
        TlsSecret master = crypto.createSecret(d.masterKey());
        SessionParameters p =
                new SessionParameters.Builder()
                        .setCipherSuite(d.cipherSuite())
                        .setExtendedMasterSecret(d.extendedMasterSecret())
                        .setMasterSecret(master)
                        .setNegotiatedVersion(
                                org.bouncycastle.tls.ProtocolVersion.get(
                                        d.version() >> 8, d.version() & 0xff))
                        .setPeerCertificate(certificate(d.peerChain(), crypto))
                        // what the resumed ServerHello carries is decided afresh (ALPN, EMS,
                        // renegotiation_info)
                        .setServerExtensions(new Hashtable<>())
                        .build();
        return TlsUtils.importSession(id, p);
    }

    private static Certificate certificate(List<X509Certificate> chain, TlsCrypto crypto)
            throws IOException {
        if (chain.isEmpty()) {
            return null;
        }
        TlsCertificate[] out = new TlsCertificate[chain.size()];
        try {
            for (int i = 0; i < out.length; i++) {
                out[i] = crypto.createCertificate(chain.get(i).getEncoded());
            }
        } catch (CertificateEncodingException e) {
            throw new IOException("cannot encode a session's certificate", e);
        }
        return new Certificate(out);
    }

    /** The host_name of a ClientHello's server_name list, or null. */
    static String hostName(Vector<?> serverNames) {
        if (serverNames == null) {
            return null;
        }
        for (Object o : serverNames) {
            if (o instanceof ServerName n && n.getNameType() == NameType.host_name) {
                return new String(n.getNameData(), StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    /** The verify result of an X509_V code, or OK for a code tlsbio does not know. */
    static io.tlsbio.ssl.VerifyResult verifyResult(int code) {
        for (io.tlsbio.ssl.VerifyResult r : io.tlsbio.ssl.VerifyResult.values()) {
            if (r.code() == code) {
                return r;
            }
        }
        return io.tlsbio.ssl.VerifyResult.OK;
    }

    /** SHA-256: the session id OpenSSL's client gives a session that came with a ticket. */
    static byte[] sha256(byte[] b) {
        // bcprov's digest directly: a JCA look-up would cost more than hashing a ticket
        SHA256Digest d = new SHA256Digest();
        d.update(b, 0, b.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }
}
