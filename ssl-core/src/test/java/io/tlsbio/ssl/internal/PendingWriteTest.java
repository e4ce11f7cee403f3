package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.ssl.internal.PendingWrite.RetryCheck;
import org.junit.jupiter.api.Test;

class PendingWriteTest {

    private final byte[] buf = new byte[1000];

    @Test
    void startsWithNothingTaken() {
        PendingWrite pw = new PendingWrite(buf, 10, 500);
        assertThat(pw.taken()).isZero();
        assertThat(pw.remaining()).isEqualTo(500);
    }

    @Test
    void aLongerRetryIsOkAndExtendsTheWrite() {
        PendingWrite pw = new PendingWrite(buf, 10, 500);
        pw.took(300);

        assertThat(pw.retry(buf, 10, 800, false)).isEqualTo(RetryCheck.OK);
        assertThat(pw.taken()).isEqualTo(300);
        assertThat(pw.remaining()).isEqualTo(500);
    }

    @Test
    void aRetryShorterThanWhatWasTakenIsBadLengthAndChangesNothing() {
        PendingWrite pw = new PendingWrite(buf, 10, 500);
        pw.took(300);

        assertThat(pw.retry(buf, 10, 299, false)).isEqualTo(RetryCheck.BAD_LENGTH);
        assertThat(pw.remaining()).isEqualTo(200);
    }

    @Test
    void aRetryShorterThanTheOriginalButNotThanWhatWasTakenIsOk() {
        PendingWrite pw = new PendingWrite(buf, 10, 500);
        pw.took(300);

        assertThat(pw.retry(buf, 10, 400, false)).isEqualTo(RetryCheck.OK);
        assertThat(pw.remaining()).isEqualTo(100);
        assertThat(pw.retry(buf, 10, 300, false)).isEqualTo(RetryCheck.OK);
        assertThat(pw.remaining()).isZero();
    }

    @Test
    void anotherArrayIsMovedUnlessAllowed() {
        PendingWrite pw = new PendingWrite(buf, 10, 500);
        pw.took(100);
        byte[] copy = buf.clone();

        assertThat(pw.retry(copy, 10, 600, false)).isEqualTo(RetryCheck.MOVED);
        assertThat(pw.remaining()).isEqualTo(400);

        assertThat(pw.retry(copy, 10, 600, true)).isEqualTo(RetryCheck.OK);
        assertThat(pw.remaining()).isEqualTo(500);
    }

    @Test
    void anotherOffsetIsMovedUnlessAllowed() {
        PendingWrite pw = new PendingWrite(buf, 10, 500);

        assertThat(pw.retry(buf, 11, 500, false)).isEqualTo(RetryCheck.MOVED);
        assertThat(pw.retry(buf, 11, 500, true)).isEqualTo(RetryCheck.OK);
    }

    @Test
    void badLengthIsCheckedBeforeMoved() {
        // OpenSSL's ssl3_write_bytes checks the length before ssl3_write_pending checks the buffer
        PendingWrite pw = new PendingWrite(buf, 10, 500);
        pw.took(200);

        assertThat(pw.retry(new byte[1000], 0, 100, false)).isEqualTo(RetryCheck.BAD_LENGTH);
        assertThat(pw.retry(new byte[1000], 0, 100, true)).isEqualTo(RetryCheck.BAD_LENGTH);
    }

    @Test
    void tookIsBoundedByWhatRemains() {
        PendingWrite pw = new PendingWrite(buf, 0, 100);
        assertThatThrownBy(() -> pw.took(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pw.took(101)).isInstanceOf(IllegalArgumentException.class);
        assertThat(pw.taken()).isZero();

        pw.took(60);
        assertThatThrownBy(() -> pw.took(41)).isInstanceOf(IllegalArgumentException.class);
        pw.took(40);
        assertThat(pw.remaining()).isZero();
        pw.took(0);
        assertThat(pw.taken()).isEqualTo(100);
    }
}
