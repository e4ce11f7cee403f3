package io.tlsbio.cli;

import io.tlsbio.ssl.TlsVersion;

/**
 * One row pair of the demo table: how a client and a server fared over one BIO kind and version.
 *
 * @param kind the BIO setup
 * @param version the version both were limited to
 * @param cipher the negotiated suite, or null if the handshake did not finish
 * @param clientCalls how many times the client called doHandshake()
 * @param clientResults the client's distinct doHandshake() results ({@link
 *     CallLog#handshakeSummary()})
 * @param serverCalls as for the client
 * @param serverResults as for the client
 * @param clientBytesOut bytes the client wrote into its BIO: handshake, records, close_notify
 * @param serverBytesOut bytes the server wrote into its BIO
 * @param handshakeMs from the first doHandshake() until both returned 1
 * @param totalMs handshake, data both ways and close
 * @param failure why the case failed (lastError() of the side that failed), or null
 */
record DemoResult(
        BioKind kind,
        TlsVersion version,
        String cipher,
        int clientCalls,
        String clientResults,
        int serverCalls,
        String serverResults,
        long clientBytesOut,
        long serverBytesOut,
        long handshakeMs,
        long totalMs,
        String failure) {

    boolean failed() {
        return failure != null;
    }
}
