package io.tlsbio.ssl.internal;

import org.bouncycastle.tls.crypto.TlsNonceGenerator;

/**
 * A connection's bctls nonce generator, which bctls creates once per connection and hands to every
 * cipher it creates for it: it also carries the connection's current {@link Tls13RecordCipher} from
 * {@link HybridTlsCrypto} to the protocol object, which has no other way to reach it.
 */
final class ConnectionNonces implements TlsNonceGenerator {

    private final TlsNonceGenerator nonces;
    private Tls13RecordCipher recordCipher;

    ConnectionNonces(TlsNonceGenerator nonces) {
        this.nonces = nonces;
    }

    @Override
    public byte[] generateNonce(int size) {
        return nonces.generateNonce(size);
    }

    /**
     * The last TLS 1.3 AES-GCM cipher made for this connection (its application keys once done).
     */
    Tls13RecordCipher recordCipher() {
        return recordCipher;
    }

    void recordCipher(Tls13RecordCipher c) {
        recordCipher = c;
    }

    /** The record cipher of {@code nonces} if it is a connection's carrier, else null. */
    static Tls13RecordCipher of(TlsNonceGenerator nonces) {
        return nonces instanceof ConnectionNonces c ? c.recordCipher : null;
    }
}
