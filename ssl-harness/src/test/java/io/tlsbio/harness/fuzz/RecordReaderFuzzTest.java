package io.tlsbio.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.testkit.ReplayBio;
import io.tlsbio.ssl.internal.RecordReader;
import io.tlsbio.ssl.internal.RecordWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * ssl-core's record reader ({@code ssl3_read_n}'s job) over any bytes, cut into seeded chunks:
 * every record it hands on is exactly the next 5-byte header and the body it announces, nothing is
 * lost, duplicated or read twice across retries, and bytes read from the BIO are either handed on
 * or still buffered. Input: byte 0 picks read-ahead, end of input (retry or EOF) and whether a
 * header over 18,688 bytes is refused (as the engine does) or any length up to 65,535 is taken;
 * byte 1 is the largest chunk (0: unlimited); bytes 2-3 seed the chunk sizes; the rest is the wire.
 * Work per input: at most one call per record plus {@value #EXTRA_CALLS}.
 */
class RecordReaderFuzzTest {

    /** Calls beyond one per record: the retry or EOF that ends the input, and a margin. */
    static final int EXTRA_CALLS = 3;

    /** The engine's refusal point: a record body of 16 KiB plus the 2 KiB expansion plus 256. */
    static final int REFUSED_ABOVE = 16384 + 2048 + 256;

    @FuzzTest(maxDuration = "10m")
    void readRecords(byte[] data) throws IOException {
        int flags = data.length > 0 ? data[0] & 0xff : 0;
        int maxChunk = data.length > 1 && data[1] != 0 ? data[1] & 0xff : ReplayBio.UNLIMITED;
        long seed = data.length > 3 ? ((data[2] & 0xff) << 8) | (data[3] & 0xff) : 0;
        byte[] wire = data.length > 4 ? Arrays.copyOfRange(data, 4, data.length) : new byte[0];
        boolean readAhead = (flags & 1) != 0;
        ReplayBio.AtEnd atEnd = (flags & 2) != 0 ? ReplayBio.AtEnd.EOF : ReplayBio.AtEnd.RETRY;
        int limit = (flags & 4) != 0 ? 0xFFFF : REFUSED_ABOVE;

        ReplayBio rbio = new ReplayBio(wire, atEnd, seed, maxChunk);
        RecordReader reader = new RecordReader(readAhead);
        Collector sink = new Collector(limit);
        int cap = wire.length / 5 + EXTRA_CALLS;
        RecordReader.Result last = null;
        int calls = 0;
        boolean refused = false;
        for (; calls < cap; calls++) {
            try {
                last = reader.read(rbio, sink, false, new RecordWriter(), MemBio.create());
            } catch (IOException e) {
                refused = true;
                break;
            }
            if (last != RecordReader.Result.RECORD) {
                break;
            }
        }
        BioFuzzTest.require(
                calls < cap, "no end within " + cap + " calls for " + wire.length + " bytes");
        byte[] handed = sink.out.toByteArray();
        BioFuzzTest.require(
                Arrays.equals(handed, 0, handed.length, wire, 0, handed.length),
                "the records handed on are not the input's first bytes");
        BioFuzzTest.require(
                rbio.played() == handed.length + reader.buffered(),
                "read "
                        + rbio.played()
                        + " bytes, handed on "
                        + handed.length
                        + ", buffered "
                        + reader.buffered());
        if (refused) {
            BioFuzzTest.require(
                    sink.refusedAt == handed.length, "refused a header that was not the next one");
            return;
        }
        BioFuzzTest.require(
                last
                        == (atEnd == ReplayBio.AtEnd.EOF
                                ? RecordReader.Result.EOF
                                : RecordReader.Result.WANT_READ),
                "ended with " + last + " at " + atEnd);
        BioFuzzTest.require(rbio.played() == wire.length, "stopped before the input ended");
        BioFuzzTest.require(
                reader.buffered() < 5 || reader.buffered() < 5 + u16(wire, handed.length + 3),
                "a whole record stayed buffered");
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    /** Takes records whose bodies are at most {@code limit} bytes and checks each is whole. */
    private static final class Collector implements RecordReader.Sink {
        final int limit;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int expected = -1;
        int refusedAt = -1;

        Collector(int limit) {
            this.limit = limit;
        }

        @Override
        public int recordSize(byte[] header) throws IOException {
            BioFuzzTest.require(header.length == 5, "a header of " + header.length + " bytes");
            int len = u16(header, 3);
            if (len > limit) {
                refusedAt = out.size();
                throw new IOException("record of " + len + " bytes refused");
            }
            expected = 5 + len;
            return expected;
        }

        @Override
        public void record(byte[] b, int off, int len) {
            BioFuzzTest.require(
                    len == expected,
                    "a record of " + len + " bytes where the header said " + expected);
            BioFuzzTest.require(
                    len == 5 + u16(b, off + 3), "the record does not start with its header");
            out.write(b, off, len);
            expected = -1;
        }
    }
}
