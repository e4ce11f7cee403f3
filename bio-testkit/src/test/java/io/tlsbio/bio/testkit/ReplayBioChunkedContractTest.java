package io.tlsbio.bio.testkit;

/** The Bio contract for a ReplayBio that ends in a retry, reads cut to a seeded 1..3 bytes. */
class ReplayBioChunkedContractTest extends ReplayBioContract {

    @Override
    protected ReplayBio createReplay() {
        return new ReplayBio(new byte[0], ReplayBio.AtEnd.RETRY, 7, 3);
    }
}
