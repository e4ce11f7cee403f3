package io.tlsbio.bio.buffer;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioContractTest;
import io.tlsbio.bio.mem.MemBio;

/**
 * The Bio contract over {@code BufferBio -> MemBio}: input is written into the MemBio, output is
 * read from it after the filter's flush. A 5-byte buffer makes every test cross its edge.
 */
class BufferBioOverMemContractTest extends BioContractTest {

    @Override
    protected Fixture createFixture() {
        MemBio mem = MemBio.create();
        BufferBio buf = BufferBio.create(5);
        buf.push(mem);
        return new Fixture() {
            @Override
            public Bio bio() {
                return buf;
            }

            @Override
            public void supply(byte[] data) {
                mem.write(data);
            }

            @Override
            public byte[] collect(int n) {
                return readFully(mem, n);
            }
        };
    }
}
