package io.tlsbio.ssl.internal;

import org.bouncycastle.tls.HandshakeMessageInput;

/**
 * A handshake message bctls has read but not yet processed, held while a certificate callback is
 * not ready ({@code SSL_ERROR_WANT_X509_LOOKUP}). The input is bctls's view into its record
 * buffer, which stays intact because no record is offered while a message is held
 * (docs/ssl-lifecycle.md, "Certificate callbacks").
 */
record HeldMessage(short type, HandshakeMessageInput buf) {
}
