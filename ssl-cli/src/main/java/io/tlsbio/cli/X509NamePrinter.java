package io.tlsbio.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;

/**
 * A certificate name as the OpenSSL 3.0 commands print it: {@code X509_NAME_print_ex} with the
 * apps' default name option, {@code XN_FLAG_ONELINE} ({@code CN = localhost}, {@code C = US, O =
 * "Demo, Inc.", CN = demo-ca}). That is, in the certificate's order: short field names ({@code
 * OBJ_nid2sn}, the dotted OID when OpenSSL has no name), {@code " = "}, {@code ", "} between RDNs
 * and {@code " + "} inside a multi-valued one; values as {@code ASN1_STRING_print_ex} with RFC 2253
 * escaping in its quoting form: a value holding {@code , + ; < >}, or starting with a space or
 * {@code #}, or ending with a space, is put in double quotes; {@code "} and {@code \} are escaped
 * with a backslash; control characters and every byte of a non-ASCII character's UTF-8 form as
 * {@code \XX}; values of a type that is not a string as {@code #} and the hex of their DER
 * encoding.
 */
final class X509NamePrinter {

    /** OpenSSL's short names of the attribute types found in certificate names. */
    private static final Map<String, String> SHORT_NAMES =
            Map.ofEntries(
                    Map.entry("2.5.4.3", "CN"),
                    Map.entry("2.5.4.4", "SN"),
                    Map.entry("2.5.4.5", "serialNumber"),
                    Map.entry("2.5.4.6", "C"),
                    Map.entry("2.5.4.7", "L"),
                    Map.entry("2.5.4.8", "ST"),
                    Map.entry("2.5.4.9", "street"),
                    Map.entry("2.5.4.10", "O"),
                    Map.entry("2.5.4.11", "OU"),
                    Map.entry("2.5.4.12", "title"),
                    Map.entry("2.5.4.13", "description"),
                    Map.entry("2.5.4.15", "businessCategory"),
                    Map.entry("2.5.4.16", "postalAddress"),
                    Map.entry("2.5.4.17", "postalCode"),
                    Map.entry("2.5.4.18", "postOfficeBox"),
                    Map.entry("2.5.4.20", "telephoneNumber"),
                    Map.entry("2.5.4.41", "name"),
                    Map.entry("2.5.4.42", "GN"),
                    Map.entry("2.5.4.43", "initials"),
                    Map.entry("2.5.4.44", "generationQualifier"),
                    Map.entry("2.5.4.45", "x500UniqueIdentifier"),
                    Map.entry("2.5.4.46", "dnQualifier"),
                    Map.entry("2.5.4.65", "pseudonym"),
                    Map.entry("2.5.4.72", "role"),
                    Map.entry("2.5.4.97", "organizationIdentifier"),
                    Map.entry("1.2.840.113549.1.9.1", "emailAddress"),
                    Map.entry("1.2.840.113549.1.9.2", "unstructuredName"),
                    Map.entry("1.2.840.113549.1.9.8", "unstructuredAddress"),
                    Map.entry("0.9.2342.19200300.100.1.1", "UID"),
                    Map.entry("0.9.2342.19200300.100.1.25", "DC"),
                    Map.entry("1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL"),
                    Map.entry("1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST"),
                    Map.entry("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"));

    /** ASN1_STRFLGS_ESC_2253 and ESC_QUOTE: the value is put in quotes, the character kept. */
    private static final String QUOTED = ",+;<>";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private X509NamePrinter() {}

    /** The name as {@code X509_NAME_print_ex(bio, name, 0, XN_FLAG_ONELINE)} prints it. */
    static String oneLine(X500Principal name) {
        ASN1Sequence rdns = ASN1Sequence.getInstance(name.getEncoded());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rdns.size(); i++) {
            ASN1Set rdn = ASN1Set.getInstance(rdns.getObjectAt(i));
            for (int j = 0; j < rdn.size(); j++) {
                if (i > 0 || j > 0) {
                    out.append(j == 0 ? ", " : " + ");
                }
                ASN1Sequence atv = ASN1Sequence.getInstance(rdn.getObjectAt(j));
                String oid = ASN1ObjectIdentifier.getInstance(atv.getObjectAt(0)).getId();
                out.append(SHORT_NAMES.getOrDefault(oid, oid)).append(" = ");
                value(out, atv.getObjectAt(1));
            }
        }
        return out.toString();
    }

    /** do_print_ex: the value's characters by the width its string type has, or a hex dump. */
    private static void value(StringBuilder out, ASN1Encodable value) {
        byte[] der;
        try {
            der = value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int tag = der[0] & 0xff;
        int width = width(tag);
        if (width < 0) {
            // ASN1_STRFLGS_DUMP_UNKNOWN | DUMP_DER: '#' and the whole encoding in hex
            out.append('#');
            for (byte b : der) {
                out.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
            return;
        }
        byte[] content = content(der);
        String text = decode(content, width);
        StringBuilder escaped = new StringBuilder();
        boolean quotes = false;
        int[] chars = text.codePoints().toArray();
        for (int i = 0; i < chars.length; i++) {
            int c = chars[i];
            if (c > 0x7f) {
                // ASN1_STRFLGS_UTF8_CONVERT then ESC_MSB: each UTF-8 byte as \XX
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    hex(escaped, b & 0xff);
                }
                continue;
            }
            boolean first = i == 0;
            boolean last = i == chars.length - 1;
            // the last character's rule replaces the first's in a one-character value, as do_buf
            // sets them
            boolean edge = (c == ' ' && (first || last)) || (c == '#' && first && !last);
            if (QUOTED.indexOf(c) >= 0 || edge) {
                quotes = true;
                escaped.append((char) c);
            } else if (c == '"' || c == '\\') {
                escaped.append('\\').append((char) c);
            } else if (c < 0x20 || c == 0x7f) {
                hex(escaped, c);
            } else {
                escaped.append((char) c);
            }
        }
        out.append(quotes ? "\"" + escaped + "\"" : escaped);
    }

    /** tag2nbyte: bytes per character of a string type, 0 for UTF8String, -1 for a type to dump. */
    private static int width(int tag) {
        return switch (tag) {
            case 12 -> 0;
            case 18, 19, 20, 22, 23, 24, 26 -> 1;
            case 28 -> 4;
            case 30 -> 2;
            default -> -1;
        };
    }

    private static String decode(byte[] content, int width) {
        return switch (width) {
            case 0 -> new String(content, StandardCharsets.UTF_8);
            case 1 -> new String(content, StandardCharsets.ISO_8859_1);
            case 2 -> new String(content, StandardCharsets.UTF_16BE);
            default -> {
                StringBuilder s = new StringBuilder();
                for (int i = 0; i + 3 < content.length; i += 4) {
                    s.appendCodePoint(
                            ((content[i] & 0xff) << 24)
                                    | ((content[i + 1] & 0xff) << 16)
                                    | ((content[i + 2] & 0xff) << 8)
                                    | (content[i + 3] & 0xff));
                }
                yield s.toString();
            }
        };
    }

    /** The content octets of a DER primitive: after the tag and the length. */
    private static byte[] content(byte[] der) {
        int len = der[1] & 0xff;
        int offset = 2;
        if (len > 0x7f) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[2 + i] & 0xff);
            }
            offset += n;
        }
        byte[] out = new byte[len];
        System.arraycopy(der, offset, out, 0, len);
        return out;
    }

    private static void hex(StringBuilder out, int b) {
        out.append('\\').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
    }
}
