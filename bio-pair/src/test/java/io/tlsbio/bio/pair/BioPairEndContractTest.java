package io.tlsbio.bio.pair;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioContractTest;

/**
 * The Bio contract over one end of a {@link BioPair}: input is written into the peer end, output is
 * read from the peer end. Subclassed once per end ({@link BioPairFirstEndContractTest}, {@link
 * BioPairSecondEndContractTest}).
 */
abstract class BioPairEndContractTest extends BioContractTest {

    /** Which end of {@code pair} is under test. */
    abstract BioPair.End endUnderTest(BioPair pair);

    @Override
    protected Fixture createFixture() {
        BioPair pair = BioPair.create(64, 128);
        BioPair.End end = endUnderTest(pair);
        BioPair.End peer = end.peer();
        return new Fixture() {
            @Override
            public Bio bio() {
                return end;
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
                end.close();
                peer.close();
            }
        };
    }
}
