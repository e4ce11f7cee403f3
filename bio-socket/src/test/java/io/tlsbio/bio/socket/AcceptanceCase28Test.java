package io.tlsbio.bio.socket;

import static io.tlsbio.bio.socket.Loopback.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.RetryReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/contract.md §7 case 28: a non-blocking connect BIO to a listening loopback port first
 * returns 0 with should_retry, io_special and reason CONNECT; the accept BIO's second {@code
 * BIO_do_accept} with nobody connecting returns -1 with special and reason ACCEPT. (The SSL half of
 * the case, WANT_CONNECT, belongs to ssl-core.)
 */
class AcceptanceCase28Test {

    private final Loopback net = new Loopback();

    @AfterEach
    void closeAll() {
        net.close();
    }

    @Test
    void case28NonBlockingConnectAndAcceptReportTheirSpecialRetries() {
        AcceptBio acceptor = net.track(AcceptBio.create("127.0.0.1:0"));
        acceptor.setNonBlocking(true);
        acceptor.setNonBlockingChildren(true);
        assertThat(acceptor.doAccept()).as("first BIO_do_accept binds and listens").isEqualTo(1);

        assertThat(acceptor.doAccept()).as("second BIO_do_accept, nobody connecting").isEqualTo(-1);
        assertThat(acceptor.shouldRetry()).isTrue();
        assertThat(acceptor.shouldIoSpecial()).isTrue();
        assertThat(acceptor.retryReason()).isEqualTo(RetryReason.ACCEPT);

        ConnectBio client = net.track(ConnectBio.create("127.0.0.1:" + acceptor.localPort()));
        client.setNonBlocking(true);
        assertThat(client.doConnect()).as("first BIO_do_connect").isZero();
        assertThat(client.shouldRetry()).isTrue();
        assertThat(client.shouldIoSpecial()).isTrue();
        assertThat(client.retryReason()).isEqualTo(RetryReason.CONNECT);

        // and both complete once waited for, with no spinning in between
        assertThat(BioWait.waitFor(client, WAIT)).isEqualTo(BioWait.Result.READY);
        assertThat(client.doConnect()).isEqualTo(1);
        assertThat(BioWait.waitFor(acceptor, WAIT)).isEqualTo(BioWait.Result.READY);
        assertThat(acceptor.doAccept()).isEqualTo(1);
        SocketBio server = net.track(acceptor.takeAccepted());

        byte[] hello = "case 28".getBytes(StandardCharsets.US_ASCII);
        Loopback.writeFully(client, hello);
        assertThat(Loopback.readFully(server, hello.length)).isEqualTo(hello);
    }
}
