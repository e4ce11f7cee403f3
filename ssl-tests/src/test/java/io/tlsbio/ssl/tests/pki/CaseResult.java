package io.tlsbio.ssl.tests.pki;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything observed for one case, and where tlsbio disagrees with OpenSSL. The JDK is recorded,
 * never compared.
 *
 * @param pkiCase the case
 * @param skipped why the case did not run, or null
 * @param verify what {@code openssl verify} said
 * @param tlsbioVerify {@code SslContext.verifyCertificate} without a callback: the X509_V_ERR
 *     finding (code, text; depth unknown and shown as -1)
 * @param tlsbioFindings the errors a {@link VerifyCallbackMimic} saw in {@code verifyCertificate}
 * @param handshakes the three handshakes
 */
record CaseResult(
        PkiCase pkiCase,
        String skipped,
        OpenSslVerify.Outcome verify,
        VerifyFinding tlsbioVerify,
        List<VerifyFinding> tlsbioFindings,
        Handshakes handshakes) {

    static CaseResult skipped(PkiCase c, String why) {
        return new CaseResult(c, why, null, null, List.of(), null);
    }

    /** Each way tlsbio differs from OpenSSL in this case, as a sentence; empty when it agrees. */
    List<String> disagreements() {
        List<String> d = new ArrayList<>();
        if (skipped != null) {
            return d;
        }
        if (tlsbioVerify.code() != verify.firstCode()) {
            d.add(
                    "verifyCertificate: tlsbio "
                            + tlsbioVerify.code()
                            + " ("
                            + tlsbioVerify.text()
                            + "), openssl verify "
                            + verify.firstCode()
                            + " ("
                            + verify.firstText()
                            + ")");
        } else if (!tlsbioVerify.text().equals(verify.firstText())) {
            d.add(
                    "verifyCertificate text: tlsbio \""
                            + tlsbioVerify.text()
                            + "\", openssl \""
                            + verify.firstText()
                            + "\"");
        }
        List<String> ours = tlsbioFindings.stream().map(VerifyFinding::codeAtDepth).toList();
        List<String> theirs = verify.findings().stream().map(VerifyFinding::codeAtDepth).toList();
        if (!ours.equals(theirs)) {
            d.add("callback findings: tlsbio " + ours + ", openssl verify " + theirs);
        }
        handshakeDisagreements(d);
        return d;
    }

    private void handshakeDisagreements(List<String> d) {
        Handshakes h = handshakes;
        PeerOutcome t = h.tlsbio();
        boolean expectAccept =
                h.opensslComparable() ? h.openssl().accepted() : verify.ok() || pkiCase.acceptAll();
        if (t.accepted() != expectAccept) {
            d.add(
                    "handshake: tlsbio "
                            + (t.accepted() ? "accepts" : "rejects")
                            + ", OpenSSL "
                            + (expectAccept ? "accepts" : "rejects")
                            + (t.detail().isEmpty() ? "" : " [" + t.detail() + "]"));
        }
        int expectCode = expectedVerifyCode();
        if (t.verifyCode() != expectCode) {
            d.add(
                    "verifyResult after the handshake: tlsbio "
                            + t.verifyCode()
                            + ", OpenSSL "
                            + expectCode);
        }
        String expectAlert = expectedAlert();
        String seen = h.tlsbioAlertSeen() != null ? h.tlsbioAlertSeen() : t.alertSent();
        if (expectAlert != null && !expectAlert.equals(seen)) {
            d.add("alert: tlsbio sends " + seen + ", OpenSSL " + expectAlert);
        }
        if (h.tlsbioAlertSeen() != null && !Objects.equals(h.tlsbioAlertSeen(), t.alertSent())) {
            d.add(
                    "tlsbio's message callback reports alert "
                            + t.alertSent()
                            + " but its peer saw "
                            + h.tlsbioAlertSeen());
        }
    }

    /**
     * What {@code SSL_get_verify_result} says in OpenSSL: the tool's own report where it gives one
     * (s_client's "Verify return code", s_server's first "verify error"), else openssl verify's
     * first error (its last one when a callback lets every error go).
     */
    int expectedVerifyCode() {
        if (handshakes.opensslComparable() && handshakes.openssl().verifyCode() >= 0) {
            return handshakes.openssl().verifyCode();
        }
        return pkiCase.acceptAll() ? verify.lastCode() : verify.firstCode();
    }

    /**
     * The alert OpenSSL's tool sent as its peer saw it; close_notify for a good handshake it could
     * not run; else null.
     */
    String expectedAlert() {
        if (handshakes.opensslComparable()) {
            return handshakes.opensslAlertSeen() != null
                    ? handshakes.opensslAlertSeen()
                    : handshakes.openssl().alertSent();
        }
        return verify.ok() ? "close_notify" : null;
    }

    /** Notes on the oracles themselves: where s_client / s_server and openssl verify differ. */
    List<String> oracleNotes() {
        List<String> n = new ArrayList<>();
        if (skipped != null || handshakes == null) {
            return n;
        }
        if (!handshakes.opensslComparable()) {
            n.add("s_client has no -untrusted: OpenSSL's handshake result is openssl verify's");
        } else if (handshakes.openssl().verifyCode() >= 0
                && !pkiCase.acceptAll()
                && handshakes.openssl().verifyCode() != verify.firstCode()) {
            n.add(
                    "OpenSSL's handshake verify code "
                            + handshakes.openssl().verifyCode()
                            + " differs from openssl verify "
                            + verify.firstCode());
        }
        PeerOutcome o = handshakes.openssl();
        if (handshakes.opensslAlertSeen() != null
                && o.alertSent() != null
                && !handshakes.opensslAlertSeen().equals(o.alertSent())) {
            n.add(
                    "OpenSSL's tool printed alert "
                            + o.alertSent()
                            + " sent, its peer saw "
                            + handshakes.opensslAlertSeen());
        }
        return n;
    }
}
