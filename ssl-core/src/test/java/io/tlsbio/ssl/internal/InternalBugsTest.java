package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.ssl.InternalBugException;
import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.Test;

class InternalBugsTest {

    @Test
    void protocolFailuresAreNotBugs() {
        assertThat(InternalBugs.bugIn(new TlsFatalAlert(AlertDescription.decode_error))).isNull();
        assertThat(
                        InternalBugs.bugIn(
                                new TlsFatalAlertReceived(AlertDescription.handshake_failure)))
                .isNull();
        // internal_error chosen on purpose (a failed cert callback) is not a bug either
        assertThat(
                        InternalBugs.bugIn(
                                new TlsFatalAlert(
                                        AlertDescription.internal_error, "cert cb error")))
                .isNull();
    }

    @Test
    void runtimeExceptionsAreBugsWrappedOrNot() {
        IllegalStateException planted = new IllegalStateException("planted");
        assertThat(InternalBugs.bugIn(planted)).isSameAs(planted);
        assertThat(InternalBugs.bugIn(new TlsFatalAlert(AlertDescription.internal_error, planted)))
                .isSameAs(planted);
        IOException io = new IOException("Connection is closed, cannot accept any more input");
        assertThat(InternalBugs.bugIn(io)).isSameAs(io);
    }

    @Test
    void strictRethrowsAndBothCount() {
        InternalBugs lax = new InternalBugs(false);
        assertThat(lax.report("conn", new IllegalStateException("x"))).isNull();
        assertThat(lax.report("conn", new TlsFatalAlert(AlertDescription.bad_record_mac))).isNull();
        assertThat(lax.count()).isEqualTo(1);
        InternalBugs strict = new InternalBugs(true);
        InternalBugException e =
                strict.report(
                        "conn",
                        new TlsFatalAlert(
                                AlertDescription.internal_error,
                                new ArrayIndexOutOfBoundsException("planted")));
        assertThat(e).hasCauseInstanceOf(ArrayIndexOutOfBoundsException.class);
        assertThat(strict.count()).isEqualTo(1);
        assertThatThrownBy(
                        () -> {
                            throw e;
                        })
                .hasMessageContaining("planted");
    }
}
