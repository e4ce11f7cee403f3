package io.tlsbio.ssl.internal.x509;

import io.tlsbio.ssl.CertificatePurpose;
import io.tlsbio.ssl.CrlCheck;
import io.tlsbio.ssl.VerifyCallback;
import io.tlsbio.ssl.VerifyResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * OpenSSL 3.0's {@code X509_verify_cert} as {@code ssl_verify_cert_chain} runs it, step by step in
 * {@code verify_chain}'s order: the leaf's key strength, {@link ChainBuilder build_chain}, {@link
 * ExtensionChecks check_extensions}, {@link AuthLevel check_auth_level}, {@code check_id} (host
 * name or IP address), {@link RevocationCheck check_revocation}, {@link InternalVerify
 * internal_verify} (signatures, validity periods) and {@link NameConstraintsCheck
 * check_name_constraints}. Every finding goes to the verify callback ({@code verify_cb_cert});
 * without one the first finding ends verification. Not thread-safe: one instance per verification.
 */
public final class X509Verifier {

    /** OpenSSL's default verify depth ({@code X509_VERIFY_PARAM} "default"). */
    public static final int DEFAULT_DEPTH = 100;

    /**
     * The outcome.
     *
     * @param verified whether {@code X509_verify_cert} returned success (possibly with accepted
     *     errors)
     * @param error {@code X509_STORE_CTX_get_error}: OK, the last error the callback accepted, or
     *     the failure
     * @param errorDepth {@code X509_STORE_CTX_get_error_depth} at the end
     * @param chain the chain as built, leaf first
     */
    public record Result(
            boolean verified, VerifyResult error, int errorDepth, List<X509Certificate> chain) {}

    private final TrustStore store;
    private final List<X509Certificate> untrusted;
    private final CrlCheck crlCheck;
    private final int depth;
    private final VerifyCallback callback;
    private final AuthLevel authLevel;
    private final CertificatePurpose purpose;
    private final long now;

    /**
     * @param anchors the trusted certificates ({@code X509_STORE}); null for none
     * @param untrusted extra untrusted intermediates, tried after the peer's own
     * @param crls CRLs for revocation checking
     * @param crlCheck which certificates must pass a CRL check
     * @param depth the verify depth (most intermediates allowed); negative for OpenSSL's default
     *     100
     * @param callback the verify callback, or null
     * @param securityLevel the authentication security level (SSL's security level)
     * @param purpose the purpose to check, {@link CertificatePurpose#ANY} for none
     * @param now the verification time, seconds since the epoch
     */
    public X509Verifier(
            Set<TrustAnchor> anchors,
            List<X509Certificate> untrusted,
            List<X509CRL> crls,
            CrlCheck crlCheck,
            int depth,
            VerifyCallback callback,
            int securityLevel,
            CertificatePurpose purpose,
            long now) {
        this.store = TrustStore.of(anchors, crls == null ? List.of() : crls);
        this.untrusted = untrusted == null ? List.of() : List.copyOf(untrusted);
        this.crlCheck = Objects.requireNonNull(crlCheck, "crlCheck");
        this.depth = depth < 0 ? DEFAULT_DEPTH : depth;
        this.callback = callback;
        this.authLevel = new AuthLevel(securityLevel);
        this.purpose = Objects.requireNonNull(purpose, "purpose");
        this.now = now;
    }

    /**
     * Verifies {@code chain} (the peer's certificates, leaf first, any order and extras after it)
     * for {@code hostName}: a host name, an IP address literal (checked as an address, as {@code
     * SSL_set1_host} does), or null or empty for no name check.
     */
    public Result verify(List<X509Certificate> chain, String hostName) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain is empty");
        }
        List<CertInfo> peer = new ArrayList<>();
        for (X509Certificate c : chain) {
            peer.add(CertInfo.of(c));
        }
        CertInfo leaf = peer.get(0);
        VerifyState st = new VerifyState(leaf, callback);
        boolean ok = run(st, leaf, peer, hostName);
        if (!ok && st.error() == VerifyResult.OK) {
            // x509_verify_x509's safety net: a failure never reads as success
            st.internalError();
        }
        return new Result(ok, st.error(), st.depth(), st.chain());
    }

    private boolean run(VerifyState st, CertInfo leaf, List<CertInfo> peer, String hostName) {
        if (!authLevel.keyOk(leaf) && !st.fail(leaf, 0, VerifyResult.EE_KEY_TOO_SMALL)) {
            return false;
        }
        List<CertInfo> pool = new ArrayList<>(peer);
        for (X509Certificate c : untrusted) {
            pool.add(CertInfo.of(c));
        }
        return new ChainBuilder(store, now).build(st, pool, depth)
                && ExtensionChecks.check(st, purpose)
                && authLevel.check(st)
                && checkId(st, leaf, hostName)
                && keyParameters(st)
                && new RevocationCheck(store, now).check(st, crlCheck)
                && InternalVerify.verify(st, now)
                && NameConstraintsCheck.check(st);
    }

    /** {@code check_id}: the host name (62) or IP address (64) against the leaf. */
    private static boolean checkId(VerifyState st, CertInfo leaf, String hostName) {
        if (hostName == null || hostName.isEmpty()) {
            return true;
        }
        byte[] ip = IpAddresses.parse(hostName);
        if (ip != null) {
            return HostCheck.matchesIp(leaf, ip)
                    || st.fail(leaf, 0, VerifyResult.IP_ADDRESS_MISMATCH);
        }
        return HostCheck.matchesHost(leaf, hostName)
                || st.fail(leaf, 0, VerifyResult.HOSTNAME_MISMATCH);
    }

    /**
     * {@code X509_get_pubkey_parameters}: walks up from the leaf to the first key with its own
     * parameters; a key OpenSSL cannot decode on the way is an internal error.
     */
    private static boolean keyParameters(VerifyState st) {
        for (int i = 0; i < st.size(); i++) {
            CertKey k = st.get(i).key();
            if (!k.decodable()) {
                return false;
            }
            if (!(k.type() == KeyType.DSA && k.securityBits() < 0)) {
                return true;
            }
        }
        return false;
    }
}
