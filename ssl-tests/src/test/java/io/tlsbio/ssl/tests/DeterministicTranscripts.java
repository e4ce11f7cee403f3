package io.tlsbio.ssl.tests;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.testkit.RecordingBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.VerifyMode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One deterministic connection per case — both contexts built with {@code
 * SslContext.Builder.deterministic(seed)}, a PKI from the same seed — handshake, 5,000 bytes each
 * way and a two-way close over memory BIOs; prints the SHA-256 of each side's transcript. Run as a
 * program ({@code main}) so a test can compare what separate JVMs write.
 */
public final class DeterministicTranscripts {

    /** One case: version, server key type, client authentication. */
    public record Case(TlsVersion version, KeyType key, boolean clientAuth) {
        @Override
        public String toString() {
            return version + "-" + key + (clientAuth ? "-clientauth" : "");
        }
    }

    static final long SEED = 20261202L;

    private DeterministicTranscripts() {}

    /** The eight cases: TLS 1.2/1.3 × RSA/ECDSA × with/without client authentication. */
    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (TlsVersion v : TlsVersion.values()) {
            for (KeyType k : KeyType.values()) {
                out.add(new Case(v, k, false));
                out.add(new Case(v, k, true));
            }
        }
        return out;
    }

    /** "case clientSha256 serverSha256" for one case. */
    public static String line(Case c) {
        TestPki pki = TestPki.create(SEED);
        TestCredential server = pki.server(c.key());
        TestCredential client = pki.client(c.key());
        SslContext.Builder sb =
                SslContext.builder()
                        .versions(c.version(), c.version())
                        .deterministic(SEED)
                        .certificate(server.chain(), server.privateKey());
        if (c.clientAuth()) {
            sb.verify(VerifyMode.FAIL_IF_NO_PEER_CERT).trust(List.of(pki.ca().certificate()));
        }
        SslContext.Builder cb =
                SslContext.builder()
                        .versions(c.version(), c.version())
                        .deterministic(SEED + 1)
                        .trust(List.of(pki.ca().certificate()))
                        .hostName(TestPki.HOST);
        if (c.clientAuth()) {
            cb.certificate(client.chain(), client.privateKey());
        }
        RecordingBio clientOut = new RecordingBio();
        RecordingBio serverOut = new RecordingBio();
        MemBio c2s = MemBio.create();
        MemBio s2c = MemBio.create();
        clientOut.push(c2s);
        serverOut.push(s2c);
        Ssl cs = cb.build().newSsl();
        Ssl ss = sb.build().newSsl();
        cs.setBio(s2c, clientOut);
        ss.setBio(c2s, serverOut);
        cs.setConnectState();
        ss.setAcceptState();
        new Driver().handshake(cs, ss, () -> {});
        byte[] data = new byte[5000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        Driver.transfer(cs, ss, data, () -> {});
        Driver.transfer(ss, cs, data, () -> {});
        Driver.shutdown(cs, ss, () -> {}, () -> {});
        return c
                + " "
                + sha256(clientOut.writtenTranscript())
                + " "
                + sha256(serverOut.writtenTranscript());
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints one line per case. */
    public static void main(String[] args) {
        for (Case c : cases()) {
            System.out.println(line(c));
        }
    }
}
