package io.tlsbio.bio.testkit;

import static io.tlsbio.bio.testkit.BioLoops.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.RetryReason;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayBioTest {

    @Test
    void playsTheBytesThenAsksForARetryLikeAnEmptyMemBio() {
        ReplayBio bio = new ReplayBio(ascii("hello"), ReplayBio.AtEnd.RETRY);
        assertThat(bio.pending()).isEqualTo(5);
        assertThat(bio.eof()).isFalse();
        byte[] b = new byte[10];
        assertThat(bio.read(b)).isEqualTo(5);
        assertThat(new String(b, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("hello");
        assertThat(bio.read(b)).isEqualTo(-1);
        assertThat(bio.shouldRetry()).isTrue();
        assertThat(bio.shouldRead()).isTrue();
        assertThat(bio.retryReason()).isEqualTo(RetryReason.READ);
        assertThat(bio.lastError()).isNull();
        assertThat(bio.eof()).isTrue();
        assertThat(bio.played()).isEqualTo(5);
    }

    @Test
    void playsTheBytesThenReportsEndOfStreamLikeAMemBuf() {
        ReplayBio bio = new ReplayBio(ascii("ab"), ReplayBio.AtEnd.EOF);
        byte[] b = new byte[1];
        assertThat(bio.read(b)).isEqualTo(1);
        assertThat(bio.read(b)).isEqualTo(1);
        assertThat(bio.read(b)).isZero();
        assertThat(bio.shouldRetry()).isFalse();
        assertThat(bio.lastError()).isNull();
    }

    @Test
    void writesAreAllAcceptedAndKeptInOrder() {
        ReplayBio bio = new ReplayBio(new byte[0], ReplayBio.AtEnd.RETRY);
        assertThat(bio.write(ascii("abc"))).isEqualTo(3);
        byte[] big = new byte[100_000];
        big[99_999] = 9;
        assertThat(bio.write(big)).isEqualTo(100_000);
        assertThat(bio.flush()).isEqualTo(1);
        byte[] w = bio.written();
        assertThat(w).hasSize(100_003).startsWith(ascii("abc"));
        assertThat(w[100_002]).isEqualTo((byte) 9);
        assertThat(bio.writtenLength()).isEqualTo(100_003);
        assertThat(bio.wpending()).isZero();
    }

    @Test
    void seededChunksStayWithinTheMaximumCoverItAndRepeatForTheSameSeed() {
        byte[] data = new byte[5000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        List<Integer> first = chunkSizes(new ReplayBio(data, ReplayBio.AtEnd.EOF, 42, 7), data);
        List<Integer> again = chunkSizes(new ReplayBio(data, ReplayBio.AtEnd.EOF, 42, 7), data);
        List<Integer> other = chunkSizes(new ReplayBio(data, ReplayBio.AtEnd.EOF, 43, 7), data);
        assertThat(first).isEqualTo(again).isNotEqualTo(other);
        assertThat(first).allSatisfy(n -> assertThat(n).isBetween(1, 7));
        assertThat(first).contains(1, 7);
    }

    /** Reads everything with 64-byte requests; checks the bytes; returns the sizes of the reads. */
    private static List<Integer> chunkSizes(ReplayBio bio, byte[] expected) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        List<Integer> sizes = new ArrayList<>();
        byte[] b = new byte[64];
        for (int i = 0; i < 10_000; i++) {
            int n = bio.read(b);
            if (n <= 0) {
                assertThat(n).isZero();
                break;
            }
            sizes.add(n);
            got.write(b, 0, n);
        }
        assertThat(got.toByteArray()).isEqualTo(expected);
        return sizes;
    }

    @Test
    void appendedBytesArePlayedAfterTheRest() {
        ReplayBio bio = new ReplayBio(ascii("ab"), ReplayBio.AtEnd.RETRY);
        byte[] b = new byte[10];
        assertThat(bio.read(b, 0, 1)).isEqualTo(1);
        bio.append(ascii("cdefghijklmnop"));
        assertThat(bio.pending()).isEqualTo(15);
        assertThat(bio.read(b)).isEqualTo(10);
        assertThat(new String(b, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("bcdefghijk");
    }

    @Test
    void theCallersArrayIsCopiedNotKept() {
        byte[] data = ascii("xyz");
        ReplayBio bio = new ReplayBio(data, ReplayBio.AtEnd.EOF);
        data[0] = 'Q';
        byte[] b = new byte[3];
        bio.read(b);
        assertThat(b).isEqualTo(ascii("xyz"));
        byte[] w = ascii("w");
        bio.write(w);
        w[0] = 'Z';
        assertThat(bio.written()).isEqualTo(ascii("w"));
    }

    @Test
    void resetRewindsThePlaybackAndTheChunksAndForgetsWhatWasWritten() {
        byte[] data = new byte[300];
        ReplayBio bio = new ReplayBio(data, ReplayBio.AtEnd.EOF, 5, 10);
        List<Integer> first = chunkSizes(bio, data);
        bio.write(ascii("out"));
        assertThat(bio.reset()).isEqualTo(1);
        assertThat(bio.written()).isEmpty();
        assertThat(bio.pending()).isEqualTo(300);
        assertThat(chunkSizes(bio, data)).isEqualTo(first);
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> new ReplayBio(null, ReplayBio.AtEnd.EOF))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ReplayBio(new byte[0], null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ReplayBio(new byte[0], ReplayBio.AtEnd.EOF, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxChunk < 1: 0");
        ReplayBio bio = new ReplayBio(new byte[0], ReplayBio.AtEnd.EOF);
        bio.close();
        assertThatThrownBy(() -> bio.append(new byte[1])).isInstanceOf(IllegalStateException.class);
    }
}
