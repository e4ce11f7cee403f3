package io.tlsbio.bio.socket;

import static io.tlsbio.bio.socket.Loopback.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.RetryReason;
import io.tlsbio.bio.buffer.BufferBio;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * BufferBio (BIO_f_buffer) pushed over a non-blocking SocketBio: acceptance case 26 over a real
 * socket, and BioWait / BioSelector finding the socket under the filter.
 */
class BufferBioOverSocketTest {

    private final Loopback net = new Loopback();

    @AfterEach
    void closeAll() {
        net.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aFlushTheSocketCannotTakeRetriesWriteAndCompletesAfterThePeerDrains() throws IOException {
        SocketChannel[] pair = net.pair();
        SocketBio socket = net.track(SocketBio.wrap(pair[0], true));
        socket.setNonBlocking(true);
        BufferBio buf = net.track(BufferBio.create(16));
        buf.push(socket);
        BioSelector<String> selector = net.track(BioSelector.open());
        selector.register(buf, "buffered");

        long written = SocketBioTest.fillUntilWriteRetries(socket);
        assertThat(buf.write(ascii("abc"))).as("held in the buffer").isEqualTo(3);
        assertThat(buf.wpending()).isEqualTo(3);

        int r = buf.flush();
        assertThat(r).isLessThanOrEqualTo(0);
        assertThat(buf.shouldRetry()).isTrue();
        assertThat(buf.shouldWrite()).isTrue();
        assertThat(buf.retryReason()).isEqualTo(RetryReason.WRITE);
        assertThat(buf.wpending()).isEqualTo(3);
        assertThat(BioWait.waitFor(buf, Duration.ofMillis(20))).isEqualTo(BioWait.Result.TIMED_OUT);
        assertThat(selector.select(Duration.ofMillis(20))).isEmpty();

        Loopback.assertSameBytes(
                Loopback.readExactly(pair[1], (int) written), Loopback.pattern(0, (int) written));

        assertThat(selector.select(WAIT))
                .extracting(BioSelector.Ready::attachment)
                .containsExactly("buffered");
        assertThat(BioWait.waitFor(buf, WAIT)).isEqualTo(BioWait.Result.READY);
        assertThat(flushWaiting(buf)).isEqualTo(1);
        assertThat(buf.wpending()).isZero();
        assertThat(Loopback.readExactly(pair[1], 3)).isEqualTo(ascii("abc"));
    }

    @Test
    void aWriteLargerThanTheBufferOverAFullSocketReportsWhatItTookWithRetryWrite()
            throws IOException {
        SocketChannel[] pair = net.pair();
        SocketBio socket = net.track(SocketBio.wrap(pair[0], true));
        socket.setNonBlocking(true);
        BufferBio buf = net.track(BufferBio.create(16));
        buf.push(socket);
        long written = SocketBioTest.fillUntilWriteRetries(socket);

        byte[] big = Loopback.pattern(written, 5000);
        int r = buf.write(big);
        assertThat(r).as("at most one buffer's worth is taken").isBetween(-1, 16);
        assertThat(buf.shouldWrite()).isTrue();
        int taken = Math.max(r, 0);

        Loopback.readExactly(pair[1], (int) written);
        byte[] rest = java.util.Arrays.copyOfRange(big, taken, big.length);
        Loopback.writeFully(buf, rest);
        assertThat(flushWaiting(buf)).isEqualTo(1);
        Loopback.assertSameBytes(Loopback.readExactly(pair[1], big.length), big);
    }

    @Test
    void oneMiBInRandomChunksThroughABufferOverANonBlockingSocketArrivesIntact()
            throws IOException {
        SocketChannel[] pair = net.pair();
        SocketBio socket = net.track(SocketBio.wrap(pair[0], true));
        socket.setNonBlocking(true);
        BufferBio buf = net.track(BufferBio.create(1000));
        buf.push(socket);
        SocketBio reader = net.track(SocketBio.wrap(pair[1], true));
        reader.setNonBlocking(true);

        Random rnd = new Random(26);
        byte[] data = new byte[1 << 20];
        rnd.nextBytes(data);
        byte[] got = new byte[data.length];
        int sent = 0;
        int received = 0;
        boolean flushed = false;
        long deadline = System.nanoTime() + WAIT.toNanos() * 3;
        while (received < data.length) {
            assertThat(System.nanoTime()).as("transfer deadline").isLessThan(deadline);
            boolean progress = false;
            for (int burst = rnd.nextInt(6); burst >= 0 && sent < data.length; burst--) {
                // sizes below and above the buffer size take the buffered and the direct path
                int w = buf.write(data, sent, Math.min(1 + rnd.nextInt(3000), data.length - sent));
                if (w > 0) {
                    sent += w;
                    progress = true;
                }
                if (w <= 0 || buf.shouldRetry()) {
                    assertThat(buf.shouldWrite()).as("write: " + buf.lastError()).isTrue();
                    break;
                }
            }
            if (sent == data.length && !flushed) {
                int f = buf.flush();
                if (f == 1) {
                    flushed = true;
                } else {
                    assertThat(buf.shouldWrite()).as("flush: " + buf.lastError()).isTrue();
                }
            }
            int r =
                    reader.read(
                            got,
                            received,
                            Math.min(1 + rnd.nextInt(20_000), data.length - received));
            if (r > 0) {
                received += r;
                progress = true;
            } else {
                assertThat(reader.shouldRead()).as("read: " + reader.lastError()).isTrue();
            }
            if (!progress) {
                // the writer (or its flush) found the socket full: bytes are on their way to the
                // reader
                assertThat(BioWait.waitFor(reader, WAIT)).isEqualTo(BioWait.Result.READY);
            }
        }
        assertThat(flushed).isTrue();
        Loopback.assertSameBytes(got, data);
    }

    @Test
    void aReadThroughTheBufferCopiesTheSocketsRetryReadAndBioWaitFindsTheSocket()
            throws IOException {
        SocketChannel[] pair = net.pair();
        SocketBio socket = net.track(SocketBio.wrap(pair[0], true));
        socket.setNonBlocking(true);
        BufferBio buf = net.track(BufferBio.create(16));
        buf.push(socket);
        assertThat(buf.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(buf.shouldRead()).isTrue();
        assertThat(BioWait.waitFor(buf, Duration.ofMillis(20))).isEqualTo(BioWait.Result.TIMED_OUT);
        Loopback.writeAll(pair[1], ascii("0123456789"));
        assertThat(Loopback.readFully(buf, 10)).isEqualTo(ascii("0123456789"));
        pair[1].shutdownOutput();
        assertThat(Loopback.readOrFail(buf, new byte[4], 0, 4)).isZero();
        assertThat(buf.eof()).isTrue();
    }

    /** Flushes, waiting with BioWait while the flush asks for a retry; returns the final result. */
    private static int flushWaiting(BufferBio buf) {
        for (int i = 0; i < 1000; i++) {
            int r = buf.flush();
            if (r > 0 || !buf.shouldRetry()) {
                return r;
            }
            assertThat(BioWait.waitFor(buf, WAIT)).isEqualTo(BioWait.Result.READY);
        }
        throw new AssertionError("flush never completed: " + buf);
    }
}
