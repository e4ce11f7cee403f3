package io.tlsbio.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tlsbio.ssl.SslContext;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A tlsbio client and server, each in its own {@link EmbeddedChannel}, wired by hand: {@link #pump}
 * moves what one writes into the other until both are quiet, keeping each direction's transcript.
 * Every buffer handed to a channel is kept so that {@link #assertInputReleased} can check that the
 * handler released it.
 */
final class EmbeddedPair {

    final TlsbioHandler clientTls;
    final TlsbioHandler serverTls;
    final Recorder clientApp = new Recorder();
    final Recorder serverApp = new Recorder();
    final EmbeddedChannel client;
    final EmbeddedChannel server;
    final ByteArrayOutputStream clientToServer = new ByteArrayOutputStream();
    final ByteArrayOutputStream serverToClient = new ByteArrayOutputStream();
    private final List<ByteBuf> inputs = new ArrayList<>();

    /** Hand the ciphertext over one byte per buffer. */
    boolean oneByteAtATime;

    EmbeddedPair(SslContext clientCtx, SslContext serverCtx, ChannelHandler... beforeTls) {
        clientTls = TlsbioHandler.client(clientCtx);
        serverTls = TlsbioHandler.server(serverCtx);
        server = new EmbeddedChannel(concat(beforeTls, serverTls, serverApp));
        client = new EmbeddedChannel(clientTls, clientApp);
    }

    private static ChannelHandler[] concat(ChannelHandler[] first, ChannelHandler... then) {
        List<ChannelHandler> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(then));
        return all.toArray(new ChannelHandler[0]);
    }

    /** Moves bytes both ways until neither side writes any more; the number of buffers moved. */
    int pump() {
        int total = 0;
        for (int round = 0; round < 10_000; round++) {
            int moved = move(client, server, clientToServer) + move(server, client, serverToClient);
            if (moved == 0) {
                return total;
            }
            total += moved;
        }
        throw new AssertionError("still moving bytes after 10,000 rounds");
    }

    /** Moves what {@code from} wrote into {@code to} (dropped if {@code to} is closed). */
    int move(EmbeddedChannel from, EmbeddedChannel to, ByteArrayOutputStream transcript) {
        int n = 0;
        ByteBuf b;
        while ((b = from.readOutbound()) != null) {
            n++;
            byte[] bytes = ByteBufUtil.getBytes(b);
            b.release();
            transcript.writeBytes(bytes);
            if (!to.isOpen()) {
                continue;
            }
            if (oneByteAtATime) {
                for (byte x : bytes) {
                    // a wrapped array is not leak-tracked: at PARANOID each tracked buffer costs
                    // stack traces
                    deliver(to, Unpooled.wrappedBuffer(new byte[] {x}));
                }
            } else {
                deliver(to, Unpooled.wrappedBuffer(bytes));
            }
        }
        return n;
    }

    /** Hands {@code buf} to {@code to}'s pipeline (a channel read, then read-complete). */
    void deliver(EmbeddedChannel to, ByteBuf buf) {
        inputs.add(buf);
        if (to.isOpen()) {
            to.writeInbound(buf);
        } else {
            buf.release();
        }
    }

    /** Every buffer handed to a channel was released by the handler. */
    void assertInputReleased() {
        assertThat(inputs)
                .as("ciphertext buffers given to the handlers")
                .allMatch(b -> b.refCnt() == 0);
    }

    /** Both channels closed, nothing left in them; then every input was released. */
    void finish() {
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
        assertInputReleased();
    }
}
