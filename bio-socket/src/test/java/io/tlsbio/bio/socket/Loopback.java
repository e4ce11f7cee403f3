package io.tlsbio.bio.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.Bio;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Loopback sockets for tests (127.0.0.1, ephemeral ports) and a tracker that closes everything it
 * handed out, newest first.
 */
final class Loopback implements AutoCloseable {

    static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();

    /** Upper bound for any single wait in these tests. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Closes {@code r} when this tracker closes (a {@link Bio} with {@code closeAll}). */
    synchronized <T extends AutoCloseable> T track(T r) {
        resources.push(r);
        return r;
    }

    /** A listening channel on 127.0.0.1 with an ephemeral port, blocking. */
    ServerSocketChannel listen() throws IOException {
        ServerSocketChannel s = track(ServerSocketChannel.open());
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        return s;
    }

    /**
     * A connected pair of blocking channels: {@code [0]} the client end, {@code [1]} the server
     * end.
     */
    SocketChannel[] pair() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            SocketChannel client = track(SocketChannel.open(server.getLocalAddress()));
            SocketChannel accepted = track(server.accept());
            return new SocketChannel[] {client, accepted};
        }
    }

    /** A 127.0.0.1 port nothing listens on: bound ephemerally, then closed. */
    static int closedPort() throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.socket().getLocalPort();
        }
    }

    /** Writes all of {@code data} to a blocking channel. */
    static void writeAll(SocketChannel ch, byte[] data) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(data);
        while (src.hasRemaining()) {
            ch.write(src);
        }
    }

    /** Reads exactly {@code n} bytes from a blocking channel, failing after {@link #WAIT}. */
    static byte[] readExactly(SocketChannel ch, int n) throws IOException {
        ch.socket().setSoTimeout((int) WAIT.toMillis());
        InputStream in = ch.socket().getInputStream();
        byte[] out = in.readNBytes(n);
        assertThat(out.length).as("bytes before EOF").isEqualTo(n);
        return out;
    }

    /** Waits (bounded) until the channel, which must be non-blocking, has something to read. */
    static void awaitReadable(SocketChannel ch) throws IOException {
        try (Selector sel = Selector.open()) {
            SelectionKey key = ch.register(sel, SelectionKey.OP_READ);
            assertThat(sel.select(WAIT.toMillis())).as("readable within " + WAIT).isEqualTo(1);
            key.cancel();
        }
    }

    /**
     * Retries a read on a non-positive result with a retry flag, waiting with BioWait; returns the
     * last result.
     */
    static int readOrFail(Bio bio, byte[] b, int off, int len) {
        for (int i = 0; i < 100; i++) {
            int r = bio.read(b, off, len);
            if (r > 0 || !bio.shouldRetry()) {
                return r;
            }
            assertThat(BioWait.waitFor(bio, WAIT)).isEqualTo(BioWait.Result.READY);
        }
        throw new AssertionError("read kept asking for a retry: " + bio);
    }

    /** Writes all of {@code data} through a BIO in either mode, waiting with BioWait on retries. */
    static void writeFully(Bio bio, byte[] data) {
        int done = 0;
        for (int i = 0; done < data.length; i++) {
            assertThat(i).as("write attempts").isLessThan(100_000);
            int r = bio.write(data, done, data.length - done);
            if (r > 0) {
                done += r;
            } else {
                assertThat(bio.shouldRetry()).as("write failed: " + bio.lastError()).isTrue();
                assertThat(BioWait.waitFor(bio, WAIT)).isEqualTo(BioWait.Result.READY);
            }
        }
    }

    /**
     * Reads exactly {@code n} bytes through a BIO in either mode, waiting with BioWait on retries.
     */
    static byte[] readFully(Bio bio, int n) {
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            int r = readOrFail(bio, out, got, n - got);
            assertThat(r)
                    .as("read after " + got + " of " + n + ": " + bio.lastError())
                    .isPositive();
            got += r;
        }
        return out;
    }

    /** The byte at offset {@code i} of the deterministic test stream. */
    static byte patternByte(long i) {
        return (byte) (i * 31 + (i >>> 8) + 7);
    }

    /** {@code n} bytes of the test stream starting at {@code offset}. */
    static byte[] pattern(long offset, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = patternByte(offset + i);
        }
        return b;
    }

    /** Asserts equal contents, reporting the first differing offset instead of both arrays. */
    static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(actual.length).as("length").isEqualTo(expected.length);
        int at = java.util.Arrays.mismatch(actual, expected);
        assertThat(at).as("first differing offset").isEqualTo(-1);
    }

    @Override
    public synchronized void close() {
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                if (r instanceof Bio bio) {
                    if (!bio.isClosed()) {
                        bio.setCallback(null);
                    }
                    bio.closeAll();
                } else {
                    r.close();
                }
            } catch (Exception ignored) {
                // best effort: a test that failed may leave a resource half-closed
            }
        }
    }
}
