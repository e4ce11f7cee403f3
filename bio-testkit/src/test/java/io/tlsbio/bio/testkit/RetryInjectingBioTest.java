package io.tlsbio.bio.testkit;

import static io.tlsbio.bio.testkit.BioLoops.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.RetryReason;
import io.tlsbio.bio.mem.MemBio;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryInjectingBioTest {

    private static List<Integer> pattern(long seed, double p) {
        MemBio mem = MemBio.create();
        RetryInjectingBio bio = new RetryInjectingBio(seed, p);
        bio.push(mem);
        List<Integer> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            results.add(bio.write(new byte[1]));
            results.add(bio.read(new byte[1]));
        }
        return results;
    }

    @Test
    void injectedReadRetryLeavesTheNextBioUntouched() {
        MemBio mem = MemBio.create();
        mem.write(ascii("abcdef"));
        RetryInjectingBio bio = new RetryInjectingBio(1, 0.5, 0);
        bio.push(mem);
        int injected = 0;
        StringBuilder got = new StringBuilder();
        for (int i = 0; i < 200 && got.length() < 6; i++) {
            long before = mem.pending();
            byte[] b = new byte[1];
            int r = bio.read(b);
            if (r == -1) {
                injected++;
                assertThat(bio.shouldRetry()).isTrue();
                assertThat(bio.shouldRead()).isTrue();
                assertThat(bio.shouldWrite()).isFalse();
                assertThat(bio.retryReason()).isEqualTo(RetryReason.READ);
                assertThat(mem.pending()).isEqualTo(before);
            } else {
                assertThat(r).isEqualTo(1);
                got.append((char) b[0]);
            }
        }
        assertThat(got).hasToString("abcdef");
        assertThat(injected).isPositive();
        assertThat(bio.injectedReadRetries()).isEqualTo(injected);
        assertThat(bio.bytesRead()).isEqualTo(6);
    }

    @Test
    void injectedWriteRetryWritesNothing() {
        MemBio mem = MemBio.create();
        RetryInjectingBio bio = new RetryInjectingBio(2, 0, 0.5);
        bio.push(mem);
        int accepted = 0;
        int injected = 0;
        for (int i = 0; i < 100; i++) {
            int r = bio.write(new byte[] {(byte) accepted});
            if (r == -1) {
                injected++;
                assertThat(bio.shouldWrite()).isTrue();
                assertThat(bio.retryReason()).isEqualTo(RetryReason.WRITE);
            } else {
                accepted++;
            }
            assertThat(mem.pending()).isEqualTo(accepted);
        }
        assertThat(injected).isEqualTo((int) bio.injectedWriteRetries()).isBetween(20, 80);
        byte[] expected = new byte[accepted];
        for (int i = 0; i < accepted; i++) {
            expected[i] = (byte) i;
        }
        assertThat(mem.data()).isEqualTo(expected);
    }

    @Test
    void randomModeAlsoRetriesFlushesWithTheWriteProbability() {
        RetryInjectingBio bio = new RetryInjectingBio(3, 0, 0.5);
        bio.push(MemBio.create());
        int zeros = 0;
        for (int i = 0; i < 100; i++) {
            int r = bio.flush();
            if (r == 0) {
                zeros++;
                assertThat(bio.shouldWrite()).isTrue();
            } else {
                assertThat(r).isEqualTo(1);
                assertThat(bio.shouldRetry()).isFalse();
            }
        }
        assertThat(zeros).isEqualTo((int) bio.injectedFlushRetries()).isBetween(20, 80);
    }

    @Test
    void probabilityZeroNeverInjects() {
        assertThat(pattern(5, 0)).containsOnly(1);
    }

    @Test
    void sameSeedSameRetriesOtherSeedOtherRetries() {
        assertThat(pattern(9, 0.3)).isEqualTo(pattern(9, 0.3)).contains(-1, 1);
        assertThat(pattern(9, 0.3)).isNotEqualTo(pattern(10, 0.3));
    }

    @Test
    void probabilitiesOutsideZeroToOneExclusiveAreRejected() {
        assertThatThrownBy(() -> new RetryInjectingBio(1, 1.0))
                .hasMessageContaining("readProbability not in [0, 1): 1.0");
        assertThatThrownBy(() -> new RetryInjectingBio(1, 0, -0.1))
                .hasMessageContaining("writeProbability");
        assertThatThrownBy(() -> new RetryInjectingBio(1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quotaModeCutsToTheGrantAndRetriesWhenItIsUsedUp() {
        MemBio mem = MemBio.create();
        mem.write(ascii("0123456789"));
        RetryInjectingBio bio = RetryInjectingBio.quota();
        bio.push(mem);
        byte[] b = new byte[10];
        assertThat(bio.read(b)).isEqualTo(-1);
        assertThat(bio.shouldRead()).isTrue();
        bio.allowRead(3);
        assertThat(bio.read(b)).isEqualTo(3);
        assertThat(bio.readQuota()).isZero();
        assertThat(bio.read(b)).isEqualTo(-1);
        bio.allowRead(100);
        assertThat(bio.read(b)).isEqualTo(7);
        assertThat(bio.readQuota()).isEqualTo(93);

        assertThat(bio.write(b)).isEqualTo(-1);
        assertThat(bio.shouldWrite()).isTrue();
        bio.allowWrite(4);
        assertThat(bio.write(b)).isEqualTo(4);
        assertThat(bio.writeQuota()).isZero();
        bio.setEnforceWriteQuota(false);
        assertThat(bio.write(b)).isEqualTo(10);
        assertThat(mem.pending()).isEqualTo(14);
        assertThat(bio.injectedReadRetries()).isEqualTo(2);
        assertThat(bio.injectedWriteRetries()).isEqualTo(1);
    }

    @Test
    void quotaMethodsNeedQuotaMode() {
        RetryInjectingBio bio = new RetryInjectingBio(1, 0.1);
        assertThatThrownBy(() -> bio.allowRead(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RetryInjectingBio.quota().allowWrite(-1))
                .hasMessageContaining("n < 0: -1");
    }

    @Test
    void alwaysRetryIsOpensslsBioSAlwaysRetry() {
        MemBio mem = MemBio.create();
        mem.write(ascii("data"));
        RetryInjectingBio bio = RetryInjectingBio.alwaysRetry();
        bio.push(mem);
        assertThat(bio.read(new byte[4])).isEqualTo(-1);
        assertThat(bio.shouldRead()).isTrue();
        assertThat(bio.write(new byte[4])).isEqualTo(-1);
        assertThat(bio.shouldWrite()).isTrue();
        assertThat(bio.flush()).isZero();
        assertThat(bio.shouldWrite()).isTrue();
        assertThat(bio.pending()).isZero();
        assertThat(bio.wpending()).isZero();
        assertThat(mem.pending()).isEqualTo(4);

        bio.setRetryReturn(0);
        assertThat(bio.read(new byte[4])).isZero();
        assertThat(bio.shouldRead()).isTrue();
        assertThat(bio.write(new byte[4])).isZero();
        assertThat(bio.shouldWrite()).isTrue();
        assertThat(bio.retryReturn()).isZero();
    }

    @Test
    void alwaysRetryNeedsNoNextBio() {
        RetryInjectingBio bio = RetryInjectingBio.alwaysRetry();
        assertThat(bio.read(new byte[4])).isEqualTo(-1);
        assertThat(bio.shouldRead()).isTrue();
        assertThat(bio.write(new byte[4])).isEqualTo(-1);
        assertThat(bio.flush()).isZero();
    }

    @Test
    void inactiveIsAPlainPassThroughAndCanBeReactivated() {
        MemBio mem = MemBio.create();
        RetryInjectingBio bio = RetryInjectingBio.alwaysRetry();
        bio.push(mem);
        bio.setActive(false);
        assertThat(bio.isActive()).isFalse();
        assertThat(bio.write(ascii("xy"))).isEqualTo(2);
        assertThat(bio.flush()).isEqualTo(1);
        assertThat(bio.pending()).isEqualTo(2);
        assertThat(bio.read(new byte[1])).isEqualTo(1);
        bio.setActive(true);
        assertThat(bio.read(new byte[1])).isEqualTo(-1);
        assertThat(bio.injectedReadRetries()).isEqualTo(1);
        RetryInjectingBio lonely = new RetryInjectingBio(1, 0);
        assertThat(lonely.read(new byte[1])).isZero();
        assertThat(lonely.lastError().reason()).isEqualTo(BioError.Reason.NO_NEXT_BIO);
    }

    @Test
    void retryReturnIsMinusOneOrZero() {
        assertThatThrownBy(() -> RetryInjectingBio.alwaysRetry().setRetryReturn(-2))
                .hasMessageContaining("retry return must be -1 or 0: -2");
    }
}
