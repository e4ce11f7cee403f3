package io.tlsbio.ssl;

/**
 * The verify callback of {@code SSL_CTX_set_verify} / {@code SSL_set_verify}: it sees the chain as
 * OpenSSL's {@code X509_verify_cert} walks it and decides whether each finding ends verification.
 *
 * <p>It is called as OpenSSL calls it: once for every error found, at the depth where it was found,
 * with {@code preverifyOk == false} and {@link VerifyContext#error()} set; and, as the signatures
 * are checked from the top of the chain down to the peer's certificate (depth 0), once per
 * certificate with {@code preverifyOk == true} — where {@link VerifyContext#error()} still says the
 * last error accepted so far ({@link VerifyResult#OK} if none), as OpenSSL's {@code
 * X509_STORE_CTX_get_error} does. Returning {@code false} stops verification with the current error
 * (the handshake fails with the alert that error maps to, {@link Ssl#verifyResult()} reports it;
 * refusing a step that passed gives {@link VerifyResult#UNSPECIFIED}, as in OpenSSL); returning
 * {@code true} for an error accepts it and verification goes on, and {@link Ssl#verifyResult()}
 * still reports the last error accepted, as {@code SSL_get_verify_result} does. Without a callback,
 * the first error stops verification.
 *
 * <p>Runs on the thread that drives the handshake; it must not call back into the {@link Ssl}.
 */
@FunctionalInterface
public interface VerifyCallback {

    /**
     * Decides whether verification goes on after one check of one certificate.
     *
     * @param preverifyOk whether the check at this point passed
     * @param ctx the certificate, its depth and the error ({@code X509_STORE_CTX})
     * @return true to go on, false to fail verification with {@link VerifyContext#error()}
     */
    boolean verify(boolean preverifyOk, VerifyContext ctx);
}
