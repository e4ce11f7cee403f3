package io.tlsbio.harness;

import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.VerifyMode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client and server contexts of a {@link HarnessConfig}: deterministic ({@link
 * SslContext.Builder#deterministic}: random source, nonces and clock fixed by the seed) and strict
 * ({@link SslContext.Builder#strict}: a bug inside tlsbio or bctls throws instead of being answered
 * like a protocol failure), with certificates from {@link TestPki#create(long)} on the same seed.
 * Every call builds a fresh context, so each connection made from one draws the same randomness as
 * the recorded one did ({@link Recorder}); the PKI is made once per seed.
 */
public final class HarnessContexts {

    /**
     * The groups a {@link HarnessConfig.KeyShare#HELLO_RETRY} server supports (OpenSSL's names).
     */
    public static final String HELLO_RETRY_SERVER_GROUPS = "P-256";

    /**
     * PKIs by seed: an RSA key takes up to a second to make, a harness makes thousands of contexts.
     */
    private static final Map<Long, TestPki> PKIS = new ConcurrentHashMap<>();

    /** A bound on the cache, so a harness that walks through seeds does not keep every PKI. */
    private static final int MAX_CACHED_PKIS = 8;

    private HarnessContexts() {}

    /**
     * The deterministic PKI of {@code seed}, made on first use and cached.
     *
     * @param seed the PKI's seed
     * @return the same PKI for every call with {@code seed}
     */
    public static TestPki pki(long seed) {
        TestPki pki = PKIS.get(seed);
        if (pki != null) {
            return pki;
        }
        if (PKIS.size() >= MAX_CACHED_PKIS) {
            PKIS.clear();
        }
        return PKIS.computeIfAbsent(seed, TestPki::create);
    }

    /**
     * A new client context for {@code c}: TLS {@code c.version()} only, trusting the PKI's CA and
     * checking {@link TestPki#HOST}, with the client certificate when client auth is on; its random
     * source is seeded with {@code c.seed() + 1}.
     *
     * @param c the configuration
     * @return a new client context
     */
    public static SslContext client(HarnessConfig c) {
        Objects.requireNonNull(c, "c");
        TestPki pki = pki(c.seed());
        SslContext.Builder b =
                SslContext.builder()
                        .versions(c.version(), c.version())
                        .deterministic(c.seed() + 1)
                        .strict(true)
                        .trust(List.of(pki.ca().certificate()))
                        .hostName(TestPki.HOST);
        if (c.clientAuth() == HarnessConfig.ClientAuth.REQUIRED) {
            TestCredential cred = pki.client(c.keyType());
            b.certificate(cred.chain(), cred.privateKey());
        }
        return b.build();
    }

    /**
     * A new server context for {@code c}: TLS {@code c.version()} only, the PKI's server
     * certificate, demanding and verifying a client certificate when client auth is on, only {@link
     * #HELLO_RETRY_SERVER_GROUPS} for {@link HarnessConfig.KeyShare#HELLO_RETRY}; its random source
     * is seeded with {@code c.seed()}.
     *
     * @param c the configuration
     * @return a new server context
     */
    public static SslContext server(HarnessConfig c) {
        Objects.requireNonNull(c, "c");
        TestPki pki = pki(c.seed());
        TestCredential cred = pki.server(c.keyType());
        SslContext.Builder b =
                SslContext.builder()
                        .versions(c.version(), c.version())
                        .deterministic(c.seed())
                        .strict(true)
                        .certificate(cred.chain(), cred.privateKey());
        if (c.clientAuth() == HarnessConfig.ClientAuth.REQUIRED) {
            b.verify(VerifyMode.FAIL_IF_NO_PEER_CERT).trust(List.of(pki.ca().certificate()));
        }
        if (c.keyShare() == HarnessConfig.KeyShare.HELLO_RETRY) {
            b.groups(HELLO_RETRY_SERVER_GROUPS);
        }
        return b.build();
    }

    /**
     * The context of {@code role} for {@code c}.
     *
     * @param role which side
     * @param c the configuration
     * @return {@link #client} or {@link #server} of {@code c}
     */
    public static SslContext of(Role role, HarnessConfig c) {
        return role == Role.CLIENT ? client(c) : server(c);
    }
}
