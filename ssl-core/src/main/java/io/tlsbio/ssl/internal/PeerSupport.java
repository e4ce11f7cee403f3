package io.tlsbio.ssl.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

/** Helpers the client and server peers share. */
final class PeerSupport {

    private PeerSupport() {}

    /** The peer's chain as JDK certificates, leaf first. */
    static List<X509Certificate> toX509(Certificate chain) throws IOException {
        List<X509Certificate> out = new ArrayList<>(chain.getLength());
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < chain.getLength(); i++) {
                byte[] der = chain.getCertificateAt(i).getEncoded();
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "unparseable certificate", e);
        }
        return out;
    }

    /**
     * Runs the verifier, telling the listener the result; a failure raises its alert when {@code
     * enforce} (SSL_VERIFY_PEER), and is only recorded otherwise (a client in SSL_VERIFY_NONE, as
     * OpenSSL's ssl_verify_cert_chain result is ignored then). A check whose result nothing waits
     * for (not enforced, no verify callback) is handed over to run when its result is first asked
     * for, as of now: the same result, but a handshake whose result nobody reads pays nothing for
     * it (docs/verification.md).
     */
    static void verify(
            PeerVerifier verifier,
            List<X509Certificate> chain,
            String hostName,
            EngineListener listener,
            boolean enforce)
            throws IOException {
        if (!enforce && !verifier.hasCallback()) {
            long now = verifier.now();
            listener.verifiedLater(
                    () -> {
                        try {
                            return verifier.verifyAt(chain, hostName, now);
                        } catch (PeerVerifier.VerifyException e) {
                            return e.result();
                        } catch (RuntimeException e) {
                            // no longer inside the handshake it would have failed: asking for the
                            // result must not throw
                            return io.tlsbio.ssl.VerifyResult.UNSPECIFIED;
                        }
                    });
            return;
        }
        try {
            listener.verified(verifier.verify(chain, hostName));
        } catch (PeerVerifier.VerifyException e) {
            if (!enforce) {
                listener.verified(e.result());
                return;
            }
            listener.verifyFailed(e);
            throw new TlsFatalAlert(e.alert(), e.getMessage(), e);
        }
    }

    @SuppressWarnings("JdkObsolete") // bctls's API takes a Vector
    static Vector<ProtocolName> protocolNames(List<String> alpn) {
        if (alpn.isEmpty()) {
            return null;
        }
        Vector<ProtocolName> v = new Vector<>();
        for (String p : alpn) {
            v.add(ProtocolName.asUtf8Encoding(p));
        }
        return v;
    }

    static int[] supportedSuites(TlsCrypto crypto, int[] suites) {
        return TlsUtils.getSupportedCipherSuites(crypto, suites);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
