package io.tlsbio.ssl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.Objects;

/**
 * A reproducible {@link SecureRandom} for tests and fuzzing harnesses: a SHA-256 counter-mode
 * generator, the role OpenSSL's fuzzers give their "fuzz-rand" provider ({@code fuzz/fuzz_rand.c}).
 *
 * <p>Output block {@code i} is {@code SHA-256(key || i)} with {@code key = SHA-256("tlsbio-drbg" ||
 * seed)} and {@code i} a big-endian 64-bit counter; the blocks are handed out as one byte stream,
 * so the output does not depend on how it is split into {@code nextBytes} calls. {@link #setSeed}
 * is ignored (callers such as key generators must not be able to perturb the stream), and {@link
 * #generateSeed} takes bytes from the same stream.
 *
 * <p><b>Never use it for anything but tests:</b> the output is predictable by design. Thread-safe
 * (the {@code SecureRandom} methods synchronise), though a stream shared between threads is only
 * reproducible if the threads' order is.
 */
public final class DeterministicRandom extends SecureRandom {

    private static final long serialVersionUID = 1L;
    private static final String ALGORITHM = "tlsbio-SHA256-CTR";

    private final transient Spi spi;

    /**
     * A generator whose stream depends only on {@code seed}.
     *
     * @param seed the seed, taken as its 8 big-endian bytes
     */
    public DeterministicRandom(long seed) {
        this(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
    }

    /**
     * A generator whose stream depends only on the bytes of {@code seed} (copied).
     *
     * @param seed the seed bytes, of any length
     */
    public DeterministicRandom(byte[] seed) {
        this(new Spi(Objects.requireNonNull(seed, "seed").clone()));
    }

    private DeterministicRandom(Spi spi) {
        super(spi, null);
        this.spi = spi;
    }

    /**
     * A new, independent generator whose stream depends only on this generator's seed and {@code
     * label}, not on how much of this one has been consumed. Lets one seed drive several consumers
     * without the order in which they draw changing what each one gets.
     *
     * @param label names the consumer; distinct labels give unrelated streams
     * @return a new generator seeded with this one's seed and {@code label}
     */
    public DeterministicRandom derive(String label) {
        Objects.requireNonNull(label, "label");
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        byte[] material = new byte[spi.seed.length + 1 + l.length];
        System.arraycopy(spi.seed, 0, material, 0, spi.seed.length);
        material[spi.seed.length] = 0;
        System.arraycopy(l, 0, material, spi.seed.length + 1, l.length);
        return new DeterministicRandom(material);
    }

    /** The generator's name, {@code "tlsbio-SHA256-CTR"}. */
    @Override
    public String getAlgorithm() {
        return ALGORITHM;
    }

    @Override
    public String toString() {
        return "DeterministicRandom[" + ALGORITHM + "]";
    }

    /** The counter-mode engine; SecureRandom routes nextBytes/setSeed/generateSeed here. */
    private static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;

        private final byte[] seed;
        private final byte[] key;
        private final byte[] block = new byte[32];
        private int blockPos = block.length;
        private long counter;

        Spi(byte[] seed) {
            this.seed = seed;
            MessageDigest md = sha256();
            md.update("tlsbio-drbg".getBytes(StandardCharsets.US_ASCII));
            md.update(seed);
            this.key = md.digest();
        }

        @Override
        protected void engineSetSeed(byte[] ignored) {
            // deliberately ignored: the stream depends on the constructor's seed only
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            MessageDigest md = null;
            for (int i = 0; i < bytes.length; ) {
                if (blockPos == block.length) {
                    if (md == null) {
                        md = sha256();
                    }
                    md.update(key);
                    md.update(ByteBuffer.allocate(Long.BYTES).putLong(counter++).array());
                    System.arraycopy(md.digest(), 0, block, 0, block.length);
                    blockPos = 0;
                }
                int n = Math.min(bytes.length - i, block.length - blockPos);
                System.arraycopy(block, blockPos, bytes, i, n);
                blockPos += n;
                i += n;
            }
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] b = new byte[numBytes];
            engineNextBytes(b);
            return b;
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every JDK", e);
            }
        }
    }
}
