package io.tlsbio.harness.fuzz;

import io.tlsbio.harness.Outcome;
import io.tlsbio.harness.TlsHarness;
import io.tlsbio.ssl.SslReason;

/**
 * What the TLS fuzz targets assert about every run, beyond "no exception": the contract's endings
 * only, the call cap, a bound on the bytes written, and no internal_error (which would mean tlsbio
 * or bctls met something it did not expect; MutationTest asserts the same).
 */
final class TlsChecks {

    /**
     * Bytes written per input byte: the worst answer ratio is a TLS 1.2 no_renegotiation warning (a
     * 31-byte record with AES-GCM) per 4-byte HelloRequest.
     */
    static final int WRITE_FACTOR = 8;

    /**
     * Bytes written whatever the input: two ClientHellos or a server flight with an RSA chain, and
     * room.
     */
    static final int WRITE_CONSTANT = 32 * 1024;

    private static final int INTERNAL_ERROR_ALERT = 80;

    private TlsChecks() {}

    static void check(Outcome o, TlsInput in) {
        String what =
                o.summary() + (in.mutations().isEmpty() ? "" : "; mutations " + in.mutations());
        BioFuzzTest.require(o.endedWithinContract(), "not a contract ending: " + what);
        BioFuzzTest.require(o.calls() <= TlsHarness.callCap(o.inputLength()), "call cap: " + what);
        BioFuzzTest.require(
                o.bytesWritten() <= (long) WRITE_FACTOR * o.inputLength() + WRITE_CONSTANT,
                "wrote too much: " + what);
        BioFuzzTest.require(
                o.bytesConsumed() <= o.inputLength(), "consumed more than the input: " + what);
        BioFuzzTest.require(o.reason() != SslReason.INTERNAL_ERROR, "internal error: " + what);
        BioFuzzTest.require(
                o.alertSent() != INTERNAL_ERROR_ALERT, "internal_error alert sent: " + what);
        BioFuzzTest.require(o.internalBugs() == 0, "internal bugs counted: " + what);
    }
}
