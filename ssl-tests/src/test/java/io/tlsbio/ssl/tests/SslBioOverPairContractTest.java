package io.tlsbio.ssl.tests;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioContractTest;
import io.tlsbio.bio.pair.BioPair;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslBio;
import io.tlsbio.ssl.TlsVersion;

/**
 * The Bio contract over {@code SslBio -> BioPair.End} (BIO_new_ssl, then BIO_push): input is what a
 * plain Ssl peer on the other end writes, output what it reads. The handshake is done in the
 * fixture, so the contract's first write is not held up by it.
 */
class SslBioOverPairContractTest extends BioContractTest {

    @Override
    protected Fixture createFixture() {
        BioPair pair = BioPair.create(0, 0);
        SslBio bio = SslBio.newSsl(Contexts.client(TlsVersion.TLS1_3), SslBio.Role.CLIENT);
        bio.push(pair.first());
        Ssl server = Contexts.server(KeyType.ECDSA, TlsVersion.TLS1_3).newSsl();
        server.setAcceptState();
        server.setBio(pair.second(), pair.second());
        SslBioPeer peer = new SslBioPeer(server, bio);
        peer.handshake();
        return new Fixture() {
            @Override
            public Bio bio() {
                return bio;
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
                bio.closeAll();
                server.free();
                pair.second().close();
            }
        };
    }
}
