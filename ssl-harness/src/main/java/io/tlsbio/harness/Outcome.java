package io.tlsbio.harness;

import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslReason;

/**
 * What one {@link TlsHarness} run did to the connection under test.
 *
 * @param role the side under test
 * @param config its configuration
 * @param inputLength bytes the peer's side supplied
 * @param calls {@code doHandshake}/{@code read} calls made
 * @param lastReturn what the last call returned
 * @param lastError {@code getError(lastReturn)} ({@code SSL_get_error})
 * @param failure {@code lastError()} after the last call, or null
 * @param ending why the run stopped
 * @param established whether the handshake completed
 * @param bytesConsumed input bytes the connection read
 * @param bytesWritten bytes the connection wrote
 * @param applicationBytes application data bytes {@code read} returned
 * @param alertSent the fatal alert the connection sent (0..255), or -1: a plaintext alert record in
 *     what it wrote, else the alert of a failure it did not receive
 * @param internalBugs {@code SslContext.internalBugs()} after the run (strict contexts throw before
 *     this can be non-zero)
 */
public record Outcome(
        Role role,
        HarnessConfig config,
        int inputLength,
        int calls,
        int lastReturn,
        SslError lastError,
        SslFailure failure,
        Ending ending,
        boolean established,
        long bytesConsumed,
        long bytesWritten,
        long applicationBytes,
        int alertSent,
        long internalBugs) {

    /** Why a run stopped. */
    public enum Ending {
        /**
         * The last call failed for good: {@link SslError#SSL} or {@link SslError#SYSCALL}, see
         * {@link #failure()}.
         */
        FAILED,
        /** The peer's close_notify arrived: {@link SslError#ZERO_RETURN}. */
        CLOSED,
        /**
         * The call cap ({@link TlsHarness#callCap}) was reached with the connection still going: a
         * bound broken.
         */
        CALL_CAP,
        /**
         * The connection asked for input ({@code WANT_READ}) that could never come: with unread
         * input in its BIO, or after the BIO reported end of stream. A contract broken.
         */
        STALLED,
        /**
         * A (return, error) pair the contract does not allow here: {@code WANT_WRITE} into an
         * unbounded memory BIO, a certificate lookup no callback asked for, or a non-positive
         * return with {@code NONE}.
         */
        UNDEFINED
    }

    /**
     * The failure's reason, or null.
     *
     * @return the failure's reason, or {@code null} when the run did not fail
     */
    public SslReason reason() {
        return failure == null ? null : failure.reason();
    }

    /**
     * Whether the run ended as the contract allows: failed, or closed by the peer.
     *
     * @return {@code true} if the run ended by a failure or the peer's close_notify
     */
    public boolean endedWithinContract() {
        return ending == Ending.FAILED || ending == Ending.CLOSED;
    }

    /**
     * One line for logs and assertion messages.
     *
     * @return a one-line description of how the run ended
     */
    public String summary() {
        return role
                + " "
                + config.label()
                + ": "
                + ending
                + " after "
                + calls
                + " calls (last "
                + lastReturn
                + " "
                + lastError
                + ")"
                + (established ? ", established" : "")
                + ", consumed "
                + bytesConsumed
                + "/"
                + inputLength
                + ", wrote "
                + bytesWritten
                + ", read "
                + applicationBytes
                + (alertSent >= 0 ? ", alert sent " + alertSent : "")
                + (failure != null ? ", " + failure : "");
    }
}
