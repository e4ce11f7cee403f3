package io.tlsbio.smoke;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslBio;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.VerifyResult;
import io.tlsbio.ssl.socket.SslConnect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * What an application on the module path does, run with {@code java --module-path ... -m} and no
 * {@code --add-modules} or {@code --add-opens} (.ci/module-smoke.sh): loads PEM files, and makes
 * real handshakes over 127.0.0.1 with a verifying client ({@code SslConnect}) against a BIO server
 * ({@code AcceptBio}, TLS 1.3, RSA) and a Netty server ({@code TlsbioHandler}, TLS 1.2, ECDSA),
 * echoing one message each, with the key log on. Prints one line per check; exits 1 on the first
 * failure.
 */
public final class ModuleSmoke {

    /** The bound of every wait: a connect, a read, a server thread, a Netty shutdown. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private ModuleSmoke() {}

    public static void main(String[] args) {
        try {
            run();
            System.out.println("module smoke: OK");
        } catch (Exception | AssertionError e) {
            System.err.println("module smoke: FAILED");
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        checkModules();
        Path dir = Files.createTempDirectory("tlsbio-module-smoke");
        try {
            TestPki pki = TestPki.create(KeyType.ECDSA);
            PemFiles rsa = pki.server(KeyType.RSA).writePem(dir, "server-rsa");
            PemFiles ecdsa = pki.server(KeyType.ECDSA).writePem(dir, "server-ecdsa");
            Path ca =
                    Files.writeString(
                            dir.resolve("ca.pem"), pki.caPem(), StandardCharsets.US_ASCII);
            SslContext server =
                    SslContext.builder()
                            .certificate(rsa.certificateChain(), rsa.privateKey())
                            .certificate(ecdsa.certificateChain(), ecdsa.privateKey())
                            .build();
            List<String> keyLog = new CopyOnWriteArrayList<>();
            SslContext.Builder client =
                    SslContext.builder()
                            .trust(ca)
                            .hostName(TestPki.HOST)
                            .keyLogCallback((ssl, line) -> keyLog.add(line));

            try (BioEchoServer s = BioEchoServer.start(server)) {
                exchange(client.build(), s.port(), TlsVersion.TLS1_3, "AcceptBio");
                s.awaitServed();
            }
            check(
                    hasLabel(keyLog, "CLIENT_TRAFFIC_SECRET_0"),
                    "TLS 1.3 key log lines missing: " + keyLog.size());
            keyLog.clear();
            try (NettyEchoServer s = NettyEchoServer.start(server)) {
                exchange(
                        client.versions(TlsVersion.TLS1_2, TlsVersion.TLS1_2).build(),
                        s.port(),
                        TlsVersion.TLS1_2,
                        "TlsbioHandler");
            }
            check(
                    hasLabel(keyLog, "CLIENT_RANDOM"),
                    "TLS 1.2 key log line missing: " + keyLog.size());
            System.out.println("key log: written on the module path");
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Named modules, and the internals of ssl-core encapsulated: what module-info.java promises.
     */
    private static void checkModules() {
        check(ModuleSmoke.class.getModule().isNamed(), "not run from the module path (java -m)");
        Module ssl = SslContext.class.getModule();
        check(
                "io.tlsbio.ssl".equals(ssl.getName()),
                "ssl-core is not module io.tlsbio.ssl: " + ssl);
        check(
                ssl.getDescriptor() != null && !ssl.getDescriptor().isAutomatic(),
                "io.tlsbio.ssl is automatic");
        check(ssl.isExported("io.tlsbio.ssl"), "io.tlsbio.ssl not exported");
        check(
                !ssl.isExported("io.tlsbio.ssl.internal") && !ssl.isOpen("io.tlsbio.ssl.internal"),
                "io.tlsbio.ssl.internal is exported or open");
        List<String> tlsbio = new ArrayList<>();
        for (Module m : ModuleLayer.boot().modules()) {
            if (m.getName().startsWith("io.tlsbio.") && m != ModuleSmoke.class.getModule()) {
                check(!m.getDescriptor().isAutomatic(), m.getName() + " has no module-info");
                String automatic = automaticModuleName(m);
                check(
                        automatic == null || automatic.equals(m.getName()),
                        m.getName()
                                + " says Automatic-Module-Name "
                                + automatic
                                + " in its manifest");
                tlsbio.add(m.getName());
            }
        }
        Collections.sort(tlsbio);
        System.out.println(
                "modules: " + tlsbio + " explicit; " + ssl.getName() + " exports only its API");
    }

    /** The jar manifest's Automatic-Module-Name of {@code m}, or null (none, or not from a jar). */
    private static String automaticModuleName(Module m) {
        try (InputStream in = m.getResourceAsStream("META-INF/MANIFEST.MF")) {
            return in == null
                    ? null
                    : new Manifest(in).getMainAttributes().getValue("Automatic-Module-Name");
        } catch (IOException e) {
            throw new UncheckedIOException("manifest of " + m.getName(), e);
        }
    }

    /** A verifying client over a connect BIO: handshake, one message out and back, close_notify. */
    private static void exchange(SslContext ctx, int port, TlsVersion version, String serverName) {
        SslBio bio = SslConnect.newSslConnect(ctx, "127.0.0.1:" + port);
        try {
            SslConnect.connectBio(bio).setReadTimeout(TIMEOUT);
            byte[] message = ("ping over " + serverName).getBytes(StandardCharsets.US_ASCII);
            check(
                    bio.write(message, 0, message.length) == message.length,
                    serverName
                            + ": write failed: "
                            + bio.ssl().lastError()
                            + " / "
                            + bio.lastError());
            byte[] echo = new byte[message.length];
            int have = 0;
            for (int reads = 0; reads < message.length && have < echo.length; reads++) {
                int n = bio.read(echo, have, echo.length - have);
                check(n > 0, serverName + ": read returned " + n + ": " + bio.ssl().lastError());
                have += n;
            }
            check(Arrays.equals(message, echo), serverName + ": echo differs");
            Ssl ssl = bio.ssl();
            check(ssl.version() == version, serverName + ": version " + ssl.version());
            check(
                    ssl.verifyResult() == VerifyResult.OK,
                    serverName + ": verify " + ssl.verifyResult());
            System.out.println(
                    serverName
                            + ": "
                            + ssl.version().openSslName()
                            + " "
                            + ssl.cipher()
                            + ", peer verified, echo ok");
        } finally {
            bio.closeAll();
        }
    }

    private static boolean hasLabel(List<String> keyLog, String label) {
        return keyLog.stream().anyMatch(line -> line.startsWith(label + " "));
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
