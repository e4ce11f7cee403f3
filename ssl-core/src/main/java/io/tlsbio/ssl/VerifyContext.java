package io.tlsbio.ssl;

import java.security.cert.X509Certificate;
import java.util.List;

/** What a {@link VerifyCallback} sees: OpenSSL's {@code X509_STORE_CTX} at one step of the walk. */
public interface VerifyContext {

    /**
     * {@code X509_STORE_CTX_get_error_depth}: 0 for the peer's certificate, 1 for its issuer, ...
     *
     * @return the depth of the certificate being checked
     */
    int depth();

    /**
     * {@code X509_STORE_CTX_get_error}: the finding at this step; on a step that passed, the last
     * error accepted before it ({@link VerifyResult#OK} when none), as OpenSSL keeps it.
     *
     * @return the step's verify result, never null
     */
    VerifyResult error();

    /**
     * {@code X509_STORE_CTX_get_current_cert}: the certificate at {@link #depth()}.
     *
     * @return the certificate being checked
     */
    X509Certificate currentCertificate();

    /**
     * {@code X509_STORE_CTX_get0_chain}: the chain as built so far, peer's certificate first.
     *
     * @return the chain, peer's certificate at index 0
     */
    List<X509Certificate> chain();
}
