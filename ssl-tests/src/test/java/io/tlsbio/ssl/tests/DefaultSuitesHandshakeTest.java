package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every default suite and group handshakes: a tlsbio client offering just that TLS 1.2 suite (or
 * just that TLS 1.3 group) against a tlsbio server with the defaults, over memory BIOs, with an RSA
 * certificate for the RSA-authenticated suites and an ECDSA one for the ECDSA suites.
 */
class DefaultSuitesHandshakeTest {

    static Stream<String> defaultTls12Suites() {
        return Arrays.stream(SslContext.builder().build().ciphers())
                .mapToObj(SslContext::cipherName)
                .filter(n -> !n.startsWith("TLS_"));
    }

    static Stream<String> defaultGroups() {
        return Stream.of(
                "X25519",
                "P-256",
                "X448",
                "P-521",
                "P-384",
                "ffdhe2048",
                "ffdhe3072",
                "ffdhe4096",
                "ffdhe6144",
                "ffdhe8192");
    }

    @ParameterizedTest
    @MethodSource("defaultTls12Suites")
    void tls12Suite(String suite) {
        KeyType key = suite.contains("ECDSA") ? KeyType.ECDSA : KeyType.RSA;
        SslContext client = Contexts.clientBuilder(TlsVersion.TLS1_2).cipherList(suite).build();
        SslContext server = Contexts.serverBuilder(key, TlsVersion.TLS1_2).build();
        MemPair p = new MemPair(client, server).connect();
        assertThat(p.client.cipher()).isEqualTo(suite);
        assertThat(p.server.cipher()).isEqualTo(suite);
    }

    @ParameterizedTest
    @MethodSource("defaultGroups")
    void tls13Group(String group) {
        SslContext client = Contexts.clientBuilder(TlsVersion.TLS1_3).groups(group).build();
        SslContext server = Contexts.server(KeyType.ECDSA, TlsVersion.TLS1_3);
        MemPair p = new MemPair(client, server).connect();
        assertThat(p.client.cipher()).isEqualTo("TLS_AES_256_GCM_SHA384");
    }
}
