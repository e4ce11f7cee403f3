package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;

/** The bctls client peer configured from a context: versions, suites, SNI, ALPN, our checks. */
public final class ClientPeer extends DefaultTlsClient {

    private final PeerConfig config;
    private final EngineListener listener;

    public ClientPeer(PeerConfig config, EngineListener listener) {
        super(config.crypto());
        this.config = config;
        this.listener = listener;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return config.versions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return PeerSupport.supportedSuites(getCrypto(), config.cipherSuites());
    }

    @Override
    protected Vector getSupportedGroups(Vector namedGroupRoles) {
        if (config.groups() == null) {
            return super.getSupportedGroups(namedGroupRoles);
        }
        Vector<Integer> v = new Vector<>();
        TlsUtils.addIfSupported(v, getCrypto(), config.groups());
        return v;
    }

    @Override
    protected Vector getSNIServerNames() {
        if (config.sniName() == null) {
            return null;
        }
        Vector<ServerName> v = new Vector<>();
        v.add(new ServerName(NameType.host_name, PeerSupport.ascii(config.sniName())));
        return v;
    }

    @Override
    protected Vector getProtocolNames() {
        return PeerSupport.protocolNames(config.alpn());
    }

    @Override
    public int getMaxHandshakeMessageSize() {
        return config.maxHandshakeMessageSize();
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                List<X509Certificate> chain = PeerSupport.toX509(serverCertificate.getCertificate());
                listener.peerCertificates(chain);
                if (config.verifier() != null) {
                    PeerSupport.verify(config.verifier(), chain, config.hostName(), listener, config.enforceVerify());
                }
            }

            /**
             * The certificate OpenSSL's client would send ({@code tls_choose_sigalg} without fatal
             * errors): in TLS 1.3 the first of the server's schemes one of ours can sign with, in
             * TLS 1.2 the current (last added) one if the server offers a scheme for it; else none.
             */
            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                SigAlgChooser.Choice c = SigAlgChooser.chooseClient(config.credentials(), TlsUtils.isTLSv13(context),
                        request.getSupportedSignatureAlgorithms(), request.getSupportedSignatureAlgorithmsCert());
                return c == null ? null : c.credentials().signer(context, getCrypto(), c.scheme());
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        listener.handshakeComplete();
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        listener.alertRaised(level, description, message, cause);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        listener.alertReceived(level, description);
    }
}
