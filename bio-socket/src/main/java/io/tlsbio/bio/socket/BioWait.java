package io.tlsbio.bio.socket;

import io.tlsbio.bio.Bio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * Waits for a socket BIO to become ready for the call it asked to retry: OpenSSL 3.0's {@code
 * BIO_wait} / {@code BIO_socket_wait}, and the {@code select()} that the SSL_do_handshake(3) page
 * tells non-blocking callers to use.
 *
 * <pre>{@code
 * while ((n = bio.read(buf, 0, buf.length)) < 0 && bio.shouldRetry()) {
 *     if (BioWait.waitFor(bio, Duration.ofSeconds(5)) == BioWait.Result.TIMED_OUT) { ... }
 * }
 * }</pre>
 *
 * <p>For one BIO at a time; a loop serving many connections uses one {@link BioSelector}.
 */
public final class BioWait {

    /** The outcome of {@link #waitFor}. */
    public enum Result {
        /**
         * The direction the BIO asked for is ready (or the retried call will fail at once): call
         * again.
         */
        READY,
        /** The timeout passed first (or the thread was interrupted). */
        TIMED_OUT
    }

    private BioWait() {}

    /**
     * Waits until the direction {@code bio}'s retry flags ask for is ready, or {@code timeout}
     * passes: readable for retry-read, writable for retry-write, connected (or failed) for
     * retry-special CONNECT, a pending connection for ACCEPT. The flags are read from {@code bio}
     * itself; the socket is found by walking {@code bio.next()} through filters, so a {@code
     * BufferBio} on top of a {@link SocketBio} works. The BIO's flags are left alone.
     *
     * <p>A socket in blocking mode is switched to non-blocking for the wait (a selector needs it)
     * and back before this returns; such a BIO only asks for a retry through a filter above it. A
     * closed socket, or a connect that already ended, is {@link Result#READY} at once: the retried
     * call reports what happened. The socket BIO opens one selector on its first wait and keeps it
     * until it is closed, so waiting opens no descriptor per call; a loop over many BIOs should use
     * one {@link BioSelector}. If the thread is interrupted, returns {@link Result#TIMED_OUT} at
     * once with the interrupt status still set.
     *
     * @param timeout how long to wait at most; {@link Duration#ZERO} polls
     * @param bio the BIO whose last call returned a retry: a socket, connect or accept BIO, or a
     *     filter chain over one
     * @return {@link Result#READY} or {@link Result#TIMED_OUT}
     * @throws IllegalArgumentException if no socket, connect or accept BIO is in {@code bio}'s
     *     chain, or {@code timeout} is negative
     * @throws IllegalStateException if {@code bio} has no retry pending (nothing to wait for)
     * @throws UncheckedIOException if no selector can be opened
     */
    public static Result waitFor(Bio bio, Duration timeout) {
        Objects.requireNonNull(bio, "bio");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout < 0: " + timeout);
        }
        if (!Readiness.hasSocket(bio)) {
            throw new IllegalArgumentException(
                    "no socket, connect or accept BIO in the chain of " + bio);
        }
        int ops = Readiness.interestOps(bio);
        if (ops == 0) {
            throw new IllegalStateException("no retry pending on " + bio + ": nothing to wait for");
        }
        SelectableChannel ch = Readiness.channelFor(bio, ops);
        if (Readiness.readyWithoutWaiting(ch, ops)) {
            return Result.READY;
        }
        try {
            return Readiness.waiterFor(bio, ops).await(ch, ops, saturatedNanos(timeout));
        } catch (ClosedChannelException e) {
            return Result.READY;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wait for " + bio, e);
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4;
        }
    }
}
