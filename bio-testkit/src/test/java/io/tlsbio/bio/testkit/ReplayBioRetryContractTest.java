package io.tlsbio.bio.testkit;

/** The Bio contract for a ReplayBio that ends in a retry, whole reads. */
class ReplayBioRetryContractTest extends ReplayBioContract {

    @Override
    protected ReplayBio createReplay() {
        return new ReplayBio(new byte[0], ReplayBio.AtEnd.RETRY);
    }
}
