package io.tlsbio.bio.testkit;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioContractTest;
import java.util.Arrays;

/**
 * The Bio contract over {@link ReplayBio}: what is supplied is appended to the playback, what is
 * collected comes from {@link ReplayBio#written()}. Subclassed once per configuration.
 */
abstract class ReplayBioContract extends BioContractTest {

    /** A fresh, empty ReplayBio in the configuration under test. */
    protected abstract ReplayBio createReplay();

    @Override
    protected Fixture createFixture() {
        ReplayBio replay = createReplay();
        return new Fixture() {
            private int collected;

            @Override
            public Bio bio() {
                return replay;
            }

            @Override
            public void supply(byte[] data) {
                replay.append(data);
            }

            @Override
            public byte[] collect(int n) {
                byte[] all = replay.written();
                if (all.length - collected < n) {
                    throw new AssertionError(
                            "only " + (all.length - collected) + " of " + n + " bytes written");
                }
                byte[] out = Arrays.copyOfRange(all, collected, collected + n);
                collected += n;
                return out;
            }

            @Override
            public boolean emptyReadRetries() {
                return replay.atEnd() == ReplayBio.AtEnd.RETRY;
            }
        };
    }
}
