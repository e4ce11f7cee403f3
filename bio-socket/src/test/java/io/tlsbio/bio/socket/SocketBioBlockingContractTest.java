package io.tlsbio.bio.socket;

/** The Bio contract over a blocking SocketBio. */
class SocketBioBlockingContractTest extends AbstractSocketBioContractTest {

    @Override
    boolean nonBlocking() {
        return false;
    }
}
