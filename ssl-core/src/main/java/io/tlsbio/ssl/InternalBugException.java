package io.tlsbio.ssl;

/**
 * A failure that no peer input can explain — a bug of tlsbio's, of bctls's, or of an application
 * callback — thrown by the {@link Ssl} call that met it when the context is {@link
 * SslContext.Builder#strict strict}, so that a fuzzer reports it as a crash. The connection has
 * failed as it would have without strict mode (internal_error sent, the call's failure recorded);
 * the cause is what was thrown inside. Without strict mode the call returns -1 with {@link
 * SslReason#INTERNAL_ERROR} instead, and the bug is logged at WARN and counted ({@link
 * SslContext#internalBugs()}).
 */
public final class InternalBugException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An internal bug met by an {@link Ssl} call.
     *
     * @param message what the call was doing when it met the bug
     * @param cause what was thrown inside
     */
    public InternalBugException(String message, Throwable cause) {
        super(message, cause);
    }
}
