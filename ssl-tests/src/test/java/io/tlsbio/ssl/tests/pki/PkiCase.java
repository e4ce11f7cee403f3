package io.tlsbio.ssl.tests.pki;

import io.tlsbio.ssl.CertificatePurpose;
import io.tlsbio.ssl.CrlCheck;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One row of the matrix: the certificates a peer presents and the settings its verifier has, in the
 * words of {@code openssl verify}: {@code -CAfile}/{@code -CApath}, {@code -untrusted}, {@code
 * -CRLfile} with {@code -crl_check[_all]}, {@code -verify_depth}, {@code -auth_level}, {@code
 * -purpose}, {@code -verify_hostname}/{@code -verify_ip}.
 *
 * @param name a short slug (also the case's directory)
 * @param title what the case is, for the report
 * @param direction whose certificate is verified
 * @param sent what the peer sends, its own certificate first
 * @param key the private key of {@code sent.get(0)}
 * @param trust the trusted certificates
 * @param trustStore how the trust is given: a file or a hashed directory
 * @param untrusted extra intermediates the verifier may use ({@code -untrusted}, {@code
 *     SslContext.untrusted})
 * @param crls CRLs the verifier has
 * @param crlCheck which certificates are checked against them
 * @param verifyDepth the verify depth, or -1 for OpenSSL's default
 * @param securityLevel the verifier's security level (also its {@code -auth_level})
 * @param host the host name or IP literal checked in a server's certificate, or null
 * @param acceptAll whether the verifier has a callback that accepts every error
 */
record PkiCase(
        String name,
        String title,
        Direction direction,
        List<X509Certificate> sent,
        PrivateKey key,
        List<X509Certificate> trust,
        TrustStore trustStore,
        List<X509Certificate> untrusted,
        List<X509CRL> crls,
        CrlCheck crlCheck,
        int verifyDepth,
        int securityLevel,
        String host,
        boolean acceptAll) {

    /** Whose certificate is verified. */
    enum Direction {
        /** A client verifies the server's certificate ({@code -purpose sslserver}). */
        SERVER_CERT(CertificatePurpose.SSL_SERVER, "sslserver"),
        /** A server verifies the client's certificate ({@code -purpose sslclient}). */
        CLIENT_CERT(CertificatePurpose.SSL_CLIENT, "sslclient");

        final CertificatePurpose purpose;
        final String opensslPurpose;

        Direction(CertificatePurpose purpose, String opensslPurpose) {
            this.purpose = purpose;
            this.opensslPurpose = opensslPurpose;
        }
    }

    /** How the trusted certificates reach the verifier. */
    enum TrustStore {
        /** A PEM file: {@code -CAfile}, {@code SslContext.Builder.trust(Path)}. */
        FILE,
        /**
         * A directory hashed by {@code openssl rehash}: {@code -CApath}, {@code
         * trustDirectory(Path)}.
         */
        HASHED_DIRECTORY
    }

    PkiCase {
        Objects.requireNonNull(name, "name");
        sent = List.copyOf(sent);
        trust = List.copyOf(trust);
        untrusted = List.copyOf(untrusted);
        crls = List.copyOf(crls);
        if (sent.isEmpty()) {
            throw new IllegalArgumentException("a case sends at least one certificate: " + name);
        }
    }

    /**
     * Whether {@link #host} is an IP literal ({@code -verify_ip}) rather than a name ({@code
     * -verify_hostname}).
     */
    boolean hostIsIp() {
        return host != null && (host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}"));
    }

    /**
     * The sent certificates after the first: what {@code openssl verify} gets as untrusted, with
     * {@link #untrusted}.
     */
    List<X509Certificate> verifyUntrusted() {
        List<X509Certificate> all = new ArrayList<>(sent.subList(1, sent.size()));
        all.addAll(untrusted);
        return all;
    }

    /** Starts a case; see {@link Builder}. */
    static Builder server(String name, String title, List<Issued> chain) {
        return new Builder(name, title, Direction.SERVER_CERT, chain);
    }

    static Builder client(String name, String title, List<Issued> chain) {
        return new Builder(name, title, Direction.CLIENT_CERT, chain).host(null);
    }

    /**
     * Defaults: trust set by the caller, no CRLs, default depth, security level 1, host "localhost"
     * for servers.
     */
    static final class Builder {
        private final String name;
        private final String title;
        private final Direction direction;
        private final List<X509Certificate> sent = new ArrayList<>();
        private final PrivateKey key;
        private final List<X509Certificate> trust = new ArrayList<>();
        private TrustStore trustStore = TrustStore.FILE;
        private final List<X509Certificate> untrusted = new ArrayList<>();
        private final List<X509CRL> crls = new ArrayList<>();
        private CrlCheck crlCheck = CrlCheck.NONE;
        private int verifyDepth = -1;
        private int securityLevel = 1;
        private String host = "localhost";
        private boolean acceptAll;

        private Builder(String name, String title, Direction direction, List<Issued> chain) {
            this.name = name;
            this.title = title;
            this.direction = direction;
            for (Issued i : chain) {
                sent.add(i.certificate());
            }
            this.key = chain.get(0).keys().getPrivate();
        }

        Builder trust(Issued... roots) {
            for (Issued r : roots) {
                trust.add(r.certificate());
            }
            return this;
        }

        Builder hashedDirectory() {
            this.trustStore = TrustStore.HASHED_DIRECTORY;
            return this;
        }

        Builder untrusted(Issued... intermediates) {
            for (Issued i : intermediates) {
                untrusted.add(i.certificate());
            }
            return this;
        }

        Builder crls(CrlCheck check, X509CRL... list) {
            this.crlCheck = check;
            crls.addAll(List.of(list));
            return this;
        }

        Builder verifyDepth(int depth) {
            this.verifyDepth = depth;
            return this;
        }

        Builder securityLevel(int level) {
            this.securityLevel = level;
            return this;
        }

        Builder host(String h) {
            this.host = h;
            return this;
        }

        Builder acceptAll() {
            this.acceptAll = true;
            return this;
        }

        PkiCase build() {
            return new PkiCase(
                    name,
                    title,
                    direction,
                    sent,
                    key,
                    trust,
                    trustStore,
                    untrusted,
                    crls,
                    crlCheck,
                    verifyDepth,
                    securityLevel,
                    host,
                    acceptAll);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
