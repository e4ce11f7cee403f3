package io.tlsbio.netty;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import java.util.List;

/** The contexts the tests use: one deterministic test PKI, CN/SAN localhost and 127.0.0.1. */
final class Contexts {

    /**
     * A deterministic PKI: its certificates are valid 2025..2045, so also for openssl at run time.
     */
    static final TestPki PKI = TestPki.create(20250101L);

    private Contexts() {}

    /**
     * A server for exactly {@code v} with {@code type}'s certificate; deterministic when {@code
     * seed != null}.
     */
    static SslContext.Builder server(TlsVersion v, KeyType type, Long seed) {
        TestCredential cred = PKI.server(type);
        SslContext.Builder b =
                SslContext.builder().versions(v, v).certificate(cred.chain(), cred.privateKey());
        return seed == null ? b : b.deterministic(seed);
    }

    /** A client for exactly {@code v} trusting the test CA and checking "localhost". */
    static SslContext.Builder client(TlsVersion v, Long seed) {
        SslContext.Builder b =
                SslContext.builder()
                        .versions(v, v)
                        .trust(List.of(PKI.ca().certificate()))
                        .hostName(TestPki.HOST);
        return seed == null ? b : b.deterministic(seed);
    }
}
