/** BIOs for tests: short reads and writes, injected retries, recording and replay. */
module io.tlsbio.bio.testkit {
    requires transitive io.tlsbio.bio;

    exports io.tlsbio.bio.testkit;
}
