package io.tlsbio.ssl.internal;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * A context's session configuration and shared state, resolved when it is built.
 *
 * @param serverCache whether a server keeps sessions by id (SSL_SESS_CACHE_SERVER)
 * @param cache the context's cache (used only with {@code serverCache})
 * @param timeout the lifetime of new sessions in seconds ({@code SSL_CTX_set_timeout})
 * @param tickets whether tickets are used (no SSL_OP_NO_TICKET): a client asks for TLS 1.2 tickets,
 *     a server issues them and TLS 1.3 tickets that carry the session
 * @param numTickets how many TLS 1.3 tickets a server sends after a full handshake ({@code
 *     SSL_CTX_set_num_tickets})
 * @param ticketKeys the server's ticket keys
 * @param random the context's random source (session ids, ticket IVs, age_add)
 * @param clock the context's clock (session times)
 */
public record SessionSettings(
        boolean serverCache,
        SessionCache cache,
        long timeout,
        boolean tickets,
        int numTickets,
        TicketKeys ticketKeys,
        SecureRandom random,
        Clock clock) {

    /** The time now, in seconds since the epoch, by the context's clock. */
    public long now() {
        return clock.instant().getEpochSecond();
    }

    /** {@code n} bytes from the context's random source. */
    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
