package io.tlsbio.harness;

import io.tlsbio.ssl.TlsVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a harness connection is made of: protocol version, key type of the certificates, client
 * authentication, key-share situation, resumption, and the seed that fixes every random choice
 * ({@link HarnessContexts} turns it into a client and a server context).
 *
 * <p>A fuzz target picks one from its input's first byte ({@link #fromByte}); every byte value
 * names a configuration, so no input is wasted on an invalid one:
 *
 * <pre>
 *   bit 0  version      0: TLS 1.2          1: TLS 1.3
 *   bit 1  key type     0: RSA              1: ECDSA
 *   bit 2  client auth  0: none             1: required
 *   bit 3  key share    0: first choice     1: HelloRetryRequest (TLS 1.3)
 *   bits 4-7            reserved for resumption; ignored while tlsbio has none
 * </pre>
 *
 * @param version the one protocol version both sides allow
 * @param keyType the type of the server's (and, with client auth, the client's) certificate key
 * @param clientAuth whether the server demands a client certificate
 * @param keyShare whether the server accepts the client's key share or asks for another one
 * @param resumption the resumption scenario: the hook for session resumption, which tlsbio does not
 *     have yet (only {@link Resumption#NONE}); bits 4-7 of the config byte are kept for it
 * @param seed the seed of the PKI and of both contexts' random sources
 */
public record HarnessConfig(
        TlsVersion version,
        KeyType keyType,
        ClientAuth clientAuth,
        KeyShare keyShare,
        Resumption resumption,
        long seed) {

    /** The seed the shipped fuzz targets and their corpora use. */
    public static final long DEFAULT_SEED = 20260301L;

    /** Whether the server demands a client certificate. */
    public enum ClientAuth {
        /** The server asks for none (VerifyMode.NONE). */
        NONE,
        /**
         * The server asks for one and fails without it (SSL_VERIFY_PEER |
         * SSL_VERIFY_FAIL_IF_NO_PEER_CERT).
         */
        REQUIRED
    }

    /** How the server treats the client's key share. */
    public enum KeyShare {
        /** The server supports the client's first group (X25519) and takes its share. */
        FIRST_CHOICE,
        /**
         * The server supports only P-256 while the client sends its one share for X25519: in TLS
         * 1.3 the server answers with a HelloRetryRequest for P-256 and the client sends a second
         * ClientHello; in TLS 1.2 the server simply uses ECDHE on P-256.
         */
        HELLO_RETRY
    }

    /**
     * The session-resumption scenario. tlsbio keeps no session cache and sends no tickets yet, so
     * there is one value; when it gains resumption, add the resumed cases here (bits 4-7 of the
     * config byte), make {@link Recorder} record a first connection and then the resumed one, and
     * {@link TlsHarness} feed the second.
     */
    public enum Resumption {
        /** A full handshake. */
        NONE
    }

    /**
     * Checks that every choice is present.
     *
     * @param version the one protocol version both sides allow, not {@code null}
     * @param keyType the type of the server's (and client's) certificate key, not {@code null}
     * @param clientAuth whether the server demands a client certificate, not {@code null}
     * @param keyShare whether the server accepts the client's key share, not {@code null}
     * @param resumption the resumption scenario, not {@code null}
     * @param seed the seed of the PKI and of both contexts' random sources
     */
    public HarnessConfig {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(keyShare, "keyShare");
        Objects.requireNonNull(resumption, "resumption");
    }

    /**
     * The configuration byte {@code b} names (only its low 8 bits count), with {@link
     * #DEFAULT_SEED}.
     *
     * @param b the config byte; bits above the low 8 are ignored
     * @return the configuration it names
     */
    public static HarnessConfig fromByte(int b) {
        return fromByte(b, DEFAULT_SEED);
    }

    /**
     * The configuration byte {@code b} names (only its low 8 bits count), with {@code seed}.
     *
     * @param b the config byte; bits above the low 8 are ignored
     * @param seed the seed of the PKI and of both contexts' random sources
     * @return the configuration it names
     */
    public static HarnessConfig fromByte(int b, long seed) {
        return new HarnessConfig(
                (b & 1) == 0 ? TlsVersion.TLS1_2 : TlsVersion.TLS1_3,
                (b & 2) == 0 ? KeyType.RSA : KeyType.ECDSA,
                (b & 4) == 0 ? ClientAuth.NONE : ClientAuth.REQUIRED,
                (b & 8) == 0 ? KeyShare.FIRST_CHOICE : KeyShare.HELLO_RETRY,
                Resumption.NONE,
                seed);
    }

    /**
     * The byte that names this configuration: {@code fromByte(c.toByte(), c.seed()).equals(c)}.
     *
     * @return the config byte, 0..255
     */
    public int toByte() {
        return (version == TlsVersion.TLS1_3 ? 1 : 0)
                | (keyType == KeyType.ECDSA ? 2 : 0)
                | (clientAuth == ClientAuth.REQUIRED ? 4 : 0)
                | (keyShare == KeyShare.HELLO_RETRY ? 8 : 0);
    }

    /**
     * The sixteen configurations the config byte can name, in byte order, with {@link
     * #DEFAULT_SEED}.
     *
     * @return an unmodifiable list of sixteen configurations
     */
    public static List<HarnessConfig> all() {
        List<HarnessConfig> out = new ArrayList<>();
        for (int b = 0; b < 16; b++) {
            out.add(fromByte(b));
        }
        return List.copyOf(out);
    }

    /**
     * Whether the handshake includes a HelloRetryRequest.
     *
     * @return {@code true} for TLS 1.3 with {@link KeyShare#HELLO_RETRY}
     */
    public boolean helloRetry() {
        return keyShare == KeyShare.HELLO_RETRY && version == TlsVersion.TLS1_3;
    }

    /**
     * A short name for file names and messages, e.g. {@code tls13-ecdsa-clientauth-hrr}.
     *
     * @return a name made of lower-case words joined by hyphens
     */
    public String label() {
        return (version == TlsVersion.TLS1_3 ? "tls13" : "tls12")
                + "-"
                + keyType.name().toLowerCase(java.util.Locale.ROOT)
                + (clientAuth == ClientAuth.REQUIRED ? "-clientauth" : "")
                + (keyShare == KeyShare.HELLO_RETRY
                        ? (version == TlsVersion.TLS1_3 ? "-hrr" : "-p256")
                        : "");
    }
}
