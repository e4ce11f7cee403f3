/**
 * TLS over sockets as BIO chains: {@link io.tlsbio.ssl.socket.SslConnect} builds OpenSSL's {@code
 * BIO_new_ssl_connect} and {@code BIO_new_buffer_ssl_connect} chains from ssl-core's {@link
 * io.tlsbio.ssl.SslBio} and bio-socket's {@link io.tlsbio.bio.socket.ConnectBio}. ssl-core cannot
 * see concrete BIOs (the dependency rule of docs/decisions.md), so these live here.
 */
package io.tlsbio.ssl.socket;
