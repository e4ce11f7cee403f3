package io.tlsbio.ssl.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateStatus;
import org.bouncycastle.tls.CertificateStatusRequest;
import org.bouncycastle.tls.CertificateStatusType;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.OCSPStatusRequest;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;

/**
 * OCSP stapling (status_request, RFC 6066 / RFC 8446 4.4.2.1) between bctls's types and DER bytes:
 * what a client asks for and reads ({@code SSL_set_tlsext_status_type}, {@code
 * SSL_get_tlsext_status_ocsp_resp}), what a server staples. TLS 1.2 carries the response in a
 * CertificateStatus message (bctls does it); TLS 1.3 in the status_request extension of the leaf's
 * CertificateEntry, which bctls 1.84 leaves to us on the server side.
 */
public final class OcspStapling {

    private OcspStapling() {}

    /** The status_request a client sends: OCSP, no responder ids, no extensions (as OpenSSL's). */
    static CertificateStatusRequest request() {
        return new CertificateStatusRequest(
                CertificateStatusType.ocsp, new OCSPStatusRequest(null, null));
    }

    /** The DER OCSPResponse the server stapled, or null when it sent none. */
    static byte[] received(TlsContext context, TlsServerCertificate server) throws IOException {
        CertificateStatus status = server.getCertificateStatus();
        if (status == null) {
            Certificate c = server.getCertificate();
            CertificateEntry[] entries = c.getCertificateEntryList();
            if (entries == null || entries.length == 0 || entries[0].getExtensions() == null) {
                return null;
            }
            byte[] ext = (byte[]) entries[0].getExtensions().get(ExtensionType.status_request);
            if (ext == null) {
                return null;
            }
            try {
                status = CertificateStatus.parse(context, new ByteArrayInputStream(ext));
            } catch (IOException | RuntimeException e) {
                throw new TlsFatalAlert(
                        AlertDescription.decode_error, "bad status_request in Certificate", e);
            }
        }
        return status.getStatusType() == CertificateStatusType.ocsp
                ? status.getOCSPResponse().getEncoded()
                : null;
    }

    /** A server's CertificateStatus for a DER OCSPResponse. */
    static CertificateStatus status(byte[] der) {
        return new CertificateStatus(CertificateStatusType.ocsp, OCSPResponse.getInstance(der));
    }

    /**
     * {@code certificate} with the response in its leaf entry's status_request extension (TLS 1.3).
     */
    @SuppressWarnings("JdkObsolete") // bctls's API takes a Hashtable
    static Certificate stapled13(Certificate certificate, byte[] der) throws IOException {
        CertificateEntry[] in = certificate.getCertificateEntryList();
        CertificateEntry[] out = in.clone();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        status(der).encode(b);
        Hashtable<Integer, byte[]> ext = new Hashtable<>();
        if (in[0].getExtensions() != null) {
            for (Object k : in[0].getExtensions().keySet()) {
                ext.put((Integer) k, (byte[]) in[0].getExtensions().get(k));
            }
        }
        ext.put(ExtensionType.status_request, b.toByteArray());
        out[0] = new CertificateEntry(in[0].getCertificate(), ext);
        return new Certificate(certificate.getCertificateRequestContext(), out);
    }

    /** Checks that {@code der} is an OCSPResponse, naming the problem otherwise. */
    public static byte[] requireResponse(byte[] der) {
        try {
            OCSPResponse.getInstance(der);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a DER OCSPResponse: " + e.getMessage(), e);
        }
        return der.clone();
    }
}
