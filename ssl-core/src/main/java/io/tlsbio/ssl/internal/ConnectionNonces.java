package io.tlsbio.ssl.internal;

import java.util.function.Supplier;
import org.bouncycastle.tls.crypto.TlsNonceGenerator;

/**
 * A connection's bctls nonce generator, which bctls creates once per connection and hands to every
 * cipher it creates for it: it also carries the connection's current {@link Tls13RecordCipher} from
 * {@link HybridTlsCrypto} to the protocol object, which has no other way to reach it. Its generator
 * (a digest-based generator, about half a KiB) is dropped once the handshake is over ({@link
 * #release}); TLS 1.3 and AEAD records never ask for a nonce again, and anything that does (a TLS
 * 1.2 CBC record's explicit IV) gets a fresh generator.
 */
final class ConnectionNonces implements TlsNonceGenerator {

    private final Supplier<TlsNonceGenerator> fresh;
    private TlsNonceGenerator nonces;
    private Tls13RecordCipher recordCipher;

    ConnectionNonces(TlsNonceGenerator nonces, Supplier<TlsNonceGenerator> fresh) {
        this.nonces = nonces;
        this.fresh = fresh;
    }

    @Override
    public byte[] generateNonce(int size) {
        if (nonces == null) {
            nonces = fresh.get();
        }
        return nonces.generateNonce(size);
    }

    /** Drops the generator of {@code nonces} if it is a connection's: the handshake is over. */
    static void release(TlsNonceGenerator nonces) {
        if (nonces instanceof ConnectionNonces c) {
            c.nonces = null;
        }
    }

    /** Carries {@code c}, the TLS 1.3 AES-GCM cipher just made for this connection. */
    void recordCipher(Tls13RecordCipher c) {
        recordCipher = c;
    }

    /**
     * The last TLS 1.3 AES-GCM cipher made for the connection of {@code nonces} (its application
     * keys once the handshake is done), or null if {@code nonces} is not a connection's carrier.
     */
    static Tls13RecordCipher of(TlsNonceGenerator nonces) {
        return nonces instanceof ConnectionNonces c ? c.recordCipher : null;
    }
}
