/** The memory BIOs: {@code BIO_s_mem}, {@code BIO_new_mem_buf}. */
module io.tlsbio.bio.mem {
    requires transitive io.tlsbio.bio;

    exports io.tlsbio.bio.mem;
}
