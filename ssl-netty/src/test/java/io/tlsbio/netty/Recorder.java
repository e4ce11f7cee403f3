package io.tlsbio.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The application end of a test pipeline: keeps the decrypted bytes (releasing every buffer), the
 * user events and the exceptions that reach it. With {@link #closeOnPeerClose} it answers the
 * peer's close_notify by closing, as an application that is done would.
 */
final class Recorder extends ChannelInboundHandlerAdapter {

    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    final List<Object> events = new CopyOnWriteArrayList<>();
    final List<Throwable> exceptions = new CopyOnWriteArrayList<>();
    volatile boolean closeOnPeerClose;
    volatile int reads;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf b = (ByteBuf) msg;
        try {
            synchronized (data) {
                b.readBytes(data, b.readableBytes());
                data.notifyAll();
            }
            reads++;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            b.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        synchronized (events) {
            events.add(evt);
            events.notifyAll();
        }
        if (closeOnPeerClose
                && evt instanceof SslCloseCompletionEvent
                && ((SslCloseCompletionEvent) evt).isSuccess()) {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        exceptions.add(cause);
    }

    /**
     * Waits until {@code evt} has been delivered (a promise can complete just before its event is
     * fired on the event loop): whether it was, within {@code timeout}.
     */
    boolean awaitEvent(Object evt, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (!events.contains(evt)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(events, left);
            }
            return true;
        }
    }

    byte[] data() {
        synchronized (data) {
            return data.toByteArray();
        }
    }

    /**
     * Waits until at least {@code n} bytes arrived, at most {@code timeout}; fails with what
     * arrived.
     */
    byte[] awaitSize(int n, java.time.Duration timeout) throws InterruptedException {
        return await(d -> d.size() >= n, n + " bytes", timeout);
    }

    /** Waits until what arrived, read as ISO-8859-1, contains {@code marker}. */
    String awaitText(String marker, java.time.Duration timeout) throws InterruptedException {
        return new String(
                await(
                        d ->
                                d.toString(java.nio.charset.StandardCharsets.ISO_8859_1)
                                        .contains(marker),
                        "\"" + marker + "\"",
                        timeout),
                java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private byte[] await(
            java.util.function.Predicate<ByteArrayOutputStream> done,
            String what,
            java.time.Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (data) {
            while (!done.test(data)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !exceptions.isEmpty()) {
                    throw new AssertionError(
                            "no "
                                    + what
                                    + " within "
                                    + timeout
                                    + " ("
                                    + data.size()
                                    + " bytes)"
                                    + "; events "
                                    + events
                                    + ", exceptions "
                                    + exceptions);
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(data, left);
            }
            return data.toByteArray();
        }
    }

    int size() {
        synchronized (data) {
            return data.size();
        }
    }

    /** The events of one type, in order. */
    <T> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
