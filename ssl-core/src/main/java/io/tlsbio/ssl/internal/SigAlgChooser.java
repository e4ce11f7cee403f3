package io.tlsbio.ssl.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;

/**
 * Which of our certificates signs a handshake, and with which scheme, as OpenSSL 3.0 decides it:
 * {@code ssl_set_masks} (which TLS 1.2 suites our certificates can authenticate), {@code
 * tls_choose_sigalg} and {@code find_sig_alg} (ssl/t1_lib.c). The peer's signature_algorithms are
 * taken in the peer's order (OpenSSL's default, without SSL_OP_CIPHER_SERVER_PREFERENCE), limited
 * to the schemes tlsbio signs with at the set's security level.
 */
final class SigAlgChooser {

    /** A certificate and the scheme it signs with. */
    record Choice(OwnCredentials credentials, SigAlg sigAlg) {
        /** The scheme's code point. */
        int scheme() {
            return sigAlg.code;
        }
    }

    private static final Set<CertSlot> ECDSA_SLOTS =
            EnumSet.of(CertSlot.ECC, CertSlot.ED25519, CertSlot.ED448);

    private SigAlgChooser() {}

    /**
     * The slots whose certificate can authenticate a TLS 1.2 suite (OpenSSL's {@code amask}): RSA
     * for aRSA (including RSA key transport), EC, Ed25519 and Ed448 for aECDSA; none for other
     * suites (and TLS 1.3 suites, which name no authentication).
     */
    static Set<CertSlot> authSlots(int suite) {
        return switch (TlsUtils.getKeyExchangeAlgorithm(suite)) {
            case KeyExchangeAlgorithm.RSA,
                    KeyExchangeAlgorithm.DHE_RSA,
                    KeyExchangeAlgorithm.ECDHE_RSA,
                    KeyExchangeAlgorithm.SRP_RSA ->
                    EnumSet.of(CertSlot.RSA);
            case KeyExchangeAlgorithm.ECDHE_ECDSA -> ECDSA_SLOTS;
            default -> EnumSet.noneOf(CertSlot.class);
        };
    }

    /**
     * Whether {@code set} has a certificate for a TLS 1.2 suite at all (TLS 1.3 suites: always).
     */
    static boolean hasSlotFor(CredentialSet set, int suite) {
        if (TlsUtils.getKeyExchangeAlgorithm(suite) == KeyExchangeAlgorithm.NULL) {
            return true;
        }
        return authSlots(suite).stream().anyMatch(s -> set.get(s) != null);
    }

    /**
     * Whether a TLS 1.2 server can choose {@code suite} for this client ({@code ssl_set_masks}):
     * aRSA needs only an RSA certificate (a missing RSA scheme fails later, in {@link
     * #chooseServer}, as in OpenSSL); aECDSA needs an EC certificate whose curve the client lists
     * (if it lists any), whose keyUsage allows signing and for which the client offers an ECDSA
     * scheme, or else an Ed25519 or Ed448 certificate the client offers that scheme for.
     */
    static boolean canAuthenticate(
            CredentialSet set, int suite, Vector<?> clientSigAlgs, int[] clientGroups) {
        Set<CertSlot> slots = authSlots(suite);
        if (slots.contains(CertSlot.RSA)) {
            return set.get(CertSlot.RSA) != null;
        }
        if (slots.isEmpty()) {
            return false;
        }
        List<SigAlg> shared = SigAlg.shared(clientSigAlgs, set.securityLevel());
        OwnCredentials ecc = set.get(CertSlot.ECC);
        if (ecc != null
                && eccValid(ecc, clientGroups)
                && ecc.allowsDigitalSignature()
                && offers(shared, CertSlot.ECC)) {
            return true;
        }
        return (set.get(CertSlot.ED25519) != null && offers(shared, CertSlot.ED25519))
                || (set.get(CertSlot.ED448) != null && offers(shared, CertSlot.ED448));
    }

    /**
     * The server's certificate and scheme ({@code tls_choose_sigalg} with fatal errors). TLS 1.3:
     * the first of the client's schemes one of our certificates can use, whatever its type. TLS
     * 1.2: the first of the client's schemes for a certificate that can authenticate {@code suite}
     * (an EC one only if its curve is among {@code clientGroups}).
     *
     * @param clientSigAlgsCert the client's signature_algorithms_cert, or null when it sent none
     * @param clientGroups the client's supported_groups, or null when it sent none
     * @throws TlsFatalAlert handshake_failure "no suitable signature algorithm"
     */
    static Choice chooseServer(
            CredentialSet set,
            boolean tls13,
            int suite,
            Vector<?> clientSigAlgs,
            Vector<?> clientSigAlgsCert,
            int[] clientGroups)
            throws TlsFatalAlert {
        List<SigAlg> shared = SigAlg.shared(clientSigAlgs, set.securityLevel());
        Choice c =
                tls13
                        ? findSigAlg(set, shared, clientSigAlgsCert)
                        : find12(
                                set,
                                shared,
                                clientSigAlgsCert,
                                authSlots(suite),
                                true,
                                clientGroups);
        if (c == null) {
            throw new TlsFatalAlert(
                    AlertDescription.handshake_failure, "no suitable signature algorithm");
        }
        return c;
    }

    /**
     * The client's certificate and scheme for a CertificateRequest ({@code tls_choose_sigalg}
     * without fatal errors), or null to send no certificate. TLS 1.3: as a server does, in the
     * server's order. TLS 1.2: only the current certificate ({@link CredentialSet#current()}) is
     * considered, with the first of the server's schemes for it.
     */
    static Choice chooseClient(
            CredentialSet set,
            boolean tls13,
            Vector<?> serverSigAlgs,
            Vector<?> serverSigAlgsCert) {
        List<SigAlg> shared = SigAlg.shared(serverSigAlgs, set.securityLevel());
        if (tls13) {
            return findSigAlg(set, shared, serverSigAlgsCert);
        }
        OwnCredentials current = set.current();
        if (current == null) {
            return null;
        }
        return find12(set, shared, serverSigAlgsCert, EnumSet.of(current.slot()), false, null);
    }

    /**
     * TLS 1.3's {@code find_sig_alg}: no SHA-1, SHA-224 or PKCS#1; an ECDSA scheme's curve must be
     * the key's.
     */
    private static Choice findSigAlg(
            CredentialSet set, List<SigAlg> shared, Vector<?> sigAlgsCert) {
        for (SigAlg a : shared) {
            OwnCredentials c = set.get(a.slot);
            if (c != null
                    && a.usableInTls13()
                    && usable(c, a, sigAlgsCert)
                    && (a.curve == 0 || a.curve == c.curve())) {
                return new Choice(c, a);
            }
        }
        return null;
    }

    /**
     * TLS 1.2's loop: the first shared scheme whose slot may authenticate the suite and holds a
     * certificate, for a server a valid one ({@code tls12_get_cert_sigalg_idx}).
     */
    private static Choice find12(
            CredentialSet set,
            List<SigAlg> shared,
            Vector<?> sigAlgsCert,
            Set<CertSlot> allowed,
            boolean server,
            int[] clientGroups) {
        for (SigAlg a : shared) {
            OwnCredentials c = allowed.contains(a.slot) ? set.get(a.slot) : null;
            if (c != null
                    && (!server || a.slot != CertSlot.ECC || eccValid(c, clientGroups))
                    && usable(c, a, sigAlgsCert)) {
                return new Choice(c, a);
            }
        }
        return null;
    }

    /** {@code check_cert_usable} and the RSA-PSS key size check. */
    private static boolean usable(OwnCredentials c, SigAlg a, Vector<?> sigAlgsCert) {
        return c.longEnoughFor(a)
                && (sigAlgsCert == null
                        || SigAlg.certSignedWithOneOf(c.leafSignature(), sigAlgsCert));
    }

    /**
     * OpenSSL's {@code tls1_check_cert_param} for a server: the EC certificate's curve has a TLS
     * group and is one the client lists (any, when it sent no supported_groups).
     */
    private static boolean eccValid(OwnCredentials ecc, int[] clientGroups) {
        return ecc.curve() != 0
                && (clientGroups == null || ClientHelloChecks.contains(clientGroups, ecc.curve()));
    }

    private static boolean offers(List<SigAlg> shared, CertSlot slot) {
        return shared.stream().anyMatch(a -> a.slot == slot);
    }
}
