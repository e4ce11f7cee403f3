package io.tlsbio.bio.socket;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;

/** The Bio contract over one end of a connected loopback pair; the other end is the test's peer. */
abstract class AbstractSocketBioContractTest extends BioContractTest {

    abstract boolean nonBlocking();

    @Override
    protected Fixture createFixture() throws IOException {
        Loopback net = new Loopback();
        SocketChannel[] pair = net.pair();
        SocketBio bio = SocketBio.wrap(pair[0], true);
        bio.setNonBlocking(nonBlocking());
        SocketChannel peer = pair[1];
        return new Fixture() {
            @Override
            public Bio bio() {
                return bio;
            }

            @Override
            public void supply(byte[] data) {
                try {
                    Loopback.writeAll(peer, data);
                    if (nonBlocking()) {
                        // the contract expects supplied bytes to be readable at once
                        Loopback.awaitReadable(pair[0]);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public byte[] collect(int n) {
                try {
                    return Loopback.readExactly(peer, n);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean emptyReadRetries() {
                return nonBlocking();
            }

            @Override
            public void close() {
                if (!bio.isClosed()) {
                    bio.setCallback(null);
                }
                bio.closeAll();
                net.close();
            }
        };
    }
}
