package io.tlsbio.bio.socket;

import static io.tlsbio.bio.socket.Loopback.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.RetryReason;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SocketBio (BIO_s_socket, docs/contract.md §6.4): blocking, non-blocking, EOF, reset, timeout. */
class SocketBioTest {

    private final Loopback net = new Loopback();

    @AfterEach
    void closeAll() {
        net.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A SocketBio over the client end of a fresh pair; {@code peer[0]} receives the server end. */
    private SocketBio bio(boolean nonBlocking, SocketChannel[] peer) throws IOException {
        SocketChannel[] pair = net.pair();
        SocketBio bio = net.track(SocketBio.wrap(pair[0], true));
        bio.setNonBlocking(nonBlocking);
        peer[0] = pair[1];
        return bio;
    }

    // ---------------------------------------------------------------- construction and control

    @Test
    void wrapRejectsNullAndUnconnectedChannels() throws IOException {
        assertThatThrownBy(() -> SocketBio.wrap(null, true))
                .isInstanceOf(NullPointerException.class);
        SocketChannel unconnected = net.track(SocketChannel.open());
        assertThatThrownBy(() -> SocketBio.wrap(unconnected, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not connected");
    }

    @Test
    void wrapKeepsTheChannelsModeAndSetNonBlockingSwitchesIt() throws IOException {
        SocketChannel[] pair = net.pair();
        pair[0].configureBlocking(false);
        SocketBio bio = net.track(SocketBio.wrap(pair[0], true));
        assertThat(bio.isNonBlocking()).isTrue();
        bio.setNonBlocking(false);
        assertThat(bio.isNonBlocking()).isFalse();
        assertThat(pair[0].isBlocking()).isTrue();
        bio.setNonBlocking(true);
        assertThat(pair[0].isBlocking()).isFalse();
        assertThat(bio.channel()).isSameAs(pair[0]);
    }

    @Test
    void closeChannelFlagDecidesWhetherCloseClosesTheChannel() throws IOException {
        SocketChannel[] pair = net.pair();
        SocketBio keep = SocketBio.wrap(pair[0], false);
        assertThat(keep.closesChannel()).isFalse();
        keep.close();
        assertThat(pair[0].isOpen()).isTrue();
        SocketBio own = SocketBio.wrap(pair[0], true);
        own.close();
        assertThat(pair[0].isOpen()).isFalse();
    }

    @Test
    void flushIsOnePendingAndWpendingZeroResetZero() throws IOException {
        SocketBio bio = bio(true, new SocketChannel[1]);
        assertThat(bio.flush()).isEqualTo(1);
        assertThat(bio.pending()).isZero();
        assertThat(bio.wpending()).isZero();
        assertThat(bio.reset()).isZero();
        assertThat(bio.eof()).isFalse();
    }

    @Test
    void readTimeoutRejectsNegativeValues() throws IOException {
        SocketBio bio = bio(false, new SocketChannel[1]);
        assertThatThrownBy(() -> bio.setReadTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-0.001");
        assertThat(bio.readTimeout()).isEqualTo(Duration.ZERO);
    }

    @Test
    void setNonBlockingOnAClosedBioThrows() throws IOException {
        SocketBio bio = bio(false, new SocketChannel[1]);
        bio.close();
        assertThatThrownBy(() -> bio.setNonBlocking(true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    // ---------------------------------------------------------------- blocking

    @Test
    void blockingReadWaitsUntilThePeerWrites() throws Exception {
        SocketChannel[] peer = new SocketChannel[1];
        SocketBio bio = bio(false, peer);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger result = new AtomicInteger(Integer.MIN_VALUE);
        byte[] buf = new byte[16];
        Thread reader =
                new Thread(
                        () -> {
                            started.countDown();
                            result.set(bio.read(buf, 0, buf.length));
                        },
                        "blocking-reader");
        reader.start();
        try {
            assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            // the reader is inside the channel read and nothing has been written: it is blocked
            // there
            awaitInFrame(reader, "sun.nio.ch.SocketChannelImpl", "read");
            assertThat(result.get())
                    .as("read returned before the peer wrote")
                    .isEqualTo(Integer.MIN_VALUE);
            Loopback.writeAll(peer[0], ascii("hello"));
            reader.join(WAIT.toMillis());
            assertThat(reader.isAlive()).isFalse();
            assertThat(result.get()).isEqualTo(5);
            assertThat(new String(buf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(bio.shouldRetry()).isFalse();
        } finally {
            if (reader.isAlive()) {
                peer[0].close();
                reader.join(WAIT.toMillis());
            }
        }
    }

    @Test
    void blockingWriteWritesEverything() throws IOException {
        SocketChannel[] peer = new SocketChannel[1];
        SocketBio bio = bio(false, peer);
        byte[] big = Loopback.pattern(0, 3 << 20);
        AtomicReference<byte[]> got = new AtomicReference<>();
        Thread drain =
                new Thread(
                        () -> {
                            try {
                                got.set(Loopback.readExactly(peer[0], big.length));
                            } catch (IOException e) {
                                got.set(new byte[0]);
                            }
                        },
                        "drain");
        drain.start();
        try {
            assertThat(bio.write(big)).isEqualTo(big.length);
        } finally {
            joinOrClose(drain, peer[0]);
        }
        Loopback.assertSameBytes(got.get(), big);
    }

    @Test
    void blockingReadTimeoutReturnsMinusOneWithoutRetryAndTheConnectionSurvives()
            throws IOException {
        SocketChannel[] peer = new SocketChannel[1];
        SocketBio bio = bio(false, peer);
        bio.setReadTimeout(Duration.ofMillis(150));
        long t0 = System.nanoTime();
        assertThat(bio.read(new byte[8], 0, 8)).isEqualTo(-1);
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(elapsedMs).isBetween(140L, WAIT.toMillis());
        assertThat(bio.shouldRetry()).isFalse();
        assertThat(bio.retryReason()).isEqualTo(RetryReason.NONE);
        assertThat(bio.lastError().reason()).isEqualTo(BioError.Reason.TIMEOUT);
        assertThat(bio.lastError().cause()).isInstanceOf(SocketTimeoutException.class);
        assertThat(bio.isNonBlocking()).isFalse();

        Loopback.writeAll(peer[0], ascii("late"));
        byte[] b = new byte[8];
        assertThat(bio.read(b, 0, 8)).isEqualTo(4);
        assertThat(bio.lastError()).isNull();
        bio.setReadTimeout(Duration.ZERO);
        assertThat(bio.readTimeout()).isZero();
    }

    @Test
    void readTimeoutDoesNotMakeANonBlockingReadWait() throws IOException {
        SocketBio bio = bio(true, new SocketChannel[1]);
        bio.setReadTimeout(Duration.ofSeconds(30));
        assertThat(bio.read(new byte[8], 0, 8)).isEqualTo(-1);
        assertThat(bio.shouldRead()).isTrue();
    }

    // ---------------------------------------------------------------- non-blocking

    @Test
    void nonBlockingReadWithNothingToReadRetriesRead() throws IOException {
        SocketBio bio = bio(true, new SocketChannel[1]);
        assertThat(bio.read(new byte[8], 0, 8)).isEqualTo(-1);
        assertThat(bio.shouldRetry()).isTrue();
        assertThat(bio.shouldRead()).isTrue();
        assertThat(bio.shouldWrite()).isFalse();
        assertThat(bio.retryReason()).isEqualTo(RetryReason.READ);
        assertThat(bio.lastError()).isNull();
        assertThat(bio.eof()).isFalse();
    }

    @Test
    void fullKernelBufferRetriesWriteAndTheWriteGoesOnAfterThePeerDrains() throws IOException {
        SocketChannel[] peer = new SocketChannel[1];
        SocketBio bio = bio(true, peer);
        long written = fillUntilWriteRetries(bio);
        assertThat(bio.shouldWrite()).isTrue();
        assertThat(bio.retryReason()).isEqualTo(RetryReason.WRITE);
        assertThat(bio.lastError()).isNull();

        // drain every byte written so far and check it
        byte[] drained = Loopback.readExactly(peer[0], (int) written);
        Loopback.assertSameBytes(drained, Loopback.pattern(0, (int) written));

        assertThat(BioWait.waitFor(bio, WAIT)).isEqualTo(BioWait.Result.READY);
        byte[] more = Loopback.pattern(written, 1000);
        int r = bio.write(more);
        assertThat(r).isPositive();
        Loopback.assertSameBytes(Loopback.readExactly(peer[0], r), Loopback.pattern(written, r));
    }

    /**
     * Writes the test pattern until the kernel takes no more: write returns -1 with retry-write and
     * stays so. Sent data may still move from the send to the receive buffer after the first -1,
     * and Linux signals writability only once half the send buffer is free while a write takes any
     * free byte; so repeat until the socket stays unwritable, then top it off in ever smaller
     * writes until not even one byte fits.
     *
     * @return the number of pattern bytes written
     */
    static long fillUntilWriteRetries(SocketBio bio) {
        long written = 0;
        for (int round = 0; round < 100; round++) {
            for (int size : new int[] {64 * 1024, 4096, 256, 16, 1}) {
                for (int i = 0; i < 100_000; i++) {
                    int r = bio.write(Loopback.pattern(written, size));
                    if (r <= 0) {
                        assertThat(r).isEqualTo(-1);
                        assertThat(bio.shouldWrite())
                                .as("write failed: " + bio.lastError())
                                .isTrue();
                        break;
                    }
                    written += r;
                }
            }
            if (BioWait.waitFor(bio, Duration.ofMillis(50)) == BioWait.Result.TIMED_OUT) {
                int probe = bio.write(Loopback.pattern(written, 1));
                if (probe == -1 && bio.shouldWrite()) {
                    return written;
                }
                assertThat(probe).as("probe write: " + bio.lastError()).isEqualTo(1);
                written += probe;
            }
        }
        throw new AssertionError("the socket never stayed full");
    }

    @Test
    void aFewMiBInRandomChunksArriveIntactNonBlocking() throws IOException {
        SocketChannel[] pair = net.pair();
        SocketBio a = net.track(SocketBio.wrap(pair[0], true));
        SocketBio b = net.track(SocketBio.wrap(pair[1], true));
        a.setNonBlocking(true);
        b.setNonBlocking(true);
        java.util.Random rnd = new java.util.Random(20240531);
        byte[] data = new byte[5 << 20];
        rnd.nextBytes(data);
        byte[] got = new byte[data.length];
        int sent = 0;
        int received = 0;
        int writeRetries = 0;
        long deadline = System.nanoTime() + WAIT.toNanos() * 3;
        while (received < data.length) {
            assertThat(System.nanoTime()).as("transfer deadline").isLessThan(deadline);
            boolean progress = false;
            // bursts of writes against single reads, so the writer outruns the reader and fills the
            // kernel
            for (int burst = rnd.nextInt(8); burst >= 0 && sent < data.length; burst--) {
                int r = a.write(data, sent, Math.min(1 + rnd.nextInt(100_000), data.length - sent));
                if (r > 0) {
                    sent += r;
                    progress = true;
                } else {
                    assertThat(a.shouldWrite()).as("write: " + a.lastError()).isTrue();
                    writeRetries++;
                    break;
                }
            }
            int r =
                    b.read(
                            got,
                            received,
                            Math.min(1 + rnd.nextInt(30_000), data.length - received));
            if (r > 0) {
                received += r;
                progress = true;
            } else {
                assertThat(r).as("read: " + b.lastError()).isEqualTo(-1);
                assertThat(b.shouldRead()).isTrue();
            }
            if (!progress) {
                // the writer is full and the reader empty: bytes are in flight, the reader will
                // wake
                assertThat(BioWait.waitFor(b, WAIT)).isEqualTo(BioWait.Result.READY);
            }
        }
        assertThat(crc(got)).isEqualTo(crc(data));
        Loopback.assertSameBytes(got, data);
        assertThat(a.bytesWritten()).isEqualTo(data.length);
        assertThat(b.bytesRead()).isEqualTo(data.length);
        assertThat(writeRetries).as("a 5 MiB burst fills the kernel at least once").isPositive();
    }

    @Test
    void aFewMiBInRandomChunksArriveIntactBlocking() throws Exception {
        SocketChannel[] pair = net.pair();
        SocketBio a = net.track(SocketBio.wrap(pair[0], true));
        SocketBio b = net.track(SocketBio.wrap(pair[1], true));
        java.util.Random rnd = new java.util.Random(7);
        byte[] data = new byte[4 << 20];
        rnd.nextBytes(data);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer =
                new Thread(
                        () -> {
                            java.util.Random wr = new java.util.Random(8);
                            int sent = 0;
                            while (sent < data.length) {
                                int r =
                                        a.write(
                                                data,
                                                sent,
                                                Math.min(
                                                        1 + wr.nextInt(70_000),
                                                        data.length - sent));
                                if (r <= 0) {
                                    writerFailure.set(
                                            new AssertionError("write " + r + " " + a.lastError()));
                                    return;
                                }
                                sent += r;
                            }
                        },
                        "writer");
        writer.start();
        byte[] got = new byte[data.length];
        int received = 0;
        try {
            b.setReadTimeout(WAIT);
            while (received < data.length) {
                int r =
                        b.read(
                                got,
                                received,
                                Math.min(1 + rnd.nextInt(70_000), data.length - received));
                assertThat(r).as("read: " + b.lastError()).isPositive();
                received += r;
            }
        } finally {
            joinOrClose(writer, pair[0]);
        }
        assertThat(writerFailure.get()).isNull();
        assertThat(crc(got)).isEqualTo(crc(data));
    }

    private static long crc(byte[] b) {
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(b);
        return c.getValue();
    }

    // ---------------------------------------------------------------- EOF and failures

    @ParameterizedTest(name = "nonBlocking={0}")
    @ValueSource(booleans = {false, true})
    void peerHalfCloseReadsZeroAndEofButWritingStillWorks(boolean nonBlocking) throws IOException {
        SocketChannel[] peer = new SocketChannel[1];
        SocketBio bio = bio(nonBlocking, peer);
        Loopback.writeAll(peer[0], ascii("last"));
        peer[0].shutdownOutput();
        assertThat(bio.eof()).isFalse();
        byte[] b = new byte[16];
        assertThat(Loopback.readOrFail(bio, b, 0, 16)).isEqualTo(4);
        assertThat(Loopback.readOrFail(bio, b, 0, 16)).isZero();
        assertThat(bio.shouldRetry()).isFalse();
        assertThat(bio.lastError()).isNull();
        assertThat(bio.eof()).isTrue();
        assertThat(bio.read(b, 0, 16)).isZero();
        assertThat(bio.eof()).isTrue();

        Loopback.writeFully(bio, ascii("reply"));
        assertThat(Loopback.readExactly(peer[0], 5)).isEqualTo(ascii("reply"));
    }

    @ParameterizedTest(name = "nonBlocking={0}")
    @ValueSource(booleans = {false, true})
    void peerAbortReadsMinusOneWithoutRetryAndKeepsTheReset(boolean nonBlocking)
            throws IOException {
        SocketChannel[] peer = new SocketChannel[1];
        SocketBio bio = bio(nonBlocking, peer);
        abort(peer[0]);
        int r = Loopback.readOrFail(bio, new byte[16], 0, 16);
        assertThat(r).isEqualTo(-1);
        assertThat(bio.shouldRetry()).isFalse();
        assertThat(bio.retryReason()).isEqualTo(RetryReason.NONE);
        BioError error = bio.lastError();
        assertThat(error.reason()).isEqualTo(BioError.Reason.IO_ERROR);
        assertThat(error.cause()).isInstanceOf(IOException.class);
        assertThat(error.cause().getMessage()).containsIgnoringCase("reset");
        assertThat(error.message()).containsIgnoringCase("reset");
    }

    @ParameterizedTest(name = "nonBlocking={0}")
    @ValueSource(booleans = {false, true})
    void writeAfterPeerAbortFailsWithoutRetryAndNeverThrows(boolean nonBlocking)
            throws IOException {
        SocketChannel[] peer = new SocketChannel[1];
        SocketBio bio = bio(nonBlocking, peer);
        abort(peer[0]);
        // the first write may still be taken by the kernel before the reset is seen
        int r = 0;
        for (int i = 0; i < 50; i++) {
            r = bio.write(new byte[1024]);
            if (r <= 0 && !bio.shouldRetry()) {
                break;
            }
            if (r < 0) {
                BioWait.waitFor(bio, WAIT);
            }
        }
        assertThat(r).isEqualTo(-1);
        assertThat(bio.shouldRetry()).isFalse();
        assertThat(bio.lastError().reason()).isEqualTo(BioError.Reason.IO_ERROR);
        assertThat(bio.lastError().cause()).isInstanceOf(IOException.class);
    }

    @Test
    void aChannelClosedUnderneathFailsWithIoError() throws IOException {
        SocketBio bio = bio(true, new SocketChannel[1]);
        bio.channel().close();
        assertThat(bio.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(bio.shouldRetry()).isFalse();
        assertThat(bio.lastError().reason()).isEqualTo(BioError.Reason.IO_ERROR);
        assertThat(bio.write(new byte[4])).isEqualTo(-1);
        assertThat(bio.lastError().cause())
                .isInstanceOf(java.nio.channels.ClosedChannelException.class);
    }

    // ---------------------------------------------------------------- helpers

    /** Closes with SO_LINGER 0, so the peer gets a reset instead of a FIN. */
    static void abort(SocketChannel ch) throws IOException {
        ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        ch.close();
    }

    /** Waits (bounded, no sleeping) until {@code t} is executing inside {@code cls.method}. */
    static void awaitInFrame(Thread t, String cls, String method) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && t.isAlive()) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().equals(cls) && e.getMethodName().equals(method)) {
                    return;
                }
            }
            Thread.yield();
        }
        throw new AssertionError(t.getName() + " never entered " + cls + "." + method);
    }

    /** Joins {@code t}; if it is stuck, closes {@code ch} to unblock it and joins again. */
    static void joinOrClose(Thread t, SocketChannel ch) throws IOException {
        try {
            t.join(WAIT.toMillis() * 2);
            if (t.isAlive()) {
                ch.close();
                t.join(WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
