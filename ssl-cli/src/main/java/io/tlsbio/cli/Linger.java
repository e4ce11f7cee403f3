package io.tlsbio.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * The close OpenSSL's s_client does after an alert: closing a socket with the peer's bytes still
 * unread sends a TCP reset, and a reset can destroy what we sent last (the alert) before the peer
 * reads it. So: FIN first, then read and discard what still comes until the peer closes, or a short
 * time passes.
 */
final class Linger {

    /** OpenSSL's 0.5 s. */
    static final Duration DEFAULT = Duration.ofMillis(500);

    private Linger() {}

    /**
     * Shuts down {@code ch}'s output and reads until end of stream or {@code limit}; leaves the
     * channel open (non-blocking) for its owner to close. Does nothing to a channel that is null,
     * closed or not connected; I/O failures end it quietly (the connection is gone anyway).
     */
    static void shutdownAndDrain(SocketChannel ch, Duration limit) {
        if (ch == null || !ch.isOpen() || !ch.isConnected()) {
            return;
        }
        long deadline = System.nanoTime() + limit.toNanos();
        ByteBuffer sink = ByteBuffer.allocate(4 * 1024);
        try {
            ch.shutdownOutput();
            // non-blocking even while another selector still holds a cancelled key of this channel
            ch.configureBlocking(false);
            // most peers have closed (or reset) by now: no selector for them
            if (drained(ch, sink)) {
                return;
            }
            try (Selector selector = Selector.open()) {
                ch.register(selector, SelectionKey.OP_READ);
                for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                    selector.select(Math.max(1, left / 1_000_000));
                    selector.selectedKeys().clear();
                    if (drained(ch, sink)) {
                        return;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the connection is gone already: nothing left to protect
        }
    }

    /**
     * Reads and discards what is there (bounded, a flooding peer waits for the next turn); true at
     * end of stream.
     */
    private static boolean drained(SocketChannel ch, ByteBuffer sink) throws IOException {
        int n = 0;
        for (int i = 0; i < 16; i++) {
            sink.clear();
            n = ch.read(sink);
            if (n <= 0) {
                break;
            }
        }
        return n < 0;
    }
}
