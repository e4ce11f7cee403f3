package io.tlsbio.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.TlsVersion;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * autoRead and writability: the handler reads only what the pipeline or the handshake needs, and
 * counts what waits.
 */
class EmbeddedFlowControlTest {

    /** Sits between the transport and the handler and counts the reads asked of the transport. */
    static final class ReadCounter extends ChannelOutboundHandlerAdapter {
        int reads;

        @Override
        public void read(ChannelHandlerContext ctx) {
            reads++;
            ctx.read();
        }
    }

    @Test
    void withAutoReadOffItReadsForTheHandshakeAndThenOnlyWhenAsked() {
        ReadCounter counter = new ReadCounter();
        EmbeddedPair p =
                new EmbeddedPair(
                        Contexts.client(TlsVersion.TLS1_3, 1L).build(),
                        Contexts.server(TlsVersion.TLS1_3, KeyType.ECDSA, 2L).build(),
                        counter);
        p.server.config().setAutoRead(false);
        int before = counter.reads;

        p.move(p.client, p.server, p.clientToServer); // ClientHello
        assertThat(counter.reads - before)
                .as("the handshake needs the client's next flight")
                .isEqualTo(1);
        p.pump();
        assertThat(p.serverTls.handshakeFuture().isSuccess()).isTrue();
        int established = counter.reads;
        p.client.writeAndFlush(Unpooled.wrappedBuffer(new byte[10]));
        p.pump();
        assertThat(p.serverApp.size()).isEqualTo(10);
        assertThat(counter.reads)
                .as("no read after the handshake that nobody asked for")
                .isEqualTo(established);
        p.serverApp.data(); // (EmbeddedChannel delivers whether or not a read was asked for)

        p.client.writeAndFlush(Unpooled.wrappedBuffer(new byte[1000]));
        ByteBuf record = p.client.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(record);
        record.release();
        p.server.read();
        assertThat(counter.reads).isEqualTo(established + 1);
        p.deliver(p.server, Unpooled.wrappedBuffer(bytes, 0, 500));
        assertThat(counter.reads)
                .as("half a record is no answer to the read: read again")
                .isEqualTo(established + 2);
        assertThat(p.serverApp.size()).isEqualTo(10);
        p.deliver(p.server, Unpooled.wrappedBuffer(bytes, 500, bytes.length - 500));
        assertThat(p.serverApp.size()).isEqualTo(1010);
        assertThat(counter.reads).as("the read was answered").isEqualTo(established + 2);
        p.finish();
    }

    @Test
    void unflushedPlaintextCountsTowardsWritability() {
        EmbeddedPair p =
                new EmbeddedPair(
                        Contexts.client(TlsVersion.TLS1_3, 1L).build(),
                        Contexts.server(TlsVersion.TLS1_3, KeyType.ECDSA, 2L).build());
        p.pump();
        byte[] data = new byte[200 * 1024];
        new Random(3).nextBytes(data);
        assertThat(p.client.isWritable()).isTrue();
        p.client.write(Unpooled.wrappedBuffer(data));
        assertThat(p.client.isWritable())
                .as("200 KiB waiting > the 64 KiB high water mark")
                .isFalse();
        p.client.flush();
        assertThat(p.client.isWritable()).isTrue();
        p.pump();
        assertThat(p.serverApp.data()).isEqualTo(data);
        p.finish();
    }
}
