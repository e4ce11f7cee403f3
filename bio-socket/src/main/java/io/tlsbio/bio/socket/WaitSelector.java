package io.tlsbio.bio.socket;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * The selector one socket or accept BIO waits with in {@link BioWait}: opened on the first wait,
 * kept for the next ones, closed with the BIO. Opening a selector per wait costs an epoll
 * descriptor and a wakeup pipe each time; one per BIO costs them once.
 *
 * <p>A non-blocking channel stays registered between waits (only its interest changes). A channel
 * that was blocking is switched to non-blocking for the wait and deregistered before it is switched
 * back, because a registered channel cannot block. Not thread-safe: the thread that drives the BIO
 * waits on it.
 */
final class WaitSelector implements Closeable {

    private Selector selector;
    private SelectionKey key;

    /**
     * Waits until {@code ch} is ready for {@code ops} or {@code timeoutNanos} passed; an
     * interrupted thread returns {@link BioWait.Result#TIMED_OUT} at once.
     *
     * @throws java.nio.channels.ClosedChannelException if {@code ch} is closed
     * @throws IOException if no selector can be opened or {@code ch} reconfigured
     */
    BioWait.Result await(SelectableChannel ch, int ops, long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        boolean wasBlocking = ch.isBlocking();
        if (selector == null) {
            selector = Selector.open();
        }
        try {
            if (wasBlocking) {
                ch.configureBlocking(false);
            }
            register(ch, ops);
            while (true) {
                long left = deadline - System.nanoTime();
                int selected =
                        left <= 0
                                ? selector.selectNow()
                                : selector.select(Readiness.selectMillis(left));
                if (!key.isValid()) {
                    return BioWait.Result.READY; // the channel was closed meanwhile
                }
                // readyOps is stale unless the key was selected by this very select
                if (selected > 0
                        && selector.selectedKeys().contains(key)
                        && (key.readyOps() & ops) != 0) {
                    return BioWait.Result.READY;
                }
                selector.selectedKeys().clear();
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    return BioWait.Result.TIMED_OUT;
                }
            }
        } finally {
            selector.selectedKeys().clear();
            if (wasBlocking) {
                deregister();
                if (ch.isOpen()) {
                    ch.configureBlocking(true);
                }
            }
        }
    }

    /**
     * Drops the channel's registration, so that it may be switched to blocking mode; does nothing
     * if it is not registered.
     */
    void deregister() throws IOException {
        if (key != null) {
            key.cancel();
            key = null;
            // a cancelled key leaves the selector (and frees the channel) at the next selection
            selector.selectNow();
        }
    }

    /**
     * Whether a selector is open (for tests: the first wait opens it, {@link #close} closes it).
     */
    boolean isOpen() {
        return selector != null;
    }

    /** Closes the selector; the next wait would open a new one. */
    @Override
    public void close() {
        key = null;
        SocketBio.closeQuietly(selector);
        selector = null;
    }

    private void register(SelectableChannel ch, int ops) throws IOException {
        if (key != null && key.isValid() && key.channel() == ch) {
            key.interestOps(ops);
            return;
        }
        // another channel (a connect BIO's next address) or a key cancelled by a close
        deregister();
        if (key == null && !selector.keys().isEmpty()) {
            selector.selectNow();
        }
        key = ch.register(selector, ops);
    }
}
