package io.tlsbio.ssl.tests.pki;

/**
 * Oracle (b) and (c) for one case: the same certificate put before tlsbio, before OpenSSL's own
 * tool doing the same job, and before the JDK, each over a real socket against a real openssl peer.
 *
 * @param tlsbio tlsbio's outcome; its {@code alertSent} from its own message callback
 * @param tlsbioAlertSeen the alert the openssl peer saw arrive from tlsbio (its {@code -msg} trace)
 * @param openssl OpenSSL's outcome ({@code s_client -verify_return_error} checking a server, {@code
 *     s_server -Verify 2 -verify_return_error} checking a client)
 * @param opensslAlertSeen the alert the openssl peer saw arrive from it
 * @param opensslComparable false when OpenSSL's tool cannot be given the case's settings ({@code
 *     s_client} has no {@code -untrusted})
 * @param jdk the JDK's outcome ({@code detail} is its exception)
 * @param jdkAlertSeen the alert the openssl peer saw arrive from the JDK
 */
record Handshakes(
        PeerOutcome tlsbio,
        String tlsbioAlertSeen,
        PeerOutcome openssl,
        String opensslAlertSeen,
        boolean opensslComparable,
        PeerOutcome jdk,
        String jdkAlertSeen) {}
