package io.tlsbio.ssl.internal;

import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsSecret;

/**
 * The secrets of one connection as bctls derives them, taken while they are alive: each is written
 * once to the key log in NSS's format, as OpenSSL's {@code ssl_log_secret} writes it, and the one
 * the exporters need is kept ({@code SSL_export_keying_material}). bctls clears its secrets when
 * the handshake ends and replaces the TLS 1.3 handshake traffic secrets with the application ones,
 * so the protocol objects call {@link #capture} at each point where a secret has just appeared;
 * what is taken depends only on what bctls holds, so calling it more often is harmless.
 *
 * <p>A secret is copied with {@link TlsCrypto#adoptSecret} ({@link TlsSecret#extract()} on bctls's
 * own object would destroy it). A crypto whose secrets cannot be copied leaves the key log silent
 * and the exporters unavailable.
 */
public final class HandshakeSecrets {

    /** The NSS key-log labels OpenSSL 3.0 writes for a full handshake. */
    enum Label {
        CLIENT_RANDOM,
        CLIENT_HANDSHAKE_TRAFFIC_SECRET,
        SERVER_HANDSHAKE_TRAFFIC_SECRET,
        CLIENT_TRAFFIC_SECRET_0,
        SERVER_TRAFFIC_SECRET_0,
        EXPORTER_SECRET
    }

    private final Supplier<Consumer<String>> keyLog;
    private final Set<Label> logged = EnumSet.noneOf(Label.class);
    private KeyingMaterialExporter exporter;
    private boolean uncopyable;

    /**
     * @param keyLog gives the key-log sink of the moment, or null while none is set
     */
    public HandshakeSecrets(Supplier<Consumer<String>> keyLog) {
        this.keyLog = keyLog;
    }

    /** Takes what bctls holds now: key-log lines not written yet, the exporter's secret once. */
    void capture(TlsContext context) {
        SecurityParameters sp = context.getSecurityParametersHandshake();
        if (sp == null || uncopyable) {
            return;
        }
        ProtocolVersion v = sp.getNegotiatedVersion();
        if (v == null) {
            return;
        }
        TlsCrypto crypto = context.getCrypto();
        byte[] random = sp.getClientRandom();
        if (TlsUtils.isTLSv13(v)) {
            // bctls keeps the handshake traffic secrets as the base keys until the handshake ends
            log(Label.CLIENT_HANDSHAKE_TRAFFIC_SECRET, random, sp.getBaseKeyClient(), crypto);
            log(Label.SERVER_HANDSHAKE_TRAFFIC_SECRET, random, sp.getBaseKeyServer(), crypto);
            if (sp.getExporterMasterSecret() != null) {
                // set with the application traffic secrets, which replace the handshake ones
                log(Label.CLIENT_TRAFFIC_SECRET_0, random, sp.getTrafficSecretClient(), crypto);
                log(Label.SERVER_TRAFFIC_SECRET_0, random, sp.getTrafficSecretServer(), crypto);
                log(Label.EXPORTER_SECRET, random, sp.getExporterMasterSecret(), crypto);
                if (exporter == null) {
                    TlsSecret copy = copy(sp.getExporterMasterSecret(), crypto);
                    if (copy != null) {
                        exporter =
                                KeyingMaterialExporter.tls13(
                                        copy, sp.getPRFCryptoHashAlgorithm(), crypto);
                    }
                }
            }
        } else if (sp.getMasterSecret() != null) {
            log(Label.CLIENT_RANDOM, random, sp.getMasterSecret(), crypto);
            if (exporter == null) {
                TlsSecret copy = copy(sp.getMasterSecret(), crypto);
                if (copy != null) {
                    exporter =
                            KeyingMaterialExporter.tls12(
                                    copy, sp.getPRFAlgorithm(), random, sp.getServerRandom());
                }
            }
        }
    }

    /** The exporter of this connection's keying material, or null before its secret appeared. */
    KeyingMaterialExporter exporter() {
        return exporter;
    }

    /** Wipes what was kept ({@code SSL_free}). */
    public void destroy() {
        if (exporter != null) {
            exporter.destroy();
            exporter = null;
        }
    }

    private void log(Label label, byte[] clientRandom, TlsSecret secret, TlsCrypto crypto) {
        if (secret == null || logged.contains(label)) {
            return;
        }
        Consumer<String> sink = keyLog.get();
        if (sink == null) {
            return;
        }
        TlsSecret copy = copy(secret, crypto);
        if (copy == null) {
            return;
        }
        logged.add(label);
        byte[] bytes = copy.extract();
        try {
            sink.accept(line(label, clientRandom, bytes));
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * One NSS key-log line, without the newline: {@code LABEL <client random> <secret>} in
     * lower-case hex.
     */
    static String line(Label label, byte[] clientRandom, byte[] secret) {
        HexFormat hex = HexFormat.of();
        return label.name() + " " + hex.formatHex(clientRandom) + " " + hex.formatHex(secret);
    }

    private TlsSecret copy(TlsSecret secret, TlsCrypto crypto) {
        try {
            return crypto.adoptSecret(secret);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // a crypto of the application's whose secrets hold no copyable bytes
            uncopyable = true;
            return null;
        }
    }
}
