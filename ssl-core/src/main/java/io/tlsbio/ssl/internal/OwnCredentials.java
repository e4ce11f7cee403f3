package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedDecryptor;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedDecryptor;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JceDefaultTlsCredentialedDecryptor;

/**
 * One certificate chain and its private key, checked to belong together when made (OpenSSL's {@code
 * SSL_CTX_use_certificate} + {@code SSL_CTX_use_PrivateKey} into one {@code CERT_PKEY} slot),
 * turned into a bctls signer or decryptor for one handshake. Immutable.
 */
public final class OwnCredentials {

    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final CertSlot slot;
    private final AsymmetricKeyParameter bcKey;
    private final byte[][] der;
    private final AlgorithmIdentifier leafSignature;
    private final int curve;
    private final int rsaModulusBytes;
    private final boolean digitalSignature;

    /**
     * The chain as bctls certificates for the last crypto asked for: made once, not per handshake.
     */
    private volatile BcChain bcChain;

    /**
     * The chain parsed by one crypto, in its TLS 1.2 and TLS 1.3 forms. Read-only to bctls, so
     * every handshake with that crypto can share it, as one {@code SSL_CTX}'s connections share its
     * {@code CERT}.
     */
    private record BcChain(TlsCrypto crypto, Certificate tls12, Certificate tls13) {}

    /**
     * @param chain the certificate chain, leaf first
     * @param key the leaf's private key: RSA, EC, Ed25519 or Ed448, encodable (PKCS#8)
     * @throws IllegalArgumentException when the chain is empty, the key type is unsupported or the
     *     key does not match the leaf certificate (see {@link KeyMatch})
     */
    public OwnCredentials(List<X509Certificate> chain, PrivateKey key) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
        this.chain = List.copyOf(chain);
        this.key = key;
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw new IllegalArgumentException(
                    "private key cannot be encoded ("
                            + key.getAlgorithm()
                            + ", format "
                            + key.getFormat()
                            + "): tlsbio needs a PKCS#8-encodable key");
        }
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(encoded);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "private key is not PKCS#8 ("
                            + key.getAlgorithm()
                            + ", format "
                            + key.getFormat()
                            + ")",
                    e);
        }
        ASN1ObjectIdentifier alg = info.getPrivateKeyAlgorithm().getAlgorithm();
        this.slot = CertSlot.of(alg);
        if (slot == null) {
            throw new IllegalArgumentException(
                    "unsupported key type "
                            + CertSlot.unsupportedName(alg)
                            + " (RSA, EC, Ed25519 or Ed448)");
        }
        try {
            this.bcKey = PrivateKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot decode the " + slot.keyName() + " private key: " + e.getMessage(), e);
        }
        X509Certificate leaf = this.chain.get(0);
        KeyMatch.check(leaf, slot, bcKey);
        this.der = new byte[chain.size()][];
        try {
            for (int i = 0; i < chain.size(); i++) {
                der[i] = chain.get(i).getEncoded();
            }
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode certificate: " + e.getMessage(), e);
        }
        this.leafSignature =
                org.bouncycastle.asn1.x509.Certificate.getInstance(der[0]).getSignatureAlgorithm();
        this.curve = slot == CertSlot.ECC ? curveOf(leaf) : 0;
        this.rsaModulusBytes =
                bcKey instanceof RSAKeyParameters r ? (r.getModulus().bitLength() + 7) / 8 : 0;
        boolean[] usage = leaf.getKeyUsage();
        this.digitalSignature = usage == null || usage[0];
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    public PrivateKey key() {
        return key;
    }

    /** The slot this credential fills: its key's type. */
    public CertSlot slot() {
        return slot;
    }

    /** Whether the key is RSA. */
    public boolean isRsa() {
        return slot == CertSlot.RSA;
    }

    /** The TLS named group of an EC key's curve, 0 for other keys or a curve TLS has no id for. */
    int curve() {
        return curve;
    }

    /**
     * Whether the leaf's keyUsage allows signing (or it has none): OpenSSL's {@code ecdsa_ok}
     * condition for offering ECDSA suites with an EC certificate.
     */
    boolean allowsDigitalSignature() {
        return digitalSignature;
    }

    /** The leaf certificate's own signature algorithm, for the peer's signature_algorithms_cert. */
    AlgorithmIdentifier leafSignature() {
        return leafSignature;
    }

    /**
     * Whether an RSA key is long enough for RSA-PSS with {@code a}'s hash: at least 2 * hash length
     * + 2 bytes ({@code rsa_pss_check_min_key_size}); true for other schemes.
     */
    boolean longEnoughFor(SigAlg a) {
        return a.sig != SigAlg.Sig.RSA_PSS || rsaModulusBytes >= 2 * a.hash.bytes + 2;
    }

    /**
     * Whether this key can sign with {@code a} in TLS 1.3 or 1.2: the scheme's slot, and in TLS 1.3
     * an ECDSA scheme's curve.
     */
    boolean canSign(SigAlg a, boolean tls13) {
        if (a.slot != slot || (tls13 && !a.usableInTls13()) || !longEnoughFor(a)) {
            return false;
        }
        return !tls13 || a.curve == 0 || a.curve == curve;
    }

    /** The schemes this key can sign with at security {@code level}, in OpenSSL's default order. */
    public int[] schemes(boolean tls13, int level) {
        return Arrays.stream(SigAlg.values())
                .filter(a -> a.allowedAt(level) && canSign(a, tls13))
                .mapToInt(a -> a.code)
                .toArray();
    }

    /** As {@link #schemes(boolean, int)} at security level 1, OpenSSL's default. */
    public int[] schemes(boolean tls13) {
        return schemes(tls13, 1);
    }

    /**
     * A signer for this handshake with the first of our schemes (at security level 1) the peer
     * offered; the context's own choice goes through {@link SigAlgChooser} and {@link
     * #signer(TlsContext, TlsCrypto, int)}.
     *
     * @param peerSigAlgs the peer's signature_algorithms (Vector of SignatureAndHashAlgorithm), or
     *     null
     * @throws TlsFatalAlert handshake_failure when the peer offered nothing our key can sign
     */
    public TlsCredentialedSigner signer(TlsContext context, TlsCrypto crypto, Vector<?> peerSigAlgs)
            throws IOException {
        for (int scheme : schemes(TlsUtils.isTLSv13(context))) {
            SignatureAndHashAlgorithm alg = SigAlg.of(scheme).bc();
            if (peerSigAlgs == null || peerSigAlgs.contains(alg)) {
                return signer(context, crypto, scheme);
            }
        }
        throw new TlsFatalAlert(
                AlertDescription.handshake_failure, "peer offers no signature scheme for our key");
    }

    /** A signer for this handshake with signature scheme {@code scheme}. */
    public TlsCredentialedSigner signer(TlsContext context, TlsCrypto crypto, int scheme)
            throws IOException {
        SignatureAndHashAlgorithm alg = SigAlg.of(scheme).bc();
        Certificate certificate = bcCertificate(crypto, TlsUtils.isTLSv13(context));
        TlsCryptoParameters params = new TlsCryptoParameters(context);
        if (crypto instanceof BcTlsCrypto bc) {
            return new BcDefaultTlsCredentialedSigner(params, bc, bcKey, certificate, alg);
        }
        if (crypto instanceof JcaTlsCrypto jca) {
            return new JcaDefaultTlsCredentialedSigner(
                    params, jca, JcaKeys.forSigner(key, slot), certificate, alg);
        }
        throw new TlsFatalAlert(
                AlertDescription.internal_error,
                "unsupported TlsCrypto: " + crypto.getClass().getName());
    }

    /**
     * An RSA decryptor for TLS 1.2 RSA key transport (the {@code TLS_RSA_*} suites): what {@code
     * TlsServer.getCredentials()} must return when the selected suite's key exchange is {@code
     * KeyExchangeAlgorithm.RSA} (a signer makes bctls fail with internal_error).
     *
     * @throws TlsFatalAlert internal_error when the key is not RSA or the crypto is unknown
     */
    public TlsCredentialedDecryptor decryptor(TlsCrypto crypto) throws IOException {
        if (!isRsa()) {
            throw new TlsFatalAlert(
                    AlertDescription.internal_error, "RSA key exchange needs an RSA key");
        }
        Certificate certificate = bcCertificate(crypto, false);
        if (crypto instanceof BcTlsCrypto bc) {
            return new BcDefaultTlsCredentialedDecryptor(bc, certificate, (RSAKeyParameters) bcKey);
        }
        if (crypto instanceof JcaTlsCrypto jca) {
            return new JceDefaultTlsCredentialedDecryptor(jca, certificate, key);
        }
        throw new TlsFatalAlert(
                AlertDescription.internal_error,
                "unsupported TlsCrypto: " + crypto.getClass().getName());
    }

    /** The curve of the certificate's key (which KeyMatch found equal to the private key's). */
    private static int curveOf(X509Certificate leaf) {
        var params =
                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
                                leaf.getPublicKey().getEncoded())
                        .getAlgorithm()
                        .getParameters();
        // named curves only: explicit parameters have no TLS group
        return params instanceof ASN1ObjectIdentifier oid ? SigAlg.Curves.groupOf(oid.getId()) : 0;
    }

    /**
     * The chain as {@code crypto} parses it, for TLS 1.3 or 1.2: made on the first handshake with
     * that crypto (a connection's resumption wrapper counts as the crypto it wraps) and kept.
     */
    private Certificate bcCertificate(TlsCrypto crypto, boolean tls13) throws IOException {
        TlsCrypto base = ResumptionCrypto.unwrap(crypto);
        BcChain c = bcChain;
        if (c == null || c.crypto != base) {
            c = parse(base);
            bcChain = c;
        }
        return tls13 ? c.tls13 : c.tls12;
    }

    private BcChain parse(TlsCrypto crypto) throws IOException {
        TlsCertificate[] certs = new TlsCertificate[der.length];
        CertificateEntry[] entries = new CertificateEntry[der.length];
        for (int i = 0; i < der.length; i++) {
            certs[i] = crypto.createCertificate(der[i]);
            entries[i] = new CertificateEntry(certs[i], null);
        }
        return new BcChain(
                crypto, new Certificate(certs), new Certificate(TlsUtils.EMPTY_BYTES, entries));
    }

    /** Subject and key type; never key material. */
    @Override
    public String toString() {
        return "OwnCredentials["
                + chain.get(0).getSubjectX500Principal().getName()
                + ", "
                + slot.keyName()
                + "]";
    }
}
