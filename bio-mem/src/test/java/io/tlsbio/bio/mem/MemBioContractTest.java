package io.tlsbio.bio.mem;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioContractTest;

/** The Bio contract over a read-write MemBio, which is its own source and sink. */
class MemBioContractTest extends BioContractTest {

    @Override
    protected Fixture createFixture() {
        MemBio mem = MemBio.create();
        return new Fixture() {
            @Override
            public Bio bio() {
                return mem;
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
