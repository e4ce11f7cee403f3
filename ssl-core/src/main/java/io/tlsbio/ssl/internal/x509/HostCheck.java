package io.tlsbio.ssl.internal.x509;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * OpenSSL 3.0's {@code X509_check_host} and {@code X509_check_ip} with the default flags ({@code
 * v3_utl.c do_x509_check}): a host name matches a dNSName subjectAltName, or, only when the
 * certificate has no dNSName at all, a subject commonName; ASCII case is ignored; one wildcard is
 * allowed in the first label of a name with at least two more labels, alone ({@code *.a.com}, which
 * never matches an empty label) or at the start or end of the label ({@code f*.a.com}, which does
 * not match IDNA {@code xn--} names); a host name starting with a dot matches any name within that
 * domain. An IP address matches an iPAddress subjectAltName byte for byte, never the commonName.
 */
final class HostCheck {

    private HostCheck() {}

    /**
     * Whether {@code x} is issued to {@code host} ({@code X509_check_host(x, host, 0, 0, NULL) >
     * 0}).
     */
    static boolean matchesHost(CertInfo x, String host) {
        byte[] chk = host.getBytes(StandardCharsets.UTF_8);
        if (chk.length == 0 || indexOf(chk, (byte) 0) >= 0) {
            return false;
        }
        boolean dotSubdomains = chk.length > 1 && chk[0] == '.';
        List<GeneralName> sans = x.subjectAltNames();
        if (sans != null) {
            boolean sanPresent = false;
            for (GeneralName gn : sans) {
                if (gn.getTagNo() != GeneralName.dNSName) {
                    continue;
                }
                sanPresent = true;
                if (!(gn.getName() instanceof ASN1String value)) {
                    continue;
                }
                byte[] pattern = value.getString().getBytes(StandardCharsets.ISO_8859_1);
                if (pattern.length > 0 && equalWildcard(pattern, chk, dotSubdomains)) {
                    return true;
                }
            }
            if (sanPresent) {
                return false;
            }
        }
        for (RDN rdn : Names.rdns(x.subject())) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (!atv.getType().equals(BCStyle.CN)) {
                    continue;
                }
                if (!(atv.getValue() instanceof ASN1String s)) {
                    // ASN1_STRING_to_UTF8 fails: OpenSSL stops with an error, no match
                    return false;
                }
                byte[] pattern = s.getString().getBytes(StandardCharsets.UTF_8);
                if (pattern.length > 0 && equalWildcard(pattern, chk, dotSubdomains)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code x} is issued to the address {@code ip} ({@code X509_check_ip}). */
    static boolean matchesIp(CertInfo x, byte[] ip) {
        List<GeneralName> sans = x.subjectAltNames();
        if (sans == null) {
            return false;
        }
        for (GeneralName gn : sans) {
            if (gn.getTagNo() == GeneralName.iPAddress
                    && Arrays.equals(ASN1OctetString.getInstance(gn.getName()).getOctets(), ip)) {
                return true;
            }
        }
        return false;
    }

    /** {@code equal_wildcard}. */
    static boolean equalWildcard(byte[] pattern, byte[] subject, boolean dotSubdomains) {
        int star = -1;
        if (!(subject.length > 1 && subject[0] == '.')) {
            star = validStar(pattern);
        }
        if (star < 0) {
            return equalNocase(
                    pattern, 0, pattern.length, subject, 0, subject.length, dotSubdomains);
        }
        return wildcardMatch(pattern, star, subject);
    }

    /**
     * {@code equal_nocase} with {@code skip_prefix}: ASCII case-insensitive, a NUL in the pattern
     * never matches.
     */
    private static boolean equalNocase(
            byte[] p, int pOff, int pLen, byte[] s, int sOff, int sLen, boolean dotSubdomains) {
        if (dotSubdomains) {
            // compare an equal-length suffix of the pattern with the whole ".domain" subject
            int off = pOff;
            int len = pLen;
            while (len > sLen && p[off] != 0) {
                off++;
                len--;
            }
            if (len == sLen) {
                pOff = off;
                pLen = len;
            }
        }
        if (pLen != sLen) {
            return false;
        }
        for (int i = 0; i < pLen; i++) {
            int l = p[pOff + i] & 0xff;
            int r = s[sOff + i] & 0xff;
            if (l == 0) {
                return false;
            }
            if (l != r && lower(l) != lower(r)) {
                return false;
            }
        }
        return true;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
    }

    /**
     * {@code wildcard_match}: prefix and suffix around the star match, the rest is one label's
     * worth of [A-Za-z0-9-].
     */
    private static boolean wildcardMatch(byte[] pattern, int star, byte[] subject) {
        int prefixLen = star;
        int suffixOff = star + 1;
        int suffixLen = pattern.length - suffixOff;
        if (subject.length < prefixLen + suffixLen) {
            return false;
        }
        if (!equalNocase(pattern, 0, prefixLen, subject, 0, prefixLen, false)) {
            return false;
        }
        int wildStart = prefixLen;
        int wildEnd = subject.length - suffixLen;
        if (!equalNocase(subject, wildEnd, suffixLen, pattern, suffixOff, suffixLen, false)) {
            return false;
        }
        boolean allowIdna = false;
        if (prefixLen == 0 && pattern[suffixOff] == '.') {
            // a wildcard that is the whole first label matches at least one character
            if (wildStart == wildEnd) {
                return false;
            }
            allowIdna = true;
        }
        if (!allowIdna && subject.length >= 4 && startsWithIdna(subject, 0)) {
            return false;
        }
        if (wildEnd == wildStart + 1 && subject[wildStart] == '*') {
            return true;
        }
        for (int i = wildStart; i < wildEnd; i++) {
            int c = subject[i] & 0xff;
            if (!((c >= '0' && c <= '9')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static final int LABEL_START = 1;
    private static final int LABEL_HYPHEN = 4;
    private static final int LABEL_IDNA = 8;

    /**
     * {@code valid_star}: the index of the one legal wildcard, or -1 (then the pattern is literal).
     */
    static int validStar(byte[] p) {
        int star = -1;
        int state = LABEL_START;
        int dots = 0;
        for (int i = 0; i < p.length; i++) {
            int c = p[i] & 0xff;
            if (c == '*') {
                boolean atStart = (state & LABEL_START) != 0;
                boolean atEnd = i == p.length - 1 || p[i + 1] == '.';
                if (star >= 0 || (state & LABEL_IDNA) != 0 || dots > 0) {
                    return -1;
                }
                if (!atStart && !atEnd) {
                    return -1;
                }
                star = i;
                state &= ~LABEL_START;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                if ((state & LABEL_START) != 0 && p.length - i >= 4 && startsWithIdna(p, i)) {
                    state |= LABEL_IDNA;
                }
                state &= ~(LABEL_HYPHEN | LABEL_START);
            } else if (c == '.') {
                if ((state & (LABEL_HYPHEN | LABEL_START)) != 0) {
                    return -1;
                }
                state = LABEL_START;
                dots++;
            } else if (c == '-') {
                if ((state & LABEL_START) != 0) {
                    return -1;
                }
                state |= LABEL_HYPHEN;
            } else {
                return -1;
            }
        }
        if ((state & (LABEL_START | LABEL_HYPHEN)) != 0 || dots < 2) {
            return -1;
        }
        return star;
    }

    private static boolean startsWithIdna(byte[] b, int off) {
        return lower(b[off] & 0xff) == 'x'
                && lower(b[off + 1] & 0xff) == 'n'
                && b[off + 2] == '-'
                && b[off + 3] == '-';
    }

    private static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
