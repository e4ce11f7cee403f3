package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioCallback;
import io.tlsbio.bio.BioOperation;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The record layer ssl-core owns: exact reads (docs/decisions.md, decision 5), read-ahead, limits,
 * flushes.
 */
class RecordLayerTest {

    /** Records the length each successful read asked for, and counts flushes. */
    static final class Probe implements BioCallback {
        final List<Integer> readRequests = new ArrayList<>();
        int flushes;

        @Override
        public long after(Bio bio, BioOperation op, byte[] buf, int off, int len, long ret) {
            if (op == BioOperation.READ && ret > 0) {
                readRequests.add(len);
            } else if (op == BioOperation.FLUSH) {
                flushes++;
            }
            return ret;
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void withoutReadAheadEveryReadAsksForTheHeaderOrExactlyTheRestOfTheBody(TlsVersion v) {
        MemPair p = new MemPair(v);
        Probe probe = new Probe();
        p.s2c.setCallback(probe);
        p.connect();
        byte[] msg = new byte[3000];
        assertThat(p.server.write(msg, 0, msg.length)).isEqualTo(3000);
        byte[] got = new byte[3000];
        assertThat(p.client.read(got, 0, 3000)).isEqualTo(3000);
        // the requests alternate 5 (header) and a body length; never more than one record
        List<Integer> r = probe.readRequests;
        for (int i = 0; i < r.size(); i += 2) {
            assertThat(r.get(i)).as("request %d of %s", i, r).isEqualTo(5);
        }
        assertThat(r).allMatch(n -> n <= 16384 + 256);
        // and nothing past the last record was consumed: the rbio is empty, not over-read
        assertThat(p.s2c.pending()).isZero();
    }

    @Test
    void handshakeNeverReadsPastTheServerFlight() {
        MemPair p = new MemPair(TlsVersion.TLS1_2).connect();
        // bytes after the handshake (here: a record the server writes) stay in the rbio until read
        byte[] msg = new byte[10];
        p.server.write(msg, 0, 10);
        long pending = p.s2c.pending();
        assertThat(p.client.doHandshake()).isEqualTo(1);
        assertThat(p.s2c.pending()).isEqualTo(pending);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void readAheadAsksForMoreAndDeliversLargeMessagesIntact(TlsVersion v) {
        SslContext client = Contexts.clientBuilder(v).readAhead(true).build();
        MemPair p = new MemPair(client, Contexts.server(KeyType.ECDSA, v));
        Probe probe = new Probe();
        p.s2c.setCallback(probe);
        p.connect();
        byte[] big = new byte[200_000];
        new Random(19).nextBytes(big);
        assertThat(Driver.transfer(p.server, p.client, big, () -> {})).isEqualTo(big);
        assertThat(probe.readRequests).anyMatch(n -> n > 16384);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void oversizedRecordIsRejectedFromTheHeaderAlone(TlsVersion v) {
        MemPair p = new MemPair(v).connect();
        p.c2s.write(new byte[] {0x17, 0x03, 0x03, (byte) 0xFF, (byte) 0xFF});
        p.c2s.write(new byte[10]);
        byte[] b = new byte[10];
        assertThat(p.server.read(b, 0, 10)).isEqualTo(-1);
        assertThat(p.server.getError(-1)).isEqualTo(SslError.SSL);
        assertThat(p.server.lastError().reason()).isEqualTo(SslReason.RECORD_TOO_LARGE);
        assertThat(p.server.lastError().alertName()).isEqualTo("record_overflow");
        assertThat(p.c2s.pending()).as("body never read").isEqualTo(10);
        // the alert went out, and the client sees it: SSL_read returns 0 for a fatal alert, as
        // OpenSSL's
        assertThat(p.client.read(b, 0, 10)).isZero();
        assertThat(p.client.getError(0)).isEqualTo(SslError.SSL);
        assertThat(p.client.lastError().reason()).isEqualTo(SslReason.ALERT_RECEIVED);
        assertThat(p.client.lastError().alertName()).isEqualTo("record_overflow");
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void theWbioIsFlushedOncePerFlight(TlsVersion v) {
        MemPair p = new MemPair(v);
        Probe clientOut = new Probe();
        Probe serverOut = new Probe();
        p.c2s.setCallback(clientOut);
        p.s2c.setCallback(serverOut);
        p.connect();
        // TLS 1.3: ClientHello | server flight | client Finished | the server's two tickets (one
        // flush; OpenSSL flushes after each); TLS 1.2: one more server flight, the ticket in it
        assertThat(clientOut.flushes).isEqualTo(2);
        assertThat(serverOut.flushes).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void aRecordArrivingOneByteAtATimeIsKeptAcrossWantRead(TlsVersion v) {
        MemPair p = new MemPair(v);
        // the client sees the server's output one byte per call
        MemBio trickle = MemBio.create();
        p.client.setBio(trickle, p.c2s);
        byte[] one = new byte[1];
        int cr = 0;
        int sr = 0;
        for (int i = 0; i < 100_000 && (cr != 1 || sr != 1); i++) {
            if (cr != 1) {
                cr = p.client.doHandshake();
                if (cr != 1) {
                    assertThat(p.client.getError(cr)).isEqualTo(SslError.WANT_READ);
                }
            }
            if (sr != 1) {
                sr = p.server.doHandshake();
            }
            if (p.s2c.read(one, 0, 1) == 1) {
                trickle.write(one);
            }
        }
        assertThat(cr).isEqualTo(1);
        assertThat(sr).isEqualTo(1);
    }
}
