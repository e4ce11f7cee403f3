package io.tlsbio.netty;

import io.tlsbio.ssl.SslFailure;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * An established {@link TlsbioHandler} connection failed (a fatal alert sent or received, a bad
 * record, the transport ending without close_notify): what {@code exceptionCaught} and the {@code
 * sslCloseFuture()} carry. An {@link SSLException}, as Netty's {@code SslHandler} reports it,
 * carrying tlsbio's reason, alert and message ({@code Ssl.lastError()}).
 */
public final class TlsbioException extends SSLException {

    private static final long serialVersionUID = 1L;

    private final transient SslFailure failure;

    /**
     * The exception for {@code failure}: its text as the message, its cause (if any) as the cause.
     *
     * @param failure what {@code Ssl.lastError()} reported
     */
    public TlsbioException(SslFailure failure) {
        super(Objects.requireNonNull(failure, "failure").toString(), failure.cause());
        this.failure = failure;
    }

    /**
     * Why the connection failed, as {@code Ssl.lastError()} said.
     *
     * @return the failure this exception was made from, never {@code null}
     */
    public SslFailure failure() {
        return failure;
    }
}
