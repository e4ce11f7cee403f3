package io.tlsbio.ssl.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.socket.BioWait;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslBio;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.TlsVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The BIO_new_ssl_connect chains against the real {@code openssl s_server -www}: an HTTP/1.0 GET
 * through the chain, the page read to its end. s_server's page names the version and suite it
 * negotiated ("New, TLSv1.3, Cipher is ..."), which must be ours; it ends the connection with
 * close_notify, which the chain reads as 0 with ZERO_RETURN.
 */
class SslConnectOpenSslWwwTest {

    private static final byte[] GET = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_CALLS = 100_000;

    enum Chain {
        /** BIO_new_ssl_connect, blocking. */
        SSL_CONNECT,
        /** BIO_new_ssl_connect with the connect BIO non-blocking, waited for with BioWait. */
        SSL_CONNECT_NONBLOCKING,
        /** BIO_new_buffer_ssl_connect, blocking: the request goes out on flush. */
        BUFFER_SSL_CONNECT
    }

    @TempDir Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (TlsVersion v : TlsVersion.values()) {
            for (Chain c : Chain.values()) {
                out.add(Arguments.of(v, c));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void getThePageOfOpenSslWww(TlsVersion v, Chain chain) {
        TestPki pki = TestPki.shared();
        PemFiles cert = pki.server(KeyType.ECDSA).writePem(dir, "server");
        SslContext ctx =
                SslContext.builder()
                        .versions(v, v)
                        .trust(List.of(pki.ca().certificate()))
                        .hostName(TestPki.HOST)
                        .build();
        try (OpenSslProcess server =
                OpenSslProcess.startServer(
                        dir,
                        "-www",
                        "-naccept",
                        "1",
                        "-cert",
                        cert.certificateChain().toString(),
                        "-key",
                        cert.privateKey().toString(),
                        v == TlsVersion.TLS1_2 ? "-tls1_2" : "-tls1_3")) {
            String target = "127.0.0.1:" + server.port();
            Bio head =
                    chain == Chain.BUFFER_SSL_CONNECT
                            ? SslConnect.newBufferSslConnect(ctx, target)
                            : SslConnect.newSslConnect(ctx, target);
            SslBio ssl = SslBio.find(head);
            try {
                String page =
                        chain == Chain.SSL_CONNECT_NONBLOCKING
                                ? nonBlocking(head, ssl)
                                : blocking(head, ssl);
                assertThat(ssl.ssl().getError(0))
                        .as("s_server -www ends with close_notify")
                        .isEqualTo(SslError.ZERO_RETURN);
                assertThat(page)
                        .startsWith("HTTP/1.0 200 ok\r\n")
                        .contains(
                                "New, "
                                        + (v == TlsVersion.TLS1_2 ? "TLSv1.2" : "TLSv1.3")
                                        + ", Cipher is "
                                        + ssl.ssl().cipher()
                                        + "\n")
                        .endsWith("</pre></BODY></HTML>\r\n\r\n");
                assertThat(ssl.ssl().version()).isEqualTo(v);
            } finally {
                head.closeAll();
            }
        }
    }

    /** One blocking write (and flush), reads until 0. */
    private static String blocking(Bio head, SslBio ssl) {
        assertThat(head.write(GET, 0, GET.length)).isEqualTo(GET.length);
        assertThat(head.flush()).isEqualTo(1);
        assertThat(ssl.ssl().isInitFinished()).as("the write ran the handshake").isTrue();
        ByteArrayOutputStream page = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        for (int i = 0; i < MAX_CALLS; i++) {
            int n = head.read(buf, 0, buf.length);
            if (n <= 0) {
                assertThat(n).as("end of the page: %s", head.lastError()).isZero();
                return page.toString(StandardCharsets.ISO_8859_1);
            }
            page.write(buf, 0, n);
        }
        throw new AssertionError("the page never ended");
    }

    /**
     * BIO_do_handshake until 1 (a CONNECT retry first), then the request and the page, waiting with
     * BioWait.
     */
    private static String nonBlocking(Bio head, SslBio ssl) {
        SslConnect.connectBio(head).setNonBlocking(true);
        List<String> retries = new ArrayList<>();
        int r = -1;
        for (int i = 0; i < MAX_CALLS && r != 1; i++) {
            r = ssl.doHandshake();
            if (r != 1) {
                assertThat(ssl.shouldRetry()).as("handshake %d: %s", r, ssl.lastError()).isTrue();
                retries.add(ssl.retryReason().name());
                await(ssl);
            }
        }
        assertThat(r).isEqualTo(1);
        // the connect first; then READ while s_server's flights are on their way (on loopback they
        // may all be there by the time we read: the handshake then ends within one call)
        assertThat(retries)
                .as("retries")
                .startsWith("CONNECT")
                .isSubsetOf("CONNECT", "READ", "WRITE");
        int w = -1;
        for (int i = 0; i < MAX_CALLS && w < 0; i++) {
            w = ssl.write(GET, 0, GET.length);
            if (w < 0) {
                assertThat(ssl.shouldRetry()).isTrue();
                await(ssl);
            }
        }
        assertThat(w).isEqualTo(GET.length);
        ByteArrayOutputStream page = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        for (int i = 0; i < MAX_CALLS; i++) {
            int n = ssl.read(buf, 0, buf.length);
            if (n > 0) {
                page.write(buf, 0, n);
            } else if (n == 0) {
                return page.toString(StandardCharsets.ISO_8859_1);
            } else {
                assertThat(ssl.shouldRetry()).as("read: %s", ssl.lastError()).isTrue();
                await(ssl);
            }
        }
        throw new AssertionError("the page never ended");
    }

    private static void await(Bio bio) {
        assertThat(BioWait.waitFor(bio, Duration.ofSeconds(20)))
                .as("ready within 20 s")
                .isEqualTo(BioWait.Result.READY);
    }
}
