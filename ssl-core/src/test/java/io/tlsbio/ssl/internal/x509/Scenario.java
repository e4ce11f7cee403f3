package io.tlsbio.ssl.internal.x509;

import io.tlsbio.ssl.CertificatePurpose;
import io.tlsbio.ssl.CrlCheck;
import io.tlsbio.ssl.VerifyCallback;
import io.tlsbio.ssl.VerifyResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One verification set up as {@code openssl verify} would be (trust store, untrusted certificates,
 * CRLs, purpose, host, depth, auth level, time), run through {@link X509Verifier}. The recorded
 * callback calls read like OpenSSL's {@code verify_cb} sees them: {@code "ok=0 depth=1 err=79
 * CN=Int"}.
 */
final class Scenario {

    final Set<TrustAnchor> anchors = new LinkedHashSet<>();
    final List<Pki.Cert> trusted = new ArrayList<>();
    final List<Pki.Cert> untrusted = new ArrayList<>();
    final List<X509CRL> crls = new ArrayList<>();
    CrlCheck crlCheck = CrlCheck.NONE;
    int depth = -1;
    int level = 1;
    CertificatePurpose purpose = CertificatePurpose.ANY;
    String host;
    Instant at = Pki.NOW;

    /** What came out. */
    record Outcome(
            boolean verified,
            VerifyResult error,
            int errorDepth,
            List<String> calls,
            List<String> chain) {}

    Scenario trust(Pki.Cert... certs) {
        for (Pki.Cert c : certs) {
            trusted.add(c);
            anchors.add(new TrustAnchor(c.cert(), null));
        }
        return this;
    }

    Scenario untrusted(Pki.Cert... certs) {
        untrusted.addAll(List.of(certs));
        return this;
    }

    Scenario crls(X509CRL... list) {
        crls.addAll(List.of(list));
        return this;
    }

    Scenario crlCheck(CrlCheck c) {
        crlCheck = c;
        return this;
    }

    Scenario depth(int d) {
        depth = d;
        return this;
    }

    Scenario level(int l) {
        level = l;
        return this;
    }

    Scenario purpose(CertificatePurpose p) {
        purpose = p;
        return this;
    }

    Scenario host(String h) {
        host = h;
        return this;
    }

    Scenario at(Instant t) {
        at = t;
        return this;
    }

    /** Verifies without a callback: the first error ends it. */
    Outcome run(Pki.Cert... chain) {
        return run(null, chain);
    }

    /** Verifies with a callback that accepts every error, recording every call. */
    Outcome runAcceptingAll(Pki.Cert... chain) {
        return run(ACCEPT_ALL, chain);
    }

    private static final VerifyCallback ACCEPT_ALL = (ok, ctx) -> true;

    /** Verifies with {@code callback} (null for none), recording every call it gets. */
    Outcome run(VerifyCallback callback, Pki.Cert... chain) {
        List<String> calls = new ArrayList<>();
        VerifyCallback recording =
                callback == null
                        ? null
                        : (ok, ctx) -> {
                            calls.add(call(ok, ctx.depth(), ctx.error(), ctx.currentCertificate()));
                            return callback.verify(ok, ctx);
                        };
        List<X509Certificate> peer = new ArrayList<>();
        for (Pki.Cert c : chain) {
            peer.add(c.cert());
        }
        List<X509Certificate> extra = new ArrayList<>();
        for (Pki.Cert c : untrusted) {
            extra.add(c.cert());
        }
        X509Verifier.Result r =
                new X509Verifier(
                                anchors,
                                extra,
                                crls,
                                crlCheck,
                                depth,
                                recording,
                                level,
                                purpose,
                                at.getEpochSecond())
                        .verify(peer, host);
        List<String> names = new ArrayList<>();
        for (X509Certificate c : r.chain()) {
            names.add(c.getSubjectX500Principal().getName());
        }
        return new Outcome(
                r.verified(), r.error(), r.errorDepth(), List.copyOf(calls), List.copyOf(names));
    }

    /** A call as the recording callback writes it. */
    static String call(boolean ok, int depth, VerifyResult err, X509Certificate cert) {
        return "ok="
                + (ok ? 1 : 0)
                + " depth="
                + depth
                + " err="
                + err.code()
                + " "
                + (cert == null ? "-" : cert.getSubjectX500Principal().getName());
    }
}
