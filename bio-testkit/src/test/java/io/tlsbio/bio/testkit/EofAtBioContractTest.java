package io.tlsbio.bio.testkit;

import io.tlsbio.bio.Bio;

/** The Bio contract for {@code new EofAtBio(1 << 20, 1 << 20)} over a MemBio. */
class EofAtBioContractTest extends FilterContractTest {

    @Override
    protected Bio createFilter() {
        return new EofAtBio(1 << 20, 1 << 20);
    }
}
