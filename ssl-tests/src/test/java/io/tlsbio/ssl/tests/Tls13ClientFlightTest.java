package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.VerifyMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's records on the wire in OpenSSL's order (docs/ssl-lifecycle.md, "TLS 1.3 client
 * flight"): an OpenSSL 3.0 client sends its middlebox-compatibility ChangeCipherSpec with its
 * second flight, and an alert raised before that flight in plaintext. The server's flight is fed to
 * the client one record at a time, so a CCS sent right after ServerHello would show.
 */
class Tls13ClientFlightTest {

    private static final int CCS = 20;
    private static final int ALERT = 21;
    private static final int HANDSHAKE = 22;
    private static final int APPLICATION_DATA = 23;

    /** One TLS record as it crossed the wire. */
    private record Rec(int type, byte[] body) {
        @Override
        public String toString() {
            return type + "/" + body.length;
        }
    }

    /** A client whose output and input are relayed by the test, record by record. */
    private static final class Relay {
        final MemBio clientOut = MemBio.create();
        final MemBio clientIn = MemBio.create();
        final MemBio serverIn = MemBio.create();
        final MemBio serverOut = MemBio.create();
        final Ssl client;
        final Ssl server;

        Relay(SslContext clientCtx, SslContext serverCtx) {
            client = clientCtx.newSsl();
            server = serverCtx.newSsl();
            client.setBio(clientIn, clientOut);
            server.setBio(serverIn, serverOut);
            client.setConnectState();
            server.setAcceptState();
        }

        /** Everything the client wrote since the last call, as records, passed on to the server. */
        List<Rec> fromClient() {
            List<Rec> recs = records(drain(clientOut));
            for (Rec r : recs) {
                serverIn.write(frame(r));
            }
            return recs;
        }

        static byte[] drain(MemBio bio) {
            byte[] all = new byte[(int) bio.pending()];
            int n = all.length == 0 ? 0 : bio.read(all, 0, all.length);
            assertThat(n).isEqualTo(all.length);
            return all;
        }
    }

    static List<Rec> records(byte[] wire) {
        List<Rec> out = new ArrayList<>();
        int p = 0;
        while (p < wire.length) {
            assertThat(wire.length - p).as("whole records only").isGreaterThanOrEqualTo(5);
            int len = ((wire[p + 3] & 0xff) << 8) | (wire[p + 4] & 0xff);
            assertThat(wire[p + 1]).as("record version major").isEqualTo((byte) 3);
            out.add(new Rec(wire[p] & 0xff, Arrays.copyOfRange(wire, p + 5, p + 5 + len)));
            p += 5 + len;
        }
        return out;
    }

    static byte[] frame(Rec r) {
        byte[] b = new byte[5 + r.body.length];
        b[0] = (byte) r.type;
        b[1] = 3;
        b[2] = 3;
        b[3] = (byte) (r.body.length >> 8);
        b[4] = (byte) r.body.length;
        System.arraycopy(r.body, 0, b, 5, r.body.length);
        return b;
    }

    /** Runs the handshake up to the server's first flight; returns that flight's records. */
    private static List<Rec> serverFirstFlight(Relay r) {
        assertThat(r.client.doHandshake()).isEqualTo(-1);
        List<Rec> hello = r.fromClient();
        assertThat(hello).extracting(Rec::type).containsExactly(HANDSHAKE);
        assertThat(r.server.doHandshake()).isEqualTo(-1);
        assertThat(r.server.getError(-1)).isEqualTo(SslError.WANT_READ);
        return records(Relay.drain(r.serverOut));
    }

    @Test
    void theCompatibilityCcsGoesOutWithTheSecondFlightNotAfterServerHello() {
        Relay r =
                new Relay(
                        Contexts.client(TlsVersion.TLS1_3),
                        Contexts.server(KeyType.ECDSA, TlsVersion.TLS1_3));
        List<Rec> flight = serverFirstFlight(r);
        assertThat(flight.get(0).type()).as("ServerHello").isEqualTo(HANDSHAKE);

        // ServerHello alone: the client has nothing to send yet
        r.clientIn.write(frame(flight.get(0)));
        assertThat(r.client.doHandshake()).isEqualTo(-1);
        assertThat(r.client.getError(-1)).isEqualTo(SslError.WANT_READ);
        assertThat(r.fromClient()).as("nothing after ServerHello").isEmpty();

        // every other record but the last (the server's Finished): still nothing
        for (Rec rec : flight.subList(1, flight.size() - 1)) {
            r.clientIn.write(frame(rec));
            assertThat(r.client.doHandshake()).isEqualTo(-1);
            assertThat(r.fromClient()).as("nothing before the server's Finished").isEmpty();
        }
        r.clientIn.write(frame(flight.get(flight.size() - 1)));
        assertThat(r.client.doHandshake()).isEqualTo(1);
        List<Rec> second = r.fromClient();
        assertThat(second).extracting(Rec::type).containsExactly(CCS, APPLICATION_DATA);
        assertThat(second.get(0).body()).containsExactly(1);

        assertThat(r.server.doHandshake()).isEqualTo(1);
        byte[] ping = {1, 2, 3};
        assertThat(r.client.write(ping, 0, 3)).isEqualTo(3);
        r.fromClient();
        byte[] got = new byte[3];
        assertThat(r.server.read(got, 0, 3)).isEqualTo(3);
        assertThat(got).isEqualTo(ping);
    }

    @Test
    void withClientAuthenticationTheCcsPrecedesTheEncryptedCertificate() {
        TestCredential clientCred = Contexts.pki().client(KeyType.ECDSA);
        SslContext clientCtx =
                Contexts.clientBuilder(TlsVersion.TLS1_3)
                        .certificate(clientCred.chain(), clientCred.privateKey())
                        .build();
        SslContext serverCtx =
                Contexts.serverBuilder(KeyType.ECDSA, TlsVersion.TLS1_3)
                        .verify(VerifyMode.FAIL_IF_NO_PEER_CERT)
                        .trust(List.of(Contexts.pki().ca().certificate()))
                        .build();
        Relay r = new Relay(clientCtx, serverCtx);
        for (Rec rec : serverFirstFlight(r)) {
            r.clientIn.write(frame(rec));
        }
        assertThat(r.client.doHandshake()).isEqualTo(1);
        List<Rec> second = r.fromClient();
        assertThat(second.get(0).type()).isEqualTo(CCS);
        assertThat(second.subList(1, second.size()))
                .extracting(Rec::type)
                .as("Certificate, CertificateVerify, Finished, all encrypted")
                .hasSize(3)
                .containsOnly(APPLICATION_DATA);
        assertThat(r.server.doHandshake()).isEqualTo(1);
        assertThat(r.server.peerCertificates()).isNotEmpty();
    }

    @Test
    void aRejectedServerCertificateGetsAPlaintextAlertAndNoCcs() {
        TestCredential untrusted = Contexts.pki().untrustedServer(KeyType.ECDSA);
        SslContext serverCtx =
                SslContext.builder()
                        .versions(TlsVersion.TLS1_3, TlsVersion.TLS1_3)
                        .certificate(untrusted.chain(), untrusted.privateKey())
                        .build();
        Relay r = new Relay(Contexts.client(TlsVersion.TLS1_3), serverCtx);
        for (Rec rec : serverFirstFlight(r)) {
            r.clientIn.write(frame(rec));
        }
        assertThat(r.client.doHandshake()).isEqualTo(-1);
        assertThat(r.client.getError(-1)).isEqualTo(SslError.SSL);
        assertThat(r.client.lastError().reason()).isEqualTo(SslReason.CERTIFICATE_VERIFY_FAILED);
        int alert = r.client.lastError().alert();

        List<Rec> sent = r.fromClient();
        assertThat(sent).as("one plaintext fatal alert, as OpenSSL 3.0's client sends").hasSize(1);
        assertThat(sent.get(0).type()).isEqualTo(ALERT);
        assertThat(sent.get(0).body()).containsExactly(2, alert);

        // the server reads it in plaintext too
        assertThat(r.server.doHandshake()).isEqualTo(-1);
        assertThat(r.server.getError(-1)).isEqualTo(SslError.SSL);
        assertThat(r.server.lastError().reason()).isEqualTo(SslReason.ALERT_RECEIVED);
        assertThat(r.server.lastError().alert()).isEqualTo(alert);
    }

    @Test
    void tls12IsUnchangedTheCcsPrecedesTheFinished() {
        Relay r =
                new Relay(
                        Contexts.client(TlsVersion.TLS1_2),
                        Contexts.server(KeyType.ECDSA, TlsVersion.TLS1_2));
        for (Rec rec : serverFirstFlight(r)) {
            r.clientIn.write(frame(rec));
        }
        assertThat(r.client.doHandshake()).isEqualTo(-1);
        List<Rec> second = r.fromClient();
        assertThat(second).extracting(Rec::type).containsExactly(HANDSHAKE, CCS, HANDSHAKE);
    }
}
