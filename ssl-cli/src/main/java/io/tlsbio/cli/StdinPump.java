package io.tlsbio.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reads stdin on a daemon thread of its own and hands the chunks to the thread that drives the
 * connections. Java cannot select() on stdin, so this thread stands in for OpenSSL's {@code
 * FD_SET(fileno(stdin))}: after each chunk, and at end of input, it calls {@code wakeup} (a {@code
 * BioSelector::wakeup}) so the driving thread looks at {@link #drain()} at once.
 */
final class StdinPump implements Runnable {

    private final InputStream in;
    private final Runnable wakeup;
    private final ConcurrentLinkedQueue<byte[]> chunks = new ConcurrentLinkedQueue<>();
    private volatile boolean ended;

    private StdinPump(InputStream in, Runnable wakeup) {
        this.in = in;
        this.wakeup = wakeup;
    }

    /** Starts reading {@code in} (a daemon thread: a blocked stdin never keeps the JVM alive). */
    static StdinPump start(InputStream in, Runnable wakeup) {
        StdinPump pump = new StdinPump(in, wakeup);
        Thread t = new Thread(pump, "tlsbio-stdin");
        t.setDaemon(true);
        t.start();
        return pump;
    }

    @Override
    public void run() {
        byte[] b = new byte[16 * 1024];
        try {
            for (int n; (n = in.read(b)) >= 0; ) {
                if (n > 0) {
                    chunks.add(Arrays.copyOf(b, n));
                    wakeup.run();
                }
            }
        } catch (IOException e) {
            // a stdin that fails is a stdin that ended
        } finally {
            ended = true;
            wakeup.run();
        }
    }

    /** The chunks read since the last call, in order; empty if none. */
    List<byte[]> drain() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] c; (c = chunks.poll()) != null; ) {
            out.add(c);
        }
        return out;
    }

    /** Whether stdin has ended and every chunk has been drained. */
    boolean atEnd() {
        return ended && chunks.isEmpty();
    }
}
