package io.tlsbio.ssl.internal.x509;

import io.tlsbio.ssl.VerifyResult;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * OpenSSL 3.0's {@code nc_match_single} and the per-type matchers of {@code v3_ncons.c}: whether
 * one name lies within one name constraint subtree of the same type.
 */
final class SubtreeMatch {

    private SubtreeMatch() {}

    /**
     * {@code nc_match_single}: OK when {@code gen} lies within {@code base}, else
     * PERMITTED_VIOLATION or a syntax error.
     */
    static VerifyResult matches(GeneralName gen, GeneralName base) {
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
                return dn(
                        X500Name.getInstance(gen.getName()), X500Name.getInstance(base.getName()));
            case GeneralName.dNSName:
                return dns(ia5(gen), ia5(base));
            case GeneralName.rfc822Name:
                return email(ia5(gen), ia5(base));
            case GeneralName.uniformResourceIdentifier:
                return uri(ia5(gen), ia5(base));
            case GeneralName.iPAddress:
                return ip(
                        ASN1OctetString.getInstance(gen.getName()).getOctets(),
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

    /**
     * {@code nc_dns}: an empty base matches all; else the name ends in the base at a label
     * boundary.
     */
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
        return equalsIgnoreCase(dns, off, base, 0, base.length)
                ? VerifyResult.OK
                : VerifyResult.PERMITTED_VIOLATION;
    }

    /**
     * {@code nc_email}: ".domain" matches within the domain, "local@host" exactly (local part
     * case-sensitive), "host" the host.
     */
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
        if (colon < 0
                || u.length() - colon < 3
                || u.charAt(colon + 1) != '/'
                || u.charAt(colon + 2) != '/') {
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
