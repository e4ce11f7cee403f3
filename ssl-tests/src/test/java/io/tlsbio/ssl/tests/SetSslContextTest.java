package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.ServerNameCallback;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.VerifyMode;
import io.tlsbio.ssl.VerifyResult;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code Ssl.setSslContext} as OpenSSL's {@code SSL_set_SSL_CTX}: the new context brings its
 * certificates and the trust store client certificates are verified against, while the verify mode
 * stays the connection's own. A server whose default context trusts nothing of the client's moves a
 * client that names {@code localhost} to a context trusting the client's CA: that client is
 * accepted, one naming nothing is refused with unknown_ca.
 */
class SetSslContextTest {

    private static final TestPki CLIENTS = TestPki.create(11);
    private static final TestPki OTHER = TestPki.create(12);

    private static SslContext server(TlsVersion v) {
        TestCredential cred = Contexts.pki().server(KeyType.ECDSA);
        SslContext trustsClients =
                SslContext.builder()
                        .versions(v, v)
                        .certificate(cred.chain(), cred.privateKey())
                        .trust(List.of(CLIENTS.ca().certificate()))
                        .build();
        return SslContext.builder()
                .versions(v, v)
                .certificate(cred.chain(), cred.privateKey())
                .verify(VerifyMode.FAIL_IF_NO_PEER_CERT)
                .trust(List.of(OTHER.ca().certificate()))
                .serverNameCallback(
                        ssl -> {
                            if (TestPki.HOST.equals(ssl.serverName())) {
                                ssl.setSslContext(trustsClients);
                            }
                            return ServerNameCallback.Result.OK;
                        })
                .build();
    }

    private static MemPair run(TlsVersion v, boolean sendSni) {
        TestCredential client = CLIENTS.client(KeyType.ECDSA);
        SslContext.Builder cb =
                Contexts.clientBuilder(v).certificate(client.chain(), client.privateKey());
        if (!sendSni) {
            cb.noServerName();
        }
        MemPair p = new MemPair(cb.build(), server(v));
        for (int i = 0; i < 20; i++) {
            int c = p.client.doHandshake();
            int s = p.server.doHandshake();
            if ((c == 1 && s == 1) || p.server.getError(s) == SslError.SSL) {
                break;
            }
        }
        return p;
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void theNewContextsTrustStoreVerifiesTheClient(TlsVersion v) {
        MemPair p = run(v, true);
        assertThat(p.server.isInitFinished()).as(String.valueOf(p.server.lastError())).isTrue();
        assertThat(p.server.verifyResult()).isEqualTo(VerifyResult.OK);
        assertThat(p.server.getSslContext()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void withoutTheSwitchTheFirstContextsStoreRefusesIt(TlsVersion v) {
        MemPair p = run(v, false);
        assertThat(p.server.isInitFinished()).isFalse();
        assertThat(p.server.verifyResult())
                .isEqualTo(VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
        assertThat(p.server.lastError().alertName()).isEqualTo("unknown_ca");
    }
}
