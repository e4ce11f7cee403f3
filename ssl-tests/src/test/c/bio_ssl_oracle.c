/*
 * bio_ssl_oracle.c - what OpenSSL's SSL BIO (BIO_f_ssl, ssl/bio_ssl.c) does, for tlsbio's
 * SslBio tests.
 *
 * The program plays fixed scenarios against the real libssl (OpenSSL 3.0) and prints what
 * every BIO call on an SSL BIO returns and which retry flags it leaves;
 * io.tlsbio.ssl.tests.SslBioOracleTest compiles and runs it, plays the same scenarios with
 * tlsbio's SslBio and compares the two traces line by line.
 *
 * Usage: bio_ssl_oracle SCENARIO[:1.2|:1.3] CERT_PEM KEY_PEM CA_PEM
 *   CERT_PEM, KEY_PEM  the server's certificate chain and private key
 *   CA_PEM             the CA the client trusts; the client verifies the chain and the
 *                      host name "localhost" (also sent as SNI)
 *   The protocol is TLS 1.3 unless the scenario name ends in ":1.2".
 *
 * The SSL BIO under test is the client's (the server's in x509 and accept_nb). Its peer is
 * a plain SSL object; the two talk over a BIO pair (default size unless a scenario says
 * otherwise) or, in connect_nb and accept_nb, over real sockets on 127.0.0.1. Session
 * tickets are off so that no post-handshake message muddles the traces.
 *
 * Output, one line per event (exit status 0; a setup failure: stderr and status 2):
 *   <side> <BIO call>[ <arg>] -> <ret> <flags>
 *       a call on the SSL BIO (or the BIO at the head of its chain); <flags> is "noretry",
 *       "retry read", "retry write" or "retry special <connect|accept|x509_lookup>"
 *   <side> <fact> <value>
 *       an observable value: BIO_pending, BIO_wpending, BIO_eof, SSL_get_shutdown, ...
 *       ("BIO_pending rbio" means: equal to the read BIO's pending, and not 0)
 *   peer <fact> <value>
 *       what the peer SSL saw: bytes read, whether a close_notify arrived
 *   # ...
 *       a comment: ignored by comparisons.
 *
 * Scenarios (each a function sc_<name> below):
 *   implicit        the handshake run by the first BIO_read, then BIO_do_handshake; data both
 *                   ways with BIO_pending/BIO_wpending/BIO_flush; the peer's close_notify;
 *                   BIO_ssl_shutdown
 *   buffer_chain    BIO_f_buffer on top of the SSL BIO: the handshake runs from BIO_flush
 *   write_retry     BIO_write larger than a 512-byte BIO pair: retry write, then done
 *   eof             the transport ends without close_notify
 *   free_close, free_noclose, free_close_in_init
 *                   BIO_free of an SSL BIO with BIO_CLOSE / BIO_NOCLOSE: is close_notify sent?
 *   chain           BIO_push / BIO_pop / BIO_set_ssl and the SSL's BIOs
 *   x509            a server cert callback that asks to be called again (WANT_X509_LOOKUP)
 *   accept_nb       a server SSL BIO over a non-blocking accept BIO nobody connects to
 *   connect_nb      a client SSL BIO over a non-blocking connect BIO
 *
 * Build: gcc -O1 -o bio_ssl_oracle bio_ssl_oracle.c -lssl -lcrypto
 */
#include "oracle.h"

static int cert_cb_calls;

/* Not ready on the first call (SSL_ERROR_WANT_X509_LOOKUP), ready afterwards. */
static int cert_cb(SSL *ssl, void *arg)
{
    (void)ssl;
    (void)arg;
    return ++cert_cb_calls == 1 ? -1 : 1;
}

/* A client SSL (connect state, host name "localhost") or a server SSL (accept state). */
static SSL *new_ssl(int server)
{
    SSL_CTX *ctx = new_ctx(server);
    SSL *ssl = SSL_new(ctx);

    SSL_CTX_free(ctx);
    if (ssl == NULL)
        die("SSL_new failed");
    if (server) {
        SSL_set_accept_state(ssl);
    } else {
        SSL_set_connect_state(ssl);
        if (!SSL_set_tlsext_host_name(ssl, "localhost") || !SSL_set1_host(ssl, "localhost"))
            die("cannot set the host name");
    }
    return ssl;
}

/* BIO_new_ssl with the client's host name set. */
static BIO *new_ssl_bio(int server)
{
    BIO *b = BIO_new(BIO_f_ssl());

    if (b == NULL)
        die("BIO_new(BIO_f_ssl()) failed");
    BIO_set_ssl(b, new_ssl(server), BIO_CLOSE);
    return b;
}

static SSL *ssl_of(BIO *b)
{
    SSL *ssl = NULL;

    BIO_get_ssl(b, &ssl);
    return ssl;
}

/* ------------------------------------------------------------------------------------ */
/* Tracing                                                                              */
/* ------------------------------------------------------------------------------------ */

static const char *flags(BIO *b)
{
    if (!BIO_should_retry(b))
        return "noretry";
    if (BIO_should_read(b))
        return "retry read";
    if (BIO_should_write(b))
        return "retry write";
    if (BIO_should_io_special(b)) {
        switch (BIO_get_retry_reason(b)) {
        case BIO_RR_CONNECT:
            return "retry special connect";
        case BIO_RR_ACCEPT:
            return "retry special accept";
        case BIO_RR_SSL_X509_LOOKUP:
            return "retry special x509_lookup";
        default:
            return "retry special other";
        }
    }
    return "retry other";
}

static int report(const char *side, const char *call, int arg, BIO *b, int ret)
{
    if (arg >= 0)
        printf("%s %s %d -> %d %s\n", side, call, arg, ret, flags(b));
    else
        printf("%s %s -> %d %s\n", side, call, ret, flags(b));
    ERR_clear_error();
    return ret;
}

static int t_read(const char *side, BIO *b, unsigned char *buf, int len)
{
    return report(side, "BIO_read", len, b, BIO_read(b, buf, len));
}

static int t_write(const char *side, BIO *b, const void *buf, int len)
{
    return report(side, "BIO_write", len, b, BIO_write(b, buf, len));
}

static int t_flush(const char *side, BIO *b)
{
    return report(side, "BIO_flush", -1, b, BIO_flush(b));
}

static int t_handshake(const char *side, BIO *b)
{
    return report(side, "BIO_do_handshake", -1, b, (int)BIO_do_handshake(b));
}

static void fact(const char *side, const char *what, long value)
{
    printf("%s %s %ld\n", side, what, value);
}

/* BIO_pending of an SSL BIO: "rbio" when it is the read BIO's raw byte count. */
static void f_pending(const char *side, BIO *b)
{
    long p = (long)BIO_pending(b);
    BIO *rbio = SSL_get_rbio(ssl_of(b));

    if (p > 0 && rbio != NULL && SSL_pending(ssl_of(b)) == 0 && p == (long)BIO_pending(rbio))
        printf("%s BIO_pending rbio\n", side);
    else
        fact(side, "BIO_pending", p);
}

/* ------------------------------------------------------------------------------------ */
/* The peer                                                                             */
/* ------------------------------------------------------------------------------------ */

/* One SSL_do_handshake step of the peer; 1 once it is done. Fails on anything but a retry. */
static int peer_step(SSL *peer)
{
    int ret = SSL_do_handshake(peer), err = SSL_get_error(peer, ret);

    if (ret != 1 && err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE)
        die("the peer's handshake failed: %d error %d", ret, err);
    ERR_clear_error();
    return ret == 1;
}

/* Alternates peer steps and traced BIO_do_handshake calls on `b` until both are done. */
static void handshake(SSL *peer, BIO *b, const char *side)
{
    int pdone = 0, bdone = 0;

    for (int round = 0; round < 50 && !(pdone && bdone); round++) {
        if (!bdone)
            bdone = t_handshake(side, b) == 1;
        if (!pdone)
            pdone = peer_step(peer);
    }
    if (!(pdone && bdone))
        die("the handshake did not finish");
}

/* Reads what the peer has; prints the count (or the result) and whether close_notify came. */
static void peer_read(SSL *peer)
{
    unsigned char buf[4096];
    int total = 0, ret;

    while ((ret = SSL_read(peer, buf, sizeof(buf))) > 0)
        total += ret;
    ERR_clear_error();
    printf("peer read %d bytes\n", total);
    printf("peer close_notify received %d\n", (SSL_get_shutdown(peer) & SSL_RECEIVED_SHUTDOWN) != 0);
}

/* A client SSL BIO over one end of a BIO pair (`size` bytes each way, 0: the default) and a
 * peer server SSL over the other. */
static BIO *pair_client(SSL **peer, size_t size)
{
    BIO *near_end, *far_end, *b = new_ssl_bio(0);

    if (!BIO_new_bio_pair(&near_end, size, &far_end, size))
        die("BIO_new_bio_pair failed");
    BIO_push(b, near_end);
    *peer = new_ssl(1);
    SSL_set_bio(*peer, far_end, far_end);
    return b;
}

/* ------------------------------------------------------------------------------------ */
/* Scenarios                                                                            */
/* ------------------------------------------------------------------------------------ */

static void sc_implicit(void)
{
    SSL *peer;
    BIO *b = pair_client(&peer, 0);
    unsigned char buf[64];

    t_read("client", b, buf, 10);
    f_pending("client", b);
    handshake(peer, b, "client");
    t_handshake("client", b);
    if (SSL_write(peer, "hello world", 11) != 11)
        die("the peer cannot write");
    f_pending("client", b);
    t_read("client", b, buf, 4);
    f_pending("client", b);
    t_read("client", b, buf, 40);
    t_read("client", b, buf, 40);
    fact("client", "BIO_pending", (long)BIO_pending(b));
    t_write("client", b, "abc", 3);
    fact("client", "BIO_wpending>0", BIO_wpending(b) > 0);
    t_flush("client", b);
    peer_read(peer);
    if (SSL_shutdown(peer) != 0)
        die("the peer's shutdown did not send close_notify");
    t_read("client", b, buf, 40);
    t_read("client", b, buf, 40);
    fact("client", "BIO_eof", BIO_eof(b));
    BIO_ssl_shutdown(b);
    fact("client", "SSL_get_shutdown", SSL_get_shutdown(ssl_of(b)));
    peer_read(peer);
    BIO_free_all(b);
    SSL_free(peer);
}

static void sc_buffer_chain(void)
{
    SSL *peer;
    BIO *b = pair_client(&peer, 0);
    BIO *buf = BIO_new(BIO_f_buffer());
    int done = 0;

    BIO_push(buf, b);
    t_write("client", buf, "abc", 3);
    fact("client", "BIO_wpending", (long)BIO_wpending(buf));
    fact("client", "SSL_in_init", SSL_in_init(ssl_of(b)));
    for (int round = 0; round < 50 && !done; round++) {
        done = t_flush("client", buf) == 1;
        peer_step(peer);
    }
    if (!done)
        die("the flush did not finish");
    peer_read(peer);
    BIO_free_all(buf);
    SSL_free(peer);
}

static void sc_write_retry(void)
{
    SSL *peer;
    BIO *b = pair_client(&peer, 512);
    unsigned char data[2000];
    int ret = -1;

    memset(data, 'x', sizeof(data));
    handshake(peer, b, "client");
    for (int round = 0; round < 50 && ret < 0; round++) {
        ret = t_write("client", b, data, sizeof(data));
        if (ret < 0)
            peer_read(peer);
    }
    peer_read(peer);
    BIO_free_all(b);
    SSL_free(peer);
}

static void sc_eof(void)
{
    SSL *peer;
    BIO *b = pair_client(&peer, 0);
    unsigned char buf[16];

    handshake(peer, b, "client");
    BIO_shutdown_wr(SSL_get_wbio(peer));
    printf("# the peer's end of the pair: BIO_shutdown_wr\n");
    t_read("client", b, buf, 10);
    fact("client", "BIO_eof", BIO_eof(b));
    BIO_free_all(b);
    SSL_free(peer);
}

/* BIO_free of an SSL BIO set with `close_flag`, after the handshake or while in it. */
static void free_case(int close_flag, int established)
{
    SSL *peer;
    BIO *b = pair_client(&peer, 0);
    BIO *transport = BIO_next(b);
    SSL *ssl = ssl_of(b);

    BIO_set_close(b, close_flag);
    if (established)
        handshake(peer, b, "client");
    else
        t_handshake("client", b);
    BIO_up_ref(transport); /* keep the pair end: the peer reads it after the free */
    BIO_free(b);
    printf("# BIO_free of the SSL BIO\n");
    if (established)
        peer_read(peer);
    else
        fact("peer", "bytes waiting", (long)BIO_ctrl_pending(SSL_get_rbio(peer)) > 0);
    if (close_flag == BIO_NOCLOSE) {
        fact("client", "SSL_get_shutdown", SSL_get_shutdown(ssl));
        SSL_free(ssl);
    }
    BIO_free(transport);
    SSL_free(peer);
}

static void sc_free_close(void)
{
    free_case(BIO_CLOSE, 1);
}

static void sc_free_noclose(void)
{
    free_case(BIO_NOCLOSE, 1);
}

static void sc_free_close_in_init(void)
{
    free_case(BIO_CLOSE, 0);
}

static void sc_chain(void)
{
    BIO *near_end, *far_end, *b = new_ssl_bio(0), *b2, *popped;
    SSL *ssl = ssl_of(b), *other;

    if (!BIO_new_bio_pair(&near_end, 0, &far_end, 0))
        die("BIO_new_bio_pair failed");
    fact("client", "rbio set", SSL_get_rbio(ssl) != NULL);
    BIO_push(b, near_end);
    fact("client", "rbio is next", SSL_get_rbio(ssl) == BIO_next(b));
    fact("client", "wbio is next", SSL_get_wbio(ssl) == BIO_next(b));
    popped = BIO_pop(b);
    fact("client", "pop returned the next", popped == near_end);
    fact("client", "rbio set", SSL_get_rbio(ssl) != NULL);
    fact("client", "wbio set", SSL_get_wbio(ssl) != NULL);
    BIO_free_all(b);
    /* an SSL that has its BIOs already: BIO_set_ssl makes its read BIO the next */
    other = new_ssl(0);
    SSL_set_bio(other, popped, popped);
    b2 = BIO_new(BIO_f_ssl());
    BIO_set_ssl(b2, other, BIO_CLOSE);
    fact("client", "next is the rbio", BIO_next(b2) == popped);
    BIO_free(b2); /* frees `other`, whose reference to the pair end goes with it */
    BIO_free(popped);
    BIO_free(far_end);
}

static void sc_x509(void)
{
    BIO *near_end, *far_end, *b;
    SSL *peer = new_ssl(0);
    SSL_CTX *ctx = new_ctx(1);
    SSL *server;
    unsigned char buf[16];

    SSL_CTX_set_cert_cb(ctx, cert_cb, NULL);
    server = SSL_new(ctx);
    SSL_CTX_free(ctx);
    SSL_set_accept_state(server);
    b = BIO_new(BIO_f_ssl());
    BIO_set_ssl(b, server, BIO_CLOSE);
    if (!BIO_new_bio_pair(&near_end, 0, &far_end, 0))
        die("BIO_new_bio_pair failed");
    BIO_push(b, near_end);
    SSL_set_bio(peer, far_end, far_end);
    SSL_do_handshake(peer); /* the ClientHello */
    ERR_clear_error();
    t_handshake("server", b);
    fact("server", "cert_cb", cert_cb_calls);
    t_read("server", b, buf, 10);
    fact("server", "cert_cb", cert_cb_calls);
    t_write("server", b, "x", 1);
    BIO_free_all(b);
    SSL_free(peer);
}

static void sc_accept_nb(void)
{
    BIO *acc = BIO_new_accept("127.0.0.1:0"), *b = new_ssl_bio(1);
    unsigned char buf[16];

    BIO_set_nbio_accept(acc, 1);
    if (BIO_do_accept(acc) != 1)
        die("cannot listen");
    BIO_push(b, acc);
    t_handshake("server", b);
    t_read("server", b, buf, 10);
    t_write("server", b, "x", 1);
    BIO_free_all(b);
}

static void sc_connect_nb(void)
{
    BIO *acc = BIO_new_accept("127.0.0.1:0");
    char target[64];
    unsigned char buf[16];

    if (BIO_do_accept(acc) != 1)
        die("cannot listen");
    snprintf(target, sizeof(target), "127.0.0.1:%s", BIO_get_accept_port(acc));
    printf("# a listener that never accepts: the kernel completes the TCP connect\n");
    for (int i = 0; i < 3; i++) {
        BIO *con = BIO_new_connect(target), *b = new_ssl_bio(0);

        BIO_set_nbio(con, 1);
        BIO_push(b, con);
        if (i == 0) {
            t_handshake("client", b);
            /* OpenSSL's connect BIO completes the connect within the next call */
            t_handshake("client", b);
        } else if (i == 1) {
            t_read("client", b, buf, 10);
        } else {
            t_write("client", b, "x", 1);
        }
        BIO_free_all(b);
    }
    BIO_free_all(acc);
}

static const Scenario scenarios[] = {
    { "implicit", sc_implicit },
    { "buffer_chain", sc_buffer_chain },
    { "write_retry", sc_write_retry },
    { "eof", sc_eof },
    { "free_close", sc_free_close },
    { "free_noclose", sc_free_noclose },
    { "free_close_in_init", sc_free_close_in_init },
    { "chain", sc_chain },
    { "x509", sc_x509 },
    { "accept_nb", sc_accept_nb },
    { "connect_nb", sc_connect_nb },
};

int main(int argc, char **argv)
{
    return oracle_main(argc, argv, "bio_ssl_oracle", scenarios, sizeof(scenarios) / sizeof(scenarios[0]));
}
