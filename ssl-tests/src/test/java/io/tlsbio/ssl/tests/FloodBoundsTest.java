package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BufferPool;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.TlsVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.bouncycastle.tls.ContentType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 64 MiB floods into a client and a server: the heap a connection retains stays bounded, whatever
 * the flood's size. The flood is made as it is read ({@link FloodSource}), never held whole.
 * Retained heap is the {@code Ssl}'s object graph less its BIOs' (JOL, as {@link FloodTest}):
 * exact, whatever the GC does. The bounds asserted are the measured values with room to spare;
 * docs/hostile-input.md and ssl-harness/README.md state them.
 *
 * <ul>
 *   <li><b>Garbage</b>, into a fresh connection: random bytes, or well-framed plaintext handshake
 *       records whose one message announces the largest size accepted (131,396 bytes) and never
 *       parses. The connection fails; it has read at most one record of random bytes, or the one
 *       message; the rest of the flood is never read.
 *   <li><b>Valid records</b>, into an established connection: 16 KiB application-data records
 *       encrypted by a raw bctls peer as they are read. While the application never reads, the
 *       connection takes nothing from the transport (it stays there, OpenSSL's backpressure); when
 *       it does read, all 64 MiB stream through without the retained heap growing.
 * </ul>
 */
class FloodBoundsTest {

    static {
        System.setProperty("jol.magicFieldOffset", "true");
    }

    static final long FLOOD = 64L << 20;

    /** The largest handshake message a default context accepts. */
    static final int MAX_MESSAGE = 131_396;

    /** Random garbage: one record header and the largest body a header may announce. */
    static final long MAX_GARBAGE_READ = 5 + 0xFFFF;

    /**
     * Framed garbage: the whole 16 KiB records that carry the one message and its 4-byte header.
     */
    static final long MAX_FRAMED_READ = (MAX_MESSAGE + 4 + 16383) / 16384 * (16384 + 5L);

    /**
     * Growth of the retained heap allowed while a garbage flood comes in (measured: see the
     * output).
     */
    static final long GARBAGE_GROWTH_BOUND = 320 * 1024;

    /** Growth allowed while 64 MiB of data records stream through (measured: see the output). */
    static final long STREAM_GROWTH_BOUND = 16 * 1024;

    private static final int CHUNK = 64 * 1024;

    // ------------------------------------------------------------------ a flood made as it is read

    /**
     * A read BIO that hands out a flood made chunk by chunk on demand, up to a byte budget, then
     * asks for a retry (an empty {@code BIO_s_mem}); writes are counted and dropped.
     */
    static final class FloodSource extends Bio {
        private final Supplier<byte[]> chunks;
        private long budget;
        private byte[] chunk = new byte[0];
        private int pos;
        private long supplied;
        private long dropped;

        FloodSource(Supplier<byte[]> chunks, long budget) {
            this.chunks = chunks;
            this.budget = budget;
        }

        void setBudget(long budget) {
            this.budget = budget;
        }

        long supplied() {
            return supplied;
        }

        long dropped() {
            return dropped;
        }

        @Override
        protected int implRead(byte[] b, int off, int len) {
            if (supplied >= budget) {
                setRetryRead();
                return -1;
            }
            if (pos == chunk.length) {
                chunk = chunks.get();
                pos = 0;
            }
            int n = (int) Math.min(Math.min(len, chunk.length - pos), budget - supplied);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            supplied += n;
            return n;
        }

        @Override
        protected int implWrite(byte[] b, int off, int len) {
            dropped += len;
            return len;
        }

        @Override
        protected long implPending() {
            return Math.min(chunk.length - pos, budget - supplied);
        }
    }

    /**
     * {@link FloodTest#retained} with the BIOs swapped for empty ones while measuring: the flood's
     * BIO reaches the whole raw peer, which JOL would walk every time for nothing.
     */
    private static long retainedAside(Ssl ssl, Bio rbio, Bio wbio) {
        ssl.setBio(MemBio.create(), MemBio.create());
        try {
            return FloodTest.retained(ssl);
        } finally {
            ssl.setBio(rbio, wbio);
        }
    }

    private static Ssl fresh(boolean server) {
        Ssl ssl =
                server
                        ? Contexts.server(KeyType.ECDSA, TlsVersion.TLS1_3).newSsl()
                        : Contexts.client(TlsVersion.TLS1_3).newSsl();
        if (server) {
            ssl.setAcceptState();
        } else {
            ssl.setConnectState();
        }
        return ssl;
    }

    // ------------------------------------------------------------------ garbage

    @ParameterizedTest(name = "tlsbio server: {0}, framed: {1}")
    @CsvSource({"true, false", "false, false", "true, true", "false, true"})
    void aGarbageFloodEndsTheConnectionEarlyAndStaysBounded(boolean server, boolean framed) {
        SplittableRandom random = new SplittableRandom(64);
        boolean[] first = {true};
        Supplier<byte[]> garbage =
                () -> {
                    if (!framed) {
                        byte[] c = new byte[CHUNK];
                        random.nextBytes(c);
                        return c;
                    }
                    // one 16 KiB handshake record per call; the first carries one message
                    // announcing MAX_MESSAGE bytes
                    byte[] rec = new byte[5 + 16384];
                    random.nextBytes(rec);
                    System.arraycopy(new byte[] {22, 3, 3, 0x40, 0}, 0, rec, 0, 5);
                    if (first[0]) {
                        rec[5] = (byte) (server ? 1 : 2);
                        rec[6] = (byte) (MAX_MESSAGE >> 16);
                        rec[7] = (byte) (MAX_MESSAGE >> 8);
                        rec[8] = (byte) MAX_MESSAGE;
                        first[0] = false;
                    }
                    return rec;
                };
        Ssl ssl = fresh(server);
        // framed: first let most of the message in and measure there, where the most is held
        FloodSource flood = new FloodSource(garbage, framed ? MAX_MESSAGE - 1000 : FLOOD);
        ssl.setBio(flood, flood);
        long before = FloodTest.retained(ssl);
        long peak = 0;
        int calls = 0;
        int r;
        SslError e;
        do {
            r = ssl.doHandshake();
            e = ssl.getError(r);
            calls++;
            if (e == SslError.WANT_READ) {
                peak = Math.max(peak, FloodTest.retained(ssl) - before);
                flood.setBudget(FLOOD);
            }
        } while (e == SslError.WANT_READ && calls < 10);
        long after = FloodTest.retained(ssl) - before;
        System.out.printf(
                "garbage flood (%s) into a tlsbio %s: failed after %d calls (%s), read %d of %d bytes,"
                        + " retained +%d bytes at the peak, +%d after%n",
                framed ? "framed" : "random",
                server ? "server" : "client",
                calls,
                ssl.lastError(),
                flood.supplied(),
                FLOOD,
                peak,
                after);
        assertThat(e).as("the connection failed").isEqualTo(SslError.SSL);
        assertThat(flood.supplied())
                .as("bytes read of the flood")
                .isLessThanOrEqualTo(framed ? MAX_FRAMED_READ : MAX_GARBAGE_READ);
        assertThat(Math.max(peak, after))
                .as("retained heap growth")
                .isLessThan(GARBAGE_GROWTH_BOUND);
        assertThat(ssl.doHandshake()).isEqualTo(-1);
        assertThat(flood.supplied())
                .as("nothing more read once failed")
                .isLessThanOrEqualTo(framed ? MAX_FRAMED_READ : MAX_GARBAGE_READ);
    }

    // ------------------------------------------------------------------ valid records

    @ParameterizedTest(name = "tlsbio server: {0}, {1}")
    @CsvSource({"true, TLS1_2", "true, TLS1_3", "false, TLS1_2", "false, TLS1_3"})
    void validRecordsTheApplicationDoesNotReadStayInTheTransportAndStreamThroughWhenItDoes(
            boolean server, TlsVersion version) throws IOException {
        FloodTest.Link l = FloodTest.link(server, version);
        Ssl ssl = l.ssl();
        FloodTest.RawPeer raw = l.raw();
        MemBio in = l.in();
        byte[] body = new byte[16384];
        Supplier<byte[]> records =
                () -> {
                    try {
                        raw.sendRaw(ContentType.application_data, body);
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                    return raw.drain();
                };

        // the application never reads: four records wait, it writes and asks for the handshake
        for (int i = 0; i < 4; i++) {
            in.write(records.get());
        }
        long waiting = in.pending();
        long before = FloodTest.retained(ssl);
        byte[] one = {1};
        for (int i = 0; i < 10; i++) {
            assertThat(ssl.write(one, 0, 1)).isEqualTo(1);
            assertThat(ssl.doHandshake()).isEqualTo(1);
            ssl.pending();
        }
        long taken = waiting - in.pending();
        long idleGrowth = FloodTest.retained(ssl) - before;
        System.out.printf(
                "unread data into a tlsbio %s (%s): %d of %d waiting bytes taken, retained +%d bytes%n",
                server ? "server" : "client", version, taken, waiting, idleGrowth);
        assertThat(taken)
                .as("the connection reads nothing the application did not ask for")
                .isZero();
        assertThat(idleGrowth).isLessThan(STREAM_GROWTH_BOUND);

        // now it reads, and 64 MiB stream through
        FloodSource flood = new FloodSource(records, FLOOD);
        MemBio sink = MemBio.create();
        byte[] buf = new byte[16384];
        long got = 0;
        for (int i = 0; i < 64 && in.pending() > 0; i++) {
            int r = ssl.read(buf, 0, buf.length);
            assertThat(r).isPositive();
            got += r;
        }
        ssl.setBio(flood, sink);
        // the records above were decrypted in the MemBio; a BIO that cannot lend its bytes has each
        // record copied into a pooled buffer that goes back to the pool once the record is taken
        int first = ssl.read(buf, 0, buf.length);
        assertThat(first).isPositive();
        got += first;
        before = retainedAside(ssl, flood, sink);
        long peak = 0;
        long records0 = 0;
        for (int call = 0; call < 10_000; call++) {
            int r = ssl.read(buf, 0, buf.length);
            if (r <= 0) {
                assertThat(ssl.getError(r)).isEqualTo(SslError.WANT_READ);
                break;
            }
            got += r;
            if (++records0 % 1024 == 0) {
                peak = Math.max(peak, retainedAside(ssl, flood, sink) - before);
            }
        }
        // the flood ends inside a record: its bytes wait in one pooled record buffer
        long atEnd = retainedAside(ssl, flood, sink) - before;
        System.out.printf(
                "64 MiB of data records through a tlsbio %s (%s): %d bytes read by the application,"
                        + " %d written back, retained +%d bytes at most while streaming, +%d with a"
                        + " partial record at the end%n",
                server ? "server" : "client", version, got, flood.dropped(), peak, atEnd);
        assertThat(flood.supplied()).isEqualTo(FLOOD);
        assertThat(got)
                .as("every byte of data")
                .isGreaterThanOrEqualTo(FLOOD / (16384 + 5 + 40) * 16384);
        assertThat(peak).as("retained heap growth").isLessThan(STREAM_GROWTH_BOUND);
        assertThat(atEnd)
                .as("retained heap growth with a partial record waiting")
                .isLessThan(STREAM_GROWTH_BOUND + BufferPool.ARRAY_SIZE);
    }
}
