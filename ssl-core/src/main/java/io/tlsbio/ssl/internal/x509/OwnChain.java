package io.tlsbio.ssl.internal.x509;

import io.tlsbio.ssl.CertificatePurpose;
import io.tlsbio.ssl.CrlCheck;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The certificate chain a TLS endpoint sends for its own certificate, as OpenSSL 3.0's {@code
 * ssl_add_cert_chain}: the leaf and the configured extra chain certificates when there are any;
 * otherwise ("auto chain") the chain {@code X509_verify_cert} builds from the leaf through the
 * trust store alone, the self-signed trust anchor included when it is reached, and as far as it got
 * when it is not.
 */
public final class OwnChain {

    private OwnChain() {}

    /**
     * {@link #ownChain(X509Certificate, List, Set, Clock)} at the system clock, as OpenSSL's {@code
     * time(NULL)}.
     */
    public static List<X509Certificate> ownChain(
            X509Certificate leaf, List<X509Certificate> extra, Set<TrustAnchor> anchors) {
        return ownChain(leaf, extra, anchors, Clock.systemUTC());
    }

    /**
     * The chain to send for {@code leaf}, leaf first.
     *
     * @param extra the extra chain certificates ({@code SSL_CTX_add_extra_chain_cert} or a
     *     certificate-specific chain); when not empty they are sent as they are
     * @param anchors the trust store searched when {@code extra} is empty; null for none
     * @param clock the time that picks among issuers with the same name (valid ones first)
     */
    public static List<X509Certificate> ownChain(
            X509Certificate leaf,
            List<X509Certificate> extra,
            Set<TrustAnchor> anchors,
            Clock clock) {
        if (extra != null && !extra.isEmpty()) {
            List<X509Certificate> out = new ArrayList<>(extra.size() + 1);
            out.add(leaf);
            out.addAll(extra);
            return List.copyOf(out);
        }
        // no untrusted certificates, no purpose, no callback: only the store extends the chain
        X509Verifier.Result r =
                new X509Verifier(
                                anchors,
                                List.of(),
                                List.of(),
                                CrlCheck.NONE,
                                -1,
                                null,
                                0,
                                CertificatePurpose.ANY,
                                clock.instant().getEpochSecond())
                        .verify(List.of(leaf), null);
        List<X509Certificate> out = new ArrayList<>(r.chain());
        // the leaf may have been swapped for its identical copy in the store: send the caller's
        out.set(0, leaf);
        return List.copyOf(out);
    }
}
