package io.tlsbio.ssl.internal.x509;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * OpenSSL's {@code X509_STORE}: the trusted certificates, looked up by subject name, and the
 * CRLs, looked up by issuer name. Trust anchors without a certificate (a bare key) are ignored,
 * as an OpenSSL store holds only certificates. Certificates are parsed on first lookup so a large
 * store (the JDK's) costs little.
 */
final class TrustStore {

    private final Map<X500Principal, List<X509Certificate>> bySubject = new HashMap<>();
    private final Map<X500Principal, List<CertInfo>> parsed = new HashMap<>();
    private final List<CrlInfo> crls = new ArrayList<>();

    TrustStore(Set<TrustAnchor> anchors, List<X509CRL> crlList) {
        if (anchors != null) {
            for (TrustAnchor a : anchors) {
                X509Certificate c = a.getTrustedCert();
                if (c != null) {
                    bySubject.computeIfAbsent(c.getSubjectX500Principal(), k -> new ArrayList<>()).add(c);
                }
            }
        }
        for (X509CRL crl : crlList) {
            CrlInfo info = CrlInfo.of(crl);
            // a CRL OpenSSL could not have decoded is not in its store
            if (info != null) {
                crls.add(info);
            }
        }
    }

    /** The trusted certificates named {@code subject}, in a fixed order (by SHA-1 fingerprint, as {@code X509_cmp}). */
    List<CertInfo> bySubject(X500Principal subject) {
        return parsed.computeIfAbsent(subject, s -> {
            List<CertInfo> out = new ArrayList<>();
            for (X509Certificate c : bySubject.getOrDefault(s, List.of())) {
                out.add(CertInfo.of(c));
            }
            out.sort(Comparator.comparing(TrustStore::fingerprint, Arrays::compareUnsigned));
            return List.copyOf(out);
        });
    }

    /**
     * {@code X509_STORE_CTX_get1_issuer}: the first trusted certificate that plausibly issued
     * {@code x} and is valid at {@code now}; else the plausible issuer that expires last; else null.
     */
    CertInfo issuerOf(CertInfo x, long now) {
        return bestIssuer(bySubject(x.issuer()), x, now);
    }

    /**
     * The selection rule OpenSSL uses in the store and in the untrusted list
     * ({@code get0_best_issuer_sk}): first candidate {@code check_issued} accepts with valid
     * times, else the accepted one with the latest notAfter.
     */
    static CertInfo bestIssuer(List<CertInfo> candidates, CertInfo x, long now) {
        CertInfo best = null;
        for (CertInfo c : candidates) {
            if (!x.likelyIssuedBy(c)) {
                continue;
            }
            if (TimeCheck.valid(c, now)) {
                return c;
            }
            if (best == null || expiresLater(c, best)) {
                best = c;
            }
        }
        return best;
    }

    private static boolean expiresLater(CertInfo a, CertInfo b) {
        return a.notAfter().valid() && b.notAfter().valid() && a.notAfter().epochSecond() > b.notAfter().epochSecond();
    }

    /** The CRLs issued under {@code issuer} ({@code X509_STORE_CTX_get1_crls}), in configuration order. */
    List<CrlInfo> crlsBy(X500Principal issuer) {
        List<CrlInfo> out = new ArrayList<>();
        for (CrlInfo c : crls) {
            if (c.issuer().equals(issuer)) {
                out.add(c);
            }
        }
        return out;
    }

    private static byte[] fingerprint(CertInfo c) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(c.encoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
        }
    }
}
