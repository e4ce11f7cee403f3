package io.tlsbio.ssl.internal;

import org.bouncycastle.tls.HandshakeMessageInput;

/** What the protocol classes need to feed {@link ClientSessions} and {@link ServerSessions}. */
final class SessionHooks {

    private SessionHooks() {}

    /** The whole message, header included, leaving the input where it was. */
    static byte[] whole(HandshakeMessageInput buf) {
        // bctls's input refuses mark(); reset() goes back to the message start, header included
        int before = buf.available();
        buf.reset();
        byte[] all = buf.readAllBytes();
        buf.reset();
        buf.skip(all.length - before);
        return all;
    }
}
