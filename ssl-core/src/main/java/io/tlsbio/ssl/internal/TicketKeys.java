package io.tlsbio.ssl.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A server's session ticket keys and OpenSSL 3.0's ticket format (t1_lib.c, statem_srvr.c): {@code
 * key_name(16) || IV(16) || AES-256-CBC(session) || HMAC-SHA256(everything before)}. The 80 key
 * bytes are laid out as {@code SSL_CTX_set_tlsext_ticket_keys} takes them: name, HMAC key, AES key.
 * One set per context, as OpenSSL makes one per SSL_CTX.
 *
 * <p>Thread-safe: a context's connections seal and open on many threads. The JCE objects doing it
 * ({@link Cipher}, {@link Mac}) are not, and looking them up costs more than using them, so each
 * set keeps a few in a small pool: a call takes one for itself, and puts it back after (or drops it
 * when the pool is full). At most {@link #POOLED} are kept per set, however many threads.
 */
public final class TicketKeys {

    /** The length of the key material: {@code SSL_CTX_set_tlsext_ticket_keys}' 80 bytes. */
    public static final int LENGTH = 80;

    private static final int NAME = 16;
    private static final int IV = 16;
    private static final int MAC = 32;

    /**
     * How many Cipher/Mac pairs a set keeps: enough for the threads of a busy server to rarely look
     * one up, few enough to cost little (a pair holds about 2 KB: key schedule, HMAC state,
     * buffers).
     */
    static final int POOLED = 8;

    private final byte[] name;
    private final SecretKeySpec hmacKey;
    private final SecretKeySpec aesKey;
    private final AtomicReferenceArray<Crypters> pool = new AtomicReferenceArray<>(POOLED);

    private TicketKeys(byte[] keys) {
        this.name = Arrays.copyOfRange(keys, 0, NAME);
        this.hmacKey = new SecretKeySpec(keys, NAME, 32, "HmacSHA256");
        this.aesKey = new SecretKeySpec(keys, NAME + 32, 32, "AES");
    }

    /** Keys from {@code random}, as {@code SSL_CTX_new} draws them. */
    public static TicketKeys random(SecureRandom random) {
        byte[] k = new byte[LENGTH];
        random.nextBytes(k);
        try {
            return new TicketKeys(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * Keys given by the application ({@code SSL_CTX_set_tlsext_ticket_keys}): 16 bytes of name, 32
     * of HMAC key, 32 of AES key. The array is not kept.
     *
     * @throws IllegalArgumentException when it is not 80 bytes long
     */
    public static TicketKeys of(byte[] keys) {
        if (keys.length != LENGTH) {
            throw new IllegalArgumentException(
                    "ticket keys must be " + LENGTH + " bytes: " + keys.length);
        }
        return new TicketKeys(keys);
    }

    /**
     * Encrypts and authenticates {@code plain} into a ticket, with a fresh IV from {@code random}.
     */
    public byte[] seal(byte[] plain, SecureRandom random) {
        byte[] iv = new byte[IV];
        random.nextBytes(iv);
        Crypters c = take();
        try {
            c.aes.init(Cipher.ENCRYPT_MODE, aesKey, new IvParameterSpec(iv));
            // PKCS#5 padding: 1 to 16 bytes
            int bodyLength = (plain.length / 16 + 1) * 16;
            byte[] t = new byte[NAME + IV + bodyLength + MAC];
            System.arraycopy(name, 0, t, 0, NAME);
            System.arraycopy(iv, 0, t, NAME, IV);
            int n = c.aes.doFinal(plain, 0, plain.length, t, NAME + IV);
            if (n != bodyLength) {
                throw new IllegalStateException("AES-CBC wrote " + n + ", not " + bodyLength);
            }
            c.mac.update(t, 0, t.length - MAC);
            c.mac.doFinal(t, t.length - MAC);
            give(c);
            return t;
        } catch (GeneralSecurityException e) {
            // the pair may be in any state: not put back
            throw new IllegalStateException("AES-256-CBC or HMAC-SHA256 failed", e);
        }
    }

    /**
     * What a ticket of ours holds, or null when it is not ours (another key name), was changed (the
     * HMAC fails) or does not decrypt: OpenSSL's SSL_TICKET_NO_DECRYPT, a full handshake.
     */
    public byte[] open(byte[] ticket) {
        if (ticket.length < NAME + IV + 16 + MAC
                || !MessageDigest.isEqual(name, Arrays.copyOfRange(ticket, 0, NAME))) {
            return null;
        }
        Crypters c = take();
        byte[] plain;
        try {
            c.mac.update(ticket, 0, ticket.length - MAC);
            byte[] expected = c.mac.doFinal();
            if (!MessageDigest.isEqual(
                    expected, Arrays.copyOfRange(ticket, ticket.length - MAC, ticket.length))) {
                give(c);
                return null;
            }
            c.aes.init(Cipher.DECRYPT_MODE, aesKey, new IvParameterSpec(ticket, NAME, IV));
            plain = c.aes.doFinal(ticket, NAME + IV, ticket.length - NAME - IV - MAC);
        } catch (GeneralSecurityException e) {
            // a bad padding after a good HMAC: not a ticket we made (a failed doFinal leaves the
            // Cipher to be initialised again, which every use does first)
            give(c);
            return null;
        }
        give(c);
        return plain;
    }

    /** A pooled pair, or a new one when the pool has none free. */
    private Crypters take() {
        for (int i = 0; i < POOLED; i++) {
            Crypters c = pool.getAndSet(i, null);
            if (c != null) {
                return c;
            }
        }
        return new Crypters(hmacKey);
    }

    /** Puts a pair back for the next call, unless the pool is full. */
    private void give(Crypters c) {
        for (int i = 0; i < POOLED; i++) {
            if (pool.compareAndSet(i, null, c)) {
                return;
            }
        }
    }

    /**
     * One AES-256-CBC Cipher (initialised by each use with its IV) and one HMAC-SHA256 Mac, keyed
     * once (doFinal leaves it keyed): used by one call at a time.
     */
    private static final class Crypters {
        final Cipher aes;
        final Mac mac;

        Crypters(SecretKeySpec hmacKey) {
            try {
                aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
                mac = Mac.getInstance("HmacSHA256");
                mac.init(hmacKey);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-256-CBC or HMAC-SHA256 unavailable", e);
            }
        }
    }
}
