/**
 * The BIO contract ({@code BIO *}): {@link io.tlsbio.bio.Bio}, its retry flags, errors and
 * callbacks. Depends on nothing but {@code java.base}.
 */
module io.tlsbio.bio {
    exports io.tlsbio.bio;
}
