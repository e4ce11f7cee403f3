package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.TlsVersion;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MemBioHandshakeSmokeTest {

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void crossWiredMemBios(TlsVersion v) {
        MemBio c2s = MemBio.create();
        MemBio s2c = MemBio.create();
        Ssl client = Contexts.client(v).newSsl();
        Ssl server = Contexts.server(KeyType.ECDSA, v).newSsl();
        client.setBio(s2c, c2s);
        server.setBio(c2s, s2c);
        client.setConnectState();
        server.setAcceptState();
        Driver d = new Driver();
        d.handshake(client, server, () -> {});
        assertThat(client.version()).isEqualTo(v);
        assertThat(server.cipher()).isEqualTo(client.cipher());
        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        assertThat(Driver.transfer(client, server, data, () -> {})).isEqualTo(data);
        assertThat(Driver.transfer(server, client, data, () -> {})).isEqualTo(data);
        assertThat(server.shutdown()).isZero();
        byte[] b = new byte[10];
        assertThat(client.read(b, 0, 10)).isZero();
        assertThat(client.getError(0)).isEqualTo(SslError.ZERO_RETURN);
        assertThat(client.shutdown()).isEqualTo(1);
        assertThat(server.shutdown()).isEqualTo(1);
    }
}
