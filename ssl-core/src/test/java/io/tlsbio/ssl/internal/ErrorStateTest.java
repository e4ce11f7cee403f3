package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.RetryReason;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.SslWant;
import java.io.IOException;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorStateTest {

    private final ErrorState errors = new ErrorState();
    private final StubBio rbio = new StubBio();
    private final StubBio wbio = new StubBio();

    private static SslFailure failure(String message) {
        return new SslFailure(SslReason.ALERT_RECEIVED, SslError.SSL, 40, message, null);
    }

    @Test
    void aPositiveResultIsNoneWhateverElseIsRecorded() {
        errors.callFail(SslReason.UNINITIALIZED, SslError.SSL, "x");
        errors.want(SslWant.READING);
        rbio.forceRetryRead();

        assertThat(errors.classify(1, rbio, wbio, true)).isEqualTo(SslError.NONE);
    }

    @Test
    void theCallsFailureComesBeforeTheRetryFlags() {
        assertThat(errors.callFail(SslReason.BAD_LENGTH, SslError.SSL, "short retry"))
                .isEqualTo(-1);
        errors.want(SslWant.READING);
        rbio.forceRetryRead();

        assertThat(errors.classify(-1, rbio, wbio, true)).isEqualTo(SslError.SSL);
        assertThat(errors.lastError().reason()).isEqualTo(SslReason.BAD_LENGTH);
        assertThat(errors.fatal()).isNull();
    }

    @Test
    void readingLooksAtTheReadBioOnly() {
        errors.want(SslWant.READING);
        rbio.forceRetryRead();
        wbio.forceRetryWrite();
        assertThat(errors.classify(-1, rbio, wbio, false)).isEqualTo(SslError.WANT_READ);

        // a write retry on the read BIO (a filter that must write to read) reverses the direction
        rbio.forceRetryWrite();
        assertThat(errors.classify(-1, rbio, wbio, false)).isEqualTo(SslError.WANT_WRITE);
    }

    @Test
    void writingLooksAtTheWriteBioOnly() {
        errors.want(SslWant.WRITING);
        wbio.forceRetryWrite();
        rbio.forceRetryRead();
        assertThat(errors.classify(-1, rbio, wbio, false)).isEqualTo(SslError.WANT_WRITE);

        wbio.forceRetryRead();
        assertThat(errors.classify(-1, rbio, wbio, false)).isEqualTo(SslError.WANT_READ);
    }

    @Test
    void writingWithNoFlagsOnTheWriteBioIgnoresTheReadBio() {
        errors.want(SslWant.WRITING);
        rbio.forceRetryRead();

        assertThat(errors.classify(0, rbio, wbio, false)).isEqualTo(SslError.SYSCALL);
        assertThat(errors.classify(0, rbio, wbio, true)).isEqualTo(SslError.ZERO_RETURN);
    }

    @Test
    void ioSpecialConnectAndAcceptBecomeWantConnectAndWantAccept() {
        errors.want(SslWant.WRITING);
        wbio.forceRetrySpecial(RetryReason.CONNECT);
        assertThat(errors.classify(-1, rbio, wbio, false)).isEqualTo(SslError.WANT_CONNECT);

        wbio.forceRetrySpecial(RetryReason.ACCEPT);
        assertThat(errors.classify(-1, rbio, wbio, false)).isEqualTo(SslError.WANT_ACCEPT);

        errors.want(SslWant.READING);
        rbio.forceRetrySpecial(RetryReason.ACCEPT);
        assertThat(errors.classify(-1, rbio, wbio, false)).isEqualTo(SslError.WANT_ACCEPT);
    }

    @Test
    void notWaitingIgnoresRetryFlagsAndTellsZeroReturnFromSyscall() {
        rbio.forceRetryRead();
        wbio.forceRetryWrite();

        assertThat(errors.want()).isEqualTo(SslWant.NOTHING);
        assertThat(errors.classify(0, rbio, wbio, true)).isEqualTo(SslError.ZERO_RETURN);
        assertThat(errors.classify(0, rbio, wbio, false)).isEqualTo(SslError.SYSCALL);
    }

    @Test
    void waitingOnAMissingBioIsSyscall() {
        errors.want(SslWant.READING);
        assertThat(errors.classify(-1, null, wbio, false)).isEqualTo(SslError.SYSCALL);
    }

    @Test
    void waitingOnABioWithoutRetryFlagsFallsThroughToZeroReturnOrSyscall() {
        errors.want(SslWant.READING);
        assertThat(errors.classify(-1, rbio, wbio, true)).isEqualTo(SslError.ZERO_RETURN);
        assertThat(errors.classify(-1, rbio, wbio, false)).isEqualTo(SslError.SYSCALL);
    }

    @Test
    void theFirstFatalFailureWinsAndIsReplayed() {
        SslFailure first = failure("first");
        SslFailure second = failure("second");

        assertThat(errors.fail(first)).isTrue();
        assertThat(errors.fail(second)).isFalse();
        assertThat(errors.fatal()).isSameAs(first);
        assertThat(errors.lastError()).isSameAs(first);

        errors.beginCall();
        assertThat(errors.lastError()).isNull();
        assertThat(errors.fatal()).isSameAs(first);
        assertThat(errors.classify(-1, rbio, wbio, false)).isEqualTo(SslError.SYSCALL);

        errors.replay();
        assertThat(errors.lastError()).isSameAs(first);
        assertThat(errors.classify(-1, rbio, wbio, false)).isEqualTo(SslError.SSL);
    }

    @Test
    void failKeepsTheWantTheCallSetButBeginCallClearsIt() {
        errors.want(SslWant.WRITING);
        errors.fail(failure("f"));
        assertThat(errors.want()).isEqualTo(SslWant.WRITING);

        errors.callFail(SslReason.UNINITIALIZED, SslError.SSL, "x");
        errors.beginCall();
        assertThat(errors.want()).isEqualTo(SslWant.NOTHING);
        assertThat(errors.lastError()).isNull();
    }

    private static final EnumSet<BioError.Reason> TRANSPORT =
            EnumSet.of(
                    BioError.Reason.IO_ERROR, BioError.Reason.TIMEOUT,
                    BioError.Reason.CONNECT_ERROR, BioError.Reason.ACCEPT_ERROR);

    @ParameterizedTest
    @EnumSource(BioError.Reason.class)
    void bioFailureMapsTransportFailuresToSyscallAndBioErrorsToSsl(BioError.Reason reason) {
        IOException cause = new IOException("underlying");
        rbio.forceError(reason, cause);

        SslFailure f = ErrorState.bioFailure(rbio, "read");

        assertThat(f.reason()).isEqualTo(SslReason.BIO_ERROR);
        assertThat(f.error())
                .isEqualTo(TRANSPORT.contains(reason) ? SslError.SYSCALL : SslError.SSL);
        assertThat(f.alert()).isEqualTo(-1);
        assertThat(f.message()).startsWith("read BIO failed: ").contains(reason.name());
        assertThat(f.cause()).isSameAs(cause);
    }

    @Test
    void bioFailureWithoutAnErrorIsSyscall() {
        SslFailure f = ErrorState.bioFailure(wbio, "flush");

        assertThat(f.reason()).isEqualTo(SslReason.BIO_ERROR);
        assertThat(f.error()).isEqualTo(SslError.SYSCALL);
        assertThat(f.message()).isEqualTo("flush BIO failed");
        assertThat(f.cause()).isNull();
    }
}
