package io.tlsbio.ssl.internal.x509;

import io.tlsbio.ssl.VerifyResult;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenSSL 3.0's {@code build_chain} with its default flags ({@code X509_V_FLAG_TRUSTED_FIRST}, no
 * partial chains, no DANE): from the leaf, extend the chain with an issuer from the trust store
 * when there is one, else from the untrusted certificates (the peer's, then any configured), until
 * a self-signed trusted certificate ends it or nothing more is found. A self-signed certificate the
 * peer sent counts as trusted only if the store holds the very same certificate. At most {@code
 * depth} intermediates may sit between the leaf and the trust anchor.
 */
final class ChainBuilder {

    private enum Trust {
        TRUSTED,
        UNTRUSTED
    }

    private final TrustStore store;
    private final long now;

    ChainBuilder(TrustStore store, long now) {
        this.store = store;
        this.now = now;
    }

    /**
     * Builds the chain into {@code st}; reports, as OpenSSL does, why it could not be trusted (22
     * chain too long, 18/19 self-signed, 2/20 no issuer) at the top of what was built.
     *
     * @param untrusted the peer's certificates and any extra untrusted ones, in that order
     * @param depth the verify depth (maximum number of intermediates)
     * @return false when verification must stop
     */
    boolean build(VerifyState st, List<CertInfo> untrusted, int depth) {
        int maxDepth = depth + 1;
        List<CertInfo> pool = new ArrayList<>(untrusted);
        boolean searchUntrusted = true;
        boolean searchTrusted = true;
        Trust trust = Trust.UNTRUSTED;
        // each round adds a certificate or clears a search flag, so this ends
        while (searchTrusted || searchUntrusted) {
            int num = st.size();
            st.at(num - 1);
            if (searchTrusted) {
                CertInfo curr = st.get(num - 1);
                CertInfo issuer = num > maxDepth ? null : store.issuerOf(curr, now);
                if (issuer != null) {
                    int selfSigned = curr.selfSignedState();
                    if (selfSigned < 0) {
                        st.internalError();
                        return false;
                    }
                    boolean ok = true;
                    if (selfSigned == 0) {
                        st.chainInfo().add(issuer);
                        selfSigned = issuer.selfSignedState();
                        if (selfSigned < 0) {
                            st.internalError();
                            return false;
                        }
                    } else if (!curr.sameAs(issuer)) {
                        // a self-signed mimic of a trusted certificate
                        ok = false;
                    } else {
                        num--;
                        st.numUntrusted(num);
                        st.chainInfo().set(num, issuer);
                    }
                    if (ok) {
                        searchUntrusted = false;
                        trust = checkTrust(st, num);
                        if (trust == Trust.TRUSTED) {
                            break;
                        }
                        if (selfSigned == 0) {
                            continue;
                        }
                    }
                }
                if (!searchUntrusted) {
                    // trusted-first leaves no alternate chains to try
                    break;
                }
            }
            if (searchUntrusted) {
                num = st.size();
                CertInfo curr = st.get(num - 1);
                CertInfo issuer =
                        curr.selfSignedState() > 0 || num > maxDepth
                                ? null
                                : untrustedIssuer(st, pool, curr);
                if (issuer == null) {
                    searchUntrusted = false;
                    searchTrusted = true;
                    continue;
                }
                removeIdentity(pool, issuer);
                st.chainInfo().add(issuer);
                st.numUntrusted(st.numUntrusted() + 1);
            }
        }
        if (trust == Trust.TRUSTED) {
            return true;
        }
        int num = st.size();
        switch (st.error()) {
            case OK:
                break;
            case ERROR_IN_CERT_NOT_BEFORE_FIELD:
            case CERT_NOT_YET_VALID:
            case ERROR_IN_CERT_NOT_AFTER_FIELD:
            case CERT_HAS_EXPIRED:
                return false;
            default:
                // an error accepted before (the leaf's key strength) becomes the final one
                return st.fail(null, num - 1, st.error());
        }
        if (num > maxDepth && !st.fail(null, num - 1, VerifyResult.CERT_CHAIN_TOO_LONG)) {
            return false;
        }
        if (st.get(num - 1).selfSignedState() > 0) {
            return st.fail(
                    null,
                    num - 1,
                    num == 1
                            ? VerifyResult.DEPTH_ZERO_SELF_SIGNED_CERT
                            : VerifyResult.SELF_SIGNED_CERT_IN_CHAIN);
        }
        return st.fail(
                null,
                num - 1,
                st.numUntrusted() < num
                        ? VerifyResult.UNABLE_TO_GET_ISSUER_CERT
                        : VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    }

    /**
     * {@code get0_best_issuer_sk} with {@code no_dup}: an issuer from the untrusted pool that is
     * not already in the chain (unless the chain is a lone self-issued certificate).
     */
    private CertInfo untrustedIssuer(VerifyState st, List<CertInfo> pool, CertInfo x) {
        List<CertInfo> candidates = new ArrayList<>();
        boolean allowDup = x.selfIssued() && st.size() == 1;
        for (CertInfo c : pool) {
            if (allowDup || !inChain(st, c)) {
                candidates.add(c);
            }
        }
        return TrustStore.bestIssuer(candidates, x, now);
    }

    private static boolean inChain(VerifyState st, CertInfo c) {
        for (CertInfo x : st.chainInfo()) {
            if (x.sameAs(c)) {
                return true;
            }
        }
        return false;
    }

    private static void removeIdentity(List<CertInfo> pool, CertInfo c) {
        for (int i = 0; i < pool.size(); i++) {
            if (pool.get(i) == c) {
                pool.remove(i);
                return;
            }
        }
    }

    /**
     * {@code check_trust} from depth {@code from} up: with certificates that carry no auxiliary
     * trust settings, OpenSSL trusts a store certificate when it is self-signed.
     */
    private static Trust checkTrust(VerifyState st, int from) {
        for (int i = from; i < st.size(); i++) {
            CertInfo x = st.get(i);
            if (!x.invalid() && x.selfSigned()) {
                return Trust.TRUSTED;
            }
        }
        return Trust.UNTRUSTED;
    }
}
