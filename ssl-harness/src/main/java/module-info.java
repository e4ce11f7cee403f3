/**
 * The test harness: an in-memory PKI ({@link io.tlsbio.harness.TestPki}), two {@code Ssl}s over
 * memory BIOs driven in lockstep ({@link io.tlsbio.harness.TlsHarness}), record recording and
 * mutation, the transports the demo and the tests share, and the openssl process runner.
 */
module io.tlsbio.harness {
    requires transitive io.tlsbio.ssl;
    requires transitive io.tlsbio.bio.mem;
    requires transitive io.tlsbio.bio.testkit;
    requires transitive io.tlsbio.bio.pair;
    requires transitive io.tlsbio.bio.buffer;
    requires transitive io.tlsbio.bio.socket;
    requires org.slf4j;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.util;
    requires org.bouncycastle.pkix;

    exports io.tlsbio.harness;
}
