package io.tlsbio.bench;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsCryptos;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.VerifyMode;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * What every side of every benchmark shares: TLS 1.3, X25519, TLS_AES_128_GCM_SHA256 and one ECDSA
 * P-256 server certificate issued by a deterministic {@link TestPki}, so all forks use the same
 * bytes. Each side (client, server) gets its own crypto object and SecureRandom, made once per
 * trial.
 */
public final class Fixtures {

    /** The one cipher suite, by its TLS 1.3 / JSSE name. */
    public static final String SUITE = "TLS_AES_128_GCM_SHA256";

    /**
     * The one group, by OpenSSL's name (JSSE: {@code x25519} through {@code jdk.tls.namedGroups}).
     */
    public static final String GROUP = "X25519";

    /**
     * The JVM option that limits SSLEngine to x25519 on JDK 17 (no SSLParameters.setNamedGroups
     * before 20).
     */
    public static final String JDK_GROUPS_OPTION = "-Djdk.tls.namedGroups=x25519";

    private static final char[] PASSWORD = "bench".toCharArray();
    private static final TestPki PKI = TestPki.create(20_250_101L);
    private static final TestCredential SERVER = PKI.server(KeyType.ECDSA);

    private Fixtures() {}

    /** The bctls crypto choices tlsbio offers ({@link TlsCryptos}). */
    public enum Crypto {
        /** bctls handshake crypto with the JDK's AES-GCM (tlsbio's default). */
        HYBRID,
        /** bctls's pure-Java crypto for everything. */
        PURE_JAVA,
        /** bctls's JcaTlsCrypto on the JDK providers. */
        JCA;

        public TlsCrypto create() {
            SecureRandom random = new SecureRandom();
            return switch (this) {
                case HYBRID -> TlsCryptos.hybrid(random);
                case PURE_JAVA -> TlsCryptos.pureJava(random);
                case JCA -> TlsCryptos.jca(random);
            };
        }
    }

    public static TestPki pki() {
        return PKI;
    }

    /** The ECDSA P-256 server credential (chain without the root). */
    public static TestCredential server() {
        return SERVER;
    }

    /** A tlsbio server context: our certificate, no client certificate asked. */
    public static SslContext tlsbioServer(Crypto crypto) {
        return SslContext.builder()
                .versions(TlsVersion.TLS1_3, TlsVersion.TLS1_3)
                .cipherSuites(SUITE)
                .groups(GROUP)
                .certificate(SERVER.chain(), SERVER.privateKey())
                .crypto(crypto.create())
                .build();
    }

    /**
     * A tlsbio client context. With {@code verify} the server chain is PKIX-checked against the
     * test CA and the host name "localhost" is checked (and sent as SNI); without it, nothing is
     * checked ({@link VerifyMode#NONE}) and no SNI is sent, like the bctls-direct baseline.
     */
    public static SslContext tlsbioClient(Crypto crypto, boolean verify) {
        SslContext.Builder b =
                SslContext.builder()
                        .versions(TlsVersion.TLS1_3, TlsVersion.TLS1_3)
                        .cipherSuites(SUITE)
                        .groups(GROUP)
                        .crypto(crypto.create());
        if (verify) {
            b.trust(List.of(PKI.ca().certificate())).hostName(TestPki.HOST);
        } else {
            b.verify(VerifyMode.NONE);
        }
        return b.build();
    }

    /** A JSSE context holding the server credential (KeyManagerFactory over a PKCS#12 store). */
    public static SSLContext jdkServer() {
        try {
            KeyManagerFactory kmf =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(SERVER.toKeyStore(PASSWORD), PASSWORD);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the JSSE server context", e);
        }
    }

    /**
     * A JSSE client context trusting the test CA (PKIX chain check; SSLEngine checks no host name).
     */
    public static SSLContext jdkClient() {
        try {
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(PKI.trustStore());
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the JSSE client context", e);
        }
    }
}
