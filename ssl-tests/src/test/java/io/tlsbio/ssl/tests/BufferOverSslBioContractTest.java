package io.tlsbio.ssl.tests;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioContractTest;
import io.tlsbio.bio.buffer.BufferBio;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslBio;
import io.tlsbio.ssl.TlsVersion;

/**
 * The Bio contract over {@code BufferBio -> SslBio}, the SslBio made by BIO_set_ssl from an Ssl
 * already cross-wired on two memory BIOs (its read BIO becomes the next). A 3-byte buffer: every
 * contract write crosses its edge, every read is served in pieces. TLS 1.2, handshake done in the
 * fixture.
 */
class BufferOverSslBioContractTest extends BioContractTest {

    @Override
    protected Fixture createFixture() {
        MemBio c2s = MemBio.create();
        MemBio s2c = MemBio.create();
        Ssl client = Contexts.client(TlsVersion.TLS1_2).newSsl();
        client.setConnectState();
        client.setBio(s2c, c2s);
        SslBio ssl = SslBio.create(client, SslBio.CloseFlag.CLOSE);
        BufferBio buf = BufferBio.create(3);
        buf.push(ssl);
        Ssl server = Contexts.server(KeyType.RSA, TlsVersion.TLS1_2).newSsl();
        server.setAcceptState();
        server.setBio(c2s, s2c);
        SslBioPeer peer = new SslBioPeer(server, ssl);
        peer.handshake();
        return new Fixture() {
            @Override
            public Bio bio() {
                return buf;
            }

            @Override
            public void supply(byte[] data) {
                peer.write(data);
            }

            @Override
            public byte[] collect(int n) {
                return peer.read(n);
            }

            @Override
            public void close() {
                // BIO_free_all: the buffer, the SslBio (and its Ssl), the memory BIO it reads
                buf.closeAll();
                server.free();
                c2s.close();
            }
        };
    }
}
