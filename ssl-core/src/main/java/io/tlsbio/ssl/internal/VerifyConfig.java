package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.CrlCheck;
import io.tlsbio.ssl.VerifyCallback;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A context's verification settings, OpenSSL's {@code X509_STORE} plus {@code X509_VERIFY_PARAM}.
 *
 * @param anchors trusted certificates (loaded on first use: the JDK's store can be slow)
 * @param untrusted extra intermediates usable to build the peer's chain ({@code -untrusted})
 * @param crls CRLs for revocation checking
 * @param crlCheck which certificates are checked against the CRLs
 * @param depth the verify depth ({@code SSL_CTX_set_verify_depth}); -1 for OpenSSL's default (100)
 * @param callback the verify callback, or null
 * @param securityLevel the security level for key sizes and signature digests
 * @param clock the time certificates and CRLs are checked at
 */
public record VerifyConfig(
        Supplier<Set<TrustAnchor>> anchors,
        List<X509Certificate> untrusted,
        List<X509CRL> crls,
        CrlCheck crlCheck,
        int depth,
        VerifyCallback callback,
        int securityLevel,
        Clock clock) {

    /** Trust in {@code anchors} at {@code clock}, everything else as OpenSSL's defaults. */
    public static VerifyConfig of(Set<TrustAnchor> anchors, Clock clock) {
        return new VerifyConfig(
                () -> anchors, List.of(), List.of(), CrlCheck.NONE, -1, null, 1, clock);
    }
}
