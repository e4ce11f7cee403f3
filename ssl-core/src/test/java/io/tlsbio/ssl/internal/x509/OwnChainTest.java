package io.tlsbio.ssl.internal.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.internal.x509.Pki.Cert;
import java.security.cert.TrustAnchor;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chain an endpoint sends for its own certificate (ssl_add_cert_chain). */
class OwnChainTest {

    private static final Cert ROOT = Pki.root("Root");
    private static final Cert INT = Pki.intermediate("Int", ROOT);
    private static final Cert LEAF = Pki.leaf("leaf.example.com", INT);
    private static final Clock CLOCK = Clock.fixed(Pki.NOW, ZoneOffset.UTC);

    private static Set<TrustAnchor> store(Cert... certs) {
        return Set.of(certs).stream()
                .map(c -> new TrustAnchor(c.cert(), null))
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void configuredChainCertificatesAreSentAsTheyAre() {
        assertThat(OwnChain.ownChain(LEAF.cert(), List.of(INT.cert()), store(ROOT, INT), CLOCK))
                .containsExactly(LEAF.cert(), INT.cert());
    }

    @Test
    void withoutThemTheChainIsBuiltFromTheStoreRootIncluded() {
        assertThat(OwnChain.ownChain(LEAF.cert(), List.of(), store(ROOT, INT), CLOCK))
                .containsExactly(LEAF.cert(), INT.cert(), ROOT.cert());
    }

    @Test
    void anIncompleteStoreGivesAsMuchAsItHas() {
        assertThat(OwnChain.ownChain(LEAF.cert(), List.of(), store(INT), CLOCK))
                .containsExactly(LEAF.cert(), INT.cert());
        assertThat(OwnChain.ownChain(LEAF.cert(), List.of(), store(), CLOCK))
                .containsExactly(LEAF.cert());
        assertThat(OwnChain.ownChain(LEAF.cert(), null, null, CLOCK)).containsExactly(LEAF.cert());
    }

    @Test
    void aSelfSignedCertificateInTheStoreIsSentAlone() {
        Cert self = Pki.cert("CN=self").build();

        assertThat(OwnChain.ownChain(self.cert(), List.of(), store(self, ROOT), CLOCK))
                .containsExactly(self.cert());
    }
}
