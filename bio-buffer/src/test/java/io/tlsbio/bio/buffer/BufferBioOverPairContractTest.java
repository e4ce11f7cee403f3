package io.tlsbio.bio.buffer;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioContractTest;
import io.tlsbio.bio.pair.BioPair;

/**
 * The Bio contract over {@code BufferBio -> BioPair.End}: input is written into the peer end,
 * output is read from the peer end. A 3-byte filter buffer over a 16-byte pair buffer: the
 * contract's writes cross the filter's edge but fit the pair, which nobody drains until collect().
 */
class BufferBioOverPairContractTest extends BioContractTest {

    @Override
    protected Fixture createFixture() {
        BioPair pair = BioPair.create(16, 16);
        BioPair.End peer = pair.second();
        BufferBio buf = BufferBio.create(3);
        buf.push(pair.first());
        return new Fixture() {
            @Override
            public Bio bio() {
                return buf;
            }

            @Override
            public void supply(byte[] data) {
                writeFully(peer, data);
            }

            @Override
            public byte[] collect(int n) {
                return readFully(peer, n);
            }

            @Override
            public void close() {
                buf.closeAll();
                peer.close();
            }
        };
    }
}
