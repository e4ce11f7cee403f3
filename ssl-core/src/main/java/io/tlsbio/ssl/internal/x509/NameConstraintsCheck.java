package io.tlsbio.ssl.internal.x509;

import io.tlsbio.ssl.VerifyResult;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * OpenSSL 3.0's {@code check_name_constraints} and {@code NAME_CONSTRAINTS_check} ({@code
 * v3_ncons.c}): every certificate but self-issued intermediates is held to the name constraints of
 * every certificate above it, trust anchor included. Checked are the subject name (directoryName),
 * emailAddress attributes in it, the subjectAltNames, and for the leaf without a dNSName the
 * commonNames that look like host names (as DNS). Findings: 47 outside every permitted subtree of
 * its type, 48 inside an excluded one, 49 subtree minimum/maximum, 51 a name type OpenSSL cannot
 * compare, 53 a name it cannot read.
 */
final class NameConstraintsCheck {

    /** {@code NAME_CHECK_MAX}: OpenSSL refuses name x constraint products above this. */
    private static final int NAME_CHECK_MAX = 1 << 20;

    private NameConstraintsCheck() {}

    /** Returns false when the verify callback stops verification. */
    static boolean check(VerifyState st) {
        for (int i = st.size() - 1; i >= 0; i--) {
            CertInfo x = st.get(i);
            if (i != 0 && x.selfIssued()) {
                continue;
            }
            for (int j = st.size() - 1; j > i; j--) {
                NameConstraints nc = st.get(j).nameConstraints();
                if (nc == null) {
                    continue;
                }
                VerifyResult rv = check(x, nc);
                if (rv == VerifyResult.OK && i == 0 && !hasDnsSan(x)) {
                    rv = checkCommonNames(x, nc);
                }
                if (rv != VerifyResult.OK && !st.fail(x, i, rv)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code NAME_CONSTRAINTS_check}. */
    static VerifyResult check(CertInfo x, NameConstraints nc) {
        RDN[] rdns = Names.rdns(x.subject());
        List<GeneralName> sans = x.subjectAltNames() == null ? List.of() : x.subjectAltNames();
        int entries = 0;
        for (RDN r : rdns) {
            entries += r.size();
        }
        int names = entries + sans.size();
        int constraints = length(nc.getPermittedSubtrees()) + length(nc.getExcludedSubtrees());
        if (names > 0 && constraints > NAME_CHECK_MAX / names) {
            return VerifyResult.UNSPECIFIED;
        }
        if (entries > 0) {
            VerifyResult r =
                    match(new GeneralName(X500Name.getInstance(x.subject().getEncoded())), nc);
            if (r != VerifyResult.OK) {
                return r;
            }
            for (RDN rdn : rdns) {
                for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                    if (!atv.getType().equals(BCStyle.EmailAddress)) {
                        continue;
                    }
                    if (!(atv.getValue() instanceof ASN1IA5String email)) {
                        return VerifyResult.UNSUPPORTED_NAME_SYNTAX;
                    }
                    r = match(new GeneralName(GeneralName.rfc822Name, email), nc);
                    if (r != VerifyResult.OK) {
                        return r;
                    }
                }
            }
        }
        for (GeneralName gn : sans) {
            VerifyResult r = match(gn, nc);
            if (r != VerifyResult.OK) {
                return r;
            }
        }
        return VerifyResult.OK;
    }

    private static int length(GeneralSubtree[] t) {
        return t == null ? 0 : t.length;
    }

    private static boolean hasDnsSan(CertInfo x) {
        if (x.subjectAltNames() == null) {
            return false;
        }
        for (GeneralName gn : x.subjectAltNames()) {
            if (gn.getTagNo() == GeneralName.dNSName) {
                return true;
            }
        }
        return false;
    }

    /** {@code NAME_CONSTRAINTS_check_CN}: commonNames that look like host names, as dNSNames. */
    static VerifyResult checkCommonNames(CertInfo x, NameConstraints nc) {
        for (String cn : commonNames(x)) {
            if (cn == null) {
                return VerifyResult.UNSUPPORTED_NAME_SYNTAX;
            }
            if (!looksLikeDnsName(cn)) {
                continue;
            }
            VerifyResult r = match(new GeneralName(GeneralName.dNSName, cn), nc);
            if (r != VerifyResult.OK) {
                return r;
            }
        }
        return VerifyResult.OK;
    }

    /**
     * The commonName values, trailing NULs dropped; null for one with an embedded NUL or no string
     * value.
     */
    private static List<String> commonNames(CertInfo x) {
        List<String> out = new ArrayList<>();
        for (RDN rdn : Names.rdns(x.subject())) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (!atv.getType().equals(BCStyle.CN)) {
                    continue;
                }
                String v = atv.getValue() instanceof ASN1String s ? s.getString() : null;
                if (v != null) {
                    int end = v.length();
                    while (end > 0 && v.charAt(end - 1) == 0) {
                        end--;
                    }
                    v = v.substring(0, end);
                    if (v.indexOf(0) >= 0) {
                        v = null;
                    }
                }
                out.add(v);
            }
        }
        return out;
    }

    /**
     * {@code cn2dnsid}: letters, digits, '_', inner '-' and '.', at least two labels, no empty
     * label.
     */
    private static boolean looksLikeDnsName(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        boolean dns = false;
        for (int i = 0; i < b.length; i++) {
            int c = b[i] & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_') {
                continue;
            }
            if (i > 0 && i < b.length - 1) {
                if (c == '-') {
                    continue;
                }
                if (c == '.' && b[i + 1] != '.' && b[i - 1] != '-' && b[i + 1] != '-') {
                    dns = true;
                    continue;
                }
            }
            return false;
        }
        return dns;
    }

    /**
     * {@code nc_match}: permitted subtrees of the name's type (one must match), then excluded ones
     * (none may).
     */
    private static VerifyResult match(GeneralName gen, NameConstraints nc) {
        int state = 0;
        GeneralSubtree[] permitted = nc.getPermittedSubtrees();
        if (permitted != null) {
            for (GeneralSubtree sub : permitted) {
                if (sub.getBase().getTagNo() != gen.getTagNo()) {
                    continue;
                }
                if (!minMaxValid(sub)) {
                    return VerifyResult.SUBTREE_MINMAX;
                }
                if (state == 2) {
                    continue;
                }
                state = 1;
                VerifyResult r = SubtreeMatch.matches(gen, sub.getBase());
                if (r == VerifyResult.OK) {
                    state = 2;
                } else if (r != VerifyResult.PERMITTED_VIOLATION) {
                    return r;
                }
            }
        }
        if (state == 1) {
            return VerifyResult.PERMITTED_VIOLATION;
        }
        GeneralSubtree[] excluded = nc.getExcludedSubtrees();
        if (excluded != null) {
            for (GeneralSubtree sub : excluded) {
                if (sub.getBase().getTagNo() != gen.getTagNo()) {
                    continue;
                }
                if (!minMaxValid(sub)) {
                    return VerifyResult.SUBTREE_MINMAX;
                }
                VerifyResult r = SubtreeMatch.matches(gen, sub.getBase());
                if (r == VerifyResult.OK) {
                    return VerifyResult.EXCLUDED_VIOLATION;
                }
                if (r != VerifyResult.PERMITTED_VIOLATION) {
                    return r;
                }
            }
        }
        return VerifyResult.OK;
    }

    private static boolean minMaxValid(GeneralSubtree sub) {
        BigInteger min = sub.getMinimum();
        return sub.getMaximum() == null && (min == null || min.signum() == 0);
    }
}
