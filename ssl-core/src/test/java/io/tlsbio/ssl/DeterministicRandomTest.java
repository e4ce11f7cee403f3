package io.tlsbio.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeterministicRandomTest {

    private static byte[] bytes(DeterministicRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @Test
    void firstBlockIsSha256OfKeyAndCounterZero() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update("tlsbio-drbg".getBytes(StandardCharsets.US_ASCII));
        md.update(ByteBuffer.allocate(8).putLong(42).array());
        byte[] key = md.digest();
        md.update(key);
        md.update(new byte[8]);
        byte[] block0 = md.digest();
        md.update(key);
        md.update(ByteBuffer.allocate(8).putLong(1).array());
        byte[] block1 = md.digest();
        byte[] expected = Arrays.copyOf(block0, 40);
        System.arraycopy(block1, 0, expected, 32, 8);
        assertThat(bytes(new DeterministicRandom(42), 40)).isEqualTo(expected);
    }

    @Test
    void sameSeedSameStreamOtherSeedOtherStream() {
        assertThat(bytes(new DeterministicRandom(1), 100))
                .isEqualTo(bytes(new DeterministicRandom(1), 100));
        assertThat(bytes(new DeterministicRandom(1), 100))
                .isNotEqualTo(bytes(new DeterministicRandom(2), 100));
        assertThat(new DeterministicRandom(7).nextInt())
                .isEqualTo(new DeterministicRandom(7).nextInt());
        assertThat(bytes(new DeterministicRandom(new byte[] {1, 2}), 16))
                .isEqualTo(bytes(new DeterministicRandom(new byte[] {1, 2}), 16));
    }

    @Test
    void streamDoesNotDependOnHowItIsSplit() {
        DeterministicRandom r = new DeterministicRandom(5);
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        for (int n : new int[] {1, 31, 1, 33, 64, 3, 67}) {
            pieces.writeBytes(bytes(r, n));
        }
        assertThat(pieces.toByteArray()).isEqualTo(bytes(new DeterministicRandom(5), 200));
    }

    @Test
    void setSeedIsIgnoredAndGenerateSeedComesFromTheStream() {
        DeterministicRandom r = new DeterministicRandom(9);
        r.setSeed(new byte[] {1, 2, 3});
        r.setSeed(12345L);
        byte[] seed = r.generateSeed(10);
        byte[] rest = bytes(r, 10);
        byte[] expected = bytes(new DeterministicRandom(9), 20);
        assertThat(seed).isEqualTo(Arrays.copyOf(expected, 10));
        assertThat(rest).isEqualTo(Arrays.copyOfRange(expected, 10, 20));
        assertThat(r.getAlgorithm()).isEqualTo("tlsbio-SHA256-CTR");
    }

    @Test
    void derivedStreamsDependOnSeedAndLabelOnly() {
        DeterministicRandom a = new DeterministicRandom(3);
        DeterministicRandom b = new DeterministicRandom(3);
        bytes(b, 1000); // consumption does not matter
        assertThat(bytes(b.derive("x"), 32)).isEqualTo(bytes(a.derive("x"), 32));
        assertThat(bytes(a.derive("x"), 32)).isNotEqualTo(bytes(a.derive("y"), 32));
        assertThat(bytes(a.derive("x"), 32))
                .isNotEqualTo(bytes(new DeterministicRandom(4).derive("x"), 32));
        assertThat(bytes(a.derive("x"), 32)).isNotEqualTo(bytes(a, 32));
    }
}
