/**
 * An {@link io.tlsbio.ssl.Ssl} over a socket BIO in one call: {@link
 * io.tlsbio.ssl.socket.SslConnect}.
 */
module io.tlsbio.ssl.socket {
    requires transitive io.tlsbio.ssl;
    requires transitive io.tlsbio.bio.socket;
    requires transitive io.tlsbio.bio.buffer;

    exports io.tlsbio.ssl.socket;
}
