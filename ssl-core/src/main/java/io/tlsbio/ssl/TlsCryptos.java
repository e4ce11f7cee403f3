package io.tlsbio.ssl;

import io.tlsbio.ssl.internal.HybridTlsCrypto;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * The bctls crypto choices for {@link SslContext.Builder#crypto}: where the handshake math and the
 * record cipher come from.
 */
public final class TlsCryptos {

    private TlsCryptos() {}

    /**
     * The default: bctls's pure-Java handshake crypto with the JDK's AES-GCM for records (fast
     * handshakes and fast bulk; docs/decisions.md). ChaCha20-Poly1305 stays pure Java.
     *
     * @param random the source of the handshake's randoms, nonces and keys
     * @return a crypto for {@link SslContext.Builder#crypto}
     */
    public static TlsCrypto hybrid(SecureRandom random) {
        return new HybridTlsCrypto(Objects.requireNonNull(random, "random"), false, true);
    }

    /**
     * As {@link #hybrid} but with no time mixed into bctls's nonces, so that with a seeded {@code
     * random} and a fixed clock two runs produce byte-identical transcripts. For fuzzing harnesses
     * and tests, never production. {@link SslContext.Builder#deterministic(long)} sets all of it
     * with one call.
     *
     * @param random the only source of randomness; seed it (e.g. {@link DeterministicRandom}) for
     *     reproducible transcripts
     * @return a crypto for {@link SslContext.Builder#crypto}
     */
    public static TlsCrypto deterministic(SecureRandom random) {
        return new HybridTlsCrypto(Objects.requireNonNull(random, "random"), true, true);
    }

    /**
     * bctls's pure-Java crypto for everything ({@code BcTlsCrypto}): slow AES-GCM.
     *
     * @param random the source of the handshake's randoms, nonces and keys
     * @return a crypto for {@link SslContext.Builder#crypto}
     */
    public static TlsCrypto pureJava(SecureRandom random) {
        return new HybridTlsCrypto(Objects.requireNonNull(random, "random"), false, false);
    }

    /**
     * bctls's JCA crypto on the JDK's providers ({@code JcaTlsCrypto}): slow EC on JDK 17, no
     * ChaCha.
     *
     * @param random the source of the handshake's randoms, nonces and keys
     * @return a crypto for {@link SslContext.Builder#crypto}
     */
    public static TlsCrypto jca(SecureRandom random) {
        return new JcaTlsCryptoProvider().create(Objects.requireNonNull(random, "random"));
    }
}
