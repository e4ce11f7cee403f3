package io.tlsbio.ssl.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.tls.crypto.TlsCertificate;

/**
 * bctls's parsed X.509 certificates by their encoding, as the JDK's certificate factory keeps them:
 * a peer's chain, which is the same on every connection to or from that peer, is parsed once and
 * shared by every connection and session that holds it, instead of one full ASN.1 tree (about 3 KiB
 * for a P-256 certificate) per connection. Bounded in entries and in the size of what it keeps, so
 * a peer sending new certificates cannot grow it. A parsed certificate is immutable but for public
 * keys it caches, which are the same whoever computes them.
 */
final class ParsedCertificates {

    /** Most certificates kept. */
    static final int MAX_ENTRIES = 32;

    /** Longest encoding kept (a larger one is parsed every time). */
    static final int MAX_ENCODING = 4096;

    /** Parses an encoding. */
    @FunctionalInterface
    interface Parser {
        TlsCertificate parse(byte[] encoding) throws java.io.IOException;
    }

    private final Map<Key, TlsCertificate> byEncoding =
            new LinkedHashMap<>(MAX_ENTRIES * 2, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, TlsCertificate> eldest) {
                    return size() > MAX_ENTRIES;
                }
            };

    /** The certificate of {@code encoding}: kept from before, or parsed now (and kept). */
    TlsCertificate get(byte[] encoding, Parser parser) throws java.io.IOException {
        if (encoding.length > MAX_ENCODING) {
            return parser.parse(encoding);
        }
        Key k = new Key(encoding);
        synchronized (byEncoding) {
            TlsCertificate c = byEncoding.get(k);
            if (c != null) {
                return c;
            }
        }
        // parsed outside the lock; a failure is not kept, and two racing parses keep one
        TlsCertificate c = parser.parse(encoding);
        synchronized (byEncoding) {
            TlsCertificate before = byEncoding.putIfAbsent(new Key(encoding.clone()), c);
            return before != null ? before : c;
        }
    }

    /** Certificates kept. */
    int size() {
        synchronized (byEncoding) {
            return byEncoding.size();
        }
    }

    private static final class Key {
        private final byte[] encoding;
        private final int hash;

        Key(byte[] encoding) {
            this.encoding = encoding;
            this.hash = Arrays.hashCode(encoding);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && Arrays.equals(encoding, k.encoding);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
