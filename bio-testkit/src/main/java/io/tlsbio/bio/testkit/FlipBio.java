package io.tlsbio.bio.testkit;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A filter that corrupts bytes in flight: each byte at a chosen offset of the read stream (bytes
 * returned by reads, counted from 0) or of the write stream (bytes the next BIO accepted, counted
 * from 0) is XORed with a mask. Offsets are given ({@link #flipReadAt}, {@link #flipWriteAt}) or
 * picked at random ({@link #random}), one random bit per picked byte.
 *
 * <p>The analogue of the bit-flipping corruption of BoringSSL's and OpenSSL's record-layer tests
 * (and of a fuzzer's bit-flip mutation) applied to a live connection. A random pick is a pure
 * function of the seed, the direction and the offset, so the same bytes are hit however the stream
 * is split into reads and writes. Written bytes are corrupted in a copy: the caller's array is
 * never modified. Results, retry flags and errors of the next BIO are passed up; flush, pending,
 * eof and reset are forwarded (offsets are not reset). With no next BIO, read and write return 0
 * with {@link BioError.Reason#NO_NEXT_BIO}. Not thread-safe.
 */
public final class FlipBio extends Bio {

    private final Direction read;
    private final Direction write;

    /**
     * A filter that flips nothing until offsets are added with {@link #flipReadAt}/{@link
     * #flipWriteAt}.
     */
    public FlipBio() {
        this(0, 0, 0);
    }

    private FlipBio(long seed, double readProbability, double writeProbability) {
        this.read = new Direction(mix(seed ^ 0x5EADL), readProbability);
        this.write = new Direction(mix(seed ^ 0x3A17EL), writeProbability);
    }

    /**
     * Flips one random bit in each byte picked with probability {@code readProbability} (read
     * stream) or {@code writeProbability} (write stream), from {@code seed}: a fuzzer's bit-flip
     * mutation, applied in flight.
     *
     * @param seed the random seed; one seed replays one run
     * @param readProbability chance, in {@code [0, 1]}, that a byte read is corrupted
     * @param writeProbability chance, in {@code [0, 1]}, that a byte written is corrupted
     * @return a filter corrupting bytes at random
     * @throws IllegalArgumentException unless both are in {@code [0, 1]}
     */
    public static FlipBio random(long seed, double readProbability, double writeProbability) {
        if (!(readProbability >= 0 && readProbability <= 1)) {
            throw new IllegalArgumentException("readProbability not in [0, 1]: " + readProbability);
        }
        if (!(writeProbability >= 0 && writeProbability <= 1)) {
            throw new IllegalArgumentException(
                    "writeProbability not in [0, 1]: " + writeProbability);
        }
        return new FlipBio(seed, readProbability, writeProbability);
    }

    /**
     * XORs the read-stream byte at {@code offset} with {@code xorMask} (masks given for one offset
     * combine, and combine with a random pick); 0xFF inverts the byte, {@code 1 << k} flips bit k.
     * The way OpenSSL's and BoringSSL's tests tamper with one byte of a record to provoke {@code
     * bad_record_mac} or {@code decode_error}.
     *
     * @param offset position in the read stream, counted from the first byte ever read, {@code >=
     *     0}
     * @param xorMask the bits to flip, 1..255
     * @return this, for chaining
     * @throws IllegalArgumentException if {@code offset < 0} or the mask is not in 1..255
     */
    public FlipBio flipReadAt(long offset, int xorMask) {
        read.add(offset, xorMask);
        return this;
    }

    /**
     * As {@link #flipReadAt}, for the write stream.
     *
     * @param offset position in the write stream, counted from the first byte ever written, {@code
     *     >= 0}
     * @param xorMask the bits to flip, 1..255
     * @return this, for chaining
     */
    public FlipBio flipWriteAt(long offset, int xorMask) {
        write.add(offset, xorMask);
        return this;
    }

    /**
     * Offsets of the read stream corrupted so far, ascending.
     *
     * @return an unmodifiable list of the read-stream offsets changed
     */
    public List<Long> flippedReadOffsets() {
        return List.copyOf(read.flipped);
    }

    /**
     * Offsets of the write stream corrupted so far (accepted by the next BIO), ascending.
     *
     * @return an unmodifiable list of the write-stream offsets changed
     */
    public List<Long> flippedWriteOffsets() {
        return List.copyOf(write.flipped);
    }

    @Override
    protected int implRead(byte[] b, int off, int len) {
        if (next() == null) {
            return noNext();
        }
        int r = next().read(b, off, len);
        copyNextRetry();
        if (r > 0) {
            read.apply(b, off, r);
            read.advance(r);
        }
        return r;
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        if (next() == null) {
            return noNext();
        }
        int r;
        if (!write.mayFlip(len)) {
            r = next().write(b, off, len);
        } else {
            byte[] copy = new byte[len];
            System.arraycopy(b, off, copy, 0, len);
            write.apply(copy, 0, len);
            r = next().write(copy, 0, len);
        }
        copyNextRetry();
        if (r > 0) {
            write.advance(r); // only what was accepted: the rest is offered (and flipped) again
        }
        return r;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private int noNext() {
        setError(BioError.Reason.NO_NEXT_BIO, "FlipBio has no next BIO", null);
        return 0;
    }

    @Override
    public String toString() {
        return "FlipBio[read@"
                + read.offset
                + ", written@"
                + write.offset
                + ", flipped "
                + read.flipped.size()
                + "/"
                + write.flipped.size()
                + "]";
    }

    /** The flips of one stream and how far it has got. */
    private static final class Direction {
        private final NavigableMap<Long, Integer> fixed = new TreeMap<>();
        private final List<Long> flipped = new ArrayList<>();
        private final long streamSeed;
        private final double probability;
        private long offset;

        Direction(long streamSeed, double probability) {
            this.streamSeed = streamSeed;
            this.probability = probability;
        }

        void add(long at, int xorMask) {
            if (at < 0) {
                throw new IllegalArgumentException("offset < 0: " + at);
            }
            if (xorMask < 1 || xorMask > 0xFF) {
                throw new IllegalArgumentException("xorMask not in 1..255: " + xorMask);
            }
            fixed.merge(at, xorMask, (a, b) -> a ^ b);
        }

        /** Whether any byte of stream [offset, offset + n) may be flipped. */
        boolean mayFlip(int n) {
            return probability > 0 || !fixed.subMap(offset, true, offset + n, false).isEmpty();
        }

        /** XORs the masks of stream [offset, offset + n) into buf[off, off + n). */
        void apply(byte[] buf, int off, int n) {
            if (!mayFlip(n)) {
                return;
            }
            for (int i = 0; i < n; i++) {
                buf[off + i] ^= (byte) maskAt(offset + i);
            }
        }

        /** Moves past n bytes that went through, logging the corrupted ones. */
        void advance(int n) {
            if (mayFlip(n)) {
                for (int i = 0; i < n; i++) {
                    if (maskAt(offset + i) != 0) {
                        flipped.add(offset + i);
                    }
                }
            }
            offset += n;
        }

        private int maskAt(long at) {
            int mask = fixed.getOrDefault(at, 0);
            if (probability > 0) {
                long h = mix(streamSeed + at * 0x9E3779B97F4A7C15L);
                if ((h >>> 11) * 0x1.0p-53 < probability) {
                    mask ^= 1 << (int) (h & 7);
                }
            }
            return mask;
        }
    }
}
