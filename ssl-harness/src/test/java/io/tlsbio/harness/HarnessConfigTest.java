package io.tlsbio.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.TlsVersion;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HarnessConfigTest {

    @Test
    void everyByteNamesAConfigurationAndTheLowFourBitsRoundTrip() {
        Set<HarnessConfig> seen = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            HarnessConfig c = HarnessConfig.fromByte(b);
            assertThat(c.toByte()).isEqualTo(b & 0x0f);
            assertThat(HarnessConfig.fromByte(c.toByte())).isEqualTo(c);
            assertThat(c.resumption()).isEqualTo(HarnessConfig.Resumption.NONE);
            seen.add(c);
        }
        assertThat(seen).hasSize(16).containsExactlyInAnyOrderElementsOf(HarnessConfig.all());
    }

    @Test
    void theBitsMeanWhatTheTableSays() {
        HarnessConfig c = HarnessConfig.fromByte(0b1111, 7);
        assertThat(c.version()).isEqualTo(TlsVersion.TLS1_3);
        assertThat(c.keyType()).isEqualTo(KeyType.ECDSA);
        assertThat(c.clientAuth()).isEqualTo(HarnessConfig.ClientAuth.REQUIRED);
        assertThat(c.keyShare()).isEqualTo(HarnessConfig.KeyShare.HELLO_RETRY);
        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.helloRetry()).isTrue();
        assertThat(c.label()).isEqualTo("tls13-ecdsa-clientauth-hrr");
        HarnessConfig d = HarnessConfig.fromByte(0b1000);
        assertThat(d.version()).isEqualTo(TlsVersion.TLS1_2);
        assertThat(d.keyType()).isEqualTo(KeyType.RSA);
        assertThat(d.helloRetry()).as("no HelloRetryRequest in TLS 1.2").isFalse();
        assertThat(d.label()).isEqualTo("tls12-rsa-p256");
    }

    @Test
    void labelsAreDistinct() {
        List<String> labels = HarnessConfig.all().stream().map(HarnessConfig::label).toList();
        assertThat(new HashSet<>(labels)).hasSize(16);
    }
}
