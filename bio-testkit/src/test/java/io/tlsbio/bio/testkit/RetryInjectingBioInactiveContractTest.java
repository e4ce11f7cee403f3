package io.tlsbio.bio.testkit;

import io.tlsbio.bio.Bio;

/** The Bio contract for {@code inactiveAlwaysRetry()} over a MemBio. */
class RetryInjectingBioInactiveContractTest extends FilterContractTest {

    @Override
    protected Bio createFilter() {
        return inactiveAlwaysRetry();
    }

    private static Bio inactiveAlwaysRetry() {
        RetryInjectingBio bio = RetryInjectingBio.alwaysRetry();
        bio.setActive(false);
        return bio;
    }
}
