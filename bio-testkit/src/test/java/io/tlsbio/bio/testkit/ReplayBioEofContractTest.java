package io.tlsbio.bio.testkit;

/** The Bio contract for a ReplayBio that ends in EOF, whole reads. */
class ReplayBioEofContractTest extends ReplayBioContract {

    @Override
    protected ReplayBio createReplay() {
        return new ReplayBio(new byte[0], ReplayBio.AtEnd.EOF);
    }
}
