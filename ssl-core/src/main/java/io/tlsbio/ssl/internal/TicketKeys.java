package io.tlsbio.ssl.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A server's session ticket keys and OpenSSL 3.0's ticket format (t1_lib.c, statem_srvr.c): {@code
 * key_name(16) || IV(16) || AES-256-CBC(session) || HMAC-SHA256(everything before)}. The 80 key
 * bytes are laid out as {@code SSL_CTX_set_tlsext_ticket_keys} takes them: name, HMAC key, AES key.
 * One set per context, as OpenSSL makes one per SSL_CTX.
 */
public final class TicketKeys {

    /** The length of the key material: {@code SSL_CTX_set_tlsext_ticket_keys}' 80 bytes. */
    public static final int LENGTH = 80;

    private static final int NAME = 16;
    private static final int IV = 16;
    private static final int MAC = 32;

    private final byte[] name;
    private final SecretKeySpec hmacKey;
    private final SecretKeySpec aesKey;

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
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, aesKey, new IvParameterSpec(iv));
            byte[] body = aes.doFinal(plain);
            byte[] t = new byte[NAME + IV + body.length + MAC];
            System.arraycopy(name, 0, t, 0, NAME);
            System.arraycopy(iv, 0, t, NAME, IV);
            System.arraycopy(body, 0, t, NAME + IV, body.length);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmacKey);
            mac.update(t, 0, t.length - MAC);
            mac.doFinal(t, t.length - MAC);
            return t;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC or HMAC-SHA256 unavailable", e);
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
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmacKey);
            mac.update(ticket, 0, ticket.length - MAC);
            byte[] expected = mac.doFinal();
            if (!MessageDigest.isEqual(
                    expected, Arrays.copyOfRange(ticket, ticket.length - MAC, ticket.length))) {
                return null;
            }
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, aesKey, new IvParameterSpec(ticket, NAME, IV));
            return aes.doFinal(ticket, NAME + IV, ticket.length - NAME - IV - MAC);
        } catch (GeneralSecurityException e) {
            // a bad padding after a good HMAC: not a ticket we made
            return null;
        }
    }
}
