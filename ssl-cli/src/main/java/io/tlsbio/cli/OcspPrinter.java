package io.tlsbio.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;

/**
 * What {@code s_client -status} prints of the stapled OCSP response (s_client.c's ocsp_resp_cb):
 * "OCSP response: no response sent", or the response between two rules of '=' with the lines of
 * OpenSSL's {@code OCSP_RESPONSE_print} that say what it means — status, type, producedAt and, per
 * certificate, its status and update times (not the responder id, hashes or signature).
 */
final class OcspPrinter {

    private static final String RULE = "======================================";
    private static final String[] STATUS = {
        "successful",
        "malformedrequest",
        "internalerror",
        "",
        "trylater",
        "sigrequired",
        "unauthorized"
    };

    private OcspPrinter() {}

    static void print(PrintStream out, byte[] der) {
        if (der == null) {
            out.println("OCSP response: no response sent");
            return;
        }
        out.println("OCSP response: ");
        out.println(RULE);
        out.println("OCSP Response Data:");
        try {
            OCSPResp resp = new OCSPResp(der);
            int st = resp.getStatus();
            out.println(
                    "    OCSP Response Status: "
                            + (st >= 0 && st < STATUS.length ? STATUS[st] : "unknown")
                            + " (0x"
                            + Integer.toHexString(st)
                            + ")");
            if (resp.getResponseObject() instanceof BasicOCSPResp basic) {
                out.println("    Response Type: Basic OCSP Response");
                out.println("    Produced At: " + time(basic.getProducedAt()));
                out.println("    Responses:");
                for (SingleResp r : basic.getResponses()) {
                    out.println("    Cert Status: " + status(r.getCertStatus()));
                    out.println("    This Update: " + time(r.getThisUpdate()));
                    if (r.getNextUpdate() != null) {
                        out.println("    Next Update: " + time(r.getNextUpdate()));
                    }
                }
            }
        } catch (IOException | OCSPException e) {
            out.println("    (unparseable response: " + e.getMessage() + ")");
        }
        out.println(RULE);
    }

    private static String status(CertificateStatus s) {
        if (s == CertificateStatus.GOOD) {
            return "good";
        }
        if (s instanceof RevokedStatus r) {
            return "revoked\n    Revocation Time: " + time(r.getRevocationTime());
        }
        return s instanceof UnknownStatus ? "unknown" : String.valueOf(s);
    }

    /** OpenSSL's ASN1_GENERALIZEDTIME_print form: "Dec 2 01:00:00 2026 GMT". */
    private static String time(Date d) {
        SimpleDateFormat f = new SimpleDateFormat("MMM d HH:mm:ss yyyy 'GMT'", Locale.ROOT);
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        String s = f.format(d);
        // OpenSSL pads the day to two characters with a space
        int sp = s.indexOf(' ');
        return s.charAt(sp + 2) == ' ' ? s.substring(0, sp + 1) + " " + s.substring(sp + 1) : s;
    }
}
