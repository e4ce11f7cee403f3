package io.tlsbio.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsbio.harness.Outcome;
import io.tlsbio.harness.Role;
import io.tlsbio.harness.TlsHarness;

/**
 * A deterministic, strict tlsbio server fed what a client might send ({@link TlsInput}: config
 * byte, mode byte, payload), run by {@link TlsHarness#feedServer} to its end and checked by {@link
 * TlsChecks}. A bug inside tlsbio or bctls escapes as {@code InternalBugException}.
 */
class ServerFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void feedServer(byte[] data) {
        TlsInput in = TlsInput.decode(Role.SERVER, data);
        Outcome o = TlsHarness.feedServer(in.config(), in.peerBytes());
        TlsChecks.check(o, in);
    }
}
