package io.tlsbio.ssl.tests.pki;

/**
 * How one TLS peer ended one handshake of the matrix.
 *
 * @param accepted whether the handshake completed
 * @param verifyCode the verify result it reported (X509_V_ERR number), or -1 when it has none to
 *     report
 * @param alertSent the first alert it sent by its own account (tlsbio's message callback, the
 *     openssl tool's {@code -msg} trace): "bad_certificate", "close_notify" after a good handshake;
 *     null when it reported none (always for the JDK)
 * @param detail an error message or other note for the report, or ""
 */
record PeerOutcome(boolean accepted, int verifyCode, String alertSent, String detail) {}
