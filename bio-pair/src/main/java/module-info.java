/** The BIO pair: {@code BIO_new_bio_pair}. */
module io.tlsbio.bio.pair {
    requires transitive io.tlsbio.bio;

    exports io.tlsbio.bio.pair;
}
