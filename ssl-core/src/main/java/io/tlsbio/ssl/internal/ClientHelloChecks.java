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

    /** OpenSSL's TLSEXT_MAXLEN_host_name. */
    static final int MAX_HOST_NAME = 255;

    private ClientHelloChecks() {
    }

    /**
     * Checks {@code hello}; throws the alert OpenSSL sends.
     *
     * @param tls13 whether TLS 1.3 will be negotiated (the client offers it and we allow it)
     * @param ours  our groups, to know which key share we would take
     */
    static void check(ClientHelloView hello, boolean tls13, int[] ours) throws TlsFatalAlert {
        byte[] sni = hello.extensions.get(ClientHelloView.SERVER_NAME);
        if (sni != null) {
            checkServerName(sni);
        }
        if (!tls13 || !hello.offersTls13Suite()) {
            // with no suite to agree on, OpenSSL fails on the cipher first (handshake_failure)
            return;
        }
        int[] groups = hello.supportedGroups();
        if (groups != null && groups.length == 0) {
            throw new TlsFatalAlert(AlertDescription.decode_error, "bad extension");
        }
        List<ClientHelloView.KeyShare> shares = hello.keyShares();
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
        boolean bad = switch (s.group()) {
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
            return org.bouncycastle.asn1.nist.NISTNamedCurves.getByName(curve).getCurve().decodePoint(k).isValid();
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
