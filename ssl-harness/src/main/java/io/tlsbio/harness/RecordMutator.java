package io.tlsbio.harness;

import io.tlsbio.harness.TlsRecords.Msg;
import io.tlsbio.harness.TlsRecords.Rec;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

/**
 * Record-aware mutation of TLS wire bytes: the contents change, the framing stays valid, so mutated
 * input passes the record layer and reaches what lies behind it (the role OpenSSL's {@code fuzz/}
 * corpora and BoringSSL's shim "bugs" play for C).
 *
 * <p>The input is split into records; bytes after the last whole record are dropped. Each output
 * record's 5-byte header announces exactly its body (at most 65,535 bytes); type and version are
 * kept unless an operation deliberately sets them. Operations: bit flips, byte sets, inserts and
 * deletes inside a body; record duplicate, drop, swap, split, merge; type and version changes. With
 * {@link Framing#HANDSHAKE}, each run of consecutive handshake records of one version whose bodies
 * form whole handshake messages (a plaintext flight) is mutated as messages instead: body edits,
 * message duplicate, drop, swap, type change, and re-fragmentation into records (messages may be
 * split across records), with every message's 24-bit length kept equal to its body.
 *
 * <p>Every decision comes from a source of choices: an {@link IntUnaryOperator} that, given a bound
 * {@code n >= 1}, answers a value in {@code [0, n)} (values outside are reduced modulo {@code n}).
 * {@link #seeded(long)} makes one from a seed, {@link #fromBytes(byte[])} from a fuzzer's bytes
 * (Jazzer: {@code n -> data.consumeInt(0, n - 1)} on a {@code FuzzedDataProvider}). The same
 * choices give the same output. Output grows by about a factor of two plus 64 KiB per call at most.
 * {@link #log()} says what was done. Not thread-safe; one instance per input.
 */
public final class RecordMutator {

    /** How much structure the mutations keep. */
    public enum Framing {
        /** Record framing only: anything inside a body may change. */
        RECORDS,
        /** Record framing, and message framing inside plaintext handshake flights. */
        HANDSHAKE
    }

    /** Operations per {@link #mutate} call, at most (at least one). */
    public static final int DEFAULT_MAX_OPS = 4;

    private static final int MAX_INSERT = 16;
    private static final int[] TYPES = {20, 21, 22, 23, 24, 0, 255};
    private static final int[] VERSIONS = {0x0303, 0x0301, 0x0304, 0x0300, 0x0000, 0xffff, 0x7f1c};
    private static final int[] MESSAGE_TYPES = {
        0, 1, 2, 4, 5, 8, 11, 12, 13, 14, 15, 16, 20, 24, 254
    };

    private final IntUnaryOperator choices;
    private final Framing framing;
    private final int maxOps;
    private final List<String> log = new ArrayList<>();
    private long budget;

    /**
     * A mutator making 1..{@value #DEFAULT_MAX_OPS} operations per call.
     *
     * @param choices answers "a number below this bound" for every random choice the mutator makes
     * @param framing how the records are framed
     */
    public RecordMutator(IntUnaryOperator choices, Framing framing) {
        this(choices, framing, DEFAULT_MAX_OPS);
    }

    /**
     * A mutator making 1..{@code maxOps} operations per call.
     *
     * @param choices answers "a number below this bound" for every random choice the mutator makes
     * @param framing how the records are framed
     * @param maxOps the most operations per call, {@code >= 1}
     * @throws IllegalArgumentException if {@code maxOps < 1}
     */
    public RecordMutator(IntUnaryOperator choices, Framing framing, int maxOps) {
        this.choices = Objects.requireNonNull(choices, "choices");
        this.framing = Objects.requireNonNull(framing, "framing");
        if (maxOps < 1) {
            throw new IllegalArgumentException("maxOps < 1: " + maxOps);
        }
        this.maxOps = maxOps;
    }

    /**
     * Choices drawn from a {@link SplittableRandom} on {@code seed}.
     *
     * @param seed the random seed; one seed replays one run
     * @return a source of choices for {@link #RecordMutator}
     */
    public static IntUnaryOperator seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return random::nextInt;
    }

    /**
     * Choices read from {@code bytes} (copied), big-endian, one byte for a bound up to 256, two up
     * to 65,536, four above; 0 once they are used up. How a fuzzer's input steers the mutator.
     *
     * @param bytes the fuzzer's input
     * @return a source of choices for {@link #RecordMutator}
     */
    public static IntUnaryOperator fromBytes(byte[] bytes) {
        byte[] b = Objects.requireNonNull(bytes, "bytes").clone();
        int[] at = {0};
        return bound -> {
            if (bound <= 1) {
                return 0;
            }
            int width = bound <= 0x100 ? 1 : bound <= 0x10000 ? 2 : 4;
            long v = 0;
            for (int i = 0; i < width; i++) {
                v = (v << 8) | (at[0] < b.length ? b[at[0]++] & 0xff : 0);
            }
            return (int) (v % bound);
        };
    }

    /**
     * What the calls so far did, one line per operation.
     *
     * @return the operations applied so far, oldest first
     */
    public List<String> log() {
        return List.copyOf(log);
    }

    /**
     * The records of {@code wire}, mutated by 1..maxOps operations, as wire bytes again.
     *
     * @param wire TLS records as sent on the wire
     * @return the mutated records as wire bytes
     */
    public byte[] mutate(byte[] wire) {
        Objects.requireNonNull(wire, "wire");
        List<Segment> segments = segments(wire);
        int whole = TlsRecords.wholeRecordsLength(wire);
        if (whole < wire.length) {
            log.add("drop partial tail of " + (wire.length - whole) + " bytes");
        }
        budget = 2L * whole + 65536;
        int ops = 1 + choose(maxOps);
        for (int i = 0; i < ops; i++) {
            if (segments.isEmpty()) {
                segments.add(new Segment(insertedRecord()));
                continue;
            }
            int at = choose(segments.size());
            Segment s = segments.get(at);
            if (s.rec != null) {
                recordOp(segments, at);
            } else {
                runOp(segments, at);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Segment s : segments) {
            s.writeTo(out);
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ the model

    /** A record, or (with HANDSHAKE framing) a plaintext handshake flight held as messages. */
    private static final class Segment {
        final Rec rec;
        final int runVersion;
        final List<Msg> messages;

        /** Body sizes of the records the flight is cut into; the rest goes in 16 KiB records. */
        int[] fragments;

        Segment(Rec rec) {
            this.rec = rec;
            this.runVersion = 0;
            this.messages = null;
        }

        Segment(int runVersion, List<Msg> messages, int[] fragments) {
            this.rec = null;
            this.runVersion = runVersion;
            this.messages = messages;
            this.fragments = fragments;
        }

        Segment copy() {
            if (rec != null) {
                return new Segment(rec.copy());
            }
            List<Msg> m = new ArrayList<>();
            messages.forEach(x -> m.add(x.copy()));
            return new Segment(runVersion, m, fragments.clone());
        }

        long size() {
            if (rec != null) {
                return TlsRecords.HEADER + rec.body.length;
            }
            long n = 0;
            for (Msg m : messages) {
                n += m.size() + TlsRecords.HEADER;
            }
            return n;
        }

        void writeTo(ByteArrayOutputStream out) {
            if (rec != null) {
                TlsRecords.write(out, rec.type, rec.version, rec.body, 0, rec.body.length);
                return;
            }
            byte[] stream = TlsRecords.join(messages);
            int off = 0;
            for (int f = 0; off < stream.length; f++) {
                int n = f < fragments.length ? fragments[f] : TlsRecords.MAX_FRAGMENT;
                n = Math.min(Math.max(n, 1), stream.length - off);
                TlsRecords.write(out, TlsRecords.HANDSHAKE, runVersion, stream, off, n);
                off += n;
            }
        }
    }

    private List<Segment> segments(byte[] wire) {
        List<Rec> recs = TlsRecords.parse(wire);
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i < recs.size(); ) {
            if (framing == Framing.HANDSHAKE && recs.get(i).type == TlsRecords.HANDSHAKE) {
                int j = i;
                ByteArrayOutputStream stream = new ByteArrayOutputStream();
                while (j < recs.size()
                        && recs.get(j).type == TlsRecords.HANDSHAKE
                        && recs.get(j).version == recs.get(i).version) {
                    stream.writeBytes(recs.get(j).body);
                    j++;
                }
                List<Msg> msgs = TlsRecords.messages(stream.toByteArray());
                if (msgs != null) {
                    int[] fragments = new int[j - i];
                    for (int k = i; k < j; k++) {
                        fragments[k - i] = recs.get(k).body.length;
                    }
                    out.add(new Segment(recs.get(i).version, msgs, fragments));
                    i = j;
                    continue;
                }
            }
            out.add(new Segment(recs.get(i)));
            i++;
        }
        return out;
    }

    // ------------------------------------------------------------------ record operations

    private void recordOp(List<Segment> segments, int at) {
        Rec rec = segments.get(at).rec;
        switch (choose(11)) {
            case 0 -> rec.body = flip(rec.body, "record " + at);
            case 1 -> rec.body = set(rec.body, "record " + at);
            case 2 -> rec.body = insert(rec.body, TlsRecords.MAX_BODY, "record " + at);
            case 3 -> rec.body = delete(rec.body, "record " + at);
            case 4 -> segmentOp(segments, at, 0);
            case 5 -> segmentOp(segments, at, 1);
            case 6 -> segmentOp(segments, at, 2);
            case 7 -> {
                int k = choose(rec.body.length + 1);
                segments.add(
                        at + 1,
                        new Segment(
                                new Rec(
                                        rec.type,
                                        rec.version,
                                        Arrays.copyOfRange(rec.body, k, rec.body.length))));
                rec.body = Arrays.copyOf(rec.body, k);
                log.add("split record " + at + " at " + k);
            }
            case 8 -> {
                Segment next = at + 1 < segments.size() ? segments.get(at + 1) : null;
                if (next == null
                        || next.rec == null
                        || rec.body.length + next.rec.body.length > TlsRecords.MAX_BODY) {
                    rec.body = flip(rec.body, "record " + at);
                    return;
                }
                byte[] body = Arrays.copyOf(rec.body, rec.body.length + next.rec.body.length);
                System.arraycopy(next.rec.body, 0, body, rec.body.length, next.rec.body.length);
                rec.body = body;
                segments.remove(at + 1);
                log.add("merge records " + at + "," + (at + 1));
            }
            case 9 -> {
                rec.type = pick(TYPES, 256);
                log.add("record " + at + " type " + rec.type);
            }
            default -> {
                rec.version = pick(VERSIONS, 0x10000);
                log.add(String.format("record %d version %04x", at, rec.version));
            }
        }
    }

    /** Whole segments: 0 duplicate, 1 drop, 2 swap with another. */
    private void segmentOp(List<Segment> segments, int at, int op) {
        Segment s = segments.get(at);
        if (op == 0) {
            if (s.size() > budget) {
                log.add("duplicate segment " + at + " skipped (size)");
                return;
            }
            budget -= s.size();
            segments.add(at, s.copy());
            log.add("duplicate segment " + at);
        } else if (op == 1) {
            segments.remove(at);
            log.add("drop segment " + at);
        } else {
            int j = choose(segments.size());
            segments.set(at, segments.get(j));
            segments.set(j, s);
            log.add("swap segments " + at + "," + j);
        }
    }

    // ------------------------------------------------------------------ handshake-flight
    // operations

    private void runOp(List<Segment> segments, int at) {
        Segment run = segments.get(at);
        List<Msg> msgs = run.messages;
        int m = choose(msgs.size());
        Msg msg = msgs.get(m);
        String where = "segment " + at + " message " + m + " (type " + msg.type + ")";
        switch (choose(12)) {
            case 0, 1 -> msg.body = flip(msg.body, where);
            case 2 -> msg.body = set(msg.body, where);
            case 3 -> msg.body = insert(msg.body, TlsRecords.MAX_MESSAGE, where);
            case 4 -> msg.body = delete(msg.body, where);
            case 5 -> {
                if (msg.size() > budget) {
                    return;
                }
                budget -= msg.size();
                msgs.add(m, msg.copy());
                log.add("duplicate " + where);
            }
            case 6 -> {
                msgs.remove(m);
                if (msgs.isEmpty()) {
                    segments.remove(at);
                }
                log.add("drop " + where);
            }
            case 7 -> {
                int j = choose(msgs.size());
                msgs.set(m, msgs.get(j));
                msgs.set(j, msg);
                log.add("swap messages " + m + "," + j + " of segment " + at);
            }
            case 8 -> {
                msg.type = pick(MESSAGE_TYPES, 256);
                log.add(where + " now type " + msg.type);
            }
            case 9 -> refragment(run, at);
            case 10 -> segmentOp(segments, at, choose(3));
            default -> {
                // the flight's records get another version; their framing stays
                segments.set(at, retagged(run, pick(VERSIONS, 0x10000)));
                log.add(String.format("segment %d version %04x", at, segments.get(at).runVersion));
            }
        }
    }

    private static Segment retagged(Segment run, int version) {
        return new Segment(version, run.messages, run.fragments);
    }

    /** New record boundaries for a flight: one record, one per message, or cuts at chosen sizes. */
    private void refragment(Segment run, int at) {
        switch (choose(3)) {
            case 0 -> {
                run.fragments = new int[0];
                log.add("segment " + at + " in 16 KiB records");
            }
            case 1 -> {
                run.fragments = run.messages.stream().mapToInt(Msg::size).toArray();
                log.add("segment " + at + " one record per message");
            }
            default -> {
                int[] f = new int[1 + choose(4)];
                for (int i = 0; i < f.length; i++) {
                    f[i] = 1 + choose(64);
                }
                run.fragments = f;
                log.add("segment " + at + " cut " + Arrays.toString(f));
            }
        }
    }

    // ------------------------------------------------------------------ byte operations

    private byte[] flip(byte[] b, String where) {
        if (b.length == 0) {
            return insert(b, Integer.MAX_VALUE, where);
        }
        b = b.clone();
        int p = choose(b.length);
        int bit = choose(8);
        b[p] ^= (byte) (1 << bit);
        log.add("flip " + where + " byte " + p + " bit " + bit);
        return b;
    }

    private byte[] set(byte[] b, String where) {
        if (b.length == 0) {
            return insert(b, Integer.MAX_VALUE, where);
        }
        b = b.clone();
        int p = choose(b.length);
        int v =
                switch (choose(3)) {
                    case 0 -> 0;
                    case 1 -> 0xff;
                    default -> choose(256);
                };
        b[p] = (byte) v;
        log.add(String.format("set %s byte %d = %02x", where, p, v));
        return b;
    }

    private byte[] insert(byte[] b, int max, String where) {
        int n = 1 + choose(MAX_INSERT);
        if (b.length + n > max || n > budget) {
            return b;
        }
        budget -= n;
        int p = choose(b.length + 1);
        byte[] out = new byte[b.length + n];
        System.arraycopy(b, 0, out, 0, p);
        int fill = choose(3);
        for (int i = 0; i < n; i++) {
            out[p + i] = (byte) (fill == 0 ? 0 : fill == 1 ? 0xff : choose(256));
        }
        System.arraycopy(b, p, out, p + n, b.length - p);
        log.add("insert " + n + " into " + where + " at " + p);
        return out;
    }

    private byte[] delete(byte[] b, String where) {
        if (b.length == 0) {
            return b;
        }
        int p = choose(b.length);
        int n = 1 + choose(Math.min(MAX_INSERT, b.length - p));
        byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, p);
        System.arraycopy(b, p + n, out, p, b.length - p - n);
        log.add("delete " + n + " from " + where + " at " + p);
        return out;
    }

    /** A record to start from when none is left: empty, or one byte, of a chosen type. */
    private Rec insertedRecord() {
        int type = pick(TYPES, 256);
        byte[] body = choose(2) == 0 ? new byte[0] : new byte[] {(byte) choose(256)};
        log.add("insert record type " + type + " body " + body.length);
        return new Rec(type, 0x0303, body);
    }

    /**
     * One of {@code values}, or (one time in values.length + 1) any value below {@code anyBound}.
     */
    private int pick(int[] values, int anyBound) {
        int i = choose(values.length + 1);
        return i < values.length ? values[i] : choose(anyBound);
    }

    private int choose(int bound) {
        if (bound <= 1) {
            return 0;
        }
        return Math.floorMod(choices.applyAsInt(bound), bound);
    }
}
