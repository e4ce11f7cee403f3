package io.tlsbio.harness.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsbio.bio.Bio;
import io.tlsbio.bio.buffer.BufferBio;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.pair.BioPair;
import io.tlsbio.bio.testkit.EofAtBio;
import io.tlsbio.bio.testkit.RecordingBio;
import io.tlsbio.bio.testkit.ReplayBio;
import io.tlsbio.bio.testkit.RetryInjectingBio;
import io.tlsbio.bio.testkit.ShortIoBio;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The BIO layer under random operation sequences, each checked against a model of the bytes in and
 * out: a memory BIO ({@code BIO_s_mem}, bounded or not), a BIO pair ({@code BIO_new_bio_pair}), a
 * replaying BIO (seeded chunks, retry or EOF at the end), and a chain of 1-4 filters (buffer, short
 * I/O, retry injection, EOF-at-N, recording) in front of a pair end whose peer plays the network.
 * What is checked: no byte lost, duplicated or reordered; return values within the contract ({@code
 * 1..len}, or {@code 0}/{@code -1} with the flags the type documents); {@code pending()} agreeing
 * with the model; a chain that flushed has passed on everything it accepted. Work per input: at
 * most {@value #MAX_OPS} operations of at most {@value #MAX_LEN} bytes.
 */
class BioFuzzTest {

    static final int MAX_OPS = 256;
    static final int MAX_LEN = 4096;

    /**
     * Calls allowed to drain a chain at the end: 8 KiB one byte at a time with half the calls
     * retried.
     */
    static final int MAX_DRAIN_CALLS = 100_000;

    @FuzzTest(maxDuration = "10m")
    void operations(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 3)) {
            case 0 -> memBio(data);
            case 1 -> bioPair(data);
            case 2 -> replayBio(data);
            default -> filterChain(data);
        }
    }

    // ------------------------------------------------------------------ BIO_s_mem

    private static void memBio(FuzzedDataProvider data) {
        boolean bounded = data.consumeBoolean();
        int max = bounded ? data.consumeInt(1, MAX_LEN) : Integer.MAX_VALUE;
        MemBio mem = bounded ? MemBio.create(max) : MemBio.create();
        ByteModel model = new ByteModel();
        int eofReturn = -1;
        byte[] buf = new byte[MAX_LEN];
        for (int op = 0; op < MAX_OPS && data.remainingBytes() > 0; op++) {
            switch (data.consumeInt(0, 4)) {
                case 0 -> {
                    byte[] b = data.consumeBytes(data.consumeInt(1, MAX_LEN));
                    if (b.length == 0) {
                        continue;
                    }
                    int r = mem.write(b);
                    int room = max - model.size();
                    if (room == 0) {
                        require(
                                r == -1 && mem.shouldWrite(),
                                "full MemBio: -1 with retry-write, got " + r);
                    } else {
                        require(
                                r == Math.min(b.length, room),
                                "MemBio write took " + r + " of " + b.length);
                        model.append(b, 0, r);
                    }
                }
                case 1 -> {
                    int len = data.consumeInt(1, MAX_LEN);
                    int r = mem.read(buf, 0, len);
                    if (model.size() == 0) {
                        require(
                                r == eofReturn,
                                "empty MemBio read: " + r + ", eof return " + eofReturn);
                        require(
                                mem.shouldRead() == (eofReturn != 0),
                                "retry-read iff the eof return is not 0");
                    } else {
                        require(
                                r == Math.min(len, model.size()),
                                "MemBio read " + r + " of " + model.size());
                        model.take(buf, 0, r, "MemBio");
                    }
                }
                case 2 -> {
                    eofReturn = data.consumeBoolean() ? 0 : -1;
                    mem.setMemEofReturn(eofReturn);
                }
                case 3 -> {
                    require(mem.reset() == 1, "reset returns 1");
                    model.clear();
                }
                default -> {
                    // queries only
                }
            }
            require(
                    mem.pending() == model.size(),
                    "pending " + mem.pending() + " != model " + model.size());
            require(mem.eof() == (model.size() == 0), "eof iff nothing unread");
        }
    }

    // ------------------------------------------------------------------ BIO_new_bio_pair

    private static void bioPair(FuzzedDataProvider data) {
        int[] size = {data.consumeInt(1, MAX_LEN), data.consumeInt(1, MAX_LEN)};
        BioPair pair = BioPair.create(size[0], size[1]);
        BioPair.End[] ends = {pair.first(), pair.second()};
        // toPeer[i]: what end i wrote and its peer has not read
        ByteModel[] toPeer = {new ByteModel(), new ByteModel()};
        boolean[] shut = new boolean[2];
        byte[] buf = new byte[MAX_LEN];
        try {
            for (int op = 0; op < MAX_OPS && data.remainingBytes() > 0; op++) {
                int i = data.consumeInt(0, 1);
                BioPair.End end = ends[i];
                switch (data.consumeInt(0, 3)) {
                    case 0 -> {
                        byte[] b = data.consumeBytes(data.consumeInt(1, MAX_LEN));
                        if (b.length == 0) {
                            continue;
                        }
                        int free = size[i] - toPeer[i].size();
                        require(end.writeGuarantee() == (shut[i] ? 0 : free), "write guarantee");
                        int r = end.write(b);
                        if (shut[i]) {
                            require(
                                    r == -1 && !end.shouldRetry() && end.lastError() != null,
                                    "write after shutdown");
                        } else if (free == 0) {
                            require(
                                    r == -1 && end.shouldWrite(),
                                    "full pair end: -1 with retry-write, got " + r);
                        } else {
                            require(
                                    r == Math.min(free, b.length),
                                    "pair write took " + r + " with " + free + " free");
                            toPeer[i].append(b, 0, r);
                        }
                    }
                    case 1 -> {
                        int len = data.consumeInt(1, MAX_LEN);
                        ByteModel in = toPeer[1 - i];
                        int r = end.read(buf, 0, len);
                        if (in.size() > 0) {
                            require(
                                    r == Math.min(len, in.size()),
                                    "pair read " + r + " of " + in.size());
                            in.take(buf, 0, r, "BioPair");
                        } else if (shut[1 - i]) {
                            require(
                                    r == 0 && !end.shouldRetry(),
                                    "drained after the peer's shutdown: 0, got " + r);
                        } else {
                            require(
                                    r == -1 && end.shouldRead(),
                                    "empty pair end: -1 with retry-read, got " + r);
                            require(
                                    end.peer().readRequest() == Math.min(len, size[1 - i]),
                                    "read request");
                        }
                    }
                    case 2 -> {
                        end.shutdownWrite();
                        shut[i] = true;
                    }
                    default -> {
                        require(end.reset() == 0, "pair reset returns 0");
                        toPeer[i].clear();
                    }
                }
                for (int k = 0; k < 2; k++) {
                    require(ends[k].pending() == toPeer[1 - k].size(), "pending of end " + k);
                    require(ends[k].wpending() == toPeer[k].size(), "wpending of end " + k);
                }
            }
        } finally {
            pair.close();
        }
    }

    // ------------------------------------------------------------------ a replayed direction

    private static void replayBio(FuzzedDataProvider data) {
        byte[] recorded = data.consumeBytes(data.consumeInt(0, MAX_LEN));
        ReplayBio.AtEnd atEnd = data.consumeBoolean() ? ReplayBio.AtEnd.RETRY : ReplayBio.AtEnd.EOF;
        int maxChunk = data.consumeBoolean() ? ReplayBio.UNLIMITED : data.consumeInt(1, 64);
        ReplayBio bio = new ReplayBio(recorded, atEnd, data.consumeLong(), maxChunk);
        ByteModel toRead = new ByteModel();
        toRead.append(recorded, 0, recorded.length);
        java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[MAX_LEN];
        for (int op = 0; op < MAX_OPS && data.remainingBytes() > 0; op++) {
            switch (data.consumeInt(0, 2)) {
                case 0 -> {
                    int len = data.consumeInt(1, MAX_LEN);
                    int r = bio.read(buf, 0, len);
                    if (toRead.size() == 0) {
                        require(
                                atEnd == ReplayBio.AtEnd.RETRY
                                        ? r == -1 && bio.shouldRead()
                                        : r == 0 && !bio.shouldRetry(),
                                "replay at its end (" + atEnd + ") returned " + r);
                    } else {
                        require(
                                r >= 1 && r <= Math.min(len, Math.min(maxChunk, toRead.size())),
                                "replay read " + r);
                        toRead.take(buf, 0, r, "ReplayBio");
                    }
                }
                case 1 -> {
                    byte[] b = data.consumeBytes(data.consumeInt(1, MAX_LEN));
                    bio.append(b);
                    toRead.append(b, 0, b.length);
                }
                default -> {
                    byte[] b = data.consumeBytes(data.consumeInt(1, MAX_LEN));
                    if (b.length > 0) {
                        require(bio.write(b) == b.length, "a replay takes every write whole");
                        written.write(b, 0, b.length);
                    }
                }
            }
            require(
                    bio.pending() == toRead.size(),
                    "replay pending " + bio.pending() + " != " + toRead.size());
        }
        require(
                Arrays.equals(bio.written(), written.toByteArray()),
                "replay kept other bytes than were written");
    }

    // ------------------------------------------------------------------ filter chains

    private static void filterChain(FuzzedDataProvider data) {
        BioPair pair =
                BioPair.create(data.consumeInt(1, 2 * MAX_LEN), data.consumeInt(1, 2 * MAX_LEN));
        BioPair.End network = pair.second();
        List<Bio> filters = new ArrayList<>();
        List<RecordingBio> recorders = new ArrayList<>();
        long readLimit = EofAtBio.UNLIMITED;
        long writeLimit = EofAtBio.UNLIMITED;
        EofAtBio eofAt = null;
        int n = data.consumeInt(1, 4);
        for (int f = 0; f < n; f++) {
            long seed = data.consumeLong();
            switch (data.consumeInt(0, 4)) {
                case 0 -> filters.add(BufferBio.create(data.consumeInt(1, 512)));
                case 1 -> filters.add(new ShortIoBio(seed, data.consumeInt(1, 64)));
                case 2 -> filters.add(new RetryInjectingBio(seed, data.consumeInt(0, 5) / 10.0));
                case 3 -> {
                    // at most one EOF point per direction: the model knows where the stream ends
                    if (readLimit == EofAtBio.UNLIMITED) {
                        readLimit = data.consumeInt(0, 8 * MAX_LEN);
                        writeLimit =
                                data.consumeBoolean()
                                        ? data.consumeInt(0, 8 * MAX_LEN)
                                        : EofAtBio.UNLIMITED;
                        eofAt = new EofAtBio(readLimit, writeLimit);
                        filters.add(eofAt);
                    }
                }
                default -> {
                    RecordingBio r = new RecordingBio(false);
                    recorders.add(r);
                    filters.add(r);
                }
            }
        }
        Bio head = filters.get(0);
        for (int f = 1; f < filters.size(); f++) {
            head.push(filters.get(f));
        }
        head.push(pair.first());
        Chain chain = new Chain(head, network, eofAt, readLimit, writeLimit);
        try {
            for (int op = 0; op < MAX_OPS && data.remainingBytes() > 0; op++) {
                switch (data.consumeInt(0, 4)) {
                    case 0 -> chain.supply(data.consumeBytes(data.consumeInt(1, MAX_LEN)));
                    case 1 -> chain.read(data.consumeInt(1, MAX_LEN));
                    case 2 -> chain.write(data.consumeBytes(data.consumeInt(1, MAX_LEN)));
                    case 3 -> chain.flush();
                    default -> chain.collect(data.consumeInt(1, MAX_LEN));
                }
            }
            chain.finish();
            for (RecordingBio r : recorders) {
                chain.checkTranscripts(r);
            }
        } finally {
            head.closeAll();
            pair.close();
        }
    }

    /** A filter chain, the network end of its pair, and the two byte streams through it. */
    private static final class Chain {
        final Bio head;
        final BioPair.End network;

        /** The chain's end-of-stream point, or null. */
        final EofAtBio eofAt;

        final long readLimit;
        final long writeLimit;

        /** Supplied by the network and not yet read through the chain. */
        final ByteModel inbound = new ByteModel();

        /** Accepted by the chain and not yet collected from the network end. */
        final ByteModel outbound = new ByteModel();

        final java.io.ByteArrayOutputStream supplied = new java.io.ByteArrayOutputStream();
        final java.io.ByteArrayOutputStream accepted = new java.io.ByteArrayOutputStream();
        final byte[] buf = new byte[2 * MAX_LEN];
        long read;
        long collected;

        Chain(Bio head, BioPair.End network, EofAtBio eofAt, long readLimit, long writeLimit) {
            this.head = head;
            this.network = network;
            this.eofAt = eofAt;
            this.readLimit = readLimit;
            this.writeLimit = writeLimit;
        }

        void supply(byte[] b) {
            if (b.length == 0) {
                return;
            }
            int r = network.write(b);
            if (r > 0) {
                inbound.append(b, 0, r);
                supplied.write(b, 0, r);
            }
        }

        void read(int len) {
            int r = head.read(buf, 0, len);
            check(r, len, "read");
            if (r > 0) {
                inbound.take(buf, 0, r, "chain read");
                read += r;
                require(read <= readLimit, "read past the EOF point: " + read + " > " + readLimit);
            } else if (r == 0) {
                require(
                        read == readLimit,
                        "0 (EOF) from a chain that ends at " + readLimit + " after " + read);
            }
        }

        void write(byte[] b) {
            if (b.length == 0) {
                return;
            }
            int r = head.write(b);
            check(r, b.length, "write");
            if (r > 0) {
                outbound.append(b, 0, r);
                accepted.write(b, 0, r);
            }
        }

        void flush() {
            int r = head.flush();
            if (r > 0) {
                require(
                        network.pending() == outbound.size(),
                        "a flushed chain passed on all it accepted: "
                                + network.pending()
                                + " at the network, "
                                + outbound.size()
                                + " accepted and not collected");
            } else {
                require(
                        head.shouldRetry() || head.lastError() != null || r == 0,
                        "flush failed without a reason");
            }
        }

        void collect(int len) {
            int r = network.read(buf, 0, len);
            if (r > 0) {
                outbound.take(buf, 0, r, "network collect");
                collected += r;
                require(
                        collected <= writeLimit,
                        "passed the write limit: " + collected + " > " + writeLimit);
            }
        }

        /**
         * Drains both ways with bounded loops; everything in must come out, but for what a limit
         * cut.
         */
        void finish() {
            for (int i = 0; i < MAX_DRAIN_CALLS; i++) {
                int f = head.flush();
                collect(MAX_LEN);
                if ((f > 0 || !head.shouldRetry()) && network.pending() == 0) {
                    break;
                }
            }
            // only a used-up write limit may keep accepted bytes from the network: in a buffer
            // above
            // it, and in one below it too, since a flush stops at the first BIO that fails
            // (BIO_flush on BIO_f_buffer does not go on past a failing next BIO)
            require(
                    outbound.size() == 0 || (eofAt != null && eofAt.remainingWrite() == 0),
                    outbound.size() + " accepted bytes never reached the network");
            for (int i = 0; i < MAX_DRAIN_CALLS && inbound.size() > 0 && read < readLimit; i++) {
                read(MAX_LEN);
            }
            require(
                    inbound.size() == 0 || read == readLimit,
                    inbound.size() + " supplied bytes never came out of the chain");
        }

        /** A recorder anywhere in the chain saw prefixes of the two streams. */
        void checkTranscripts(RecordingBio r) {
            byte[] in = supplied.toByteArray();
            byte[] got = r.readTranscript();
            require(
                    got.length <= in.length && Arrays.equals(got, 0, got.length, in, 0, got.length),
                    "a recorder's read transcript is not a prefix of what was supplied");
            byte[] out = accepted.toByteArray();
            byte[] w = r.writtenTranscript();
            require(
                    w.length <= out.length && Arrays.equals(w, 0, w.length, out, 0, w.length),
                    "a recorder's write transcript is not a prefix of what was accepted");
        }

        private void check(int r, int len, String what) {
            require(r >= -1 && r <= len, what + " returned " + r + " for " + len + " bytes");
            if (r < 0) {
                require(
                        head.shouldRetry() || head.lastError() != null,
                        what + " failed without retry or error");
            }
        }
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
