package io.tlsbio.bio.mem;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioContractTest;

/** The Bio contract over a read-only MemBio: each supply makes a fresh BIO over the data. */
class MemBioReadOnlyContractTest extends BioContractTest {

    @Override
    protected Fixture createFixture() {
        return new Fixture() {
            MemBio mem = MemBio.readOnly(new byte[0]);

            @Override
            public Bio bio() {
                return mem;
            }

            @Override
            public void supply(byte[] data) {
                MemBio fresh = MemBio.readOnly(data);
                fresh.setCallback(mem.callback());
                mem = fresh;
            }

            @Override
            public byte[] collect(int n) {
                throw new UnsupportedOperationException("read-only");
            }

            @Override
            public boolean emptyReadRetries() {
                return false;
            }

            @Override
            public boolean writable() {
                return false;
            }
        };
    }
}
