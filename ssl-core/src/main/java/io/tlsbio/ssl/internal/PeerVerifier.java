package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.VerifyResult;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Certificate checks bctls leaves to us: PKIX path to the trust anchors at the injected clock's
 * time, and the host name (RFC 6125: SAN dNSName / iPAddress, CN only when no dNSName exists).
 * The outcome names the alert OpenSSL's {@code ssl_verify_alarm_type} would send.
 */
public final class PeerVerifier {

    /** A failed check: OpenSSL's verify result (which also gives the alert) and why. */
    public static final class VerifyException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient VerifyResult result;

        VerifyException(VerifyResult result, String detail, Throwable cause) {
            super("certificate verify failed: " + result + (detail == null ? "" : ": " + detail), cause);
            this.result = result;
        }

        /** OpenSSL's X509_V_ERR code and text. */
        public VerifyResult result() {
            return result;
        }

        /** The alert OpenSSL sends for {@link #result()}. */
        public short alert() {
            return result.alert();
        }
    }

    /**
     * What the peer's certificate must be good for: OpenSSL's X509_PURPOSE_SSL_SERVER (a client
     * checking a server) and X509_PURPOSE_SSL_CLIENT (a server checking a client).
     */
    public enum Purpose {
        SSL_SERVER("1.3.6.1.5.5.7.3.1"),
        SSL_CLIENT("1.3.6.1.5.5.7.3.2");

        final String extendedKeyUsage;

        Purpose(String extendedKeyUsage) {
            this.extendedKeyUsage = extendedKeyUsage;
        }
    }

    /** Netscape and Microsoft Server Gated Crypto, which OpenSSL still takes for serverAuth. */
    private static final Set<String> SGC = Set.of("2.16.840.1.113730.4.1", "1.3.6.1.4.1.311.10.3.3");

    private Set<TrustAnchor> anchors;
    private final Clock clock;
    private final Purpose purpose;

    public PeerVerifier(VerifyConfig config, io.tlsbio.ssl.CertificatePurpose purpose) {
        this.anchors = config.anchors().get();
        this.clock = config.clock();
        this.purpose = purpose == io.tlsbio.ssl.CertificatePurpose.SSL_CLIENT ? Purpose.SSL_CLIENT : Purpose.SSL_SERVER;
    }

    /**
     * Verifies {@code chain} (leaf first) to the anchors; checks {@code hostName} unless it is null.
     *
     * @return OK, or the last error the verify callback accepted
     * @throws VerifyException when verification fails
     */
    public VerifyResult verify(List<X509Certificate> chain, String hostName) throws VerifyException {
        verifyOld(chain, hostName);
        return VerifyResult.OK;
    }

    private void verifyOld(List<X509Certificate> chain, String hostName) throws VerifyException {
        if (chain.isEmpty()) {
            throw new VerifyException(VerifyResult.CERT_REJECTED, "peer sent no certificate", null);
        }
        checkPurpose(chain);
        verifyPath(chain);
        if (hostName != null && !matchesHost(chain.get(0), hostName)) {
            throw new VerifyException(isIpLiteral(hostName) ? VerifyResult.IP_ADDRESS_MISMATCH
                    : VerifyResult.HOSTNAME_MISMATCH, "certificate does not match " + hostName, null);
        }
    }

    private void verifyPath(List<X509Certificate> chain) throws VerifyException {
        if (anchors.isEmpty()) {
            throw new VerifyException(VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, "no trust anchors configured", null);
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        // a peer may send the root itself; PKIX wants the path without the anchor
        while (path.size() > 1 && isAnchor(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            CertPath certPath = cf.generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
        } catch (CertPathValidatorException e) {
            throw new VerifyException(resultFor(e, path), e.getMessage(), e);
        } catch (InvalidAlgorithmParameterException e) {
            throw new VerifyException(VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
                    "unusable trust anchors: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new VerifyException(VerifyResult.CERT_REJECTED, e.getMessage(), e);
        }
    }

    /**
     * OpenSSL's check_purpose for SSL: an extendedKeyUsage, wherever it appears in the chain, must
     * allow the purpose (serverAuth, or SGC, for a server; clientAuth for a client); the leaf's
     * keyUsage, if any, must allow a TLS key (digitalSignature, keyEncipherment or keyAgreement for
     * a server; digitalSignature or keyAgreement for a client). Else X509_V_ERR_INVALID_PURPOSE (26,
     * "unsuitable certificate purpose"), alert unsupported_certificate. The JDK's PKIX check looks at
     * neither.
     */
    private void checkPurpose(List<X509Certificate> chain) throws VerifyException {
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            List<String> eku;
            try {
                eku = c.getExtendedKeyUsage();
            } catch (CertificateParsingException e) {
                throw new VerifyException(VerifyResult.CERT_REJECTED, e.getMessage(), e);
            }
            boolean ekuOk = eku == null || eku.contains(purpose.extendedKeyUsage)
                    || (purpose == Purpose.SSL_SERVER && eku.stream().anyMatch(SGC::contains));
            boolean[] ku = i == 0 ? c.getKeyUsage() : null;
            boolean kuOk = ku == null || ku[0] || ku[4] || (purpose == Purpose.SSL_SERVER && ku[2]);
            if (!ekuOk || !kuOk) {
                throw new VerifyException(VerifyResult.INVALID_PURPOSE, "depth " + i, null);
            }
        }
    }

    private boolean isAnchor(X509Certificate c) {
        for (TrustAnchor a : anchors) {
            if (c.equals(a.getTrustedCert())) {
                return true;
            }
        }
        return false;
    }

    /**
     * OpenSSL's verify result for what the JDK's PKIX validator reported, from its reason (never
     * from message text). With no trust anchor, OpenSSL says which: a lone self-signed leaf (18), a
     * chain ending in an untrusted self-signed certificate (19), else no local issuer (20).
     */
    private static VerifyResult resultFor(CertPathValidatorException e, List<X509Certificate> path) {
        CertPathValidatorException.Reason r = e.getReason();
        if (r == CertPathValidatorException.BasicReason.EXPIRED) {
            return VerifyResult.CERT_HAS_EXPIRED;
        }
        if (r == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return VerifyResult.CERT_NOT_YET_VALID;
        }
        if (r == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
            return VerifyResult.CERT_SIGNATURE_FAILURE;
        }
        if (r == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED) {
            return VerifyResult.CA_MD_TOO_WEAK;
        }
        if (r == PKIXReason.NOT_CA_CERT) {
            return VerifyResult.INVALID_CA;
        }
        if (r == PKIXReason.PATH_TOO_LONG) {
            return VerifyResult.PATH_LENGTH_EXCEEDED;
        }
        if (r == PKIXReason.INVALID_KEY_USAGE) {
            return VerifyResult.KEYUSAGE_NO_CERTSIGN;
        }
        if (r == PKIXReason.UNRECOGNIZED_CRIT_EXT) {
            return VerifyResult.UNHANDLED_CRITICAL_EXTENSION;
        }
        if (r == PKIXReason.NO_TRUST_ANCHOR || r == PKIXReason.NAME_CHAINING) {
            X509Certificate last = path.get(path.size() - 1);
            if (!selfIssued(last)) {
                return VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
            }
            return path.size() == 1 ? VerifyResult.DEPTH_ZERO_SELF_SIGNED_CERT : VerifyResult.SELF_SIGNED_CERT_IN_CHAIN;
        }
        return VerifyResult.CERT_REJECTED;
    }

    private static boolean selfIssued(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    /** RFC 6125 host name check (OpenSSL's X509_check_host / X509_check_ip_asc). */
    static boolean matchesHost(X509Certificate cert, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        boolean ip = isIpLiteral(h);
        boolean sawDns = false;
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (sans != null) {
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                String value = String.valueOf(san.get(1));
                if (type == 2) {
                    sawDns = true;
                    if (!ip && dnsMatches(value.toLowerCase(Locale.ROOT), h)) {
                        return true;
                    }
                } else if (type == 7 && ip && sameAddress(value, h)) {
                    return true;
                }
            }
        }
        if (ip || sawDns) {
            return false;
        }
        String cn = commonName(cert);
        return cn != null && dnsMatches(cn.toLowerCase(Locale.ROOT), h);
    }

    private static boolean dnsMatches(String pattern, String host) {
        if (pattern.endsWith(".")) {
            pattern = pattern.substring(0, pattern.length() - 1);
        }
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            // the wildcard covers exactly one leftmost label, never a bare suffix
            return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2))
                    && pattern.substring(2).indexOf('.') > 0;
        }
        return pattern.equals(host);
    }

    private static boolean isIpLiteral(String h) {
        return h.indexOf(':') >= 0 || h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // both are literals, so no name lookup happens here
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (Exception e) {
            return false;
        }
    }

    private static String commonName(X509Certificate cert) {
        try {
            LdapName name = new LdapName(cert.getSubjectX500Principal().getName());
            String cn = null;
            for (Rdn rdn : name.getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    cn = String.valueOf(rdn.getValue());
                }
            }
            return cn;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
