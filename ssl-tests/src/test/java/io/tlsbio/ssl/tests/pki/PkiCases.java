package io.tlsbio.ssl.tests.pki;

import io.tlsbio.ssl.CrlCheck;
import io.tlsbio.ssl.tests.pki.CertBuilder.Bc;
import io.tlsbio.ssl.tests.pki.CertBuilder.Digest;
import io.tlsbio.ssl.tests.pki.PkiKeys.Kind;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The matrix's cases. Unless a case says otherwise the PKI is root → intermediate → leaf, all
 * P-256, the peer sends leaf + intermediate, the verifier trusts the root, and a server certificate
 * is for DNS:localhost checked as "localhost". Keys are shared by role; certificates are made per
 * case.
 */
final class PkiCases {

    private static final KeyPurposeId SERVER_AUTH = KeyPurposeId.id_kp_serverAuth;
    private static final KeyPurposeId CLIENT_AUTH = KeyPurposeId.id_kp_clientAuth;

    private final Issued root = CertBuilder.ca("Matrix Root", key("root")).build();
    private final Issued inter =
            CertBuilder.ca("Matrix Intermediate", key("inter")).issuer(root).build();
    private final Issued otherRoot = CertBuilder.ca("Unknown Root", key("other-root")).build();
    private final Issued otherInter =
            CertBuilder.ca("Unknown Intermediate", key("other-inter")).issuer(otherRoot).build();

    /** What the servers of the client-certificate direction present. */
    private final Issued tlsServer =
            CertBuilder.leaf("localhost", key("tls-server")).issuer(root).dns("localhost").build();

    private static KeyPair key(String label) {
        return PkiKeys.get(label, Kind.EC_P256);
    }

    /** The certificate the servers of the client-certificate direction present. */
    Issued tlsServer() {
        return tlsServer;
    }

    /** A leaf below the intermediate for {@code cn} with SAN DNS:{@code cn}. */
    private CertBuilder leaf(String cn) {
        return CertBuilder.leaf(cn, key("leaf")).issuer(inter).dns(cn);
    }

    private PkiCase.Builder server(String name, String title, Issued... chain) {
        return PkiCase.server(name, title, List.of(chain)).trust(root);
    }

    private PkiCase.Builder client(String name, String title, Issued... chain) {
        return PkiCase.client(name, title, List.of(chain)).trust(root);
    }

    /** Every case, server-certificate direction first. */
    List<PkiCase> all() {
        List<PkiCase> cases = new ArrayList<>();
        serverBasics(cases);
        serverChains(cases);
        serverNames(cases);
        serverRevocationAndLimits(cases);
        serverSeveralErrors(cases);
        clientCases(cases);
        return cases;
    }

    private void serverBasics(List<PkiCase> out) {
        out.add(server("valid", "valid chain (P-256)", leaf("localhost").build(), inter).build());
        Issued rsa =
                CertBuilder.leaf("localhost", PkiKeys.get("leaf", Kind.RSA_2048))
                        .issuer(inter)
                        .dns("localhost")
                        .build();
        out.add(server("valid-rsa", "valid chain, RSA 2048 leaf", rsa, inter).build());
        out.add(
                server("expired-leaf", "expired leaf", leaf("localhost").expired().build(), inter)
                        .build());
        out.add(
                server(
                                "not-yet-valid-leaf",
                                "leaf not yet valid",
                                leaf("localhost").notYetValid().build(),
                                inter)
                        .build());
        Issued oldInter =
                CertBuilder.ca("Matrix Intermediate", key("inter")).issuer(root).expired().build();
        out.add(
                server(
                                "expired-intermediate",
                                "expired intermediate",
                                leaf("localhost").issuer(oldInter).build(),
                                oldInter)
                        .build());
        out.add(
                server(
                                "eku-clientauth-only",
                                "server cert with EKU clientAuth only",
                                leaf("localhost").eku(CLIENT_AUTH).build(),
                                inter)
                        .build());
        out.add(
                server(
                                "ku-certsign-only",
                                "server cert with keyUsage keyCertSign only",
                                leaf("localhost").keyUsage(KeyUsage.keyCertSign).build(),
                                inter)
                        .build());
        out.add(
                server(
                                "ku-digitalsignature",
                                "server cert with keyUsage digitalSignature (fine)",
                                leaf("localhost").keyUsage(KeyUsage.digitalSignature).build(),
                                inter)
                        .build());
        out.add(
                server(
                                "no-eku-no-ku",
                                "server cert without EKU or keyUsage",
                                leaf("localhost").eku().noKeyUsage().build(),
                                inter)
                        .build());
        out.add(
                server(
                                "eku-any-only",
                                "server cert with EKU anyExtendedKeyUsage only",
                                leaf("localhost").eku(KeyPurposeId.anyExtendedKeyUsage).build(),
                                inter)
                        .build());
        out.add(
                server(
                                "unknown-critical-ext",
                                "leaf with an unknown critical extension",
                                leaf("localhost").unknownCriticalExtension().build(),
                                inter)
                        .build());
        Issued small =
                CertBuilder.leaf("localhost", PkiKeys.get("leaf", Kind.RSA_1024))
                        .issuer(inter)
                        .dns("localhost")
                        .build();
        out.add(server("rsa1024-level1", "RSA 1024 leaf, security level 1", small, inter).build());
        out.add(
                server("rsa1024-level2", "RSA 1024 leaf, security level 2", small, inter)
                        .securityLevel(2)
                        .build());
        out.add(
                server(
                                "sha1-leaf",
                                "SHA-1 signed leaf, security level 1",
                                leaf("localhost").digest(Digest.SHA1).build(),
                                inter)
                        .build());
        out.add(
                server(
                                "sha1-leaf-level0",
                                "SHA-1 signed leaf, security level 0",
                                leaf("localhost").digest(Digest.SHA1).build(),
                                inter)
                        .securityLevel(0)
                        .build());
    }

    private void serverChains(List<PkiCase> out) {
        Issued notCa =
                CertBuilder.ca("Matrix Intermediate", key("inter"))
                        .issuer(root)
                        .basicConstraints(Bc.NOT_CA)
                        .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                        .build();
        out.add(
                server(
                                "intermediate-ca-false",
                                "intermediate with CA:false",
                                leaf("localhost").issuer(notCa).build(),
                                notCa)
                        .build());
        Issued noBcKu =
                CertBuilder.ca("Matrix Intermediate", key("inter"))
                        .issuer(root)
                        .basicConstraints(Bc.ABSENT)
                        .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                        .build();
        out.add(
                server(
                                "intermediate-no-bc",
                                "intermediate without basicConstraints (keyUsage keyCertSign)",
                                leaf("localhost").issuer(noBcKu).build(),
                                noBcKu)
                        .build());
        Issued noBc =
                CertBuilder.ca("Matrix Intermediate", key("inter"))
                        .issuer(root)
                        .basicConstraints(Bc.ABSENT)
                        .noKeyUsage()
                        .build();
        out.add(
                server(
                                "intermediate-no-bc-no-ku",
                                "intermediate without basicConstraints or keyUsage",
                                leaf("localhost").issuer(noBc).build(),
                                noBc)
                        .build());
        Issued inter0 =
                CertBuilder.ca("Matrix Intermediate", key("inter")).issuer(root).pathLen(0).build();
        Issued below0 =
                CertBuilder.ca("Matrix Sub Intermediate", key("inter2")).issuer(inter0).build();
        out.add(
                server(
                                "pathlen0-exceeded",
                                "pathLen:0 intermediate above another CA",
                                leaf("localhost").issuer(below0).build(),
                                below0,
                                inter0)
                        .build());
        Issued unknownLeaf =
                CertBuilder.leaf("localhost", key("leaf"))
                        .issuer(otherInter)
                        .dns("localhost")
                        .build();
        out.add(
                server("unknown-root", "chain to an unknown root", unknownLeaf, otherInter)
                        .build());
        out.add(
                server(
                                "unknown-root-sent",
                                "chain to an unknown root, root sent too",
                                unknownLeaf,
                                otherInter,
                                otherRoot)
                        .build());
        Issued selfSigned = CertBuilder.leaf("localhost", key("leaf")).dns("localhost").build();
        out.add(server("self-signed-leaf", "self-signed leaf, not trusted", selfSigned).build());
        Issued good = leaf("localhost").build();
        out.add(server("missing-intermediate", "server sends only the leaf", good).build());
        out.add(
                server(
                                "intermediate-untrusted",
                                "intermediate given to the verifier as untrusted",
                                good)
                        .untrusted(inter)
                        .build());
        out.add(server("root-sent-too", "chain with the root sent too", good, inter, root).build());
        out.add(
                server(
                                "hashed-directory",
                                "root trusted from a hashed directory (openssl rehash)",
                                good,
                                inter)
                        .hashedDirectory()
                        .build());
        out.add(
                PkiCase.server(
                                "trust-intermediate-only",
                                "only the intermediate trusted (no partial chains)",
                                List.of(good, inter))
                        .trust(inter)
                        .build());
        Issued oldRoot = CertBuilder.ca("Matrix Root", key("root")).expired().build();
        Issued belowOld =
                CertBuilder.ca("Matrix Intermediate", key("inter")).issuer(oldRoot).build();
        out.add(
                PkiCase.server(
                                "expired-root",
                                "trusted root expired",
                                List.of(leaf("localhost").issuer(belowOld).build(), belowOld))
                        .trust(oldRoot)
                        .build());
        Issued kuNoSign =
                CertBuilder.ca("Matrix Intermediate", key("inter"))
                        .issuer(root)
                        .keyUsage(KeyUsage.digitalSignature)
                        .build();
        out.add(
                server(
                                "intermediate-ku-no-certsign",
                                "CA:true intermediate whose keyUsage lacks keyCertSign",
                                leaf("localhost").issuer(kuNoSign).build(),
                                kuNoSign)
                        .build());
        Issued interClientOnly =
                CertBuilder.ca("Matrix Intermediate", key("inter"))
                        .issuer(root)
                        .eku(CLIENT_AUTH)
                        .build();
        out.add(
                server(
                                "intermediate-eku-clientauth",
                                "intermediate with EKU clientAuth only above a serverAuth leaf",
                                leaf("localhost").issuer(interClientOnly).build(),
                                interClientOnly)
                        .build());
        out.add(
                PkiCase.server(
                                "self-signed-leaf-trusted",
                                "self-signed leaf that is itself trusted",
                                List.of(selfSigned))
                        .trust(selfSigned)
                        .build());
        out.add(
                PkiCase.server(
                                "leaf-trusted-directly",
                                "leaf itself trusted, its issuers not",
                                List.of(good, inter))
                        .trust(good)
                        .build());
        Issued rolledRoot = CertBuilder.ca("Matrix Root", key("root-2")).build();
        Issued rolledInter =
                CertBuilder.ca("Matrix Intermediate", key("inter")).issuer(rolledRoot).build();
        out.add(
                PkiCase.server(
                                "same-name-roots",
                                "two trusted roots of one name, chain to the second",
                                List.of(leaf("localhost").issuer(rolledInter).build(), rolledInter))
                        .trust(root, rolledRoot)
                        .build());
        out.add(
                server(
                                "chain-out-of-order",
                                "server sends leaf, root, intermediate",
                                good,
                                root,
                                inter)
                        .build());
        out.add(
                server(
                                "chain-with-stranger",
                                "server sends an unrelated CA after its chain",
                                good,
                                inter,
                                otherRoot)
                        .build());
        out.add(
                server(
                                "v1-leaf",
                                "X.509 v1 leaf (no extensions: CN only)",
                                CertBuilder.leaf("localhost", key("leaf"))
                                        .issuer(inter)
                                        .v1()
                                        .build(),
                                inter)
                        .build());
        Issued v1Inter =
                CertBuilder.ca("Matrix Intermediate", key("inter")).issuer(root).v1().build();
        out.add(
                server(
                                "v1-intermediate",
                                "X.509 v1 intermediate",
                                leaf("localhost").issuer(v1Inter).build(),
                                v1Inter)
                        .build());
        Issued direct =
                CertBuilder.leaf("localhost", key("leaf")).issuer(root).dns("localhost").build();
        out.add(
                server("depth-zero", "leaf directly below the root, verify depth 0", direct)
                        .verifyDepth(0)
                        .build());
        out.add(
                server(
                                "bad-leaf-signature",
                                "leaf signature does not verify",
                                CertBuilder.withBrokenSignature(leaf("localhost").build()),
                                inter)
                        .build());
    }

    private void serverNames(List<PkiCase> out) {
        Issued star = leaf("*.a.com").build();
        out.add(server("wildcard-apex", "*.a.com vs a.com", star, inter).host("a.com").build());
        out.add(
                server("wildcard-two-labels", "*.a.com vs x.y.a.com", star, inter)
                        .host("x.y.a.com")
                        .build());
        out.add(
                server("wildcard-one-label", "*.a.com vs www.a.com", star, inter)
                        .host("www.a.com")
                        .build());
        out.add(
                server("wildcard-partial", "f*.a.com vs foo.a.com", leaf("f*.a.com").build(), inter)
                        .host("foo.a.com")
                        .build());
        out.add(
                server("wildcard-tld", "*.com vs a.com", leaf("*.com").build(), inter)
                        .host("a.com")
                        .build());
        Issued ipOnly =
                CertBuilder.leaf("server.test", key("leaf")).issuer(inter).ip("127.0.0.1").build();
        out.add(
                server("ip-san-ip-host", "IP SAN 127.0.0.1 vs IP 127.0.0.1", ipOnly, inter)
                        .host("127.0.0.1")
                        .build());
        out.add(
                server(
                                "ip-san-dns-host",
                                "IP SAN 127.0.0.1 (CN server.test) vs host localhost",
                                ipOnly,
                                inter)
                        .build());
        Issued ipCn =
                CertBuilder.leaf("localhost", key("leaf")).issuer(inter).ip("127.0.0.1").build();
        out.add(
                server(
                                "ip-san-cn-fallback",
                                "IP SAN only, CN=localhost vs host localhost",
                                ipCn,
                                inter)
                        .build());
        out.add(
                server(
                                "dns-san-ip-host",
                                "DNS SAN localhost only vs IP 127.0.0.1",
                                leaf("localhost").build(),
                                inter)
                        .host("127.0.0.1")
                        .build());
        out.add(
                server(
                                "host-upper-case",
                                "DNS:localhost vs LOCALHOST",
                                leaf("localhost").build(),
                                inter)
                        .host("LOCALHOST")
                        .build());
        out.add(
                server(
                                "host-trailing-dot",
                                "DNS:localhost vs localhost.",
                                leaf("localhost").build(),
                                inter)
                        .host("localhost.")
                        .build());
        out.add(
                server(
                                "wildcard-middle",
                                "www.*.com vs www.a.com",
                                leaf("www.*.com").build(),
                                inter)
                        .host("www.a.com")
                        .build());
        Issued v6 = CertBuilder.leaf("server.test", key("leaf")).issuer(inter).ip("::1").build();
        out.add(
                server("ipv6-san", "IP SAN ::1 vs 0:0:0:0:0:0:0:1", v6, inter)
                        .host("0:0:0:0:0:0:0:1")
                        .build());
        Issued cnOnly = CertBuilder.leaf("localhost", key("leaf")).issuer(inter).build();
        out.add(server("cn-only", "CN=localhost, no SAN, host localhost", cnOnly, inter).build());
        Issued cnIgnored =
                CertBuilder.leaf("localhost", key("leaf"))
                        .issuer(inter)
                        .dns("other.example")
                        .build();
        out.add(
                server(
                                "cn-ignored-with-dns-san",
                                "CN=localhost, SAN DNS:other.example, host localhost",
                                cnIgnored,
                                inter)
                        .build());
        Issued permitA =
                CertBuilder.ca("Matrix Intermediate", key("inter"))
                        .issuer(root)
                        .permitDns(".a.com")
                        .build();
        out.add(
                server(
                                "nc-permitted-violated",
                                "permitted DNS .a.com, leaf www.b.com",
                                CertBuilder.leaf("www.b.com", key("leaf"))
                                        .issuer(permitA)
                                        .dns("www.b.com")
                                        .build(),
                                permitA)
                        .host("www.b.com")
                        .build());
        out.add(
                server(
                                "nc-permitted-ok",
                                "permitted DNS .a.com, leaf www.a.com",
                                CertBuilder.leaf("www.a.com", key("leaf"))
                                        .issuer(permitA)
                                        .dns("www.a.com")
                                        .build(),
                                permitA)
                        .host("www.a.com")
                        .build());
        out.add(
                server(
                                "nc-cn-only-violated",
                                "permitted DNS .a.com, leaf CN=www.b.com without SAN",
                                CertBuilder.leaf("www.b.com", key("leaf")).issuer(permitA).build(),
                                permitA)
                        .host("www.b.com")
                        .build());
        Issued excludeA =
                CertBuilder.ca("Matrix Intermediate", key("inter"))
                        .issuer(root)
                        .excludeDns("a.com")
                        .build();
        out.add(
                server(
                                "nc-excluded",
                                "excluded DNS a.com, leaf www.a.com",
                                CertBuilder.leaf("www.a.com", key("leaf"))
                                        .issuer(excludeA)
                                        .dns("www.a.com")
                                        .build(),
                                excludeA)
                        .host("www.a.com")
                        .build());
    }

    private void serverRevocationAndLimits(List<PkiCase> out) {
        Issued good = leaf("localhost").build();
        out.add(
                server("revoked-leaf", "leaf revoked, crl_check (leaf)", good, inter)
                        .crls(CrlCheck.LEAF, CrlMaker.crl(inter, good.certificate()))
                        .build());
        out.add(
                server("crl-not-revoked", "CRL present, leaf not revoked, crl_check", good, inter)
                        .crls(CrlCheck.LEAF, CrlMaker.crl(inter))
                        .build());
        var interRevoked = CrlMaker.crl(root, inter.certificate());
        out.add(
                server(
                                "revoked-intermediate-all",
                                "intermediate revoked, crl_check_all",
                                good,
                                inter)
                        .crls(CrlCheck.ALL, interRevoked, CrlMaker.crl(inter))
                        .build());
        out.add(
                server(
                                "revoked-intermediate-leaf-only",
                                "intermediate revoked, crl_check (leaf only)",
                                good,
                                inter)
                        .crls(CrlCheck.LEAF, interRevoked, CrlMaker.crl(inter))
                        .build());
        out.add(
                server("no-crl", "crl_check without any CRL", good, inter)
                        .crls(CrlCheck.LEAF)
                        .build());
        out.add(
                server(
                                "crl-bad-signature",
                                "CRL in the intermediate's name signed with another key, crl_check",
                                good,
                                inter)
                        .crls(CrlCheck.LEAF, CrlMaker.crlSignedBy(inter, otherInter))
                        .build());
        out.add(
                server(
                                "crl-expired",
                                "CRL past its next update, leaf not revoked, crl_check",
                                good,
                                inter)
                        .crls(CrlCheck.LEAF, CrlMaker.expiredCrl(inter))
                        .build());
        out.add(
                server(
                                "crl-expired-revoked",
                                "CRL past its next update revoking the leaf, crl_check",
                                good,
                                inter)
                        .crls(CrlCheck.LEAF, CrlMaker.expiredCrl(inter, good.certificate()))
                        .build());
        Issued sub = CertBuilder.ca("Matrix Sub Intermediate", key("inter2")).issuer(inter).build();
        Issued deep = leaf("localhost").issuer(sub).build();
        out.add(
                server("depth-exceeded", "two intermediates, verify depth 1", deep, sub, inter)
                        .verifyDepth(1)
                        .build());
        out.add(
                server("depth-enough", "two intermediates, verify depth 2", deep, sub, inter)
                        .verifyDepth(2)
                        .build());
        out.add(
                server(
                                "callback-accepts-all",
                                "expired leaf, callback that accepts everything",
                                leaf("localhost").expired().build(),
                                inter)
                        .acceptAll()
                        .build());
    }

    /** Cases where apps/verify.c's callback lets the first error go and OpenSSL finds more. */
    private void serverSeveralErrors(List<PkiCase> out) {
        out.add(
                server(
                                "multi-eku-expired",
                                "EKU clientAuth only and expired",
                                leaf("localhost").eku(CLIENT_AUTH).expired().build(),
                                inter)
                        .build());
        out.add(
                server(
                                "multi-self-signed-expired",
                                "self-signed leaf, expired",
                                CertBuilder.leaf("localhost", key("leaf"))
                                        .dns("localhost")
                                        .expired()
                                        .build())
                        .build());
        Issued notCa =
                CertBuilder.ca("Matrix Intermediate", key("inter"))
                        .issuer(root)
                        .basicConstraints(Bc.NOT_CA)
                        .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                        .build();
        out.add(
                server(
                                "multi-ca-false-expired",
                                "intermediate CA:false and expired leaf",
                                leaf("localhost").issuer(notCa).expired().build(),
                                notCa)
                        .build());
        Issued permitA =
                CertBuilder.ca("Matrix Intermediate", key("inter"))
                        .issuer(root)
                        .permitDns(".a.com")
                        .build();
        out.add(
                server(
                                "multi-expired-nc",
                                "expired leaf www.b.com below permitted .a.com",
                                CertBuilder.leaf("www.b.com", key("leaf"))
                                        .issuer(permitA)
                                        .dns("www.b.com")
                                        .expired()
                                        .build(),
                                permitA)
                        .host("www.b.com")
                        .build());
        out.add(
                server(
                                "multi-critical-ext-wrong-host",
                                "unknown critical extension and host mismatch",
                                leaf("localhost").unknownCriticalExtension().build(),
                                inter)
                        .host("other.example")
                        .build());
    }

    private void clientCases(List<PkiCase> out) {
        out.add(
                client(
                                "client-valid",
                                "client cert with EKU clientAuth",
                                leaf("client").eku(CLIENT_AUTH).build(),
                                inter)
                        .build());
        out.add(
                client(
                                "client-eku-serverauth-only",
                                "client cert with EKU serverAuth only",
                                leaf("client").eku(SERVER_AUTH).build(),
                                inter)
                        .build());
        out.add(
                client(
                                "client-ku-certsign-only",
                                "client cert with keyUsage keyCertSign only",
                                leaf("client").keyUsage(KeyUsage.keyCertSign).build(),
                                inter)
                        .build());
        out.add(
                client(
                                "client-ku-digitalsignature",
                                "client cert with keyUsage digitalSignature (fine)",
                                leaf("client").keyUsage(KeyUsage.digitalSignature).build(),
                                inter)
                        .build());
        Issued rsaEnc =
                CertBuilder.leaf("client", PkiKeys.get("leaf", Kind.RSA_2048))
                        .issuer(inter)
                        .dns("client")
                        .keyUsage(KeyUsage.keyEncipherment)
                        .build();
        out.add(
                client(
                                "client-ku-keyencipherment-only",
                                "RSA client cert with keyUsage keyEncipherment only",
                                rsaEnc,
                                inter)
                        .build());
        out.add(
                client(
                                "client-no-eku",
                                "client cert without EKU (keyUsage digitalSignature)",
                                leaf("client").eku().build(),
                                inter)
                        .build());
        out.add(
                client(
                                "client-expired",
                                "expired client cert",
                                leaf("client").expired().build(),
                                inter)
                        .build());
        Issued unknown = CertBuilder.leaf("client", key("leaf")).issuer(otherInter).build();
        out.add(
                client(
                                "client-unknown-root",
                                "client cert from an unknown root",
                                unknown,
                                otherInter)
                        .build());
        out.add(
                client(
                                "client-missing-intermediate",
                                "client sends only its leaf",
                                leaf("client").build())
                        .build());
    }
}
