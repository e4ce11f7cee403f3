/**
 * The socket BIOs ({@code BIO_s_socket}, {@code BIO_s_connect}, {@code BIO_s_accept}) and waiting
 * on them.
 */
module io.tlsbio.bio.socket {
    requires transitive io.tlsbio.bio;

    exports io.tlsbio.bio.socket;
}
