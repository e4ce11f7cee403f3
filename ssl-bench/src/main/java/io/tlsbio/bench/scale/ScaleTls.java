package io.tlsbio.bench.scale;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import java.util.List;

/**
 * The TLS contexts both ends of the scale benchmarks use: an ECDSA server of a deterministic test
 * PKI.
 */
final class ScaleTls {

    /** What each client sends once and the server echoes. */
    static final int MESSAGE_SIZE = 32;

    /** The same PKI in the server and the client process: a deterministic one. */
    private static final TestPki PKI = TestPki.create(2026_12_02L);

    private ScaleTls() {}

    static SslContext server() {
        TestCredential cred = PKI.server(KeyType.ECDSA);
        return SslContext.builder().certificate(cred.chain(), cred.privateKey()).build();
    }

    /** A verifying client without a session cache: every handshake is a full one. */
    static SslContext client() {
        return SslContext.builder()
                .trust(List.of(PKI.ca().certificate()))
                .hostName(TestPki.HOST)
                .sessionCacheMode(io.tlsbio.ssl.SessionCacheMode.OFF)
                .build();
    }

    static boolean isRetry(SslError e) {
        return e == SslError.WANT_READ || e == SslError.WANT_WRITE || e == SslError.WANT_CONNECT;
    }
}
