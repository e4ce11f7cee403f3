package io.tlsbio.ssl.internal.x509;

import io.tlsbio.ssl.VerifyResult;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * OpenSSL 3.0's {@code check_name_constraints} and {@code NAME_CONSTRAINTS_check}
 * ({@code v3_ncons.c}): every certificate but self-issued intermediates is held to the name
 * constraints of every certificate above it, trust anchor included. Checked are the subject name
 * (directoryName), emailAddress attributes in it, the subjectAltNames, and for the leaf without a
 * dNSName the commonNames that look like host names (as DNS). Findings: 47 outside every permitted
 * subtree of its type, 48 inside an excluded one, 49 subtree minimum/maximum, 51 a name type OpenSSL
 * cannot compare, 53 a name it cannot read.
 */
final class NameConstraintsCheck {

    /** {@code NAME_CHECK_MAX}: OpenSSL refuses name x constraint products above this. */
    private static final int NAME_CHECK_MAX = 1 << 20;

    private NameConstraintsCheck() {
    }

    /** @return false when the verify callback stops verification */
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
            VerifyResult r = match(new GeneralName(X500Name.getInstance(x.subject().getEncoded())), nc);
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

    /** The commonName values, trailing NULs dropped; null for one with an embedded NUL or no string value. */
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

    /** {@code cn2dnsid}: letters, digits, '_', inner '-' and '.', at least two labels, no empty label. */
    private static boolean looksLikeDnsName(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        boolean dns = false;
        for (int i = 0; i < b.length; i++) {
            int c = b[i] & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
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

    /** {@code nc_match}: permitted subtrees of the name's type (one must match), then excluded ones (none may). */
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
                VerifyResult r = matchSingle(gen, sub.getBase());
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
                VerifyResult r = matchSingle(gen, sub.getBase());
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

    /** {@code nc_match_single}: OK when {@code gen} lies within {@code base}, else PERMITTED_VIOLATION or a syntax error. */
    private static VerifyResult matchSingle(GeneralName gen, GeneralName base) {
        try {
            return matchSingleOrThrow(gen, base);
        } catch (RuntimeException e) {
            // a name or constraint whose value does not decode as its type says
            return VerifyResult.UNSUPPORTED_NAME_SYNTAX;
        }
    }

    private static VerifyResult matchSingleOrThrow(GeneralName gen, GeneralName base) {
        switch (gen.getTagNo()) {
            case GeneralName.directoryName:
                return dn(X500Name.getInstance(gen.getName()), X500Name.getInstance(base.getName()));
            case GeneralName.dNSName:
                return dns(ia5(gen), ia5(base));
            case GeneralName.rfc822Name:
                return email(ia5(gen), ia5(base));
            case GeneralName.uniformResourceIdentifier:
                return uri(ia5(gen), ia5(base));
            case GeneralName.iPAddress:
                return ip(ASN1OctetString.getInstance(gen.getName()).getOctets(),
                        ASN1OctetString.getInstance(base.getName()).getOctets());
            default:
                return VerifyResult.UNSUPPORTED_CONSTRAINT_TYPE;
        }
    }

    private static byte[] ia5(GeneralName gn) {
        return ((ASN1String) gn.getName()).getString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code nc_dn}: the base's RDNs are the first RDNs of the name. */
    private static VerifyResult dn(X500Name name, X500Name base) {
        RDN[] n = name.getRDNs();
        RDN[] b = base.getRDNs();
        if (b.length > n.length) {
            return VerifyResult.PERMITTED_VIOLATION;
        }
        for (int i = 0; i < b.length; i++) {
            if (!Names.sameRdn(n[i], b[i])) {
                return VerifyResult.PERMITTED_VIOLATION;
            }
        }
        return VerifyResult.OK;
    }

    /** {@code nc_dns}: an empty base matches all; else the name ends in the base at a label boundary. */
    private static VerifyResult dns(byte[] dns, byte[] base) {
        if (base.length == 0) {
            return VerifyResult.OK;
        }
        if (dns.length < base.length) {
            return VerifyResult.PERMITTED_VIOLATION;
        }
        int off = dns.length - base.length;
        if (off > 0 && base[0] != '.' && dns[off - 1] != '.') {
            return VerifyResult.PERMITTED_VIOLATION;
        }
        return equalsIgnoreCase(dns, off, base, 0, base.length) ? VerifyResult.OK : VerifyResult.PERMITTED_VIOLATION;
    }

    /** {@code nc_email}: ".domain" matches within the domain, "local@host" exactly (local part case-sensitive), "host" the host. */
    private static VerifyResult email(byte[] eml, byte[] base) {
        int baseAt = lastIndexOf(base, '@');
        int emlAt = lastIndexOf(eml, '@');
        if (emlAt < 0) {
            return VerifyResult.UNSUPPORTED_NAME_SYNTAX;
        }
        if (baseAt < 0 && base.length > 0 && base[0] == '.') {
            if (eml.length > base.length
                    && equalsIgnoreCase(eml, eml.length - base.length, base, 0, base.length)) {
                return VerifyResult.OK;
            }
            return VerifyResult.PERMITTED_VIOLATION;
        }
        int baseHost = 0;
        if (baseAt >= 0) {
            if (baseAt != 0) {
                if (baseAt != emlAt) {
                    return VerifyResult.PERMITTED_VIOLATION;
                }
                for (int i = 0; i < emlAt; i++) {
                    if (base[i] == 0 || eml[i] == 0) {
                        return VerifyResult.UNSUPPORTED_NAME_SYNTAX;
                    }
                }
                for (int i = 0; i < emlAt; i++) {
                    if (base[i] != eml[i]) {
                        return VerifyResult.PERMITTED_VIOLATION;
                    }
                }
            }
            baseHost = baseAt + 1;
        }
        int emlHost = emlAt + 1;
        int baseLen = base.length - baseHost;
        int emlLen = eml.length - emlHost;
        if (baseLen != emlLen || !equalsIgnoreCase(eml, emlHost, base, baseHost, baseLen)) {
            return VerifyResult.PERMITTED_VIOLATION;
        }
        return VerifyResult.OK;
    }

    /**
     * {@code nc_uri}: the URI's host against the base (".domain" for hosts within it). As in
     * OpenSSL 3.0 the host follows "scheme://" and ends at the first ':' after it, else at the
     * first '/', else at the end.
     */
    private static VerifyResult uri(byte[] uri, byte[] base) {
        String u = new String(uri, StandardCharsets.ISO_8859_1);
        int colon = u.indexOf(':');
        if (colon < 0 || u.length() - colon < 3 || u.charAt(colon + 1) != '/' || u.charAt(colon + 2) != '/') {
            return VerifyResult.UNSUPPORTED_NAME_SYNTAX;
        }
        int start = colon + 3;
        int end = u.indexOf(':', start);
        if (end < 0) {
            end = u.indexOf('/', start);
        }
        if (end < 0) {
            end = u.length();
        }
        if (end == start) {
            return VerifyResult.UNSUPPORTED_NAME_SYNTAX;
        }
        byte[] host = u.substring(start, end).getBytes(StandardCharsets.ISO_8859_1);
        if (base.length > 0 && base[0] == '.') {
            if (host.length > base.length
                    && equalsIgnoreCase(host, host.length - base.length, base, 0, base.length)) {
                return VerifyResult.OK;
            }
            return VerifyResult.PERMITTED_VIOLATION;
        }
        if (base.length != host.length || !equalsIgnoreCase(host, 0, base, 0, base.length)) {
            return VerifyResult.PERMITTED_VIOLATION;
        }
        return VerifyResult.OK;
    }

    /** {@code nc_ip}: address and base+mask of the same family, equal under the mask. */
    private static VerifyResult ip(byte[] ip, byte[] base) {
        if (ip.length != 4 && ip.length != 16) {
            return VerifyResult.UNSUPPORTED_NAME_SYNTAX;
        }
        if (base.length != 8 && base.length != 32) {
            return VerifyResult.UNSUPPORTED_NAME_SYNTAX;
        }
        if (ip.length * 2 != base.length) {
            return VerifyResult.PERMITTED_VIOLATION;
        }
        for (int i = 0; i < ip.length; i++) {
            int mask = base[ip.length + i];
            if ((ip[i] & mask) != (base[i] & mask)) {
                return VerifyResult.PERMITTED_VIOLATION;
            }
        }
        return VerifyResult.OK;
    }

    private static boolean equalsIgnoreCase(byte[] a, int aOff, byte[] b, int bOff, int len) {
        for (int i = 0; i < len; i++) {
            if (asciiLower(a[aOff + i] & 0xff) != asciiLower(b[bOff + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private static int asciiLower(int c) {
        return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
    }

    private static int lastIndexOf(byte[] b, char c) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
