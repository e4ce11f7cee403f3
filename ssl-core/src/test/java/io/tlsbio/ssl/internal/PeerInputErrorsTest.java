package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.TlsFatalAlert;
import org.junit.jupiter.api.Test;

class PeerInputErrorsTest {

    private static <T extends Exception> T thrownAt(T e, String className) {
        e.setStackTrace(
                new StackTraceElement[] {new StackTraceElement(className, "parse", null, 1)});
        return e;
    }

    private static short alertOf(IOException e) {
        assertThat(e).isInstanceOf(TlsFatalAlert.class);
        return ((TlsFatalAlert) e).getAlertDescription();
    }

    @Test
    void aMessageThatRunsShortIsADecodeError() {
        assertThat(
                        alertOf(
                                PeerInputErrors.classify(
                                        HandshakeType.client_hello, new EOFException())))
                .isEqualTo(AlertDescription.decode_error);
    }

    @Test
    void aCertificateThatDoesNotParseIsABadCertificate() {
        IOException asn1 = new IOException("corrupted stream");
        assertThat(alertOf(PeerInputErrors.classify(HandshakeType.certificate, asn1)))
                .isEqualTo(AlertDescription.bad_certificate);
    }

    @Test
    void aParserRuntimeExceptionFromBouncyCastleIsADecodeError() {
        IllegalArgumentException e =
                thrownAt(
                        new IllegalArgumentException("bad tag"),
                        "org.bouncycastle.asn1.ASN1Primitive");
        assertThat(alertOf(PeerInputErrors.classify(HandshakeType.server_key_exchange, e)))
                .isEqualTo(AlertDescription.decode_error);
    }

    @Test
    void anAlertAlreadyChosenPassesThrough() {
        TlsFatalAlert a = new TlsFatalAlert(AlertDescription.illegal_parameter);
        assertThat(PeerInputErrors.classify(HandshakeType.client_hello, a)).isSameAs(a);
    }

    @Test
    void ourOwnBugsStayBugs() {
        IllegalStateException ours =
                thrownAt(new IllegalStateException("bug"), "io.tlsbio.ssl.internal.PeerVerifier");
        assertThat(PeerInputErrors.classify(HandshakeType.certificate, ours)).isNull();
        NullPointerException npe =
                thrownAt(new NullPointerException(), "org.bouncycastle.tls.TlsUtils");
        assertThat(PeerInputErrors.classify(HandshakeType.certificate, npe)).isNull();
        assertThatThrownBy(
                        () ->
                                PeerInputErrors.handle(
                                        HandshakeType.finished,
                                        () -> {
                                            throw ours;
                                        }))
                .isSameAs(ours);
    }
}
