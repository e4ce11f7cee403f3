package io.tlsbio.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsbio.harness.Outcome;
import io.tlsbio.harness.Role;
import io.tlsbio.harness.TlsHarness;

/**
 * A deterministic, strict tlsbio client fed what a server might send ({@link TlsInput}: config
 * byte, mode byte, payload), run by {@link TlsHarness#feedClient} to its end and checked by {@link
 * TlsChecks}. A bug inside tlsbio or bctls escapes as {@code InternalBugException}.
 */
class ClientFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void feedClient(byte[] data) {
        TlsInput in = TlsInput.decode(Role.CLIENT, data);
        Outcome o = TlsHarness.feedClient(in.config(), in.peerBytes());
        TlsChecks.check(o, in);
    }
}
