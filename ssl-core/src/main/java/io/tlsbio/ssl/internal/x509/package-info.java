/**
 * OpenSSL 3.0's certificate verification ({@code crypto/x509/x509_vfy.c} {@code X509_verify_cert}
 * and what it calls: {@code v3_purp.c}, {@code v3_utl.c}, {@code v3_ncons.c}), ported step by step
 * so tlsbio accepts, rejects and reports exactly what OpenSSL 3.0 does for the same certificates.
 * {@link io.tlsbio.ssl.internal.x509.X509Verifier} is the entry point.
 */
package io.tlsbio.ssl.internal.x509;
