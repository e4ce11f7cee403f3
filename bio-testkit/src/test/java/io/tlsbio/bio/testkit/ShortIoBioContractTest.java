package io.tlsbio.bio.testkit;

import io.tlsbio.bio.Bio;

/** The Bio contract for {@code new ShortIoBio(42, 3)} over a MemBio. */
class ShortIoBioContractTest extends FilterContractTest {

    @Override
    protected Bio createFilter() {
        return new ShortIoBio(42, 3);
    }
}
