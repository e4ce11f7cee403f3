package io.tlsbio.ssl.internal;

import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * The checks OpenSSL 3.0 makes on a ClientHello that bctls does not (docs/hostile-input.md):
 * server_name (one host_name entry of at most 255 bytes, no NUL), key shares only for groups the
 * client lists, a usable first key share, and the extensions TLS 1.3 needs.
 */
final class ClientHelloChecks {

    /** An alert OpenSSL frames in a record of the ClientHello's own legacy_version. */
    static final class VersionedAlert extends TlsFatalAlert {
        private static final long serialVersionUID = 1L;
        final int recordVersion;

        VersionedAlert(short description, String message, int recordVersion) {
            super(description, message);
            this.recordVersion = recordVersion;
        }
    }

    static final int RENEGOTIATION_INFO = 0xff01;
    static final int ALPN = 16;
    static final int EXTENDED_MASTER_SECRET = 23;
    static final int POST_HANDSHAKE_AUTH = 49;
    static final int PSK_KEY_EXCHANGE_MODES = 45;

    /** OpenSSL's TLSEXT_MAXLEN_host_name. */
    static final int MAX_HOST_NAME = 255;

    private ClientHelloChecks() {}

    /**
     * Checks {@code hello}; throws the alert OpenSSL sends.
     *
     * @param tls13 whether TLS 1.3 will be negotiated (the client offers it and we allow it)
     * @param ours our groups, to know which key share we would take
     * @param ourSchemes the signature schemes our key can sign with in the version to be used, or
     *     null when we have no key
     */
    static void check(ClientHelloView hello, boolean tls13, int[] ours, int[] ourSchemes)
            throws TlsFatalAlert {
        int legacy = hello.legacyVersion;
        if ((legacy >> 8) < 3) {
            throw new VersionedAlert(
                    AlertDescription.protocol_version, "unsupported protocol", legacy);
        }
        byte[] sv = hello.extensions.get(ClientHelloView.SUPPORTED_VERSIONS);
        if (sv != null
                && (sv.length < 3 || (sv[0] & 0xff) != sv.length - 1 || sv.length % 2 == 0)) {
            // OpenSSL cannot choose a version from a malformed list
            throw new TlsFatalAlert(AlertDescription.protocol_version, "unsupported protocol");
        }
        if (tls13 && legacy == 0x0300) {
            throw new VersionedAlert(AlertDescription.handshake_failure, "version too low", legacy);
        }
        if (!contains(hello.compressionMethods, 0)) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "no compression specified");
        }
        if (tls13 && hello.compressionMethods.length != 1) {
            throw new TlsFatalAlert(
                    AlertDescription.illegal_parameter, "invalid compression algorithm");
        }
        checkExtensionShapes(hello);
        byte[] sni = hello.extensions.get(ClientHelloView.SERVER_NAME);
        if (sni != null) {
            checkServerName(sni);
        }
        if (!tls13 && !hello.extensions.containsKey(ClientHelloView.SIGNATURE_ALGORITHMS)) {
            // without it TLS 1.2 means SHA-1 signatures, which OpenSSL 3.0 refuses at security
            // level 1
            throw new TlsFatalAlert(
                    AlertDescription.handshake_failure, "no suitable signature algorithm");
        }
        int[] theirs = hello.signatureSchemes();
        if (theirs != null
                && ourSchemes != null
                && (!tls13 || hello.offersTls13Suite())
                && java.util.Arrays.stream(theirs).noneMatch(x -> contains(ourSchemes, x))) {
            // OpenSSL refuses the hello itself; bctls would send its ServerHello first
            throw new TlsFatalAlert(
                    AlertDescription.handshake_failure, "no shared signature algorithms");
        }
        if (!tls13 || !hello.offersTls13Suite()) {
            // with no suite to agree on, OpenSSL fails on the cipher first (handshake_failure)
            return;
        }
        int[] groups = hello.supportedGroups();
        if (groups != null && groups.length == 0) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "bad extension");
        }
        List<ClientHelloView.KeyShare> parsed = new java.util.ArrayList<>();
        boolean wellFormed = hello.keySharesUpToError(parsed);
        if (groups != null && !wellFormed) {
            // OpenSSL looks at each share as it reads it: a bad first usable share is found first
            for (ClientHelloView.KeyShare s : parsed) {
                if (contains(groups, s.group()) && contains(ours, s.group())) {
                    checkShare(s);
                    break;
                }
            }
        }
        List<ClientHelloView.KeyShare> shares = wellFormed ? parsed : null;
        if (shares == null || groups == null) {
            if (!hello.extensions.containsKey(ClientHelloView.KEY_SHARE)
                    || !hello.extensions.containsKey(ClientHelloView.SUPPORTED_GROUPS)) {
                throw new TlsFatalAlert(AlertDescription.missing_extension, "missing extension");
            }
            return; // malformed: bctls's decode_error
        }
        for (ClientHelloView.KeyShare s : shares) {
            if (s.key().length == 0) {
                throw new TlsFatalAlert(AlertDescription.decode_error, "length mismatch");
            }
            if (!contains(groups, s.group())) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "bad key share");
            }
        }
        for (ClientHelloView.KeyShare s : shares) {
            if (contains(ours, s.group())) {
                checkShare(s);
                return;
            }
        }
    }

    /** The extension bodies OpenSSL parses and bctls does not (or answers differently). */
    private static void checkExtensionShapes(ClientHelloView hello) throws TlsFatalAlert {
        byte[] ri = hello.extensions.get(RENEGOTIATION_INFO);
        if (ri != null && (ri.length < 1 || (ri[0] & 0xff) != ri.length - 1)) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "renegotiation encoding err");
        }
        byte[] ems = hello.extensions.get(EXTENDED_MASTER_SECRET);
        byte[] pha = hello.extensions.get(POST_HANDSHAKE_AUTH);
        if ((ems != null && ems.length != 0) || (pha != null && pha.length != 0)) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "bad extension");
        }
        byte[] modes = hello.extensions.get(PSK_KEY_EXCHANGE_MODES);
        if (modes != null && (modes.length < 2 || (modes[0] & 0xff) != modes.length - 1)) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "bad extension");
        }
        int[] schemes = hello.signatureSchemes();
        if (hello.extensions.containsKey(ClientHelloView.SIGNATURE_ALGORITHMS)
                && (schemes == null || schemes.length == 0)) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "bad extension");
        }
        byte[] alpn = hello.extensions.get(ALPN);
        if (alpn != null && !validAlpn(alpn)) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "bad extension");
        }
    }

    /** A non-empty list of non-empty protocol names that fills the extension exactly. */
    private static boolean validAlpn(byte[] a) {
        if (a.length < 3 || ClientHelloView.u16(a, 0) != a.length - 2) {
            return false;
        }
        int p = 2;
        while (p < a.length) {
            int n = a[p] & 0xff;
            if (n == 0 || p + 1 + n > a.length) {
                return false;
            }
            p += 1 + n;
        }
        return true;
    }

    private static boolean contains(byte[] a, int v) {
        for (byte x : a) {
            if ((x & 0xff) == v) {
                return true;
            }
        }
        return false;
    }

    private static void checkServerName(byte[] e) throws TlsFatalAlert {
        if (e.length < 2 || ClientHelloView.u16(e, 0) != e.length - 2 || e.length == 2) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "bad extension");
        }
        if (e.length < 5 || e[2] != 0) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "bad extension");
        }
        int len = ClientHelloView.u16(e, 3);
        if (5 + len != e.length) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "bad extension");
        }
        if (len > MAX_HOST_NAME) {
            throw new TlsFatalAlert(AlertDescription.unrecognized_name, "bad extension");
        }
        for (int i = 5; i < e.length; i++) {
            if (e[i] == 0) {
                throw new TlsFatalAlert(AlertDescription.unrecognized_name, "bad extension");
            }
        }
    }

    /** The share we would use must be a valid public value (OpenSSL: illegal_parameter). */
    private static void checkShare(ClientHelloView.KeyShare s) throws TlsFatalAlert {
        byte[] k = s.key();
        boolean bad =
                switch (s.group()) {
                    case NamedGroup.x25519 -> k.length != 32 || lowOrder(k);
                    case NamedGroup.x448 -> k.length != 56 || lowOrder(k);
                    case NamedGroup.secp256r1 -> !onCurve("P-256", k, 65);
                    case NamedGroup.secp384r1 -> !onCurve("P-384", k, 97);
                    case NamedGroup.secp521r1 -> !onCurve("P-521", k, 133);
                    default -> NamedGroup.isFiniteField(s.group()) && isZeroOrOne(k);
                };
        if (bad) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "bad key share");
        }
    }

    /** An uncompressed point of the curve (TLS 1.3 allows no other form). */
    private static boolean onCurve(String curve, byte[] k, int length) {
        if (k.length != length || k[0] != 4) {
            return false;
        }
        try {
            return org.bouncycastle.asn1.nist.NISTNamedCurves.getByName(curve)
                    .getCurve()
                    .decodePoint(k)
                    .isValid();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** All zero, or 1: the small-order values that give an all-zero shared secret. */
    private static boolean lowOrder(byte[] k) {
        for (int i = 1; i < k.length; i++) {
            if (k[i] != 0) {
                return false;
            }
        }
        return k[0] == 0 || k[0] == 1;
    }

    private static boolean isZeroOrOne(byte[] k) {
        for (int i = 0; i < k.length - 1; i++) {
            if (k[i] != 0) {
                return false;
            }
        }
        return k.length == 0 || k[k.length - 1] == 0 || k[k.length - 1] == 1;
    }

    static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
