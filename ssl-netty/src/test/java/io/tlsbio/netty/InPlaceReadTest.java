package io.tlsbio.netty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.TlsVersion;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The handler's read BIO lends a heap buffer's bytes in place, and the record layer takes them:
 * once the handshake is over, a record that arrives in a heap {@code ByteBuf} is opened where it
 * lies (no copy out first), and the plaintext still reaches the application intact. TLS 1.2 (bctls)
 * decrypts it in that buffer's own array; TLS 1.3 application data is opened by tlsbio's own record
 * layer straight out of the array into its plaintext buffer, leaving the array as it came
 * (docs/ssl-lifecycle.md, "Record path"). A direct buffer takes the copying path, with the same
 * result.
 */
class InPlaceReadTest {

    private static final byte[] SECRET =
            "decrypted where the channel put the ciphertext".getBytes(US_ASCII);

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void aRecordInAHeapBufferIsDecryptedInItsArray(TlsVersion v) {
        EmbeddedPair p = pair(v);
        byte[] wire = clientRecord(p);
        byte[] array = wire.clone();
        assertThat(indexOf(array, SECRET)).as("the plaintext on the wire").isNegative();

        p.deliver(p.server, Unpooled.wrappedBuffer(array));

        assertThat(p.serverApp.data()).isEqualTo(SECRET);
        if (v == TlsVersion.TLS1_2) {
            assertThat(indexOf(array, SECRET))
                    .as("the plaintext, in the array the ciphertext came in")
                    .isNotNegative();
        } else {
            assertThat(array)
                    .as("the array, read where it lies and left as it came")
                    .isEqualTo(wire);
        }
        p.finish();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void aRecordInADirectBufferIsCopiedOutAndReadAlike(TlsVersion v) {
        EmbeddedPair p = pair(v);
        byte[] wire = clientRecord(p);
        ByteBuf direct = Unpooled.directBuffer(wire.length).writeBytes(wire);

        p.deliver(p.server, direct);

        assertThat(p.serverApp.data()).isEqualTo(SECRET);
        p.finish();
    }

    private static EmbeddedPair pair(TlsVersion v) {
        EmbeddedPair p =
                new EmbeddedPair(
                        Contexts.client(v, 1L).build(),
                        Contexts.server(v, KeyType.ECDSA, 2L).build());
        p.pump();
        assertThat(p.serverTls.handshakeFuture().isSuccess()).isTrue();
        assertThat(p.clientTls.handshakeFuture().isSuccess()).isTrue();
        return p;
    }

    /** The ciphertext of {@link #SECRET} as the client writes it, not yet delivered. */
    private static byte[] clientRecord(EmbeddedPair p) {
        p.client.writeAndFlush(Unpooled.wrappedBuffer(SECRET));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteBuf b;
        while ((b = p.client.readOutbound()) != null) {
            wire.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        assertThat(wire.size()).isGreaterThan(SECRET.length);
        return wire.toByteArray();
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
