package io.tlsbio.netty;

import io.tlsbio.ssl.SslFailure;
import java.util.Objects;
import javax.net.ssl.SSLHandshakeException;

/**
 * The handshake of a {@link TlsbioHandler} failed: what its {@code handshakeFuture()} fails with
 * and what {@code SslHandshakeCompletionEvent} and {@code exceptionCaught} carry. An {@link
 * SSLHandshakeException}, as Netty's {@code SslHandler} reports it, carrying tlsbio's reason, alert
 * and message ({@code Ssl.lastError()}).
 */
public final class TlsbioHandshakeException extends SSLHandshakeException {

    private static final long serialVersionUID = 1L;

    private final transient SslFailure failure;

    /**
     * The exception for {@code failure}: its text as the message, its cause (if any) as the cause.
     *
     * @param failure what {@code Ssl.lastError()} reported
     */
    public TlsbioHandshakeException(SslFailure failure) {
        super(Objects.requireNonNull(failure, "failure").toString());
        this.failure = failure;
        if (failure.cause() != null) {
            initCause(failure.cause());
        }
    }

    /**
     * Why the handshake failed, as {@code Ssl.lastError()} said.
     *
     * @return the failure this exception was made from, never {@code null}
     */
    public SslFailure failure() {
        return failure;
    }
}
