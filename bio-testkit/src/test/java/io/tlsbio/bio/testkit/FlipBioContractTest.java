package io.tlsbio.bio.testkit;

import io.tlsbio.bio.Bio;

/** The Bio contract for {@code new FlipBio()} over a MemBio. */
class FlipBioContractTest extends FilterContractTest {

    @Override
    protected Bio createFilter() {
        return new FlipBio();
    }
}
