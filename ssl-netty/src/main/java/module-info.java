/**
 * {@link io.tlsbio.netty.TlsbioHandler}: a tlsbio {@code Ssl} in a Netty pipeline. The example
 * server ({@code io.tlsbio.netty.example}) needs the optional {@code io.netty.codec.http} module:
 * {@code --add-modules io.netty.codec.http} when it is run from the module path.
 */
module io.tlsbio.netty {
    requires transitive io.tlsbio.ssl;
    // Netty types a pipeline of TlsbioHandler deals in: Channel*, Future, ByteBuf, the Ssl*Event
    requires transitive io.netty.common;
    requires transitive io.netty.buffer;
    requires transitive io.netty.transport;
    requires transitive io.netty.handler;
    requires io.netty.codec;
    requires static io.netty.codec.http;

    exports io.tlsbio.netty;
}
