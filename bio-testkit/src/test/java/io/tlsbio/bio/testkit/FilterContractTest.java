package io.tlsbio.bio.testkit;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioContractTest;
import io.tlsbio.bio.mem.MemBio;

/** The Bio contract for a testkit filter in front of a read-write MemBio. */
abstract class FilterContractTest extends BioContractTest {

    /** A fresh filter, configured so that it does not break the contract's expectations. */
    protected abstract Bio createFilter();

    @Override
    protected Fixture createFixture() {
        MemBio mem = MemBio.create();
        Bio filter = createFilter();
        filter.push(mem);
        return new Fixture() {
            @Override
            public Bio bio() {
                return filter;
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
