package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.testkit.RecordingBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.DeterministicRandom;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsCryptos;
import io.tlsbio.ssl.TlsVersion;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Acceptance case 29 (docs/contract.md §7) and the fuzzing mode of docs/decisions.md: seeded
 * randomness, a fixed clock and a seeded PKI give byte-identical transcripts run after run.
 */
class DeterminismTest {

    private static final Clock FIXED =
            Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static byte[][] transcript(TlsVersion v, long seed) {
        TestPki pki = TestPki.create(seed);
        TestCredential cred = pki.server(KeyType.ECDSA);
        SslContext server =
                SslContext.builder()
                        .versions(v, v)
                        .certificate(cred.chain(), cred.privateKey())
                        .crypto(
                                TlsCryptos.deterministic(
                                        new DeterministicRandom(seed).derive("server")))
                        .clock(FIXED)
                        .build();
        SslContext client =
                SslContext.builder()
                        .versions(v, v)
                        .trust(List.of(pki.ca().certificate()))
                        .hostName(TestPki.HOST)
                        .crypto(
                                TlsCryptos.deterministic(
                                        new DeterministicRandom(seed).derive("client")))
                        .clock(FIXED)
                        .build();
        RecordingBio clientOut = new RecordingBio();
        RecordingBio serverOut = new RecordingBio();
        MemBio c2s = MemBio.create();
        MemBio s2c = MemBio.create();
        clientOut.push(c2s);
        serverOut.push(s2c);
        Ssl c = client.newSsl();
        Ssl s = server.newSsl();
        c.setBio(s2c, clientOut);
        s.setBio(c2s, serverOut);
        c.setConnectState();
        s.setAcceptState();
        new Driver().handshake(c, s, () -> {});
        byte[] data = new byte[5000];
        Driver.transfer(c, s, data, () -> {});
        Driver.transfer(s, c, data, () -> {});
        return new byte[][] {clientOut.writtenTranscript(), serverOut.writtenTranscript()};
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void case29_sameSeedSameTranscript(TlsVersion v) {
        byte[][] a = transcript(v, 1485898104L);
        byte[][] b = transcript(v, 1485898104L);
        assertThat(a[0]).isNotEmpty().isEqualTo(b[0]);
        assertThat(a[1]).isNotEmpty().isEqualTo(b[1]);
        byte[][] other = transcript(v, 42L);
        assertThat(other[0]).isNotEqualTo(a[0]);
    }
}
