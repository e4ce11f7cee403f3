package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.KeyLogFile;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.TmpKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Key logging, keying-material exporters, the negotiated group and the peer's signature between a
 * tlsbio client and a tlsbio server over memory BIOs: what one side logs and exports the other side
 * logs and exports too. Against the real openssl: {@code interop.KeyLogExporterInteropTest}.
 */
class KeyLogAndExporterTest {

    @TempDir Path dir;

    /** Lines of one connection's key log, with the Ssl that produced each. */
    private static final class Lines {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final Set<Ssl> from = Collections.synchronizedSet(new HashSet<>());
    }

    private static MemPair pair(TlsVersion v, KeyType type, Lines client, Lines server) {
        SslContext.Builder c = Contexts.clientBuilder(v);
        SslContext.Builder s = Contexts.serverBuilder(type, v);
        if (client != null) {
            c.keyLogCallback(
                    (ssl, line) -> {
                        client.from.add(ssl);
                        client.lines.add(line);
                    });
        }
        if (server != null) {
            s.keyLogCallback(
                    (ssl, line) -> {
                        server.from.add(ssl);
                        server.lines.add(line);
                    });
        }
        return new MemPair(c.build(), s.build()).connect();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void bothSidesLogTheSameSecretsUnderOpenSslLabels(TlsVersion v) {
        Lines client = new Lines();
        Lines server = new Lines();
        MemPair p = pair(v, KeyType.ECDSA, client, server);
        assertThat(client.from).containsExactly(p.client);
        assertThat(server.from).containsExactly(p.server);
        assertThat(new HashSet<>(client.lines)).isEqualTo(new HashSet<>(server.lines));
        List<String> labels =
                client.lines.stream()
                        .map(l -> l.split(" ")[0])
                        .sorted()
                        .collect(Collectors.toList());
        if (v == TlsVersion.TLS1_2) {
            assertThat(labels).containsExactly("CLIENT_RANDOM");
        } else {
            assertThat(labels)
                    .containsExactly(
                            "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
                            "CLIENT_TRAFFIC_SECRET_0",
                            "EXPORTER_SECRET",
                            "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                            "SERVER_TRAFFIC_SECRET_0");
        }
        // 32-byte client random; the TLS 1.2 master secret is 48 bytes, TLS 1.3 secrets a SHA-384
        // (AES-256-GCM) hash
        for (String l : client.lines) {
            assertThat(l).matches("[A-Z_0]+ [0-9a-f]{64} [0-9a-f]{96}");
        }
        // the handshake traffic secrets differ from the application ones, which bctls puts in their
        // place
        assertThat(client.lines.stream().map(l -> l.split(" ")[2]).distinct())
                .hasSize(client.lines.size());
    }

    @Test
    void aHandshakeThatFailsAfterTheServerHelloHasLoggedItsHandshakeSecrets() {
        Lines client = new Lines();
        // the client trusts another CA: it fails on the server's certificate, after the ServerHello
        SslContext c =
                SslContext.builder()
                        .versions(TlsVersion.TLS1_3, TlsVersion.TLS1_3)
                        .trust(List.of(Contexts.pki().untrustedCa().certificate()))
                        .hostName("localhost")
                        .keyLogCallback((ssl, line) -> client.lines.add(line))
                        .build();
        MemPair p = new MemPair(c, Contexts.server(KeyType.ECDSA, TlsVersion.TLS1_3));
        SslError last = SslError.NONE;
        for (int round = 0; round < 10 && last != SslError.SSL; round++) {
            last = p.client.getError(p.client.doHandshake());
            p.server.doHandshake();
        }
        assertThat(last).isEqualTo(SslError.SSL);
        assertThat(client.lines.stream().map(l -> l.split(" ")[0]))
                .containsExactlyInAnyOrder(
                        "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET");
        assertThatThrownBy(() -> p.client.exportKeyingMaterial("EXPERIMENTING", null, 8))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void afterAHelloRetryRequestTheSecretsOfTheSecondHelloAreLogged() {
        Lines client = new Lines();
        Lines server = new Lines();
        // the client's key share is for x25519, the server takes only P-384: a HelloRetryRequest
        SslContext c =
                Contexts.clientBuilder(TlsVersion.TLS1_3)
                        .groups("X25519:P-384")
                        .keyLogCallback((ssl, line) -> client.lines.add(line))
                        .build();
        SslContext s =
                Contexts.serverBuilder(KeyType.ECDSA, TlsVersion.TLS1_3)
                        .groups("P-384")
                        .keyLogCallback((ssl, line) -> server.lines.add(line))
                        .build();
        MemPair p = new MemPair(c, s).connect();
        assertThat(p.client.negotiatedGroup()).isEqualTo("secp384r1");
        assertThat(client.lines).hasSize(5);
        assertThat(new HashSet<>(client.lines)).isEqualTo(new HashSet<>(server.lines));
        assertThat(p.client.exportKeyingMaterial("EXPERIMENTING", null, 16))
                .isEqualTo(p.server.exportKeyingMaterial("EXPERIMENTING", null, 16));
    }

    @Test
    void noCallbackNoLines() {
        Lines server = new Lines();
        MemPair p = pair(TlsVersion.TLS1_3, KeyType.RSA, null, server);
        assertThat(server.lines).hasSize(5);
        assertThat(p.client.getSslContext().keyLogCallback()).isNull();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void keyLogFileAppendsOneLinePerSecretAfterAHeader(TlsVersion v) throws IOException {
        Path file = dir.resolve("keys.log");
        try (KeyLogFile log = KeyLogFile.open(file)) {
            SslContext c = Contexts.clientBuilder(v).keyLogCallback(log).build();
            new MemPair(c, Contexts.server(KeyType.ECDSA, v)).connect();
            new MemPair(c, Contexts.server(KeyType.ECDSA, v)).connect();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        int perConnection = v == TlsVersion.TLS1_2 ? 1 : 5;
        assertThat(lines).hasSize(1 + 2 * perConnection);
        assertThat(lines.get(0)).startsWith("# SSL/TLS secrets log file");
        try (KeyLogFile again = KeyLogFile.open(file)) {
            assertThat(again.path()).isEqualTo(file);
        }
        // appending to a file that has lines writes no second header
        assertThat(Files.readAllLines(file)).hasSize(1 + 2 * perConnection);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void bothSidesExportTheSameKeyingMaterial(TlsVersion v) {
        MemPair p = pair(v, KeyType.RSA, null, null);
        byte[] c = p.client.exportKeyingMaterial("EXPERIMENTING", null, 20);
        assertThat(c)
                .hasSize(20)
                .isEqualTo(p.server.exportKeyingMaterial("EXPERIMENTING", null, 20));
        byte[] withContext =
                p.client.exportKeyingMaterial("EXPERIMENTING", new byte[] {1, 2, 3}, 20);
        assertThat(withContext)
                .isNotEqualTo(c)
                .isEqualTo(
                        p.server.exportKeyingMaterial("EXPERIMENTING", new byte[] {1, 2, 3}, 20));
        byte[] empty = p.client.exportKeyingMaterial("EXPERIMENTING", new byte[0], 20);
        if (v == TlsVersion.TLS1_3) {
            // RFC 8446: no context is the empty context
            assertThat(empty).isEqualTo(c);
        } else {
            // RFC 5705: an empty context is still a context (its length goes into the seed)
            assertThat(empty).isNotEqualTo(c);
        }
        assertThat(p.client.exportKeyingMaterial("other label", null, 20)).isNotEqualTo(c);
        byte[] longer = p.client.exportKeyingMaterial("EXPERIMENTING", null, 64);
        // the TLS 1.2 PRF is a stream; TLS 1.3's HKDF label carries the length
        assertThat(java.util.Arrays.equals(longer, 0, 20, c, 0, 20))
                .isEqualTo(v == TlsVersion.TLS1_2);
    }

    @Test
    void exporterRefusesWhatOpenSslRefuses() {
        MemPair tls12 = pair(TlsVersion.TLS1_2, KeyType.ECDSA, null, null);
        assertThatThrownBy(() -> tls12.client.exportKeyingMaterial("key expansion", null, 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("illegal exporter label");
        assertThatThrownBy(() -> tls12.client.exportKeyingMaterial("master secretX", null, 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tls12.client.exportKeyingMaterial("EXPERIMENTING", null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        MemPair tls13 = pair(TlsVersion.TLS1_3, KeyType.ECDSA, null, null);
        // TLS 1.3 has no reserved labels, and an empty output is fine
        assertThat(tls13.client.exportKeyingMaterial("key expansion", null, 16)).hasSize(16);
        assertThat(tls13.client.exportKeyingMaterial("EXPERIMENTING", null, 0)).isEmpty();
        assertThatThrownBy(() -> tls13.client.exportKeyingMaterial("x".repeat(250), null, 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                tls13.client.exportKeyingMaterial(
                                        "EXPERIMENTING", null, 255 * 48 + 1))
                .isInstanceOf(IllegalArgumentException.class);
        Ssl fresh = Contexts.client(TlsVersion.TLS1_3).newSsl();
        assertThatThrownBy(() -> fresh.exportKeyingMaterial("EXPERIMENTING", null, 16))
                .isInstanceOf(IllegalStateException.class);
        tls13.client.free();
        assertThatThrownBy(() -> tls13.client.exportKeyingMaterial("EXPERIMENTING", null, 16))
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void groupTmpKeyAndPeerSignature(TlsVersion v) {
        MemPair p = pair(v, KeyType.ECDSA, null, null);
        assertThat(p.client.negotiatedGroup())
                .isEqualTo("x25519")
                .isEqualTo(p.server.negotiatedGroup());
        assertThat(p.client.peerTmpKey()).isEqualTo(new TmpKey(TmpKey.Type.X25519, "x25519", 253));
        // OpenSSL's TLS 1.2 server has no peer temp key; in TLS 1.3 it has the client's share
        assertThat(p.server.peerTmpKey())
                .isEqualTo(v == TlsVersion.TLS1_2 ? null : p.client.peerTmpKey());
        assertThat(p.client.peerSignatureType()).isEqualTo("ECDSA");
        assertThat(p.client.peerSignatureDigest()).isEqualTo("SHA256");
        assertThat(p.client.peerSignatureScheme()).isEqualTo("ecdsa_secp256r1_sha256");
        // the client signed nothing
        assertThat(p.server.peerSignatureType()).isNull();
        assertThat(p.server.peerSignatureDigest()).isNull();
        MemPair rsa = pair(v, KeyType.RSA, null, null);
        assertThat(rsa.client.peerSignatureType()).isEqualTo("RSA-PSS");
        assertThat(rsa.client.peerSignatureScheme()).isEqualTo("rsa_pss_rsae_sha256");
    }

    @Test
    void groupsAsOpenSslNamesThem() {
        for (String g :
                List.of(
                        "P-256:secp256r1:prime256v1",
                        "P-384:secp384r1:secp384r1",
                        "X448:x448:x448",
                        "ffdhe2048:ffdhe2048:ffdhe2048")) {
            String[] f = g.split(":");
            for (TlsVersion v : TlsVersion.values()) {
                if (v == TlsVersion.TLS1_2 && f[0].startsWith("ffdhe")) {
                    continue; // TLS 1.2 names no group for DHE
                }
                SslContext c = Contexts.clientBuilder(v).groups(f[0]).build();
                MemPair p =
                        new MemPair(c, Contexts.serverBuilder(KeyType.RSA, v).groups(f[0]).build())
                                .connect();
                assertThat(p.client.negotiatedGroup()).as(g + " " + v).isEqualTo(f[1]);
                assertThat(p.server.negotiatedGroup()).as(g + " " + v).isEqualTo(f[1]);
            }
        }
    }

    @Test
    void tls12DheHasNoGroupButAPeerKeyOfThePrimeSize() {
        SslContext c =
                Contexts.clientBuilder(TlsVersion.TLS1_2)
                        .cipherList("DHE-RSA-AES128-GCM-SHA256")
                        .build();
        MemPair p = new MemPair(c, Contexts.server(KeyType.RSA, TlsVersion.TLS1_2)).connect();
        assertThat(p.client.cipher()).isEqualTo("DHE-RSA-AES128-GCM-SHA256");
        assertThat(p.client.negotiatedGroup()).isNull();
        assertThat(p.server.negotiatedGroup()).isNull();
        assertThat(p.client.peerTmpKey()).isEqualTo(new TmpKey(TmpKey.Type.DH, null, 2048));
        assertThat(p.client.peerSignatureType()).isEqualTo("RSA-PSS");
    }

    @Test
    void tls12RsaKeyTransportHasNoGroupNoTmpKeyNoPeerSignature() {
        SslContext c =
                Contexts.clientBuilder(TlsVersion.TLS1_2).cipherList("AES128-GCM-SHA256").build();
        MemPair p = new MemPair(c, Contexts.server(KeyType.RSA, TlsVersion.TLS1_2)).connect();
        assertThat(p.client.negotiatedGroup()).isNull();
        assertThat(p.client.peerTmpKey()).isNull();
        assertThat(p.client.peerSignatureType()).isNull();
        assertThat(p.client.exportKeyingMaterial("EXPERIMENTING", null, 8))
                .isEqualTo(p.server.exportKeyingMaterial("EXPERIMENTING", null, 8));
    }

    @Test
    void beforeTheHandshakeNothingIsKnown() {
        Ssl s = Contexts.client(TlsVersion.TLS1_3).newSsl();
        assertThat(s.negotiatedGroup()).isNull();
        assertThat(s.peerTmpKey()).isNull();
        assertThat(s.peerSignatureScheme()).isNull();
    }
}
