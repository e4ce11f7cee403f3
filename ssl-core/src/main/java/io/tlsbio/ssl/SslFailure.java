package io.tlsbio.ssl;

import java.util.Objects;
import org.bouncycastle.tls.AlertDescription;

/**
 * Why the last call of an {@link Ssl} failed: {@link Ssl#lastError()}. The per-connection
 * replacement for OpenSSL's thread-global error queue (docs/decisions.md, decision 3).
 *
 * @param reason the class of failure
 * @param error what {@link Ssl#getError(int)} reports for it ({@link SslError#SSL} or {@link
 *     SslError#SYSCALL})
 * @param alert the TLS alert description sent or received (0..255), or -1 if none
 * @param message a human-readable line
 * @param cause the underlying exception, or {@code null}
 */
public record SslFailure(
        SslReason reason, SslError error, int alert, String message, Throwable cause) {

    /**
     * Checks the components.
     *
     * @param reason the class of failure
     * @param error {@link SslError#SSL}, {@link SslError#SYSCALL} or {@link SslError#ZERO_RETURN}
     * @param alert the TLS alert description sent or received (0..255), or -1 if none
     * @param message a human-readable line
     * @param cause the underlying exception, or {@code null}
     * @throws IllegalArgumentException if {@code error} is not {@link SslError#SSL}, {@link
     *     SslError#SYSCALL} or {@link SslError#ZERO_RETURN}
     */
    public SslFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(message, "message");
        if (error != SslError.SSL && error != SslError.SYSCALL && error != SslError.ZERO_RETURN) {
            throw new IllegalArgumentException(
                    "error must be SSL, SYSCALL or ZERO_RETURN: " + error);
        }
    }

    /**
     * The alert's name, as RFC 8446 spells it.
     *
     * @return the name ({@code "bad_certificate"}), or {@code null} if no alert was involved
     */
    public String alertName() {
        return alert < 0 ? null : AlertDescription.getName((short) alert);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(reason).append(": ").append(message);
        if (alert >= 0) {
            sb.append(" (alert ").append(alertName()).append(')');
        }
        if (cause != null) {
            sb.append(" caused by ").append(cause);
        }
        return sb.toString();
    }
}
