package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's session cache (OpenSSL's LRU and timeouts) and ticket keys (OpenSSL's format). */
class SessionStoreTest {

    private static SessionData session(int idByte, long time, long timeout) {
        byte[] id = new byte[32];
        Arrays.fill(id, (byte) idByte);
        return new SessionData(
                SessionData.TLS12,
                0xc02c,
                id,
                new byte[48],
                time,
                timeout,
                List.of(),
                0,
                "localhost",
                0,
                null,
                0,
                true,
                null,
                29);
    }

    @Test
    void aFullCacheDropsTheLeastRecentlyUsed() {
        SessionCache c = new SessionCache(2);
        c.add(session(1, 100, 60), 100);
        c.add(session(2, 100, 60), 100);
        assertThat(c.lookup(session(1, 0, 0).sessionId(), 110)).isNotNull();
        c.add(session(3, 100, 60), 110);
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.lookup(session(2, 0, 0).sessionId(), 110)).as("least recently used").isNull();
        assertThat(c.lookup(session(1, 0, 0).sessionId(), 110)).isNotNull();
        assertThat(c.stats()[3]).as("cache full").isEqualTo(1);
    }

    @Test
    void anExpiredSessionIsATimeoutAndGone() {
        SessionCache c = new SessionCache(0);
        c.add(session(1, 100, 60), 100);
        assertThat(c.lookup(session(1, 0, 0).sessionId(), 160))
                .as("now == time + timeout: still valid")
                .isNotNull();
        assertThat(c.lookup(session(1, 0, 0).sessionId(), 161)).isNull();
        assertThat(c.size()).isZero();
        assertThat(c.stats()[2]).isEqualTo(1);
        assertThat(c.lookup(session(9, 0, 0).sessionId(), 161)).isNull();
        assertThat(c.stats()[1]).as("miss").isEqualTo(1);
    }

    @Test
    void ticketsOpenOnlyWithTheirKeysAndUnchanged() {
        SecureRandom r = new SecureRandom();
        TicketKeys keys = TicketKeys.random(r);
        byte[] plain = SessionAsn1.encode(session(4, 100, 7200));
        byte[] t = keys.seal(plain, r);
        assertThat(t.length).isEqualTo(16 + 16 + ((plain.length / 16) + 1) * 16 + 32);
        assertThat(keys.open(t)).isEqualTo(plain);
        assertThat(TicketKeys.random(r).open(t)).as("another server's keys").isNull();
        for (int i : new int[] {0, 20, 40, t.length - 1}) {
            byte[] bad = t.clone();
            bad[i] ^= 1;
            assertThat(keys.open(bad)).as("byte %d changed", i).isNull();
        }
        assertThat(keys.open(Arrays.copyOf(t, 40))).isNull();
    }

    @Test
    void aSessionSurvivesOpensslsDerForm() {
        SessionData s = session(5, 1796175574L, 7200).withTicket(new byte[] {1, 2, 3}, 7200, 0);
        SessionData back = SessionAsn1.decode(SessionAsn1.encode(s), 0);
        assertThat(back.sessionId()).isEqualTo(s.sessionId());
        assertThat(back.masterKey()).isEqualTo(s.masterKey());
        assertThat(back.ticket()).isEqualTo(s.ticket());
        assertThat(back.time()).isEqualTo(s.time());
        assertThat(back.timeout()).isEqualTo(7200);
        assertThat(back.extendedMasterSecret()).isTrue();
        assertThat(back.hostName()).isEqualTo("localhost");
        assertThat(back.kexGroup()).isEqualTo(29);
    }
}
