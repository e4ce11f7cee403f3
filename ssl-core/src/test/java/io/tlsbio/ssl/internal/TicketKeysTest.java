package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Ticket keys reuse their Cipher and Mac: tickets still come out in OpenSSL's format, a failed open
 * leaves nothing behind for the next call, and many threads seal and open at once.
 */
class TicketKeysTest {

    private static byte[] keyBytes() {
        byte[] k = new byte[TicketKeys.LENGTH];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (i * 7 + 1);
        }
        return k;
    }

    /** The ticket as OpenSSL makes it, with fresh JCE objects: name, IV, AES-CBC, HMAC. */
    private static byte[] reference(byte[] keys, byte[] iv, byte[] plain) throws Exception {
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(
                Cipher.ENCRYPT_MODE,
                new SecretKeySpec(keys, 48, 32, "AES"),
                new IvParameterSpec(iv));
        byte[] body = aes.doFinal(plain);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keys, 16, 32, "HmacSHA256"));
        mac.update(keys, 0, 16);
        mac.update(iv);
        mac.update(body);
        byte[] tag = mac.doFinal();
        byte[] t = new byte[16 + 16 + body.length + 32];
        System.arraycopy(keys, 0, t, 0, 16);
        System.arraycopy(iv, 0, t, 16, 16);
        System.arraycopy(body, 0, t, 32, body.length);
        System.arraycopy(tag, 0, t, 32 + body.length, 32);
        return t;
    }

    /** A "random" that gives the bytes of {@code value}, over and over. */
    @SuppressWarnings("serial")
    private static final class FixedRandom extends SecureRandom {
        private final byte[] value;

        FixedRandom(byte[] value) {
            this.value = value;
        }

        @Override
        public void nextBytes(byte[] b) {
            for (int i = 0; i < b.length; i++) {
                b[i] = value[i % value.length];
            }
        }
    }

    @Test
    void repeatedSealsAreOpensslsFormatByteForByte() throws Exception {
        byte[] keys = keyBytes();
        TicketKeys k = TicketKeys.of(keys);
        SecureRandom r = new SecureRandom(new byte[] {3});
        for (int len : new int[] {0, 1, 15, 16, 17, 200, 1000}) {
            byte[] plain = new byte[len];
            Arrays.fill(plain, (byte) len);
            byte[] iv = new byte[16];
            Arrays.fill(iv, (byte) (len + 1));
            byte[] sealed = k.seal(plain, new FixedRandom(iv));
            assertThat(sealed).as("length %d", len).isEqualTo(reference(keys, iv, plain));
            assertThat(k.open(sealed)).isEqualTo(plain);
            // a failed open (changed HMAC, then changed body) leaves the next calls unharmed
            byte[] badMac = sealed.clone();
            badMac[badMac.length - 1] ^= 1;
            assertThat(k.open(badMac)).isNull();
            assertThat(k.open(k.seal(plain, r))).isEqualTo(plain);
        }
    }

    @Test
    void aBadPaddingAfterAGoodMacDoesNotSpoilTheNextOpen() throws Exception {
        byte[] keys = keyBytes();
        TicketKeys k = TicketKeys.of(keys);
        byte[] iv = new byte[16];
        // a body that decrypts to garbage padding, authenticated with the right HMAC key
        byte[] t = reference(keys, iv, new byte[16]);
        byte[] garbled = t.clone();
        garbled[32 + 16] ^= 0x55;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keys, 16, 32, "HmacSHA256"));
        mac.update(garbled, 0, garbled.length - 32);
        mac.doFinal(garbled, garbled.length - 32);
        assertThat(k.open(garbled)).isNull();
        assertThat(k.open(t)).isEqualTo(new byte[16]);
    }

    @Test
    void manyThreadsSealAndOpenAtOnce() throws Exception {
        TicketKeys k = TicketKeys.random(new SecureRandom());
        int threads = TicketKeys.POOLED + 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int id = i;
                results.add(
                        pool.submit(
                                () -> {
                                    SecureRandom r = new SecureRandom();
                                    int ok = 0;
                                    for (int n = 0; n < 300; n++) {
                                        byte[] plain = new byte[20 + (n + id) % 50];
                                        r.nextBytes(plain);
                                        if (Arrays.equals(k.open(k.seal(plain, r)), plain)) {
                                            ok++;
                                        }
                                    }
                                    return ok;
                                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(300);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
