package io.tlsbio.ssl.tests.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.OpenSslProcess;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The matrix reads openssl's output; these pin how, on lines as OpenSSL 3.0 prints them, so that a
 * misread shows up here rather than as a wrong row of the matrix.
 */
class MatrixParsingTest {

    @Test
    void verifyErrorLinesAreReadInOrderWithTheirDepths() {
        String stderr =
                "O = tlsbio matrix, CN = localhost\n"
                        + "error 26 at 0 depth lookup: unsuitable certificate purpose\n"
                        + "O = tlsbio matrix, CN = localhost\n"
                        + "error 10 at 0 depth lookup: certificate has expired\n"
                        + "[CRL path] error 12 at 1 depth lookup: CRL has expired\n"
                        + "error leaf.pem: verification failed\n";
        OpenSslVerify.Outcome o =
                OpenSslVerify.parse(new OpenSslProcess.Result(2, "", stderr), "verify");
        assertThat(o.ok()).isFalse();
        assertThat(o.findings())
                .extracting(VerifyFinding::codeAtDepth)
                .containsExactly("26@0", "10@0", "12@1");
        assertThat(o.firstCode()).isEqualTo(26);
        assertThat(o.firstText()).isEqualTo("unsuitable certificate purpose");
        assertThat(o.lastCode()).isEqualTo(12);
        assertThat(o.summary()).isEqualTo("26@0 unsuitable certificate purpose; then 10@0, 12@1");
    }

    @Test
    void verifyOkNeedsTheOkLineAndNoError() {
        assertThat(
                        OpenSslVerify.parse(
                                        new OpenSslProcess.Result(0, "leaf.pem: OK\n", ""),
                                        "verify")
                                .ok())
                .isTrue();
        assertThat(
                        OpenSslVerify.parse(
                                        new OpenSslProcess.Result(
                                                0,
                                                "leaf.pem: OK\n",
                                                "error 10 at 0 depth lookup: certificate has expired\n"),
                                        "verify")
                                .ok())
                .isFalse();
        assertThat(
                        OpenSslVerify.parse(
                                        new OpenSslProcess.Result(1, "", "Could not open file\n"),
                                        "verify")
                                .ok())
                .isFalse();
    }

    @Test
    void alertsAreTakenByDirectionFromMsgTraces() {
        String trace =
                "<<< TLS 1.3, Handshake [length 0124], ClientHello\n"
                        + ">>> TLS 1.3, Handshake [length 0034], Finished\n"
                        + "<<< TLS 1.2, RecordHeader [length 0005]\n"
                        + "<<< TLS 1.3, Alert [length 0002], fatal unsupported_certificate\n"
                        + ">>> TLS 1.3, Alert [length 0002], warning close_notify\n";
        assertThat(MsgTrace.firstAlert(trace, MsgTrace.Way.RECEIVED))
                .isEqualTo("unsupported_certificate");
        assertThat(MsgTrace.firstAlert(trace, MsgTrace.Way.SENT)).isEqualTo("close_notify");
        assertThat(
                        MsgTrace.firstAlert(
                                "<<< TLS 1.3, Handshake [length 0124], ClientHello\n",
                                MsgTrace.Way.SENT))
                .isNull();
    }

    @Test
    void serverOutputIsCutIntoConnections() {
        List<String> parts =
                MsgTrace.connections("ACCEPT\na\nCONNECTION CLOSED\nb\nCONNECTION CLOSED\nc\n");
        assertThat(parts).containsExactly("ACCEPT\na\n", "\nb\n", "\nc\n");
    }
}
