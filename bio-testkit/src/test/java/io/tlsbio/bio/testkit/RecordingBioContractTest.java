package io.tlsbio.bio.testkit;

import io.tlsbio.bio.Bio;

/** The Bio contract for {@code new RecordingBio(true)} over a MemBio. */
class RecordingBioContractTest extends FilterContractTest {

    @Override
    protected Bio createFilter() {
        return new RecordingBio(true);
    }
}
