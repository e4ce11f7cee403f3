package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A demo case that cannot complete reports why, from the failing side's lastError(), and never
 * throws.
 */
class DemoCaseTest {

    private static final TestPki PKI = TestPki.shared();

    @ParameterizedTest
    @EnumSource(
            value = BioKind.class,
            names = {"MEM", "SOCKET", "SOCKET_NBIO"})
    void untrustedServerFailsTheCaseWithTheVerifyReason(BioKind kind) {
        TestCredential untrusted = PKI.untrustedServer(KeyType.ECDSA);
        SslContext server =
                SslContext.builder().certificate(untrusted.chain(), untrusted.privateKey()).build();

        DemoResult r =
                DemoCase.run(kind, TlsVersion.TLS1_3, client(TlsVersion.TLS1_3), server, null);

        assertThat(r.failed()).isTrue();
        assertThat(r.failure()).startsWith("client: ").contains("CERTIFICATE_VERIFY_FAILED");
        assertThat(r.clientResults()).endsWith("-1/SSL x1");
    }

    @ParameterizedTest
    @EnumSource(
            value = BioKind.class,
            names = {"PAIR", "CONNECT_ACCEPT"})
    void versionMismatchFailsWithTheAlert(BioKind kind) {
        TestCredential cred = PKI.server(KeyType.ECDSA);
        SslContext server =
                SslContext.builder()
                        .versions(TlsVersion.TLS1_3, TlsVersion.TLS1_3)
                        .certificate(cred.chain(), cred.privateKey())
                        .build();

        DemoResult r =
                DemoCase.run(kind, TlsVersion.TLS1_2, client(TlsVersion.TLS1_2), server, null);

        assertThat(r.failed()).isTrue();
        assertThat(r.failure()).contains("protocol_version");
        assertThat(r.cipher()).isNull();
    }

    private static SslContext client(TlsVersion v) {
        return SslContext.builder()
                .versions(v, v)
                .trust(List.of(PKI.ca().certificate()))
                .hostName(TestPki.HOST)
                .build();
    }
}
