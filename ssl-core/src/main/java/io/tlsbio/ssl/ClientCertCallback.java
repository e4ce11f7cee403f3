package io.tlsbio.ssl;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The client-certificate callback: {@code SSL_CTX_set_client_cert_cb}. Called on a client when the
 * server asked for a certificate and the context has none of its own; it answers with a chain and
 * key, with none, or with "not ready yet" — then the handshake call returns -1 with {@link
 * SslError#WANT_X509_LOOKUP}, and calling it again asks again.
 */
@FunctionalInterface
public interface ClientCertCallback {

    /** Chooses the client's certificate for this connection; runs on the handshake's thread. */
    Answer onCertificateRequest(Ssl ssl);

    /** What the callback answers: OpenSSL's return 1 (with x509/pkey), 0 and -1. */
    final class Answer {
        private static final Answer NONE = new Answer(null, null);
        private static final Answer RETRY = new Answer(null, null);

        private final List<X509Certificate> chain;
        private final PrivateKey key;

        private Answer(List<X509Certificate> chain, PrivateKey key) {
            this.chain = chain;
            this.key = key;
        }

        /** 1: send this chain (leaf first) and sign with this key. */
        public static Answer certificate(List<X509Certificate> chain, PrivateKey key) {
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(key, "key");
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("chain is empty");
            }
            return new Answer(List.copyOf(chain), key);
        }

        /** 0: send no certificate. */
        public static Answer none() {
            return NONE;
        }

        /** -1: not ready; the handshake returns {@link SslError#WANT_X509_LOOKUP}. */
        public static Answer retry() {
            return RETRY;
        }

        /** Whether this is {@link #retry()}. */
        public boolean isRetry() {
            return this == RETRY;
        }

        /** The chain, or null for {@link #none()} and {@link #retry()}. */
        public List<X509Certificate> chain() {
            return chain;
        }

        /** The key, or null for {@link #none()} and {@link #retry()}. */
        public PrivateKey key() {
            return key;
        }
    }
}
