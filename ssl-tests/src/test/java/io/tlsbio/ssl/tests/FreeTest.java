package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.TlsVersion;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * {@code free()}/{@code close()} end an {@code Ssl}: in OpenSSL a freed {@code SSL} must not be
 * used at all; in tlsbio every later call throws, so a use after free is found at once instead of
 * quietly finishing a handshake (README, "Semantics vs OpenSSL"). Bad array arguments throw too.
 */
class FreeTest {

    private static List<ThrowingCallable> everyCall(Ssl ssl) {
        byte[] b = new byte[16];
        return List.of(
                ssl::doHandshake,
                ssl::connect,
                ssl::accept,
                () -> ssl.read(b, 0, 16),
                () -> ssl.peek(b, 0, 16),
                () -> ssl.write(b, 0, 16),
                ssl::shutdown,
                () -> ssl.keyUpdate(false),
                () -> ssl.getError(-1),
                ssl::lastError,
                ssl::want,
                ssl::pending,
                ssl::hasPending,
                ssl::getShutdown,
                ssl::isInitFinished,
                ssl::isInInit,
                ssl::version,
                ssl::cipher,
                ssl::selectedAlpn,
                ssl::peerCertificates,
                ssl::stateString,
                ssl::rbio,
                () -> ssl.setBio(null, null),
                ssl::setConnectState);
    }

    @Test
    void freeInTheMiddleOfTheHandshakeEndsTheObject() {
        MemPair p = new MemPair(TlsVersion.TLS1_3);
        assertThat(p.client.doHandshake()).isEqualTo(-1);
        assertThat(p.server.doHandshake()).isEqualTo(-1);
        p.client.free();

        for (ThrowingCallable call : everyCall(p.client)) {
            assertThatThrownBy(call)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is freed");
        }
        // nothing more leaves the freed client, so the server waits
        assertThat(p.server.doHandshake()).isEqualTo(-1);
        assertThat(p.server.getError(-1)).isEqualTo(SslError.WANT_READ);
        assertThat(p.c2s.pending()).isZero();
        // free and close again are harmless
        p.client.free();
        p.client.close();
    }

    /**
     * Array bounds are checked (OpenSSL cannot): the exception names the bad values, and nothing
     * changes.
     */
    @Test
    void badArrayArgumentsThrowAndLeaveTheConnectionAsItWas() {
        MemPair p = new MemPair(TlsVersion.TLS1_3).connect();
        byte[] b = new byte[8];
        assertThatThrownBy(() -> p.client.write(b, 4, 5))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("off=4, len=5");
        assertThatThrownBy(() -> p.client.read(b, -1, 1))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("off=-1");
        assertThatThrownBy(() -> p.client.peek(b, 0, 9))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> p.client.write(null, 0, 1))
                .isInstanceOf(NullPointerException.class);
        assertThat(p.client.write(b, 0, 8)).isEqualTo(8);
        assertThat(p.server.read(b, 0, 8)).isEqualTo(8);
    }

    @Test
    void closeInTryWithResourcesIsFree() {
        MemPair p = new MemPair(TlsVersion.TLS1_2).connect();
        Ssl kept;
        try (Ssl client = p.client) {
            kept = client;
            assertThat(client.isInitFinished()).isTrue();
        }
        assertThatThrownBy(() -> kept.read(new byte[1], 0, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(kept.toString());
    }
}
