package io.tlsbio.ssl.internal.x509;

import java.io.IOException;
import java.io.UncheckedIOException;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Distinguished name comparison as OpenSSL's {@code X509_NAME_cmp} does it: on the canonical form
 * (case and inner white space folded), which {@link X500Principal#equals} also compares.
 */
final class Names {

    private Names() {}

    /** The name {@code name} (an X.500 Name in any ASN.1 form) as a principal. */
    static X500Principal principal(ASN1Encodable name) {
        try {
            return new X500Principal(X500Name.getInstance(name).getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The relative distinguished names of {@code p}, most significant first. */
    static RDN[] rdns(X500Principal p) {
        return X500Name.getInstance(p.getEncoded()).getRDNs();
    }

    /** Whether two RDNs are equal in canonical form. */
    static boolean sameRdn(RDN a, RDN b) {
        return principal(new X500Name(new RDN[] {a}))
                .equals(principal(new X500Name(new RDN[] {b})));
    }
}
