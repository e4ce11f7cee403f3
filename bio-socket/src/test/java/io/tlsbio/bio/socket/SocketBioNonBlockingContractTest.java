package io.tlsbio.bio.socket;

/** The Bio contract over a non-blocking SocketBio: an empty read is -1 with retry-read. */
class SocketBioNonBlockingContractTest extends AbstractSocketBioContractTest {

    @Override
    boolean nonBlocking() {
        return true;
    }
}
