package io.tlsbio.ssl.tests;

import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslBio;
import io.tlsbio.ssl.SslError;

/**
 * The plain {@link Ssl} at the other end of an {@link SslBio} under test, driven from the test's
 * own thread over a non-blocking transport: while the peer waits for the subject's part of the
 * handshake, the subject's {@code BIO_do_handshake} runs. Every loop is bounded.
 */
final class SslBioPeer {

    private static final int MAX_ROUNDS = 10_000;

    final Ssl ssl;
    final SslBio subject;

    SslBioPeer(Ssl ssl, SslBio subject) {
        this.ssl = ssl;
        this.subject = subject;
    }

    /** Runs both handshakes to 1. */
    void handshake() {
        boolean peerDone = false;
        boolean subjectDone = false;
        for (int i = 0; i < MAX_ROUNDS && !(peerDone && subjectDone); i++) {
            if (!subjectDone) {
                int r = subject.doHandshake();
                subjectDone = r == 1;
                if (!subjectDone && !subject.shouldRetry()) {
                    throw new AssertionError(
                            "subject handshake failed: " + r + " " + subject.lastError());
                }
            } else if (!peerDone) {
                // a TLS 1.3 server ends its handshake only once its tickets are out: a read takes
                // them
                // in, as OpenSSL's create_ssl_connection reads (docs/sessions.md)
                subject.ssl().read(new byte[0], 0, 0);
            }
            if (!peerDone) {
                int r = ssl.doHandshake();
                peerDone = r == 1;
                if (!peerDone) {
                    expectRetry(r);
                }
            } else if (!subjectDone) {
                ssl.read(new byte[0], 0, 0);
            }
        }
        if (!(peerDone && subjectDone)) {
            throw new AssertionError("handshake did not finish");
        }
    }

    /** The peer writes all of {@code data}. */
    void write(byte[] data) {
        for (int i = 0; i < MAX_ROUNDS; i++) {
            int w = ssl.write(data, 0, data.length);
            if (w == data.length) {
                return;
            }
            expectRetry(w);
            helpSubject();
        }
        throw new AssertionError("the peer could not write " + data.length + " bytes");
    }

    /** The peer reads exactly {@code n} bytes (the subject has written and flushed them). */
    byte[] read(int n) {
        byte[] got = new byte[n];
        int have = 0;
        for (int i = 0; i < MAX_ROUNDS && have < n; i++) {
            int r = ssl.read(got, have, n - have);
            if (r > 0) {
                have += r;
            } else {
                expectRetry(r);
                helpSubject();
            }
        }
        if (have != n) {
            throw new AssertionError("the peer read " + have + " of " + n + " bytes");
        }
        return got;
    }

    private void helpSubject() {
        if (!subject.ssl().isInitFinished()) {
            subject.doHandshake();
        }
    }

    private void expectRetry(int r) {
        SslError e = ssl.getError(r);
        if (e != SslError.WANT_READ && e != SslError.WANT_WRITE) {
            throw new AssertionError("peer failed: " + r + " " + e + " " + ssl.lastError());
        }
    }
}
