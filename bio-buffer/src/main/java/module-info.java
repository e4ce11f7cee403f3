/** The buffering filter BIO: {@code BIO_f_buffer}. */
module io.tlsbio.bio.buffer {
    requires transitive io.tlsbio.bio;

    exports io.tlsbio.bio.buffer;
}
