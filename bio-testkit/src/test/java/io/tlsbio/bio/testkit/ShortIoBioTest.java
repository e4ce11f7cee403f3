package io.tlsbio.bio.testkit;

import static io.tlsbio.bio.testkit.BioLoops.pattern;
import static io.tlsbio.bio.testkit.BioLoops.readExactly;
import static io.tlsbio.bio.testkit.BioLoops.writeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.RetryReason;
import io.tlsbio.bio.mem.MemBio;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShortIoBioTest {

    private static List<Integer> readSizes(long seed, int max, int calls) {
        MemBio mem = MemBio.create();
        mem.write(new byte[calls * max]);
        ShortIoBio bio = new ShortIoBio(seed, max);
        bio.push(mem);
        List<Integer> sizes = new ArrayList<>();
        byte[] buf = new byte[max * 4];
        for (int i = 0; i < calls; i++) {
            sizes.add(bio.read(buf, 0, buf.length));
        }
        return sizes;
    }

    @Test
    void readsAreCutToOneToMaxAndReachOneByte() {
        List<Integer> sizes = readSizes(7, 8, 400);
        assertThat(sizes).allSatisfy(n -> assertThat(n).isBetween(1, 8));
        assertThat(new HashSet<>(sizes)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void writesAreCutToOneToMaxAndTheNextBioGetsExactlyThoseBytes() {
        MemBio mem = MemBio.create();
        ShortIoBio bio = new ShortIoBio(3, 5);
        bio.push(mem);
        byte[] data = pattern(1000, 1);
        Set<Integer> seen = new HashSet<>();
        int done = 0;
        for (int i = 0; done < data.length && i < 10_000; i++) {
            int r = bio.write(data, done, data.length - done);
            assertThat(r).isBetween(1, 5);
            seen.add(r);
            done += r;
            assertThat(mem.pending()).isEqualTo(done);
        }
        assertThat(seen).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(mem.data()).isEqualTo(data);
        assertThat(bio.bytesWritten()).isEqualTo(1000);
    }

    @Test
    void shortLenIsNeverPaddedUp() {
        MemBio mem = MemBio.create();
        mem.write(new byte[100]);
        ShortIoBio bio = new ShortIoBio(1, 50);
        bio.push(mem);
        for (int i = 0; i < 20; i++) {
            assertThat(bio.read(new byte[2], 0, 2)).isBetween(1, 2);
        }
    }

    @Test
    void sameSeedSameCutsOtherSeedOtherCuts() {
        assertThat(readSizes(11, 16, 200)).isEqualTo(readSizes(11, 16, 200));
        assertThat(readSizes(11, 16, 200)).isNotEqualTo(readSizes(12, 16, 200));
    }

    @Test
    void writesDoNotDisturbTheSequenceOfReadCuts() {
        List<Integer> plain = readSizes(5, 9, 50);
        MemBio mem = MemBio.create();
        mem.write(new byte[50 * 9]);
        ShortIoBio bio = new ShortIoBio(5, 9);
        bio.push(mem);
        List<Integer> interleaved = new ArrayList<>();
        byte[] buf = new byte[64];
        for (int i = 0; i < 50; i++) {
            bio.write(new byte[3], 0, 3);
            interleaved.add(bio.read(buf, 0, buf.length));
        }
        assertThat(interleaved).isEqualTo(plain);
    }

    @Test
    void fixedOneIsByteAtATime() {
        MemBio mem = MemBio.create();
        ShortIoBio bio = ShortIoBio.fixed(1);
        bio.push(mem);
        assertThat(bio.write(BioLoops.ascii("abc"))).isEqualTo(1);
        writeAll(bio, BioLoops.ascii("bc"));
        assertThat(bio.read(new byte[10])).isEqualTo(1);
        assertThat(readExactly(bio, 2)).containsExactly('b', 'c');
        assertThat(ShortIoBio.fixed(4).maxRead()).isEqualTo(4);
    }

    @Test
    void unlimitedDirectionPassesFullLengths() {
        MemBio mem = MemBio.create();
        ShortIoBio bio = new ShortIoBio(9, ShortIoBio.UNLIMITED, 2);
        bio.push(mem);
        assertThat(bio.write(new byte[10])).isBetween(1, 2);
        mem.write(new byte[100]);
        assertThat(bio.read(new byte[200])).isGreaterThan(2);
        assertThat(bio.maxRead()).isEqualTo(ShortIoBio.UNLIMITED);
        assertThat(bio.maxWrite()).isEqualTo(2);
    }

    @Test
    void nextBiosRetryFlagsArePassedUp() {
        MemBio mem = MemBio.create();
        ShortIoBio bio = new ShortIoBio(1, 4);
        bio.push(mem);
        assertThat(bio.read(new byte[4])).isEqualTo(-1);
        assertThat(bio.shouldRead()).isTrue();
        assertThat(bio.retryReason()).isEqualTo(RetryReason.READ);
        MemBio full = MemBio.create(1);
        ShortIoBio w = new ShortIoBio(1, 4);
        w.push(full);
        assertThat(w.write(new byte[1])).isEqualTo(1);
        assertThat(w.write(new byte[1])).isEqualTo(-1);
        assertThat(w.shouldWrite()).isTrue();
    }

    @Test
    void withoutNextBioReadAndWriteReturnZeroNamingIt() {
        ShortIoBio bio = new ShortIoBio(1, 4);
        assertThat(bio.read(new byte[4])).isZero();
        assertThat(bio.lastError().reason()).isEqualTo(BioError.Reason.NO_NEXT_BIO);
        assertThat(bio.write(new byte[4])).isZero();
        assertThat(bio.shouldRetry()).isFalse();
    }

    @Test
    void maximumBelowOneIsRejected() {
        assertThatThrownBy(() -> new ShortIoBio(1, 0)).hasMessageContaining("maxRead < 1: 0");
        assertThatThrownBy(() -> new ShortIoBio(1, 3, -1)).hasMessageContaining("maxWrite < 1: -1");
        assertThatThrownBy(() -> ShortIoBio.fixed(0)).hasMessageContaining("chunk < 1: 0");
    }
}
