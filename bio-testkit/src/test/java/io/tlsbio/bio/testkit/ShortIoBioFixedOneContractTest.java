package io.tlsbio.bio.testkit;

import io.tlsbio.bio.Bio;

/** The Bio contract for {@code ShortIoBio.fixed(1)} over a MemBio. */
class ShortIoBioFixedOneContractTest extends FilterContractTest {

    @Override
    protected Bio createFilter() {
        return ShortIoBio.fixed(1);
    }
}
