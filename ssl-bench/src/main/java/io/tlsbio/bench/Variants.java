package io.tlsbio.bench;

import io.tlsbio.bench.Fixtures.Crypto;
import io.tlsbio.bench.TlsbioConnection.Transport;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsCryptos;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The benchmark variants by name: each name gives a factory of fresh connections whose contexts
 * (crypto objects, SecureRandoms, SSLContexts, parsed keys) are made once, when the factory is.
 */
public final class Variants {

    /** tlsbio over two MemBios, hybrid crypto, client verifies PKIX + host name. */
    public static final String TLSBIO_HYBRID = "tlsbio-hybrid";

    /**
     * As {@link #TLSBIO_HYBRID} with {@code VerifyMode.NONE}: like for like with {@link
     * #BCTLS_HYBRID}.
     */
    public static final String TLSBIO_HYBRID_NOVERIFY = "tlsbio-hybrid-noverify";

    /** tlsbio over two MemBios, {@link TlsCryptos#pureJava} (BcTlsCrypto), client verifies. */
    public static final String TLSBIO_PUREJAVA = "tlsbio-purejava";

    /**
     * tlsbio over two MemBios, {@link TlsCryptos#jca} (JcaTlsCrypto on the JDK providers), client
     * verifies.
     */
    public static final String TLSBIO_JCA = "tlsbio-jca";

    /** tlsbio over one default-size BioPair, hybrid crypto, client verifies. */
    public static final String TLSBIO_BIOPAIR = "tlsbio-biopair";

    /** bctls's protocols driven directly, hybrid crypto, no certificate check. */
    public static final String BCTLS_HYBRID = "bctls-hybrid";

    /**
     * bctls driven directly, hybrid crypto, with tlsbio's PKIX + host name check: like for like
     * with {@link #TLSBIO_HYBRID}.
     */
    public static final String BCTLS_HYBRID_VERIFY = "bctls-hybrid-verify";

    /**
     * The JDK's SSLEngine on both ends, client PKIX-checks the chain (SSLEngine checks no host
     * name).
     */
    public static final String SSLENGINE = "sslengine";

    /** Every variant the handshake benchmark measures. */
    public static final List<String> HANDSHAKE =
            List.of(
                    TLSBIO_HYBRID,
                    TLSBIO_HYBRID_NOVERIFY,
                    TLSBIO_PUREJAVA,
                    TLSBIO_JCA,
                    BCTLS_HYBRID,
                    BCTLS_HYBRID_VERIFY,
                    SSLENGINE);

    /** Every variant the bulk benchmark measures. */
    public static final List<String> BULK =
            List.of(TLSBIO_HYBRID, TLSBIO_BIOPAIR, BCTLS_HYBRID, SSLENGINE);

    private Variants() {}

    /** A factory of fresh, not yet connected, connections for {@code name}. */
    public static Supplier<Connection> factory(String name) {
        switch (name) {
            case TLSBIO_HYBRID:
                return tlsbio(Crypto.HYBRID, true, Transport.MEM);
            case TLSBIO_HYBRID_NOVERIFY:
                return tlsbio(Crypto.HYBRID, false, Transport.MEM);
            case TLSBIO_PUREJAVA:
                return tlsbio(Crypto.PURE_JAVA, true, Transport.MEM);
            case TLSBIO_JCA:
                return tlsbio(Crypto.JCA, true, Transport.MEM);
            case TLSBIO_BIOPAIR:
                return tlsbio(Crypto.HYBRID, true, Transport.PAIR);
            case BCTLS_HYBRID:
                return bctls(false);
            case BCTLS_HYBRID_VERIFY:
                return bctls(true);
            case SSLENGINE:
                {
                    SSLContext client = Fixtures.jdkClient();
                    SSLContext server = Fixtures.jdkServer();
                    return () -> new EngineConnection(client, server);
                }
            default:
                throw new IllegalArgumentException("unknown variant: " + name);
        }
    }

    private static Supplier<Connection> tlsbio(Crypto crypto, boolean verify, Transport transport) {
        SslContext client = Fixtures.tlsbioClient(crypto, verify);
        SslContext server = Fixtures.tlsbioServer(crypto);
        return () -> new TlsbioConnection(client, server, transport);
    }

    private static Supplier<Connection> bctls(boolean verify) {
        // the crypto tlsbio's default builds, one per side; a BcTlsCrypto (bctls's signer for the
        // server wants one)
        BctlsConnection.Side client = BctlsConnection.Side.client(hybrid(), verify);
        BctlsConnection.Side server = BctlsConnection.Side.server(hybrid());
        return () -> new BctlsConnection(client, server);
    }

    private static BcTlsCrypto hybrid() {
        return (BcTlsCrypto) TlsCryptos.hybrid(new SecureRandom());
    }
}
