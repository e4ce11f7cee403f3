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

    /**
     * Chooses the client's certificate for this connection; runs on the handshake's thread.
     *
     * @param ssl the client connection the server asked for a certificate
     * @return {@link Answer#certificate} (1), {@link Answer#none()} (0) or {@link Answer#retry()}
     *     (-1)
     */
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

        /**
         * 1: send this chain (leaf first) and sign with this key.
         *
         * @param chain the certificates to send, leaf first (copied); not empty
         * @param key the private key of the leaf, which signs the CertificateVerify
         * @return the answer that sends {@code chain}
         * @throws IllegalArgumentException when {@code chain} is empty
         */
        public static Answer certificate(List<X509Certificate> chain, PrivateKey key) {
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(key, "key");
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("chain is empty");
            }
            return new Answer(List.copyOf(chain), key);
        }

        /**
         * 0: send no certificate.
         *
         * @return the answer that sends an empty Certificate message
         */
        public static Answer none() {
            return NONE;
        }

        /**
         * -1: not ready; the handshake returns {@link SslError#WANT_X509_LOOKUP}.
         *
         * @return the answer that suspends the handshake until it is called again
         */
        public static Answer retry() {
            return RETRY;
        }

        /**
         * Whether this is {@link #retry()}.
         *
         * @return true for {@link #retry()}, false for a certificate or {@link #none()}
         */
        public boolean isRetry() {
            return this == RETRY;
        }

        /**
         * The chain to send.
         *
         * @return the chain, leaf first, or null for {@link #none()} and {@link #retry()}
         */
        public List<X509Certificate> chain() {
            return chain;
        }

        /**
         * The key to sign with.
         *
         * @return the leaf's private key, or null for {@link #none()} and {@link #retry()}
         */
        public PrivateKey key() {
            return key;
        }
    }
}
