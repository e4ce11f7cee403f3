package io.tlsbio.ssl.tests;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import java.util.List;

/** Client and server contexts over the shared test PKI. */
final class Contexts {

    private Contexts() {}

    static TestPki pki() {
        return TestPki.shared();
    }

    static SslContext.Builder serverBuilder(KeyType type, TlsVersion version) {
        TestCredential cred = pki().server(type);
        return SslContext.builder()
                .versions(version, version)
                .certificate(cred.chain(), cred.privateKey());
    }

    static SslContext server(KeyType type, TlsVersion version) {
        return serverBuilder(type, version).build();
    }

    static SslContext.Builder clientBuilder(TlsVersion version) {
        return SslContext.builder()
                .versions(version, version)
                .trust(List.of(pki().ca().certificate()))
                .hostName(TestPki.HOST);
    }

    static SslContext client(TlsVersion version) {
        return clientBuilder(version).build();
    }
}
