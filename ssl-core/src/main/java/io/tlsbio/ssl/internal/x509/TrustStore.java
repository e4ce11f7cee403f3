package io.tlsbio.ssl.internal.x509;

import java.lang.ref.WeakReference;
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
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;

/**
 * OpenSSL's {@code X509_STORE}: the trusted certificates, looked up by subject name, and the CRLs,
 * looked up by issuer name. Trust anchors without a certificate (a bare key) are ignored, as an
 * OpenSSL store holds only certificates. Certificates are parsed on first lookup so a large store
 * (the JDK's) costs little. Immutable once made, but for that lazy parsing, which is thread-safe:
 * one store serves every verification with the same anchors and CRLs ({@link #of}), as one {@code
 * X509_STORE} serves every connection of an {@code SSL_CTX}.
 */
final class TrustStore {

    /** How many stores {@link #of} keeps: a few contexts' worth, evicting the oldest. */
    private static final int CACHED = 8;

    private static final Cached[] CACHE = new Cached[CACHED];
    private static int next;

    /**
     * A store and the anchors and CRLs it was made from, held weakly: once they are collected the
     * entry matches nothing.
     */
    private record Cached(
            WeakReference<Set<TrustAnchor>> anchors,
            WeakReference<List<X509CRL>> crls,
            TrustStore store) {
        boolean isFor(Set<TrustAnchor> a, List<X509CRL> c) {
            return anchors.get() == a && crls.get() == c;
        }
    }

    private final Map<X500Principal, List<X509Certificate>> bySubject = new HashMap<>();
    private final Map<X500Principal, List<CertInfo>> parsed = new ConcurrentHashMap<>();
    private final List<CrlInfo> crls = new ArrayList<>();

    /**
     * The store for {@code anchors} and {@code crls}, the same object again while both are (by
     * identity) those of an earlier call: a context's trust is fixed when it is built, so its
     * connections share one store instead of indexing the anchors (the JDK's are about 150) and
     * decoding the CRLs on every handshake.
     */
    static TrustStore of(Set<TrustAnchor> anchors, List<X509CRL> crls) {
        if (anchors == null) {
            return new TrustStore(null, crls);
        }
        synchronized (CACHE) {
            for (Cached c : CACHE) {
                if (c != null && c.isFor(anchors, crls)) {
                    return c.store;
                }
            }
            TrustStore store = new TrustStore(anchors, crls);
            CACHE[next] =
                    new Cached(new WeakReference<>(anchors), new WeakReference<>(crls), store);
            next = (next + 1) % CACHED;
            return store;
        }
    }

    TrustStore(Set<TrustAnchor> anchors, List<X509CRL> crlList) {
        if (anchors != null) {
            for (TrustAnchor a : anchors) {
                X509Certificate c = a.getTrustedCert();
                if (c != null) {
                    bySubject
                            .computeIfAbsent(c.getSubjectX500Principal(), k -> new ArrayList<>())
                            .add(c);
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

    /**
     * The trusted certificates named {@code subject}, in a fixed order (by SHA-1 fingerprint, as
     * {@code X509_cmp}).
     */
    List<CertInfo> bySubject(X500Principal subject) {
        List<X509Certificate> certs = bySubject.get(subject);
        if (certs == null) {
            // not remembered: the names a peer sends must not grow a shared store
            return List.of();
        }
        return parsed.computeIfAbsent(
                subject,
                s -> {
                    List<CertInfo> out = new ArrayList<>();
                    for (X509Certificate c : certs) {
                        out.add(CertInfo.of(c));
                    }
                    out.sort(
                            Comparator.comparing(TrustStore::fingerprint, Arrays::compareUnsigned));
                    return List.copyOf(out);
                });
    }

    /**
     * {@code X509_STORE_CTX_get1_issuer}: the first trusted certificate that plausibly issued
     * {@code x} and is valid at {@code now}; else the plausible issuer that expires last; else
     * null.
     */
    CertInfo issuerOf(CertInfo x, long now) {
        return bestIssuer(bySubject(x.issuer()), x, now);
    }

    /**
     * The selection rule OpenSSL uses in the store and in the untrusted list ({@code
     * get0_best_issuer_sk}): first candidate {@code check_issued} accepts with valid times, else
     * the accepted one with the latest notAfter.
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
        return a.notAfter().valid()
                && b.notAfter().valid()
                && a.notAfter().epochSecond() > b.notAfter().epochSecond();
    }

    /**
     * The CRLs issued under {@code issuer} ({@code X509_STORE_CTX_get1_crls}), in configuration
     * order.
     */
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
