package io.tlsbio.ssl.internal.x509;

import io.tlsbio.ssl.VerifyCallback;
import io.tlsbio.ssl.VerifyContext;
import io.tlsbio.ssl.VerifyResult;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenSSL's {@code X509_STORE_CTX} during one verification: the chain built so far, how many of its
 * certificates came from the peer, the sticky error with its depth and certificate, and the verify
 * callback. It is what the callback sees.
 */
final class VerifyState implements VerifyContext {

    private final VerifyCallback callback;
    private final List<CertInfo> chain = new ArrayList<>();
    private int numUntrusted;
    private VerifyResult error = VerifyResult.OK;
    private int errorDepth;
    private CertInfo current;

    VerifyState(CertInfo leaf, VerifyCallback callback) {
        this.callback = callback;
        chain.add(leaf);
        numUntrusted = 1;
    }

    /**
     * {@code verify_cb_cert}: records {@code err} (unless OK) at {@code depth} for {@code cert}
     * (null: the chain's certificate at {@code depth}) and asks the callback; without one, every
     * error stops verification.
     *
     * @return true to go on
     */
    boolean fail(CertInfo cert, int depth, VerifyResult err) {
        errorDepth = depth;
        current = cert != null ? cert : chain.get(depth);
        if (err != VerifyResult.OK) {
            error = err;
        }
        return callback != null && callback.verify(false, this);
    }

    /**
     * {@code verify_cb_crl}: records {@code err} at the current depth and certificate, which the
     * revocation check has set.
     */
    boolean failCrl(VerifyResult err) {
        error = err;
        return callback != null && callback.verify(false, this);
    }

    /**
     * Signals success at {@code depth} (the error stays as it was); the callback may still stop.
     */
    boolean ok(CertInfo cert, int depth) {
        current = cert;
        errorDepth = depth;
        return callback == null || callback.verify(true, this);
    }

    /** Points the context at {@code depth} (the revocation check does, before its findings). */
    void at(int depth) {
        errorDepth = depth;
        current = chain.get(depth);
    }

    /** Marks an internal error (OpenSSL's {@code int_err}): verification stops with UNSPECIFIED. */
    void internalError() {
        error = VerifyResult.UNSPECIFIED;
    }

    List<CertInfo> chainInfo() {
        return chain;
    }

    int size() {
        return chain.size();
    }

    CertInfo get(int depth) {
        return chain.get(depth);
    }

    int numUntrusted() {
        return numUntrusted;
    }

    void numUntrusted(int n) {
        numUntrusted = n;
    }

    @Override
    public int depth() {
        return errorDepth;
    }

    @Override
    public VerifyResult error() {
        return error;
    }

    @Override
    public X509Certificate currentCertificate() {
        return current == null ? null : current.certificate();
    }

    @Override
    public List<X509Certificate> chain() {
        List<X509Certificate> out = new ArrayList<>(chain.size());
        for (CertInfo c : chain) {
            out.add(c.certificate());
        }
        return List.copyOf(out);
    }
}
