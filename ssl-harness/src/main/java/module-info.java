/**
 * The test harness: an in-memory PKI ({@link io.tlsbio.harness.TestPki}), two {@code Ssl}s over
 * memory BIOs driven in lockstep ({@link io.tlsbio.harness.TlsHarness}), record recording and
 * mutation.
 */
module io.tlsbio.harness {
    requires transitive io.tlsbio.ssl;
    requires transitive io.tlsbio.bio.mem;
    requires transitive io.tlsbio.bio.testkit;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.util;
    requires org.bouncycastle.pkix;

    exports io.tlsbio.harness;
}
