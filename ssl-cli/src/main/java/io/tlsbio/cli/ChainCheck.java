package io.tlsbio.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What OpenSSL's {@code Verify return code} says about a server's chain, for an {@code s_client}
 * that did not verify during the handshake (no {@code -verify_return_error}; OpenSSL then reports
 * the result and carries on). PKIX against the {@code -CAfile} certificates, or the JDK's trust
 * store without one; no revocation and no host name check, as OpenSSL without
 * {@code -verify_hostname}. The codes are OpenSSL's {@code X509_V_ERR_*} numbers for the cases
 * it can tell apart.
 */
final class ChainCheck {

    /** A verify result: OpenSSL's code and text, {@code 0 (ok)} when the chain verified. */
    record Result(int code, String text) {

        static final Result OK = new Result(0, "ok");

        boolean ok() {
            return code == 0;
        }

        @Override
        public String toString() {
            return code + " (" + text + ")";
        }
    }

    private final Set<TrustAnchor> anchors;

    private ChainCheck(Set<TrustAnchor> anchors) {
        this.anchors = anchors;
    }

    /**
     * Trusts the certificates in {@code caFile}, or the JDK's trust store when it is null.
     *
     * @throws CliException naming the file when it cannot be read or holds no certificate
     */
    static ChainCheck of(Path caFile) {
        return new ChainCheck(caFile == null ? jdkAnchors() : fileAnchors(caFile));
    }

    /** Verifies {@code chain} (leaf first) as of now. */
    Result check(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return new Result(1, "no peer certificate");
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        // a server may send the root itself; PKIX wants the path without the anchor
        while (path.size() > 1 && isAnchor(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(new Date());
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return Result.OK;
        } catch (CertPathValidatorException e) {
            return classify(chain, e);
        } catch (GeneralSecurityException e) {
            return new Result(1, "unspecified certificate verification error: " + e.getMessage());
        }
    }

    private static Result classify(List<X509Certificate> chain, CertPathValidatorException e) {
        if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
            return new Result(10, "certificate has expired");
        }
        if (e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return new Result(9, "certificate is not yet valid");
        }
        if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
            X509Certificate last = chain.get(chain.size() - 1);
            if (selfSigned(last)) {
                return chain.size() == 1 ? new Result(18, "self-signed certificate")
                        : new Result(19, "self-signed certificate in certificate chain");
            }
            return chain.size() == 1 ? new Result(21, "unable to verify the first certificate")
                    : new Result(20, "unable to get local issuer certificate");
        }
        return new Result(1, "unspecified certificate verification error: " + e.getMessage());
    }

    private boolean isAnchor(X509Certificate c) {
        for (TrustAnchor a : anchors) {
            if (c.equals(a.getTrustedCert())) {
                return true;
            }
        }
        return false;
    }

    private static boolean selfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    private static Set<TrustAnchor> fileAnchors(Path caFile) {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(caFile)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new CliException("-CAfile " + caFile + ": " + CliException.why(e));
        }
        Set<TrustAnchor> out = new HashSet<>();
        for (Certificate c : certs) {
            if (c instanceof X509Certificate x) {
                out.add(new TrustAnchor(x, null));
            }
        }
        if (out.isEmpty()) {
            throw new CliException("-CAfile " + caFile + ": no CERTIFICATE found");
        }
        return out;
    }

    private static Set<TrustAnchor> jdkAnchors() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            Set<TrustAnchor> out = new HashSet<>();
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    for (X509Certificate c : x.getAcceptedIssuers()) {
                        out.add(new TrustAnchor(c, null));
                    }
                }
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new CliException("cannot load the JDK trust store: " + e.getMessage(), e);
        }
    }
}
