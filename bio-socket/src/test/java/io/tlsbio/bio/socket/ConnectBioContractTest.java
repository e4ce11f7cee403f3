package io.tlsbio.bio.socket;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The Bio contract over a non-blocking ConnectBio, connected to a loopback listener before each
 * test.
 */
class ConnectBioContractTest extends BioContractTest {

    @Override
    protected Fixture createFixture() throws IOException {
        Loopback net = new Loopback();
        ServerSocketChannel server = net.listen();
        ConnectBio bio = ConnectBio.create("127.0.0.1:" + server.socket().getLocalPort());
        bio.setNonBlocking(true);
        if (ConnectBioTest.connectWaiting(bio) != 1) {
            throw new AssertionError("connect failed: " + bio.lastError());
        }
        SocketChannel peer = net.track(server.accept());
        return new Fixture() {
            @Override
            public Bio bio() {
                return bio;
            }

            @Override
            public void supply(byte[] data) {
                try {
                    Loopback.writeAll(peer, data);
                    Loopback.awaitReadable(bio.channel());
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
