package io.tlsbio.bio.testkit;

import static io.tlsbio.bio.testkit.BioLoops.pattern;
import static io.tlsbio.bio.testkit.BioLoops.readExactly;
import static io.tlsbio.bio.testkit.BioLoops.writeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.mem.MemBio;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlipBioTest {

    /** Reads n bytes of data through flip (over ShortIoBio cuts of chunk bytes over a mem BIO). */
    private static byte[] readThrough(FlipBio flip, byte[] data, int chunk) {
        MemBio mem = MemBio.create();
        mem.write(data);
        flip.push(ShortIoBio.fixed(chunk)).push(mem);
        return readExactly(flip, data.length);
    }

    private static List<Long> diff(byte[] a, byte[] b) {
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                assertThat(Integer.bitCount((a[i] ^ b[i]) & 0xFF))
                        .as("one bit at %d", i)
                        .isEqualTo(1);
                at.add((long) i);
            }
        }
        return at;
    }

    @Test
    void givenReadOffsetsAreFlippedWhateverTheReadSizes() {
        byte[] data = pattern(64, 1);
        for (int chunk : new int[] {1, 3, 64}) {
            FlipBio flip =
                    new FlipBio().flipReadAt(2, 0xFF).flipReadAt(40, 0x01).flipReadAt(40, 0x10);
            byte[] got = readThrough(flip, data, chunk);
            byte[] expected = data.clone();
            expected[2] ^= (byte) 0xFF;
            expected[40] ^= 0x11;
            assertThat(got).as("chunk %d", chunk).isEqualTo(expected);
            assertThat(flip.flippedReadOffsets()).containsExactly(2L, 40L);
        }
    }

    @Test
    void writtenBytesAreFlippedInACopyAndOnlyAcceptedOffsetsCount() {
        MemBio mem = MemBio.create(3); // accepts at most 3 unread bytes: forces short writes
        FlipBio flip = new FlipBio().flipWriteAt(4, 0x80);
        flip.push(mem);
        byte[] data = pattern(10, 2);
        byte[] original = data.clone();
        byte[] sink = new byte[10];
        int done = 0;
        int drained = 0;
        for (int i = 0; i < 100 && done < data.length; i++) {
            int r = flip.write(data, done, data.length - done);
            if (r > 0) {
                done += r;
            }
            int n = mem.read(sink, drained, sink.length - drained);
            if (n > 0) {
                drained += n;
            }
        }
        assertThat(drained).isEqualTo(10);
        assertThat(done).isEqualTo(10);
        assertThat(data).as("caller's array untouched").isEqualTo(original);
        byte[] expected = original.clone();
        expected[4] ^= (byte) 0x80;
        assertThat(sink).isEqualTo(expected);
        assertThat(flip.flippedWriteOffsets()).containsExactly(4L);
    }

    @Test
    void randomFlipsDependOnlyOnSeedAndOffset() {
        byte[] data = pattern(4000, 3);
        byte[] whole = readThrough(FlipBio.random(77, 0.01, 0), data, 4000);
        byte[] bytewise = readThrough(FlipBio.random(77, 0.01, 0), data, 1);
        assertThat(bytewise).isEqualTo(whole);
        List<Long> hit = diff(data, whole);
        assertThat(hit).hasSizeBetween(10, 80);
        FlipBio again = FlipBio.random(77, 0.01, 0);
        readThrough(again, data, 7);
        assertThat(again.flippedReadOffsets()).isEqualTo(hit);
        assertThat(diff(data, readThrough(FlipBio.random(78, 0.01, 0), data, 4000)))
                .isNotEqualTo(hit);
    }

    @Test
    void randomWriteFlipsMatchTheReadSideForTheSameSeedsStream() {
        byte[] data = pattern(2000, 4);
        MemBio mem = MemBio.create();
        FlipBio flip = FlipBio.random(5, 0, 0.02);
        Bio head = flip.push(new ShortIoBio(5, 13)).push(mem);
        writeAll(head, data);
        List<Long> hit = diff(data, mem.data());
        assertThat(hit).isNotEmpty().isEqualTo(flip.flippedWriteOffsets());
        assertThat(flip.flippedReadOffsets()).isEmpty();
    }

    @Test
    void noFlipsMeansATransparentFilter() {
        byte[] data = pattern(300, 5);
        assertThat(readThrough(new FlipBio(), data, 17)).isEqualTo(data);
        assertThat(readThrough(FlipBio.random(1, 0, 0), data, 17)).isEqualTo(data);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> new FlipBio().flipReadAt(-1, 1))
                .hasMessageContaining("offset < 0: -1");
        assertThatThrownBy(() -> new FlipBio().flipWriteAt(0, 0))
                .hasMessageContaining("xorMask not in 1..255: 0");
        assertThatThrownBy(() -> new FlipBio().flipWriteAt(0, 256)).hasMessageContaining("256");
        assertThatThrownBy(() -> FlipBio.random(1, 1.5, 0)).hasMessageContaining("readProbability");
        assertThatThrownBy(() -> FlipBio.random(1, 0, -1)).hasMessageContaining("writeProbability");
    }
}
