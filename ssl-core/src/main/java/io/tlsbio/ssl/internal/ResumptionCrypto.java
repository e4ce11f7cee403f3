package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;
import org.bouncycastle.tls.crypto.TlsNonceGenerator;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsSecret;

/**
 * TLS 1.3 resumption PSKs through bctls 1.84's external-PSK API. bctls offers and accepts only
 * external PSKs, whose binders it computes with the label "ext binder"; a resumption PSK's binder
 * uses "res binder" (RFC 8446 7.1), which is what OpenSSL sends and checks. This crypto marks the
 * early secret derived from a {@link #resumptionPsk} and derives its binder key with "res binder";
 * every other computation is the wrapped crypto's (its record ciphers, nonces and randomness; the
 * rest is bctls's pure-Java crypto, which is what {@link HybridTlsCrypto} extends).
 *
 * <p>Only for tlsbio's own {@link HybridTlsCrypto} (every crypto of {@code TlsCryptos} but {@code
 * jca}), whose overrides it forwards ({@code ResumptionCryptoTest} fails when HybridTlsCrypto gains
 * one it does not). Any other crypto, such as an application's own {@code BcTlsCrypto} subclass,
 * {@link #wrap} returns unchanged, since a wrapper would bypass its overrides; TLS 1.3 resumption
 * is then off (docs/sessions.md). The natural home of {@link #hkdfInit} is HybridTlsCrypto itself,
 * which would make this wrapper unnecessary.
 */
public final class ResumptionCrypto extends BcTlsCrypto {

    private static final byte[] EXT_BINDER = "tls13 ext binder".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RES_BINDER = "tls13 res binder".getBytes(StandardCharsets.US_ASCII);

    private final HybridTlsCrypto base;

    private ResumptionCrypto(HybridTlsCrypto base) {
        super(base.getSecureRandom());
        this.base = base;
    }

    /** {@code crypto} made able to carry resumption PSKs, or itself when it cannot be. */
    public static TlsCrypto wrap(TlsCrypto crypto) {
        return crypto instanceof HybridTlsCrypto h ? new ResumptionCrypto(h) : crypto;
    }

    /** The crypto {@link #wrap} wrapped, or {@code crypto} itself when it is no wrapper. */
    static TlsCrypto unwrap(TlsCrypto crypto) {
        return crypto instanceof ResumptionCrypto r ? r.base : crypto;
    }

    /** A resumption PSK to hand bctls as an external one; its binder will use "res binder". */
    public TlsSecret resumptionPsk(byte[] psk) {
        return new Psk(this, psk.clone());
    }

    @Override
    public SecureRandom getSecureRandom() {
        return base.getSecureRandom();
    }

    @Override
    public TlsCipher createCipher(
            TlsCryptoParameters cryptoParams, int encryptionAlgorithm, int macAlgorithm)
            throws IOException {
        return base.createCipher(cryptoParams, encryptionAlgorithm, macAlgorithm);
    }

    @Override
    public TlsNonceGenerator createNonceGenerator(byte[] additionalSeedMaterial) {
        return base.createNonceGenerator(additionalSeedMaterial);
    }

    @Override
    public org.bouncycastle.tls.crypto.TlsCertificate createCertificate(short type, byte[] encoding)
            throws IOException {
        return base.createCertificate(type, encoding);
    }

    /** The zero salt of every TLS 1.3 HKDF-Extract: where an early secret is made from a PSK. */
    @Override
    public TlsSecret hkdfInit(int cryptoHashAlgorithm) {
        return new Salt(this, new byte[TlsCryptoUtils.getHashOutputSize(cryptoHashAlgorithm)]);
    }

    /** A resumption PSK. */
    private static final class Psk extends BcTlsSecret {
        Psk(BcTlsCrypto crypto, byte[] data) {
            super(crypto, data);
        }
    }

    /** A salt whose extract of a {@link Psk} is an {@link EarlySecret}. */
    private static final class Salt extends BcTlsSecret {
        Salt(BcTlsCrypto crypto, byte[] data) {
            super(crypto, data);
        }

        @Override
        public synchronized TlsSecret hkdfExtract(int cryptoHashAlgorithm, TlsSecret ikm) {
            TlsSecret prk = super.hkdfExtract(cryptoHashAlgorithm, ikm);
            return ikm instanceof Psk ? new EarlySecret(crypto, prk.extract()) : prk;
        }
    }

    /** The early secret of a resumption PSK: its binder key is derived with "res binder". */
    private static final class EarlySecret extends BcTlsSecret {
        EarlySecret(BcTlsCrypto crypto, byte[] data) {
            super(crypto, data);
        }

        @Override
        public synchronized TlsSecret hkdfExpand(int cryptoHashAlgorithm, byte[] info, int length) {
            return super.hkdfExpand(cryptoHashAlgorithm, binderLabel(info), length);
        }

        /** The HkdfLabel {@code info} with "ext binder" turned into "res binder" (same length). */
        private static byte[] binderLabel(byte[] info) {
            // HkdfLabel: uint16 length, opaque label<7..255> ("tls13 " + label), opaque
            // context<0..255>
            if (info.length < 3 + EXT_BINDER.length || (info[2] & 0xff) != EXT_BINDER.length) {
                return info;
            }
            for (int i = 0; i < EXT_BINDER.length; i++) {
                if (info[3 + i] != EXT_BINDER[i]) {
                    return info;
                }
            }
            byte[] out = info.clone();
            System.arraycopy(RES_BINDER, 0, out, 3, RES_BINDER.length);
            return out;
        }
    }
}
