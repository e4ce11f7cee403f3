package io.tlsbio.ssl.internal.x509;

import io.tlsbio.ssl.CrlCheck;
import io.tlsbio.ssl.VerifyResult;
import java.security.GeneralSecurityException;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * OpenSSL 3.0's CRL checking ({@code check_revocation}, {@code check_cert}, {@code get_crl_sk},
 * {@code check_crl}, {@code cert_crl}) without extended CRL support or delta CRLs: for the leaf
 * ({@link CrlCheck#LEAF}) or every certificate of the chain, the trust anchor included ({@link
 * CrlCheck#ALL}), the best-scoring CRL from its issuer (same issuer name, authority key identifier
 * matching a certificate up the chain, in scope of the certificate's distribution points, newest
 * first among equals) is checked (35 no cRLSign, 44 out of scope, 11/12 times, 6/8 signature, 36
 * unhandled critical extension) and searched (23 revoked). No usable CRL is 3.
 */
final class RevocationCheck {

    private static final int SCORE_NOCRITICAL = 0x100;
    private static final int SCORE_SCOPE = 0x080;
    private static final int SCORE_TIME = 0x040;
    private static final int SCORE_ISSUER_NAME = 0x020;
    private static final int SCORE_ISSUER_CERT = 0x018;
    private static final int SCORE_SAME_PATH = 0x008;
    private static final int SCORE_AKID = 0x004;

    /** The CRL chosen for a certificate, with its score, signer and the reasons it covers. */
    private record Choice(CrlInfo crl, int score, CertInfo issuer, int reasons) {}

    private final TrustStore store;
    private final long now;

    RevocationCheck(TrustStore store, long now) {
        this.store = store;
        this.now = now;
    }

    /** Returns false when the verify callback stops verification. */
    boolean check(VerifyState st, CrlCheck mode) {
        if (mode == CrlCheck.NONE) {
            return true;
        }
        int last = mode == CrlCheck.ALL ? st.size() - 1 : 0;
        for (int i = 0; i <= last; i++) {
            st.at(i);
            if (!checkCert(st, i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code check_cert}: CRLs until every revocation reason is covered. */
    private boolean checkCert(VerifyState st, int depth) {
        CertInfo x = st.get(depth);
        if (x.proxy()) {
            return true;
        }
        int reasons = 0;
        // each round must cover new reasons, so at most a handful of rounds
        while (reasons != CrlInfo.ALL_REASONS) {
            int lastReasons = reasons;
            Choice c = choose(st, depth, x, reasons);
            if (c == null) {
                return st.failCrl(VerifyResult.UNABLE_TO_GET_CRL);
            }
            reasons = c.reasons();
            if (!checkCrl(st, c) || !certCrl(st, c.crl(), x)) {
                return false;
            }
            if (lastReasons == reasons) {
                return st.failCrl(VerifyResult.UNABLE_TO_GET_CRL);
            }
        }
        return true;
    }

    /** {@code get_crl_sk}: the best-scoring CRL by {@code x}'s issuer; among equals the newest. */
    private Choice choose(VerifyState st, int depth, CertInfo x, int reasons) {
        Choice best = null;
        for (CrlInfo crl : store.crlsBy(x.issuer())) {
            Choice c = score(st, depth, x, crl, reasons);
            if (c == null || (best != null && c.score() < best.score())) {
                continue;
            }
            if (best != null && c.score() == best.score() && !newer(crl, best.crl())) {
                continue;
            }
            best = c;
        }
        return best;
    }

    private static boolean newer(CrlInfo a, CrlInfo b) {
        return a.thisUpdate().valid()
                && b.thisUpdate().valid()
                && a.thisUpdate().epochSecond() > b.thisUpdate().epochSecond();
    }

    /** {@code get_crl_score}; null for a CRL that cannot serve. */
    private Choice score(VerifyState st, int depth, CertInfo x, CrlInfo crl, int reasons) {
        if (crl.idpInvalid() || crl.indirect() || crl.someReasons()) {
            return null;
        }
        if (!crl.issuer().equals(x.issuer())) {
            return null;
        }
        int score = SCORE_ISSUER_NAME;
        if (!crl.criticalUnhandled()) {
            score |= SCORE_NOCRITICAL;
        }
        if (timesOk(crl)) {
            score |= SCORE_TIME;
        }
        // crl_akid_check: the certificate's issuer, else a certificate further up with the CRL's
        // name
        int idx = depth == st.size() - 1 ? depth : depth + 1;
        CertInfo issuer = null;
        if (CertInfo.akidMatches(st.get(idx), crl.authorityKeyId())) {
            score |= SCORE_AKID | SCORE_ISSUER_CERT;
            issuer = st.get(idx);
        } else {
            for (int i = idx + 1; i < st.size(); i++) {
                CertInfo c = st.get(i);
                if (c.subject().equals(crl.issuer())
                        && CertInfo.akidMatches(c, crl.authorityKeyId())) {
                    score |= SCORE_AKID | SCORE_SAME_PATH;
                    issuer = c;
                    break;
                }
            }
        }
        if (issuer == null) {
            return null;
        }
        int[] crlReasons = {0};
        if (inScope(x, crl, score, crlReasons)) {
            if ((crlReasons[0] & ~reasons) == 0) {
                return null;
            }
            reasons |= crlReasons[0];
            score |= SCORE_SCOPE;
        }
        return new Choice(crl, score, issuer, reasons);
    }

    /** {@code crl_crldp_check}: whether the CRL covers {@code x}, and for which reasons. */
    private static boolean inScope(CertInfo x, CrlInfo crl, int score, int[] reasons) {
        if (crl.onlyAttr() || (x.ca() ? crl.onlyUser() : crl.onlyCa())) {
            return false;
        }
        reasons[0] = crl.idpReasons();
        CRLDistPoint crldp = x.crlDistributionPoints();
        if (crldp != null) {
            for (DistributionPoint dp : crldp.getDistributionPoints()) {
                if (!crlIssuerMatches(dp, crl, score)) {
                    continue;
                }
                if (!crl.idpPresent()
                        || distPointsMatch(
                                dp.getDistributionPoint(),
                                dpIssuer(dp, x),
                                crl.idpDistPoint(),
                                crl.issuer())) {
                    reasons[0] &=
                            dp.getReasons() == null
                                    ? CrlInfo.ALL_REASONS
                                    : dp.getReasons().intValue() & CrlInfo.ALL_REASONS;
                    return true;
                }
            }
        }
        return (!crl.idpPresent() || crl.idpDistPoint() == null)
                && (score & SCORE_ISSUER_NAME) != 0;
    }

    /** {@code crldp_check_crlissuer}. */
    private static boolean crlIssuerMatches(DistributionPoint dp, CrlInfo crl, int score) {
        GeneralNames crlIssuer = dp.getCRLIssuer();
        if (crlIssuer == null) {
            return (score & SCORE_ISSUER_NAME) != 0;
        }
        for (GeneralName gn : crlIssuer.getNames()) {
            if (gn.getTagNo() == GeneralName.directoryName
                    && Names.principal(gn.getName()).equals(crl.issuer())) {
                return true;
            }
        }
        return false;
    }

    /** The name a relative distribution point name is relative to ({@code setup_dp}). */
    private static X500Principal dpIssuer(DistributionPoint dp, CertInfo x) {
        GeneralNames crlIssuer = dp.getCRLIssuer();
        if (crlIssuer != null) {
            for (GeneralName gn : crlIssuer.getNames()) {
                if (gn.getTagNo() == GeneralName.directoryName) {
                    return Names.principal(gn.getName());
                }
            }
        }
        return x.issuer();
    }

    /**
     * {@code idp_check_dp}: full names share a name; a relative name, made absolute, equals one.
     */
    private static boolean distPointsMatch(
            DistributionPointName a,
            X500Principal aBase,
            DistributionPointName b,
            X500Principal bBase) {
        if (a == null || b == null) {
            return true;
        }
        boolean aRel = a.getType() == DistributionPointName.NAME_RELATIVE_TO_CRL_ISSUER;
        boolean bRel = b.getType() == DistributionPointName.NAME_RELATIVE_TO_CRL_ISSUER;
        if (aRel && bRel) {
            return absolute(a, aBase).equals(absolute(b, bBase));
        }
        if (aRel || bRel) {
            X500Principal name = aRel ? absolute(a, aBase) : absolute(b, bBase);
            GeneralNames full = GeneralNames.getInstance(aRel ? b.getName() : a.getName());
            for (GeneralName gn : full.getNames()) {
                if (gn.getTagNo() == GeneralName.directoryName
                        && Names.principal(gn.getName()).equals(name)) {
                    return true;
                }
            }
            return false;
        }
        for (GeneralName ga : GeneralNames.getInstance(a.getName()).getNames()) {
            for (GeneralName gb : GeneralNames.getInstance(b.getName()).getNames()) {
                if (ga.equals(gb)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code DIST_POINT_set_dpname}: {@code base} with the relative name's RDN appended. */
    private static X500Principal absolute(DistributionPointName rel, X500Principal base) {
        RDN[] baseRdns = Names.rdns(base);
        RDN[] out = new RDN[baseRdns.length + 1];
        System.arraycopy(baseRdns, 0, out, 0, baseRdns.length);
        out[baseRdns.length] =
                RDN.getInstance(org.bouncycastle.asn1.ASN1Set.getInstance(rel.getName()));
        return Names.principal(new X500Name(out));
    }

    /** {@code check_crl}: the chosen CRL's signer, scope, times and signature. */
    private boolean checkCrl(VerifyState st, Choice c) {
        CertInfo issuer = c.issuer();
        CrlInfo crl = c.crl();
        if (!crl.delta()) {
            if (issuer.keyUsageRejects(CertInfo.KU_CRL_SIGN)
                    && !st.failCrl(VerifyResult.KEYUSAGE_NO_CRL_SIGN)) {
                return false;
            }
            if ((c.score() & SCORE_SCOPE) == 0 && !st.failCrl(VerifyResult.DIFFERENT_CRL_SCOPE)) {
                return false;
            }
        }
        if ((c.score() & SCORE_TIME) == 0 && !checkTimes(st, crl)) {
            return false;
        }
        if (!issuer.key().decodable()) {
            return st.failCrl(VerifyResult.UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY);
        }
        try {
            crl.crl().verify(issuer.certificate().getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            return st.failCrl(VerifyResult.CRL_SIGNATURE_FAILURE);
        }
        return true;
    }

    /**
     * {@code cert_crl}: unhandled critical extensions (36), then whether {@code x} is listed (23).
     */
    private static boolean certCrl(VerifyState st, CrlInfo crl, CertInfo x) {
        if (crl.criticalUnhandled() && !st.failCrl(VerifyResult.UNHANDLED_CRITICAL_CRL_EXTENSION)) {
            return false;
        }
        return crl.lookup(x.serial()) != 1 || st.failCrl(VerifyResult.CERT_REVOKED);
    }

    /** The silent form of {@code x509_check_crl_time}. */
    private boolean timesOk(CrlInfo crl) {
        if (crl.thisUpdate().compareTo(now) >= 0) {
            return false;
        }
        return crl.nextUpdate() == null || crl.nextUpdate().compareTo(now) > 0;
    }

    /** {@code x509_check_crl_time} reporting 15/11 for lastUpdate, 16/12 for nextUpdate. */
    private boolean checkTimes(VerifyState st, CrlInfo crl) {
        int i = crl.thisUpdate().compareTo(now);
        if (i == 0 && !st.failCrl(VerifyResult.ERROR_IN_CRL_LAST_UPDATE_FIELD)) {
            return false;
        }
        if (i > 0 && !st.failCrl(VerifyResult.CRL_NOT_YET_VALID)) {
            return false;
        }
        if (crl.nextUpdate() != null) {
            i = crl.nextUpdate().compareTo(now);
            if (i == 0 && !st.failCrl(VerifyResult.ERROR_IN_CRL_NEXT_UPDATE_FIELD)) {
                return false;
            }
            if (i < 0 && !st.failCrl(VerifyResult.CRL_HAS_EXPIRED)) {
                return false;
            }
        }
        return true;
    }
}
