package io.tlsbio.ssl.socket;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.buffer.BufferBio;
import io.tlsbio.bio.socket.ConnectBio;
import io.tlsbio.ssl.SslBio;
import io.tlsbio.ssl.SslContext;
import java.util.Objects;

/**
 * Ready-made TLS client chains over a {@link ConnectBio}: OpenSSL's {@code BIO_new_ssl_connect} and
 * {@code BIO_new_buffer_ssl_connect} ({@code ssl/bio_ssl.c}).
 *
 * <pre>{@code
 * SslBio bio = SslConnect.newSslConnect(ctx, "example.com:443");   // SslBio -> ConnectBio
 * bio.ssl().setHostName("example.com");        // SNI and the name checked, as SSL_set1_host
 * if (bio.doHandshake() != 1) { ... }          // connects, then handshakes (BIO_do_handshake)
 * bio.write(request, 0, request.length);
 * int n = bio.read(buf, 0, buf.length);        // 0 once the server's close_notify came
 * bio.closeAll();                               // close_notify, then the socket (BIO_free_all)
 * }</pre>
 *
 * <p>As in OpenSSL, nothing is resolved or connected before the first call on the chain, the
 * connect BIO starts blocking, and the host name is the {@link SslContext}'s (or set on {@link
 * SslBio#ssl()}): the host of {@code hostPort} is only where to connect. For non-blocking use,
 * switch the connect BIO ({@link #connectBio}) before the first call; the chain then reports the
 * connect in progress as retry-special with reason CONNECT, and {@code BioWait.waitFor(bio, ...)}
 * waits for whatever the retry flags name.
 */
public final class SslConnect {

    private SslConnect() {}

    /**
     * A client SSL filter over a new connect BIO for {@code hostPort}: {@code BIO_new_ssl_connect}
     * followed by {@code BIO_set_conn_hostname}. The SslBio owns its {@code Ssl} ({@link
     * SslBio.CloseFlag#CLOSE}); {@link Bio#closeAll()} closes both and the socket.
     *
     * @param hostPort {@code "host:port"} or {@code "[ipv6]:port"}, as {@link ConnectBio#create}
     * @param ctx the client context the new {@code Ssl} is made from
     * @return the chain's head: the SslBio, with the new connect BIO as its next
     * @throws IllegalArgumentException if {@code hostPort} is not of that shape
     */
    public static SslBio newSslConnect(SslContext ctx, String hostPort) {
        Objects.requireNonNull(ctx, "ctx");
        ConnectBio connect = ConnectBio.create(hostPort);
        SslBio ssl = SslBio.newSsl(ctx, SslBio.Role.CLIENT);
        ssl.push(connect);
        return ssl;
    }

    /**
     * {@link #newSslConnect} under a buffering filter of 4096 bytes: {@code
     * BIO_new_buffer_ssl_connect}. Writes collect in the buffer until it is full or {@link
     * Bio#flush()} is called; find the SslBio with {@link SslBio#find}.
     *
     * @param ctx the client context the new {@code Ssl} is made from
     * @param hostPort {@code "host:port"} or {@code "[ipv6]:port"}, as {@link ConnectBio#create}
     * @return the chain's head: the buffer, then the SslBio, then the connect BIO
     */
    public static BufferBio newBufferSslConnect(SslContext ctx, String hostPort) {
        SslBio ssl = newSslConnect(ctx, hostPort);
        BufferBio buffer = BufferBio.create();
        buffer.push(ssl);
        return buffer;
    }

    /**
     * The first connect BIO in {@code chain}, or null: {@code BIO_find_type(chain,
     * BIO_TYPE_CONNECT)}, to set it non-blocking or read its host and port.
     *
     * @param chain the head of a chain, may be {@code null}
     * @return the first {@link ConnectBio} from {@code chain} on, or {@code null} if there is none
     */
    public static ConnectBio connectBio(Bio chain) {
        for (Bio b = chain; b != null; b = b.next()) {
            if (b instanceof ConnectBio c) {
                return c;
            }
        }
        return null;
    }
}
