package io.tlsbio.ssl.internal.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.VerifyResult;
import io.tlsbio.ssl.internal.x509.Pki.Cert;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.OtherName;
import org.junit.jupiter.api.Test;

/**
 * check_name_constraints: names of each certificate against the constraints of every certificate
 * above it. As in OpenSSL 3.0.19, a leaf without a dNSName has its host-like commonNames held to
 * DNS constraints, and emailAddress attributes of the subject to email constraints.
 */
class NameConstraintsTest {

    private static final Cert ROOT = Pki.root("Root");
    private static final Cert NC =
            Pki.cert("CN=NC")
                    .ca()
                    .issuer(ROOT)
                    .nameConstraints(
                            new GeneralSubtree[] {
                                dns("example.com"),
                                new GeneralSubtree(
                                        new GeneralName(GeneralName.iPAddress, "10.0.0.0/8")),
                                new GeneralSubtree(
                                        new GeneralName(GeneralName.rfc822Name, "example.com"))
                            },
                            new GeneralSubtree[] {dns("bad.example.com")})
                    .build();

    private static GeneralSubtree dns(String name) {
        return new GeneralSubtree(new GeneralName(GeneralName.dNSName, name));
    }

    private static VerifyResult check(Pki.Builder leaf) {
        Scenario.Outcome o = new Scenario().trust(ROOT).run(leaf.issuer(NC).build(), NC);
        if (o.error() != VerifyResult.OK) {
            assertThat(o.errorDepth()).isZero();
        }
        return o.error();
    }

    @Test
    void dnsNamesMustLieInAPermittedAndOutsideEveryExcludedSubtree() {
        assertThat(check(Pki.cert("CN=www.example.com").dns("www.example.com")))
                .isEqualTo(VerifyResult.OK);
        assertThat(check(Pki.cert("CN=a").dns("www.other.com")))
                .isEqualTo(VerifyResult.PERMITTED_VIOLATION);
        assertThat(check(Pki.cert("CN=a").dns("x.bad.example.com")))
                .isEqualTo(VerifyResult.EXCLUDED_VIOLATION);
        // a label boundary is needed: "myexample.com" is not within "example.com"
        assertThat(check(Pki.cert("CN=a").dns("myexample.com")))
                .isEqualTo(VerifyResult.PERMITTED_VIOLATION);
    }

    @Test
    void theCommonNameIsHeldToDnsConstraintsOnlyWithoutADnsName() {
        assertThat(check(Pki.cert("CN=www.other.com").dns("www.example.com")))
                .isEqualTo(VerifyResult.OK);
        assertThat(check(Pki.cert("CN=www.other.com"))).isEqualTo(VerifyResult.PERMITTED_VIOLATION);
        assertThat(check(Pki.cert("CN=x.bad.example.com")))
                .isEqualTo(VerifyResult.EXCLUDED_VIOLATION);
        // only names that look like host names (two labels or more) count
        assertThat(check(Pki.cert("CN=notadnsname"))).isEqualTo(VerifyResult.OK);
        assertThat(
                        check(
                                Pki.cert("CN=other.com")
                                        .san(
                                                new GeneralName(
                                                        GeneralName.rfc822Name, "a@example.com"))))
                .isEqualTo(VerifyResult.PERMITTED_VIOLATION);
    }

    @Test
    void addressesAndEmailAddressesHaveTheirOwnSubtrees() {
        assertThat(check(Pki.cert("CN=a").ip("10.1.2.3"))).isEqualTo(VerifyResult.OK);
        assertThat(check(Pki.cert("CN=a").ip("11.0.0.1")))
                .isEqualTo(VerifyResult.PERMITTED_VIOLATION);
        assertThat(check(Pki.cert("CN=a").ip("::1"))).isEqualTo(VerifyResult.PERMITTED_VIOLATION);
        assertThat(
                        check(
                                Pki.cert("CN=a")
                                        .san(
                                                new GeneralName(
                                                        GeneralName.rfc822Name, "a@other.com"))))
                .isEqualTo(VerifyResult.PERMITTED_VIOLATION);
        assertThat(check(Pki.cert("CN=a,E=a@other.com")))
                .isEqualTo(VerifyResult.PERMITTED_VIOLATION);
        // a type without constraints is free
        assertThat(
                        check(
                                Pki.cert("CN=a")
                                        .san(
                                                new GeneralName(
                                                        GeneralName.uniformResourceIdentifier,
                                                        "http://x.other.com/"))))
                .isEqualTo(VerifyResult.OK);
    }

    @Test
    void directoryNameConstraintsAreRdnPrefixes() {
        Cert dn =
                Pki.cert("CN=DN")
                        .ca()
                        .issuer(ROOT)
                        .nameConstraints(
                                new GeneralSubtree[] {
                                    new GeneralSubtree(new GeneralName(new X500Name("O=Good")))
                                },
                                new GeneralSubtree[] {dns(".x.com")})
                        .build();
        Scenario s = new Scenario().trust(ROOT);

        assertThat(s.run(Pki.cert("O=Good,CN=a").issuer(dn).build(), dn).error())
                .isEqualTo(VerifyResult.OK);
        assertThat(s.run(Pki.cert("O=good,CN=a").issuer(dn).build(), dn).error())
                .isEqualTo(VerifyResult.OK);
        assertThat(s.run(Pki.cert("O=Bad,CN=a").issuer(dn).build(), dn).error())
                .isEqualTo(VerifyResult.PERMITTED_VIOLATION);
        assertThat(s.run(Pki.cert("CN=a,O=Good").issuer(dn).build(), dn).error())
                .isEqualTo(VerifyResult.PERMITTED_VIOLATION);
        assertThat(s.run(Pki.cert("O=Good,CN=a.x.com").issuer(dn).build(), dn).error())
                .isEqualTo(VerifyResult.EXCLUDED_VIOLATION);
    }

    @Test
    void unusableConstraintsAndNamesHaveTheirOwnCodes() {
        Cert minMax =
                Pki.cert("CN=MinMax")
                        .ca()
                        .issuer(ROOT)
                        .nameConstraints(
                                new GeneralSubtree[] {
                                    new GeneralSubtree(
                                            new GeneralName(GeneralName.dNSName, "example.com"),
                                            BigInteger.ZERO,
                                            BigInteger.ONE)
                                },
                                null)
                        .build();
        OtherName on = new OtherName(new ASN1ObjectIdentifier("1.2.3.4"), new DERUTF8String("x"));
        Cert other =
                Pki.cert("CN=Other")
                        .ca()
                        .issuer(ROOT)
                        .nameConstraints(
                                new GeneralSubtree[] {
                                    new GeneralSubtree(new GeneralName(GeneralName.otherName, on))
                                },
                                null)
                        .build();
        Scenario s = new Scenario().trust(ROOT);

        assertThat(
                        s.run(Pki.cert("CN=a").dns("a.example.com").issuer(minMax).build(), minMax)
                                .error())
                .isEqualTo(VerifyResult.SUBTREE_MINMAX);
        assertThat(
                        s.run(
                                        Pki.cert("CN=a")
                                                .san(new GeneralName(GeneralName.otherName, on))
                                                .issuer(other)
                                                .build(),
                                        other)
                                .error())
                .isEqualTo(VerifyResult.UNSUPPORTED_CONSTRAINT_TYPE);
        assertThat(
                        check(
                                Pki.cert("CN=a")
                                        .san(
                                                new GeneralName(
                                                        GeneralName.rfc822Name, "no-at-sign"))))
                .isEqualTo(VerifyResult.UNSUPPORTED_NAME_SYNTAX);
    }

    @Test
    void constraintsReachEveryCertificateBelowTheirs() {
        Cert sub = Pki.cert("CN=sub.other.com").ca().issuer(NC).build();
        Cert leaf = Pki.cert("CN=a").dns("a.example.com").issuer(sub).build();

        // the intermediate's own CN is a host name outside example.com, but only a leaf's CN counts
        assertThat(new Scenario().trust(ROOT).run(leaf, sub, NC).error())
                .isEqualTo(VerifyResult.OK);
        Cert badSub = Pki.cert("CN=Sub").ca().issuer(NC).dns("sub.other.com").build();
        Scenario.Outcome o =
                new Scenario()
                        .trust(ROOT)
                        .run(
                                Pki.cert("CN=b").dns("b.example.com").issuer(badSub).build(),
                                badSub,
                                NC);
        assertThat(o.error()).isEqualTo(VerifyResult.PERMITTED_VIOLATION);
        assertThat(o.errorDepth()).isEqualTo(1);
    }
}
