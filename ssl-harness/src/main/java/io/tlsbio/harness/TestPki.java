package io.tlsbio.harness;

import io.tlsbio.ssl.DeterministicRandom;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * A small test PKI made in memory: a root CA, server and client certificates it signs for RSA 2048
 * and ECDSA P-256 keys, and the broken variants negative tests need (Netty's {@code pkitesting}
 * role; the certificates {@code openssl req -x509}/{@code openssl x509 -req} would make).
 *
 * <h2>What is issued</h2>
 *
 * <ul>
 *   <li>{@link #ca()}: self-signed root ({@code CN=tlsbio Test Root CA}), basicConstraints CA:true,
 *       keyUsage keyCertSign|cRLSign; EC P-256 unless another type is asked for.
 *   <li>{@link #server}: {@code CN=localhost}, SAN {@code DNS:localhost, IP:127.0.0.1}; every leaf
 *       has keyUsage digitalSignature (+keyEncipherment for RSA), extendedKeyUsage
 *       serverAuth+clientAuth, subject and authority key identifiers.
 *   <li>{@link #client}: {@code CN=client}, no SAN.
 *   <li>Negative variants, all {@code CN=localhost} with the server SAN unless said otherwise:
 *       {@link #expiredServer}, {@link #notYetValidServer}, {@link #untrustedServer} (signed by
 *       {@link #untrustedCa()}), {@link #wrongHostServer} ({@code CN=other.example}, {@code
 *       DNS:other.example} only), {@link #selfSignedServer} (not a CA).
 *   <li>{@link #chainedServer}: a leaf below 1..n EC intermediate CAs, for long chains.
 * </ul>
 *
 * The server variants of one key type share the server's key pair; clients and CAs have their own.
 *
 * <h2>Determinism</h2>
 *
 * {@link #create(long)} draws every key, serial and signature from a {@link DeterministicRandom}
 * derived from the seed and the item's name, so the same seed gives byte-identical certificates and
 * keys whatever order they are asked for in (with the pinned BouncyCastle version), and uses fixed
 * validity: {@link #DETERMINISTIC_NOT_BEFORE} to {@link #DETERMINISTIC_NOT_AFTER}; expired leaves
 * 2020-01-01..2021-01-01, not-yet-valid ones 2090-01-01..2091-01-01. {@link #create()} uses a fresh
 * {@link SecureRandom} and validity around the current time (valid from a day ago for 20 years;
 * expired a year ago; valid from a year ahead).
 *
 * <h2>Cost and threads</h2>
 *
 * Everything is generated on first use and cached per instance (an RSA key takes a fraction of a
 * second to seconds); {@link #shared()} is one lazily made random instance for tests that do not
 * care about determinism. Thread-safe.
 *
 * <h2>PEM for openssl</h2>
 *
 * {@code pki.server(KeyType.ECDSA).writePem(dir, "server")} writes {@code server.pem} (chain) and
 * {@code server-key.pem} (PKCS#8); {@code pki.ca().writePem(dir, "ca")} gives the {@code -CAfile}.
 */
public final class TestPki {

    /** Start of validity of the good certificates of a deterministic PKI: 2025-01-01T00:00:00Z. */
    public static final Instant DETERMINISTIC_NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");

    /** End of validity of the good certificates of a deterministic PKI: 2045-01-01T00:00:00Z. */
    public static final Instant DETERMINISTIC_NOT_AFTER = Instant.parse("2045-01-01T00:00:00Z");

    /** The host name good server certificates are for. */
    public static final String HOST = "localhost";

    /** The IP address good server certificates are for. */
    public static final String IP_ADDRESS = "127.0.0.1";

    /** The only name {@link #wrongHostServer} is valid for. */
    public static final String WRONG_HOST = "other.example";

    private static final X500Name ROOT_NAME = new X500Name("O=tlsbio,CN=tlsbio Test Root CA");
    private static final X500Name UNTRUSTED_ROOT_NAME =
            new X500Name("O=tlsbio,CN=tlsbio Untrusted Test CA");
    private static final int MAX_INTERMEDIATES = 32;

    private final DeterministicRandom seeded;
    private final SecureRandom random;
    private final KeyType caKeyType;
    private final Instant notBefore;
    private final Instant notAfter;
    private final Instant expiredFrom;
    private final Instant expiredUntil;
    private final Instant futureFrom;
    private final Instant futureUntil;
    private final Map<String, Object> cache = new HashMap<>();

    private TestPki(DeterministicRandom seeded, KeyType caKeyType) {
        this.seeded = seeded;
        this.random = seeded == null ? new SecureRandom() : null;
        this.caKeyType = Objects.requireNonNull(caKeyType, "caKeyType");
        if (seeded != null) {
            notBefore = DETERMINISTIC_NOT_BEFORE;
            notAfter = DETERMINISTIC_NOT_AFTER;
            expiredFrom = Instant.parse("2020-01-01T00:00:00Z");
            expiredUntil = Instant.parse("2021-01-01T00:00:00Z");
            futureFrom = Instant.parse("2090-01-01T00:00:00Z");
            futureUntil = Instant.parse("2091-01-01T00:00:00Z");
        } else {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Duration year = Duration.ofDays(365);
            notBefore = now.minus(Duration.ofDays(1));
            notAfter = now.plus(year.multipliedBy(20));
            expiredFrom = now.minus(year.multipliedBy(2));
            expiredUntil = now.minus(year);
            futureFrom = now.plus(year);
            futureUntil = now.plus(year.multipliedBy(2));
        }
    }

    /**
     * A deterministic PKI with an EC P-256 root: same seed, same bytes.
     *
     * @param seed the seed of every key, serial and signature
     * @return a new PKI
     */
    public static TestPki create(long seed) {
        return create(seed, KeyType.ECDSA);
    }

    /**
     * A deterministic PKI whose root (and untrusted root) has a {@code caKeyType} key.
     *
     * @param seed the seed of every key, serial and signature
     * @param caKeyType the roots' key type
     * @return a new PKI
     */
    public static TestPki create(long seed, KeyType caKeyType) {
        return new TestPki(new DeterministicRandom(seed), caKeyType);
    }

    /**
     * A PKI from a fresh {@link SecureRandom}, EC P-256 root, validity around now.
     *
     * @return a new PKI
     */
    public static TestPki create() {
        return create(KeyType.ECDSA);
    }

    /**
     * A random PKI whose root (and untrusted root) has a {@code caKeyType} key.
     *
     * @param caKeyType the roots' key type
     * @return a new PKI
     */
    public static TestPki create(KeyType caKeyType) {
        return new TestPki(null, caKeyType);
    }

    /**
     * One process-wide random PKI ({@link #create()}), made on first use.
     *
     * @return the same PKI for every call in this JVM
     */
    public static TestPki shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final TestPki INSTANCE = create();
    }

    /**
     * Whether this PKI was made from a seed.
     *
     * @return {@code true} if made by {@link #create(long)} or {@link #create(long, KeyType)}
     */
    public boolean isDeterministic() {
        return seeded != null;
    }

    /**
     * The key type of {@link #ca()} and {@link #untrustedCa()}.
     *
     * @return the roots' key type
     */
    public KeyType caKeyType() {
        return caKeyType;
    }

    /**
     * notBefore of the good certificates (CA, server, client, chains).
     *
     * @return the first instant the good certificates are valid
     */
    public Instant validFrom() {
        return notBefore;
    }

    /**
     * notAfter of the good certificates.
     *
     * @return the last instant the good certificates are valid
     */
    public Instant validUntil() {
        return notAfter;
    }

    // ---------------------------------------------------------------- CAs

    /**
     * The trusted root: its certificate is the one trust anchor of this PKI.
     *
     * @return the root credential
     */
    public TestCredential ca() {
        return cached("ca", () -> root("ca", ROOT_NAME));
    }

    /**
     * The root certificate as PEM, the content of an {@code openssl -CAfile}.
     *
     * @return one PEM block
     */
    public String caPem() {
        return ca().certificatePem();
    }

    /**
     * A root nobody trusts (different name and key), issuer of {@link #untrustedServer}.
     *
     * @return the untrusted root credential
     */
    public TestCredential untrustedCa() {
        return cached("untrusted-ca", () -> root("untrusted-ca", UNTRUSTED_ROOT_NAME));
    }

    /**
     * An in-memory PKCS#12 trust store holding {@link #ca()} under alias {@code "ca"}.
     *
     * @return a key store with one trusted certificate entry
     */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", ca().certificate());
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a PKCS12 trust store", e);
        }
    }

    // ---------------------------------------------------------------- good leaves

    /**
     * The server credential for {@code localhost}/{@code 127.0.0.1}, signed by {@link #ca()}.
     *
     * @param type the key type of the server's key
     * @return the server credential
     */
    public TestCredential server(KeyType type) {
        return cached(
                "server/" + type,
                () ->
                        leaf(
                                "server/" + type,
                                "CN=" + HOST,
                                serverKey(type),
                                type,
                                ca(),
                                notBefore,
                                notAfter,
                                serverNames(HOST, true)));
    }

    /**
     * The client credential ({@code CN=client}), signed by {@link #ca()}.
     *
     * @param type the key type of the client's key
     * @return the client credential
     */
    public TestCredential client(KeyType type) {
        return cached(
                "client/" + type,
                () ->
                        leaf(
                                "client/" + type,
                                "CN=client",
                                key("key/client/" + type, type),
                                type,
                                ca(),
                                notBefore,
                                notAfter,
                                null));
    }

    /**
     * A server credential below {@code intermediates} EC intermediate CAs ({@code CN=tlsbio Test
     * Intermediate CA 1} signed by the root, 2 by 1, ...); the chain is leaf, intermediate n, ...,
     * intermediate 1. Intermediate {@code i} is the same whatever n.
     *
     * @param type the key type of the server's key
     * @param intermediates how many intermediate CAs, 1..32
     * @return the server credential with its chain
     * @throws IllegalArgumentException unless {@code 1 <= intermediates <= 32}
     */
    public TestCredential chainedServer(KeyType type, int intermediates) {
        if (intermediates < 1 || intermediates > MAX_INTERMEDIATES) {
            throw new IllegalArgumentException(
                    "intermediates not in [1, " + MAX_INTERMEDIATES + "]: " + intermediates);
        }
        String label = "chained/" + intermediates + "/" + type;
        return cached(
                label,
                () ->
                        leaf(
                                label,
                                "CN=" + HOST,
                                serverKey(type),
                                type,
                                intermediate(intermediates),
                                notBefore,
                                notAfter,
                                serverNames(HOST, true)));
    }

    // ---------------------------------------------------------------- negative variants

    /**
     * The server certificate, but its validity ended before now (openssl: "certificate has
     * expired").
     *
     * @param type the key type of the server's key
     * @return the expired server credential
     */
    public TestCredential expiredServer(KeyType type) {
        return cached(
                "expired/" + type,
                () ->
                        leaf(
                                "expired/" + type,
                                "CN=" + HOST,
                                serverKey(type),
                                type,
                                ca(),
                                expiredFrom,
                                expiredUntil,
                                serverNames(HOST, true)));
    }

    /**
     * The server certificate, but valid only from the future ("certificate is not yet valid").
     *
     * @param type the key type of the server's key
     * @return the not-yet-valid server credential
     */
    public TestCredential notYetValidServer(KeyType type) {
        return cached(
                "future/" + type,
                () ->
                        leaf(
                                "future/" + type,
                                "CN=" + HOST,
                                serverKey(type),
                                type,
                                ca(),
                                futureFrom,
                                futureUntil,
                                serverNames(HOST, true)));
    }

    /**
     * A good-looking server certificate signed by {@link #untrustedCa()}.
     *
     * @param type the key type of the server's key
     * @return the untrusted server credential
     */
    public TestCredential untrustedServer(KeyType type) {
        return cached(
                "untrusted/" + type,
                () ->
                        leaf(
                                "untrusted/" + type,
                                "CN=" + HOST,
                                serverKey(type),
                                type,
                                untrustedCa(),
                                notBefore,
                                notAfter,
                                serverNames(HOST, true)));
    }

    /**
     * A server certificate for {@code other.example} only, signed by {@link #ca()}: host name
     * mismatch.
     *
     * @param type the key type of the server's key
     * @return the wrong-host server credential
     */
    public TestCredential wrongHostServer(KeyType type) {
        return cached(
                "wrong-host/" + type,
                () ->
                        leaf(
                                "wrong-host/" + type,
                                "CN=" + WRONG_HOST,
                                serverKey(type),
                                type,
                                ca(),
                                notBefore,
                                notAfter,
                                serverNames(WRONG_HOST, false)));
    }

    /**
     * A self-signed, non-CA server certificate for localhost ("self-signed certificate").
     *
     * @param type the key type of the server's key
     * @return the self-signed server credential
     */
    public TestCredential selfSignedServer(KeyType type) {
        return cached(
                "self-signed/" + type,
                () -> {
                    KeyPair kp = serverKey(type);
                    X500Name name = new X500Name("CN=" + HOST);
                    X509Certificate cert =
                            CertIssuer.issue(
                                    new CertIssuer.Spec(
                                            name,
                                            kp.getPublic(),
                                            name,
                                            kp.getPublic(),
                                            kp.getPrivate(),
                                            type,
                                            notBefore,
                                            notAfter,
                                            false,
                                            type,
                                            serverNames(HOST, true)),
                                    random("cert/self-signed/" + type));
                    return new TestCredential(cert, kp.getPrivate(), List.of(cert), type);
                });
    }

    // ---------------------------------------------------------------- internals

    private TestCredential root(String label, X500Name name) {
        KeyPair kp = key("key/" + label, caKeyType);
        X509Certificate cert =
                CertIssuer.issue(
                        new CertIssuer.Spec(
                                name,
                                kp.getPublic(),
                                name,
                                kp.getPublic(),
                                kp.getPrivate(),
                                caKeyType,
                                notBefore,
                                notAfter,
                                true,
                                caKeyType,
                                null),
                        random("cert/" + label));
        return new TestCredential(cert, kp.getPrivate(), List.of(cert), caKeyType);
    }

    private TestCredential intermediate(int depth) {
        String label = "intermediate/" + depth;
        return cached(
                label,
                () -> {
                    TestCredential issuer = depth == 1 ? ca() : intermediate(depth - 1);
                    KeyPair kp = key("key/" + label, KeyType.ECDSA);
                    X509Certificate cert =
                            CertIssuer.issue(
                                    new CertIssuer.Spec(
                                            new X500Name(
                                                    "O=tlsbio,CN=tlsbio Test Intermediate CA "
                                                            + depth),
                                            kp.getPublic(),
                                            X500Name.getInstance(
                                                    issuer.certificate()
                                                            .getSubjectX500Principal()
                                                            .getEncoded()),
                                            issuer.publicKey(),
                                            issuer.privateKey(),
                                            issuer.keyType(),
                                            notBefore,
                                            notAfter,
                                            true,
                                            KeyType.ECDSA,
                                            null),
                                    random("cert/" + label));
                    List<X509Certificate> chain = new ArrayList<>();
                    chain.add(cert);
                    if (depth > 1) {
                        chain.addAll(issuer.chain());
                    }
                    return new TestCredential(cert, kp.getPrivate(), chain, KeyType.ECDSA);
                });
    }

    private TestCredential leaf(
            String label,
            String subject,
            KeyPair kp,
            KeyType type,
            TestCredential issuer,
            Instant from,
            Instant until,
            GeneralNames san) {
        X509Certificate cert =
                CertIssuer.issue(
                        new CertIssuer.Spec(
                                new X500Name(subject),
                                kp.getPublic(),
                                X500Name.getInstance(
                                        issuer.certificate()
                                                .getSubjectX500Principal()
                                                .getEncoded()),
                                issuer.publicKey(),
                                issuer.privateKey(),
                                issuer.keyType(),
                                from,
                                until,
                                false,
                                type,
                                san),
                        random("cert/" + label));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        if (!isSelfIssued(issuer.certificate())) {
            chain.addAll(issuer.chain());
        }
        return new TestCredential(cert, kp.getPrivate(), chain, type);
    }

    private static boolean isSelfIssued(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    private KeyPair serverKey(KeyType type) {
        return key("key/server/" + type, type);
    }

    private KeyPair key(String label, KeyType type) {
        return cached(label, () -> CertIssuer.generate(type, random(label)));
    }

    private static GeneralNames serverNames(String host, boolean withIp) {
        GeneralName dns = new GeneralName(GeneralName.dNSName, host);
        return withIp
                ? new GeneralNames(
                        new GeneralName[] {dns, new GeneralName(GeneralName.iPAddress, IP_ADDRESS)})
                : new GeneralNames(dns);
    }

    /** Deterministic: a stream of its own per item; random: the one SecureRandom. */
    private SecureRandom random(String label) {
        return seeded != null ? seeded.derive(label) : random;
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> T cached(String label, Supplier<T> make) {
        Object v = cache.get(label);
        if (v == null) {
            v = make.get();
            cache.put(label, v);
        }
        return (T) v;
    }

    @Override
    public String toString() {
        return "TestPki["
                + (seeded != null ? "deterministic" : "random")
                + ", ca="
                + caKeyType
                + "]";
    }
}
