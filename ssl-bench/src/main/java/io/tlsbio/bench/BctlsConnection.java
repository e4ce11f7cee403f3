package io.tlsbio.bench;

import io.tlsbio.ssl.CertificatePurpose;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.VerifyResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The baseline: bctls's own non-blocking {@link TlsClientProtocol}/{@link TlsServerProtocol} driven
 * directly with {@code readOutput}/{@code offerInput}, minimal {@link DefaultTlsClient} / {@link
 * DefaultTlsServer} subclasses, no BIO and no OpenSSL semantics. The server key and certificate are
 * parsed once per {@link Side}; the client checks nothing unless {@code verify}, in which case it
 * runs tlsbio's own check (PKIX + host name, {@link SslContext#verifyCertificate}) like tlsbio's
 * client.
 */
public final class BctlsConnection implements Connection {

    private static final int MAX_ROUNDS = 10_000;

    /**
     * One end's long-lived state: its crypto, and for the server its parsed key and certificate.
     */
    public static final class Side {
        final BcTlsCrypto crypto;
        final AsymmetricKeyParameter key;
        final Certificate certificate;
        final SslContext verifier;

        private Side(
                BcTlsCrypto crypto,
                AsymmetricKeyParameter key,
                Certificate certificate,
                SslContext verifier) {
            this.crypto = crypto;
            this.key = key;
            this.certificate = certificate;
            this.verifier = verifier;
        }

        /**
         * A client; with {@code verify} it checks the chain to the test CA and the host
         * "localhost".
         */
        public static Side client(BcTlsCrypto crypto, boolean verify) {
            // a context only for its trust settings: the test CA, OpenSSL's default depth and
            // security level
            SslContext v =
                    verify
                            ? SslContext.builder()
                                    .trust(List.of(Fixtures.pki().ca().certificate()))
                                    .build()
                            : null;
            return new Side(crypto, null, null, v);
        }

        /** The server with the benchmark's ECDSA P-256 credential. */
        public static Side server(BcTlsCrypto crypto) {
            try {
                AsymmetricKeyParameter key =
                        PrivateKeyFactory.createKey(Fixtures.server().privateKey().getEncoded());
                List<X509Certificate> chain = Fixtures.server().chain();
                CertificateEntry[] entries = new CertificateEntry[chain.size()];
                for (int i = 0; i < entries.length; i++) {
                    TlsCertificate c = crypto.createCertificate(chain.get(i).getEncoded());
                    entries[i] = new CertificateEntry(c, null);
                }
                return new Side(crypto, key, new Certificate(TlsUtils.EMPTY_BYTES, entries), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Side clientSide;
    private final Side serverSide;
    private final TlsClientProtocol client = new TlsClientProtocol();
    private final TlsServerProtocol server = new TlsServerProtocol();
    private Client clientPeer;
    private Server serverPeer;
    private byte[] wire = new byte[16384 + 512];

    public BctlsConnection(Side clientSide, Side serverSide) {
        this.clientSide = clientSide;
        this.serverSide = serverSide;
    }

    @Override
    public void handshake() {
        try {
            clientPeer = new Client(clientSide);
            serverPeer = new Server(serverSide);
            client.connect(clientPeer);
            server.accept(serverPeer);
            for (int round = 0; round < MAX_ROUNDS; round++) {
                boolean moved = move(client, server) | move(server, client);
                if (!moved && !client.isHandshaking() && !server.isHandshaking()) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("bctls handshake failed", e);
        }
        throw new IllegalStateException(
                "bctls handshake did not finish in " + MAX_ROUNDS + " rounds");
    }

    /** Moves everything {@code from} has queued into {@code to}; true if there was anything. */
    private boolean move(TlsProtocol from, TlsProtocol to) throws IOException {
        int n = from.getAvailableOutputBytes();
        if (n == 0) {
            return false;
        }
        if (wire.length < n) {
            wire = new byte[n];
        }
        from.readOutput(wire, 0, n);
        to.offerInput(wire, 0, n);
        return true;
    }

    @Override
    public void clientToServer(byte[] data, byte[] sink) {
        try {
            client.writeApplicationData(data, 0, data.length);
            move(client, server);
            int got = 0;
            while (got < sink.length) {
                int n = server.readInput(sink, got, sink.length - got);
                if (n <= 0) {
                    throw new IllegalStateException(
                            "bctls transfer stuck at " + got + " of " + sink.length);
                }
                got += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("bctls transfer failed", e);
        }
    }

    @Override
    public String negotiated() {
        return describe(clientPeer.context()) + " | " + describe(serverPeer.context());
    }

    private static String describe(TlsContext c) {
        int suite = c.getSecurityParametersConnection().getCipherSuite();
        int group = c.getSecurityParametersConnection().getNegotiatedGroup();
        return c.getServerVersion()
                + "/"
                + (suite == CipherSuite.TLS_AES_128_GCM_SHA256
                        ? Fixtures.SUITE
                        : "0x" + Integer.toHexString(suite))
                + "/"
                + NamedGroup.getName(group);
    }

    @Override
    public Object retained() {
        return new Object[] {client, server};
    }

    private static final class Client extends DefaultTlsClient {
        private final Side side;

        Client(Side side) {
            super(side.crypto);
            this.side = side;
        }

        TlsContext context() {
            return context;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.TLSv13.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {CipherSuite.TLS_AES_128_GCM_SHA256};
        }

        @Override
        @SuppressWarnings("rawtypes") // bctls's signature
        protected Vector getSupportedGroups(Vector namedGroupRoles) {
            Vector<Integer> v = new Vector<>();
            v.add(NamedGroup.x25519);
            return v;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate)
                        throws IOException {
                    if (side.verifier != null) {
                        verify(serverCertificate.getCertificate());
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) {
                    return null;
                }
            };
        }

        private void verify(Certificate chain) throws IOException {
            try {
                CertificateFactory cf = CertificateFactory.getInstance("X.509");
                List<X509Certificate> x509 = new ArrayList<>(chain.getLength());
                for (int i = 0; i < chain.getLength(); i++) {
                    byte[] der = chain.getCertificateAt(i).getEncoded();
                    x509.add(
                            (X509Certificate)
                                    cf.generateCertificate(new ByteArrayInputStream(der)));
                }
                VerifyResult result =
                        side.verifier.verifyCertificate(
                                x509, CertificatePurpose.SSL_SERVER, "localhost");
                if (result != VerifyResult.OK) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate, result.text());
                }
            } catch (GeneralSecurityException e) {
                throw new TlsFatalAlert(AlertDescription.bad_certificate, e);
            }
        }
    }

    private static final class Server extends DefaultTlsServer {
        private static final SignatureAndHashAlgorithm ECDSA_P256_SHA256 =
                SignatureScheme.getSignatureAndHashAlgorithm(
                        SignatureScheme.ecdsa_secp256r1_sha256);
        private final Side side;

        Server(Side side) {
            super(side.crypto);
            this.side = side;
        }

        TlsContext context() {
            return context;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.TLSv13.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {CipherSuite.TLS_AES_128_GCM_SHA256};
        }

        @Override
        public int[] getSupportedGroups() {
            return new int[] {NamedGroup.x25519};
        }

        @Override
        public TlsCredentials getCredentials() {
            return new BcDefaultTlsCredentialedSigner(
                    new TlsCryptoParameters(context),
                    side.crypto,
                    side.key,
                    side.certificate,
                    ECDSA_P256_SHA256);
        }
    }
}
