/**
 * Socket BIOs over {@code java.nio.channels}: {@link io.tlsbio.bio.socket.SocketBio} ({@code
 * BIO_s_socket}), {@link io.tlsbio.bio.socket.ConnectBio} ({@code BIO_s_connect}), {@link
 * io.tlsbio.bio.socket.AcceptBio} ({@code BIO_s_accept}), and the ways to wait for them: {@link
 * io.tlsbio.bio.socket.BioWait} ({@code BIO_wait}) for one BIO and {@link
 * io.tlsbio.bio.socket.BioSelector} for a loop over many (with per-BIO deadlines for handshake and
 * idle timeouts: {@link io.tlsbio.bio.socket.BioSelector#setDeadline}).
 *
 * <p>Every socket BIO works blocking or non-blocking ({@code setNonBlocking}); in non-blocking mode
 * a call that cannot proceed returns with the retry flags of docs/contract.md §6.4 and the caller
 * waits for the direction they name. Nothing the peer does throws: failures are {@code -1} (or
 * {@code 0} from {@code doConnect}) with {@code lastError()} holding the cause.
 */
package io.tlsbio.bio.socket;
