package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/** Our own certificate chain and private key, turned into a bctls signer for one handshake. */
public final class OwnCredentials {

    /** The signature schemes we offer for a key, in preference order. */
    private static final int[] RSA_SCHEMES_13 = {
        SignatureScheme.rsa_pss_rsae_sha256, SignatureScheme.rsa_pss_rsae_sha384, SignatureScheme.rsa_pss_rsae_sha512 };
    private static final int[] RSA_SCHEMES_12 = {
        SignatureScheme.rsa_pss_rsae_sha256, SignatureScheme.rsa_pss_rsae_sha384, SignatureScheme.rsa_pss_rsae_sha512,
        SignatureScheme.rsa_pkcs1_sha256, SignatureScheme.rsa_pkcs1_sha384, SignatureScheme.rsa_pkcs1_sha512,
        SignatureScheme.rsa_pkcs1_sha1 };
    private static final int[] EC_SCHEMES_12 = {
        SignatureScheme.ecdsa_secp256r1_sha256, SignatureScheme.ecdsa_secp384r1_sha384,
        SignatureScheme.ecdsa_secp521r1_sha512, SignatureScheme.ecdsa_sha1 };

    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final byte[][] der;

    public OwnCredentials(List<X509Certificate> chain, PrivateKey key) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
        this.chain = List.copyOf(chain);
        this.key = key;
        this.der = new byte[chain.size()][];
        try {
            for (int i = 0; i < chain.size(); i++) {
                der[i] = chain.get(i).getEncoded();
            }
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode certificate: " + e.getMessage(), e);
        }
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    public PrivateKey key() {
        return key;
    }

    /** Whether the key is RSA (else EC). */
    public boolean isRsa() {
        return key instanceof RSAKey || "RSA".equals(key.getAlgorithm());
    }

    /** The signature schemes this key can sign with, in our order (TLS 1.3 binds EC curves to hashes). */
    public int[] schemes(boolean tls13) {
        return isRsa() ? (tls13 ? RSA_SCHEMES_13 : RSA_SCHEMES_12) : ecSchemes(tls13);
    }

    /**
     * A signer for this handshake, choosing the first of our schemes the peer offered.
     *
     * @param peerSigAlgs the peer's signature_algorithms (Vector of SignatureAndHashAlgorithm), or null
     * @throws TlsFatalAlert handshake_failure when the peer offered nothing our key can sign
     */
    public TlsCredentialedSigner signer(TlsContext context, TlsCrypto crypto, Vector<?> peerSigAlgs) throws IOException {
        boolean tls13 = TlsUtils.isTLSv13(context);
        int[] ours = schemes(tls13);
        SignatureAndHashAlgorithm chosen = null;
        for (int scheme : ours) {
            SignatureAndHashAlgorithm alg = SignatureScheme.getSignatureAndHashAlgorithm(scheme);
            if (peerSigAlgs == null || peerSigAlgs.contains(alg)) {
                chosen = alg;
                break;
            }
        }
        if (chosen == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "peer offers no signature scheme for our key");
        }
        Certificate certificate = bcCertificate(crypto, tls13);
        TlsCryptoParameters params = new TlsCryptoParameters(context);
        if (crypto instanceof BcTlsCrypto bc) {
            AsymmetricKeyParameter keyParam = PrivateKeyFactory.createKey(key.getEncoded());
            return new BcDefaultTlsCredentialedSigner(params, bc, keyParam, certificate, chosen);
        }
        if (crypto instanceof JcaTlsCrypto jca) {
            return new JcaDefaultTlsCredentialedSigner(params, jca, key, certificate, chosen);
        }
        throw new TlsFatalAlert(AlertDescription.internal_error, "unsupported TlsCrypto: " + crypto.getClass().getName());
    }

    /**
     * An RSA decryptor for TLS 1.2 RSA key transport (the {@code TLS_RSA_*} suites): what
     * {@code TlsServer.getCredentials()} must return when the selected suite's key exchange is
     * {@code KeyExchangeAlgorithm.RSA} (a signer makes bctls fail with internal_error).
     *
     * @throws TlsFatalAlert internal_error when the key is not RSA or the crypto is unknown
     */
    public org.bouncycastle.tls.TlsCredentialedDecryptor decryptor(TlsCrypto crypto) throws IOException {
        if (!isRsa()) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "RSA key exchange needs an RSA key");
        }
        Certificate certificate = bcCertificate(crypto, false);
        if (crypto instanceof BcTlsCrypto bc) {
            AsymmetricKeyParameter keyParam = PrivateKeyFactory.createKey(key.getEncoded());
            return new org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedDecryptor(bc, certificate,
                    (org.bouncycastle.crypto.params.RSAKeyParameters) keyParam);
        }
        if (crypto instanceof JcaTlsCrypto jca) {
            return new org.bouncycastle.tls.crypto.impl.jcajce.JceDefaultTlsCredentialedDecryptor(jca, certificate, key);
        }
        throw new TlsFatalAlert(AlertDescription.internal_error, "unsupported TlsCrypto: " + crypto.getClass().getName());
    }

    private int[] ecSchemes(boolean tls13) {
        if (!tls13) {
            return EC_SCHEMES_12;
        }
        // TLS 1.3 binds the curve to the hash
        int bits = key instanceof ECKey ec ? ec.getParams().getCurve().getField().getFieldSize() : 256;
        return new int[] { bits <= 256 ? SignatureScheme.ecdsa_secp256r1_sha256
                : bits <= 384 ? SignatureScheme.ecdsa_secp384r1_sha384 : SignatureScheme.ecdsa_secp521r1_sha512 };
    }

    private Certificate bcCertificate(TlsCrypto crypto, boolean tls13) throws IOException {
        TlsCertificate[] certs = new TlsCertificate[der.length];
        for (int i = 0; i < der.length; i++) {
            certs[i] = crypto.createCertificate(der[i]);
        }
        if (!tls13) {
            return new Certificate(certs);
        }
        CertificateEntry[] entries = new CertificateEntry[certs.length];
        for (int i = 0; i < certs.length; i++) {
            entries[i] = new CertificateEntry(certs[i], null);
        }
        return new Certificate(TlsUtils.EMPTY_BYTES, entries);
    }
}
