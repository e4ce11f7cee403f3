/*
 * ssl_oracle.c - a libssl "oracle" for tlsbio's tests.
 *
 * tlsbio reproduces OpenSSL's SSL/BIO semantics on the JVM. This program plays fixed
 * scenarios against the real libssl (OpenSSL 3.0) and prints what every call of interest
 * returns, so that Java tests (io.tlsbio.ssl.tests.oracle.LibSslOracle compiles and runs
 * it) can play the same scenario against tlsbio and compare the two traces line by line.
 *
 * Usage: ssl_oracle SCENARIO[:1.2|:1.3] CERT_PEM KEY_PEM CA_PEM
 *   CERT_PEM, KEY_PEM  the server's certificate chain and private key
 *   CA_PEM             the CA the client trusts; the client verifies the chain and the
 *                      host name "localhost" (also sent as SNI)
 *   The protocol is TLS 1.3 unless the scenario name ends in ":1.2".
 *   Run without arguments for the list of scenarios.
 *
 * Both peers run in this process over memory BIOs (a BIO pair where a scenario needs a
 * small write buffer); the program moves the bytes between them itself, so every byte
 * on the "wire" is seen and the run is fully deterministic. Session tickets are off
 * (SSL_OP_NO_TICKET, no TLS 1.3 NewSessionTicket) so that no post-handshake message
 * muddles the traces.
 *
 * Output, one line per event, in the order the events happen (exit status 0; on a setup
 * failure: a message on stderr and exit status 2):
 *   <side> <call>[ <args>] -> <ret> <SSL_ERROR_name>[ <reason>]
 *       a traced SSL call; <side> is client or server; <ret> is what the call returned,
 *       SSL_ERROR_name what SSL_get_error() said about it; for SSL_ERROR_SSL and
 *       SSL_ERROR_SYSCALL, <reason> is ERR_reason_error_string() of the oldest error
 *       queued (omitted when the queue is empty). The error queue is cleared before each
 *       call unless the scenario tests a stale queue (it then says so in a # line).
 *   <side> <FUNCTION> <value>
 *       an observable fact: SSL_get_shutdown, SSL_want, SSL_pending, SSL_in_init,
 *       SSL_is_init_finished, SSL_version, ...
 *   <side> alert sent|received <level> <description>
 *       an alert record (from SSL_set_msg_callback, so decrypted), numbers as on the wire
 *       (level 1 warning, 2 fatal; description 0 close_notify, 10 unexpected_message,
 *       20 bad_record_mac, 80 internal_error, ...). A call's alert lines come before
 *       the call's own line, since the alert is sent or received during the call.
 *   wire <from>-><to> <n> bytes
 *       bytes this program moved from one peer to the other, followed by one line per
 *       record completed by them:
 *   wire <from>-><to> alert <level> <description>     a plaintext alert record
 *   wire <from>-><to> record type <t> len <n>          any other record (n = fragment length)
 *   <side> received <n> bytes, <side> data intact|corrupt
 *       application data a peer read, checked against what was sent
 *   # ...
 *       a comment: ignored by comparisons (handshake progress, explanations).
 *
 * Scenarios (each a function sc_<name> below, which says what it plays):
 *   write_retry_longer, write_retry_shorter, write_retry_moved, write_retry_moved_accept
 *       SSL_write blocked on a small BIO pair, retried with more / fewer bytes / from a
 *       moved buffer (with and without SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER)
 *   partial_write, partial_write_pair
 *       SSL_MODE_ENABLE_PARTIAL_WRITE on a memory BIO and on a small BIO pair
 *   read_zero_len                    SSL_read(ssl, buf, 0)
 *   ignore_eof, eof                  EOF on the rbio with / without SSL_OP_IGNORE_UNEXPECTED_EOF
 *   fatal_alert_after_handshake      the peer sends an encrypted fatal alert
 *   shutdown_then_fatal_alert        ... after our close_notify
 *   app_data_during_shutdown, app_data_during_shutdown_read
 *       application data arrives after our close_notify: SSL_shutdown or SSL_read
 *   cert_cb_retry, client_cert_cb_retry, client_cert_cb_none
 *       a server cert callback / client-cert callback answering "not ready" (-1) at first
 *       (SSL_ERROR_WANT_X509_LOOKUP), then ready; or no client certificate at all
 *   bio_error_rdonly_wbio, bio_error_pair_closed, bio_error_pair_shutdown_wr
 *       the wbio fails with an error of its own
 *   shutdown_flags, quiet_shutdown   the state flags through a handshake and a close
 *   session_tickets                  tickets on (OpenSSL's default, here only): a full handshake,
 *                                    then one resuming its session with the same server context
 *
 * Build: gcc -O1 -o ssl_oracle ssl_oracle.c -lssl -lcrypto
 */
#include "oracle.h"

/* ------------------------------------------------------------------------------------ */
/* Set-up                                                                               */
/* ------------------------------------------------------------------------------------ */

/* Largest chunk moved between the peers at once, and the parser's record buffer. */
#define CHUNK 65536
#define MAX_RECORD (5 + 16384 + 2048)

/* One peer: its SSL object, and the two BIOs this program uses to talk to it. */
typedef struct {
    const char *name;       /* "client" or "server" */
    SSL *ssl;
    BIO *in;                /* the SSL's rbio: the program writes the peer's bytes here */
    BIO *out;               /* the program reads the SSL's output here: the SSL's wbio, or
                               the far end of the BIO pair that is the SSL's wbio */
    unsigned char rec[MAX_RECORD]; /* bytes of a record that left this peer, not yet complete */
    size_t rec_len;
} Peer;

/* Prints every alert a peer sends or receives (the record layer hands it over decrypted). */
static void msg_callback(int write_p, int version, int content_type, const void *buf,
                         size_t len, SSL *ssl, void *arg)
{
    const Peer *p = arg;
    const unsigned char *b = buf;

    (void)version;
    (void)ssl;
    if (content_type == SSL3_RT_ALERT && len == 2)
        printf("%s alert %s %d %d\n", p->name, write_p ? "sent" : "received", b[0], b[1]);
}

/*
 * Creates a peer whose rbio is a memory BIO (empty: reads retry) and whose wbio is `wbio`,
 * read by the program at `out`; pass NULL for both to get a plain memory BIO wbio.
 */
static Peer *new_peer(int server, BIO *wbio, BIO *out)
{
    Peer *p = calloc(1, sizeof(*p));
    SSL_CTX *ctx = new_ctx(server);

    if (p == NULL)
        die("out of memory");
    p->name = server ? "server" : "client";
    p->ssl = SSL_new(ctx);
    SSL_CTX_free(ctx); /* the SSL keeps a reference */
    if (p->ssl == NULL)
        die("SSL_new failed");
    p->in = BIO_new(BIO_s_mem());
    if (wbio == NULL)
        wbio = out = BIO_new(BIO_s_mem());
    if (p->in == NULL || wbio == NULL)
        die("cannot create the BIOs");
    p->out = out;
    SSL_set_bio(p->ssl, p->in, wbio);
    SSL_set_msg_callback(p->ssl, msg_callback);
    SSL_set_msg_callback_arg(p->ssl, p);
    if (server) {
        SSL_set_accept_state(p->ssl);
    } else {
        SSL_set_connect_state(p->ssl);
        if (!SSL_set_tlsext_host_name(p->ssl, "localhost") || !SSL_set1_host(p->ssl, "localhost"))
            die("cannot set the host name");
    }
    return p;
}

/* A client whose wbio is one end of a BIO pair holding at most `size` bytes. */
static Peer *new_pair_client(size_t size)
{
    BIO *near_end, *far_end;

    if (!BIO_new_bio_pair(&near_end, size, &far_end, size))
        die("BIO_new_bio_pair failed");
    return new_peer(0, near_end, far_end);
}

/* ------------------------------------------------------------------------------------ */
/* Tracing                                                                              */
/* ------------------------------------------------------------------------------------ */

static const char *error_name(int e)
{
    static const char *const names[] = {
        "SSL_ERROR_NONE", "SSL_ERROR_SSL", "SSL_ERROR_WANT_READ", "SSL_ERROR_WANT_WRITE",
        "SSL_ERROR_WANT_X509_LOOKUP", "SSL_ERROR_SYSCALL", "SSL_ERROR_ZERO_RETURN",
        "SSL_ERROR_WANT_CONNECT", "SSL_ERROR_WANT_ACCEPT", "SSL_ERROR_WANT_ASYNC",
        "SSL_ERROR_WANT_ASYNC_JOB", "SSL_ERROR_WANT_CLIENT_HELLO_CB",
        "SSL_ERROR_WANT_RETRY_VERIFY",
    };

    return e >= 0 && e < (int)(sizeof(names) / sizeof(names[0])) ? names[e] : "SSL_ERROR_?";
}

/* The reason text of an error code, never NULL. */
static const char *reason_text(unsigned long code)
{
    static char unknown[64];
    const char *r = ERR_reason_error_string(code);

    if (r != NULL)
        return r;
    snprintf(unknown, sizeof(unknown), "reason %d of library %d",
             ERR_GET_REASON(code), ERR_GET_LIB(code));
    return unknown;
}

/* Prints the line of a call that returned `ret`: call it right after the call. */
static int report(const Peer *p, const char *call, const char *args, int ret)
{
    int err = SSL_get_error(p->ssl, ret);
    unsigned long code = ERR_peek_error();

    printf("%s %s%s%s -> %d %s", p->name, call, *args ? " " : "", args, ret, error_name(err));
    if ((err == SSL_ERROR_SSL || err == SSL_ERROR_SYSCALL) && code != 0)
        printf(" %s", reason_text(code));
    putchar('\n');
    return ret;
}

/* Traced calls. `keep_queue` leaves the error queue as the previous call left it. */
static int t_read_q(Peer *p, void *buf, int len, int keep_queue)
{
    char args[32];

    if (!keep_queue)
        ERR_clear_error();
    snprintf(args, sizeof(args), "%d", len);
    return report(p, "SSL_read", args, SSL_read(p->ssl, buf, len));
}

static int t_read(Peer *p, void *buf, int len)
{
    return t_read_q(p, buf, len, 0);
}

static int t_write(Peer *p, const void *buf, int len)
{
    char args[32];

    ERR_clear_error();
    snprintf(args, sizeof(args), "%d", len);
    return report(p, "SSL_write", args, SSL_write(p->ssl, buf, len));
}

static int t_shutdown(Peer *p)
{
    ERR_clear_error();
    return report(p, "SSL_shutdown", "", SSL_shutdown(p->ssl));
}

static int t_handshake(Peer *p, const char *call)
{
    int ret;

    ERR_clear_error();
    if (strcmp(call, "SSL_connect") == 0)
        ret = SSL_connect(p->ssl);
    else if (strcmp(call, "SSL_accept") == 0)
        ret = SSL_accept(p->ssl);
    else
        ret = SSL_do_handshake(p->ssl);
    return report(p, call, "", ret);
}

static void fact(const Peer *p, const char *what, long value)
{
    printf("%s %s %ld\n", p->name, what, value);
}

static void f_shutdown(const Peer *p)
{
    fact(p, "SSL_get_shutdown", SSL_get_shutdown(p->ssl));
}

static void f_want(const Peer *p)
{
    fact(p, "SSL_want", SSL_want(p->ssl));
}

static void f_pending(const Peer *p)
{
    fact(p, "SSL_pending", SSL_pending(p->ssl));
}

/* The state flags: SSL_get_shutdown, SSL_want, SSL_in_init, SSL_is_init_finished. */
static void f_flags(const Peer *p)
{
    f_shutdown(p);
    f_want(p);
    fact(p, "SSL_in_init", SSL_in_init(p->ssl));
    fact(p, "SSL_is_init_finished", SSL_is_init_finished(p->ssl));
}

/* Prints, and empties, the whole error queue: "<side> error queue <n>[ <reason>]...". */
static void f_queue(const Peer *p)
{
    unsigned long codes[32];
    int n = 0;
    unsigned long code;

    while ((code = ERR_get_error()) != 0)
        if (n < 32)
            codes[n++] = code;
    printf("%s error queue %d", p->name, n);
    for (int i = 0; i < n; i++)
        printf("%s %s", i == 0 ? "" : ";", reason_text(codes[i]));
    putchar('\n');
}

/* ------------------------------------------------------------------------------------ */
/* The wire                                                                             */
/* ------------------------------------------------------------------------------------ */

/* Feeds the bytes that left `from` to its record parser; prints completed records. */
static void parse_records(Peer *from, const char *dir, const unsigned char *b, size_t n, int trace)
{
    while (n > 0) {
        size_t need = 5, take;

        if (from->rec_len >= 5)
            need = 5 + ((size_t)from->rec[3] << 8 | from->rec[4]);
        if (need > MAX_RECORD)
            die("oversized record from the %s", from->name);
        take = need - from->rec_len < n ? need - from->rec_len : n;
        memcpy(from->rec + from->rec_len, b, take);
        from->rec_len += take;
        b += take;
        n -= take;
        if (from->rec_len < 5 || from->rec_len < 5 + ((size_t)from->rec[3] << 8 | from->rec[4]))
            continue;
        /* a whole record */
        if (trace) {
            size_t len = from->rec_len - 5;

            if (from->rec[0] == SSL3_RT_ALERT && len == 2)
                printf("wire %s alert %d %d\n", dir, from->rec[5], from->rec[6]);
            else
                printf("wire %s record type %d len %zu\n", dir, from->rec[0], len);
        }
        from->rec_len = 0;
    }
}

/* Moves everything `from` has written to `to`; prints it when `trace` is set. */
static size_t transfer(Peer *from, Peer *to, int trace)
{
    static unsigned char buf[CHUNK];
    unsigned char *all = NULL;
    size_t total = 0;
    int n;
    char dir[32];

    while ((n = BIO_read(from->out, buf, sizeof(buf))) > 0) {
        all = realloc(all, total + n);
        if (all == NULL)
            die("out of memory");
        memcpy(all + total, buf, n);
        total += n;
        if (BIO_write(to->in, buf, n) != n)
            die("cannot deliver %d bytes to the %s", n, to->name);
    }
    snprintf(dir, sizeof(dir), "%s->%s", from->name, to->name);
    if (trace)
        printf("wire %s %zu bytes\n", dir, total);
    parse_records(from, dir, all, total, trace);
    free(all);
    return total;
}

/* Puts a raw TLS record into a peer's rbio, as if its peer had sent it. */
static void inject_record(Peer *to, int type, const unsigned char *body, size_t len)
{
    unsigned char hdr[5] = { (unsigned char)type, 3, 3, (unsigned char)(len >> 8), (unsigned char)len };

    if (BIO_write(to->in, hdr, 5) != 5 || BIO_write(to->in, body, (int)len) != (int)len)
        die("cannot inject a record");
    printf("# injected a record of type %d, %zu bytes, into the %s\n", type, len, to->name);
}

/* Injects an application-data record whose authentication fails: the peer answers with a
 * fatal bad_record_mac alert, encrypted since the handshake is done. */
static void inject_garbage(Peer *to)
{
    unsigned char garbage[32];

    for (size_t i = 0; i < sizeof(garbage); i++)
        garbage[i] = (unsigned char)(0xA5 ^ i);
    inject_record(to, SSL3_RT_APPLICATION_DATA, garbage, sizeof(garbage));
}

/* Runs both handshakes to completion, moving the bytes, without tracing the calls. */
static void handshake(Peer *c, Peer *s)
{
    int cdone = 0, sdone = 0;

    for (int round = 0; round < 100 && !(cdone && sdone); round++) {
        Peer *p[2] = { c, s };
        int *done[2] = { &cdone, &sdone };

        for (int i = 0; i < 2; i++) {
            if (!*done[i]) {
                int ret, err;

                ERR_clear_error();
                ret = SSL_do_handshake(p[i]->ssl);
                err = SSL_get_error(p[i]->ssl, ret);
                if (ret == 1)
                    *done[i] = 1;
                else if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE)
                    die("%s handshake failed: %d %s", p[i]->name, ret, error_name(err));
            }
            transfer(p[i], p[1 - i], 0);
        }
    }
    if (!(cdone && sdone))
        die("the handshake did not finish");
    printf("# handshake done: %s %s\n", SSL_get_version(c->ssl), SSL_get_cipher(c->ssl));
}

/* A client (memory BIOs unless given) and a server, handshaken. */
static void connected(Peer **c, Peer **s, Peer *client)
{
    *c = client != NULL ? client : new_peer(0, NULL, NULL);
    *s = new_peer(1, NULL, NULL);
    handshake(*c, *s);
}

/* The payload: a fixed pattern, so that a receiver can check every byte. */
static unsigned char payload(size_t i)
{
    return (unsigned char)(i * 31 + 7 + (i >> 8));
}

static unsigned char *new_payload(size_t len)
{
    unsigned char *b = malloc(len);

    if (b == NULL)
        die("out of memory");
    for (size_t i = 0; i < len; i++)
        b[i] = payload(i);
    return b;
}

/* The receiver's side of a payload: bytes read so far, all checked against payload(). */
typedef struct {
    size_t received;
    int corrupt;
} Sink;

/* Traced SSL_read(16384) calls on `p` until one returns <= 0; the data goes to `sink`. */
static int read_all(Peer *p, Sink *sink)
{
    static unsigned char buf[16384];
    int ret;

    while ((ret = t_read(p, buf, sizeof(buf))) > 0) {
        for (int i = 0; i < ret; i++)
            if (buf[i] != payload(sink->received + i))
                sink->corrupt = 1;
        sink->received += ret;
    }
    return ret;
}

static void f_sink(const Peer *p, const Sink *sink)
{
    printf("%s received %zu bytes\n", p->name, sink->received);
    printf("%s data %s\n", p->name, sink->corrupt ? "corrupt" : "intact");
}

/* ------------------------------------------------------------------------------------ */
/* Scenarios                                                                            */
/* ------------------------------------------------------------------------------------ */

/* The BIO pair behind the client's wbio in the write-retry scenarios holds this much. */
#define RETRY_PAIR_SIZE 512

/*
 * SSL_write(1000) blocks (-1 SSL_ERROR_WANT_WRITE: the record does not fit in the BIO
 * pair), the pair is drained into the server, then the write is retried with another
 * length or buffer (`retry_len`, `moved`: from a copy of the first buffer). Retries that
 * block again are drained and repeated with the same arguments.
 */
static void write_retry(int retry_len, int moved, int accept_moving)
{
    Peer *c, *s;
    unsigned char *data = new_payload(2000), *copy = new_payload(2000);
    const unsigned char *retry_buf = moved ? copy : data;
    unsigned char buf[16384];
    Sink sink = { 0, 0 };
    int ret;

    connected(&c, &s, new_pair_client(RETRY_PAIR_SIZE));
    if (accept_moving) {
        SSL_set_mode(c->ssl, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
        printf("# client mode SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER\n");
    }
    t_write(c, data, 1000);
    f_want(c);
    transfer(c, s, 1);
    read_all(s, &sink);
    printf("# retry with %d bytes from %s\n", retry_len, moved ? "a copy of the buffer" : "the same buffer");
    while ((ret = t_write(c, retry_buf, retry_len)) < 0
            && SSL_get_error(c->ssl, ret) == SSL_ERROR_WANT_WRITE) {
        transfer(c, s, 1);
        read_all(s, &sink);
    }
    f_want(c);
    f_shutdown(c);
    transfer(c, s, 1);
    read_all(s, &sink);
    f_sink(s, &sink);
    if (ret > 0)
        return;
    /* the retry failed: is the connection dead? */
    printf("# after the failed retry\n");
    t_write(c, data, 1000);
    f_want(c);
    t_read(c, buf, sizeof(buf));
    f_shutdown(c);
    transfer(c, s, 1);
    read_all(s, &sink);
    f_sink(s, &sink);
    t_shutdown(c);
    f_shutdown(c);
    transfer(c, s, 1);
    read_all(s, &sink);
    f_shutdown(s);
}

static void sc_write_retry_longer(void) { write_retry(1500, 0, 0); }
static void sc_write_retry_shorter(void) { write_retry(500, 0, 0); }
static void sc_write_retry_moved(void) { write_retry(1000, 1, 0); }
static void sc_write_retry_moved_accept(void) { write_retry(1000, 1, 1); }

/*
 * SSL_MODE_ENABLE_PARTIAL_WRITE: SSL_write(40000) and then SSL_write of the remainder
 * until all is written; `pair_size` 0 is a memory BIO (writes never block), otherwise a
 * BIO pair of that size (blocked writes are drained and retried with the same arguments).
 */
static void partial_write(size_t pair_size)
{
    Peer *c, *s;
    const int total = 40000;
    unsigned char *data = new_payload(total);
    Sink sink = { 0, 0 };
    int off = 0;

    connected(&c, &s, pair_size ? new_pair_client(pair_size) : NULL);
    SSL_set_mode(c->ssl, SSL_MODE_ENABLE_PARTIAL_WRITE);
    while (off < total) {
        int ret = t_write(c, data + off, total - off);

        if (ret > 0) {
            off += ret;
        } else if (SSL_get_error(c->ssl, ret) == SSL_ERROR_WANT_WRITE) {
            transfer(c, s, 1);
            read_all(s, &sink);
        } else {
            break;
        }
    }
    transfer(c, s, 1);
    read_all(s, &sink);
    f_sink(s, &sink);
}

static void sc_partial_write(void) { partial_write(0); }
static void sc_partial_write_pair(void) { partial_write(4096); }

/* SSL_read(buf, 0): with nothing buffered, then with a record waiting. */
static void sc_read_zero_len(void)
{
    Peer *c, *s;
    unsigned char *data = new_payload(100);
    unsigned char buf[1000];

    connected(&c, &s, NULL);
    t_read(c, buf, 0);
    f_want(c);
    f_pending(c);
    t_write(s, data, 100);
    transfer(s, c, 1);
    t_read(c, buf, 0);
    f_want(c);
    f_pending(c);
    printf("client SSL_has_pending %d\n", SSL_has_pending(c->ssl));
    t_read(c, buf, sizeof(buf));
    printf("client data %s\n", memcmp(buf, data, 100) == 0 ? "intact" : "corrupt");
    f_pending(c);
}

/*
 * The client's rbio reports EOF (an empty memory BIO with BIO_set_mem_eof_return(0)) right
 * after the handshake, with or without SSL_OP_IGNORE_UNEXPECTED_EOF.
 */
static void eof(int ignore)
{
    Peer *c, *s;
    unsigned char buf[1000];
    unsigned char *data = new_payload(10);

    connected(&c, &s, NULL);
    if (ignore) {
        SSL_set_options(c->ssl, SSL_OP_IGNORE_UNEXPECTED_EOF);
        printf("# client option SSL_OP_IGNORE_UNEXPECTED_EOF\n");
    }
    BIO_set_mem_eof_return(c->in, 0);
    t_read(c, buf, sizeof(buf));
    f_shutdown(c);
    t_read(c, buf, sizeof(buf));
    t_write(c, data, 10);
    f_shutdown(c);
    t_shutdown(c);
    f_shutdown(c);
    transfer(c, s, 1);
    t_read(s, buf, sizeof(buf));
    t_read(s, buf, sizeof(buf));
    f_shutdown(s);
    t_shutdown(c);
    f_shutdown(c);
    transfer(c, s, 1);
}

static void sc_ignore_eof(void) { eof(1); }
static void sc_eof(void) { eof(0); }

/*
 * The server sends a real fatal alert after the handshake: it is fed an application-data
 * record that fails authentication and answers with bad_record_mac (encrypted).
 */
static void sc_fatal_alert_after_handshake(void)
{
    Peer *c, *s;
    unsigned char buf[1000];
    unsigned char *data = new_payload(10);

    connected(&c, &s, NULL);
    inject_garbage(s);
    t_read(s, buf, sizeof(buf));
    f_queue(s);
    f_shutdown(s);
    transfer(s, c, 1);
    t_read(c, buf, sizeof(buf));
    f_shutdown(c);
    printf("# second SSL_read, error queue left as the first left it\n");
    t_read_q(c, buf, sizeof(buf), 1);
    printf("# third SSL_read, error queue cleared\n");
    t_read(c, buf, sizeof(buf));
    t_write(c, data, 10);
    f_shutdown(c);
    t_shutdown(c);
    f_shutdown(c);
    transfer(c, s, 1);
}

/* The client has sent close_notify; the server answers with a fatal alert instead. */
static void sc_shutdown_then_fatal_alert(void)
{
    Peer *c, *s;
    unsigned char buf[1000];

    connected(&c, &s, NULL);
    t_shutdown(c);
    f_shutdown(c);
    inject_garbage(s);  /* before the close_notify: the server reads it first */
    transfer(c, s, 1);
    t_read(s, buf, sizeof(buf));
    transfer(s, c, 1);
    t_shutdown(c);
    f_queue(c);
    f_shutdown(c);
    t_shutdown(c);
    f_shutdown(c);
    transfer(c, s, 1);
}

/* The client has sent close_notify; the server, not having read it, sends data. */
static void sc_app_data_during_shutdown(void)
{
    Peer *c, *s;
    unsigned char buf[1000];
    unsigned char *data = new_payload(100);

    connected(&c, &s, NULL);
    t_shutdown(c);
    f_shutdown(c);
    t_write(s, data, 100);
    transfer(s, c, 1);
    t_shutdown(c);
    f_shutdown(c);
    f_pending(c);
    t_read(c, buf, sizeof(buf));
    f_shutdown(c);
    t_shutdown(c);
    transfer(c, s, 1);
    t_read(s, buf, sizeof(buf));
    t_read(s, buf, sizeof(buf));
    f_shutdown(s);
}

/* The same, but the client reads instead of calling SSL_shutdown a second time. */
static void sc_app_data_during_shutdown_read(void)
{
    Peer *c, *s;
    unsigned char buf[1000];
    unsigned char *data = new_payload(100);

    connected(&c, &s, NULL);
    t_shutdown(c);
    t_write(s, data, 100);
    transfer(s, c, 1);
    t_read(c, buf, sizeof(buf));
    f_shutdown(c);
    transfer(c, s, 1);
    t_read(s, buf, sizeof(buf));
    f_shutdown(s);
    t_shutdown(s);
    transfer(s, c, 1);
    t_shutdown(c);
    f_shutdown(c);
}

/* The client's wbio is a read-only memory BIO (BIO_new_mem_buf). */
static void sc_bio_error_rdonly_wbio(void)
{
    static const char nothing[] = "";
    BIO *rdonly = BIO_new_mem_buf(nothing, 0);
    Peer *c = new_peer(0, rdonly, rdonly);

    t_handshake(c, "SSL_connect");
    f_want(c);
    f_shutdown(c);
    t_handshake(c, "SSL_connect");
}

/* The client's wbio is a BIO pair end whose other end has been freed (BIO_free). */
static void sc_bio_error_pair_closed(void)
{
    Peer *c = new_pair_client(4096);

    BIO_free(c->out);
    c->out = NULL;
    t_handshake(c, "SSL_connect");
    f_want(c);
    t_handshake(c, "SSL_connect");
}

/* The client's wbio is a BIO pair end whose writing side was shut (BIO_shutdown_wr). */
static void sc_bio_error_pair_shutdown_wr(void)
{
    Peer *c = new_pair_client(4096);

    BIO_shutdown_wr(SSL_get_wbio(c->ssl));
    t_handshake(c, "SSL_connect");
    f_want(c);
    t_handshake(c, "SSL_connect");
}

/* The state flags through a traced handshake and a two-way close. */
static void sc_shutdown_flags(void)
{
    Peer *c = new_peer(0, NULL, NULL), *s = new_peer(1, NULL, NULL);
    unsigned char buf[1000];
    int cdone = 0, sdone = 0;

    f_flags(c);
    f_flags(s);
    for (int round = 0; round < 10 && !(cdone && sdone); round++) {
        if (!cdone) {
            cdone = t_handshake(c, "SSL_do_handshake") == 1;
            f_flags(c);
            transfer(c, s, 0);
        }
        if (!sdone) {
            sdone = t_handshake(s, "SSL_do_handshake") == 1;
            f_flags(s);
            transfer(s, c, 0);
        }
    }
    t_shutdown(c);
    f_flags(c);
    transfer(c, s, 1);
    t_read(s, buf, sizeof(buf));
    f_flags(s);
    t_shutdown(s);
    f_flags(s);
    transfer(s, c, 1);
    t_shutdown(c);
    f_flags(c);
    t_shutdown(c);
    t_read(c, buf, sizeof(buf));
    t_shutdown(s);
    t_read(s, buf, sizeof(buf));
}

/* SSL_set_quiet_shutdown(1): SSL_shutdown returns 1 and sends nothing. */
static void sc_quiet_shutdown(void)
{
    Peer *c, *s;
    unsigned char buf[1000];

    connected(&c, &s, NULL);
    SSL_set_quiet_shutdown(c->ssl, 1);
    fact(c, "SSL_get_quiet_shutdown", SSL_get_quiet_shutdown(c->ssl));
    t_shutdown(c);
    f_flags(c);
    transfer(c, s, 1);
    t_read(s, buf, sizeof(buf));
    f_shutdown(s);
    t_read(c, buf, sizeof(buf));
    t_write(c, buf, 10);
}

/* ------------------------------------------------------------------------------------ */
/* Certificate callbacks that are not ready at first (SSL_ERROR_WANT_X509_LOOKUP)        */
/* ------------------------------------------------------------------------------------ */

static int cb_calls;
static int cb_not_ready; /* how many first calls answer "not ready" (-1) */

/* SSL_set_cert_cb: -1 for the first cb_not_ready calls, then 1. */
static int cert_cb(SSL *ssl, void *arg)
{
    const Peer *p = arg;

    (void)ssl;
    cb_calls++;
    printf("%s cert_cb %d\n", p->name, cb_calls);
    return cb_calls <= cb_not_ready ? -1 : 1;
}

/* SSL_CTX_set_client_cert_cb: -1 for the first cb_not_ready calls, then the server's own
 * certificate and key (any certificate does: the server's verify callback accepts all) or,
 * with cb_none, no certificate (0). */
static int cb_none;

static int client_cert_cb(SSL *ssl, X509 **x509, EVP_PKEY **pkey)
{
    BIO *in;

    (void)ssl;
    cb_calls++;
    printf("client client_cert_cb %d\n", cb_calls);
    if (cb_calls <= cb_not_ready)
        return -1;
    if (cb_none)
        return 0;
    in = BIO_new_file(cert_file, "r");
    *x509 = in != NULL ? PEM_read_bio_X509(in, NULL, NULL, NULL) : NULL;
    BIO_free(in);
    in = BIO_new_file(key_file, "r");
    *pkey = in != NULL ? PEM_read_bio_PrivateKey(in, NULL, NULL, NULL) : NULL;
    BIO_free(in);
    if (*x509 == NULL || *pkey == NULL)
        die("cannot read the client credentials");
    return 1;
}

static int accept_any(int ok, X509_STORE_CTX *ctx)
{
    (void)ok;
    (void)ctx;
    return 1;
}

/* Traced SSL_do_handshake calls, alternating, with SSL_want after each. */
static void traced_handshake(Peer *c, Peer *s)
{
    int cdone = 0, sdone = 0, cret = 0, sret = 0;

    for (int round = 0; round < 10 && !(cdone && sdone); round++) {
        if (!cdone) {
            cret = t_handshake(c, "SSL_do_handshake");
            cdone = cret == 1 || (cret <= 0 && SSL_get_error(c->ssl, cret) == SSL_ERROR_SSL);
            f_want(c);
            transfer(c, s, 0);
        }
        if (!sdone) {
            sret = t_handshake(s, "SSL_do_handshake");
            sdone = sret == 1 || (sret <= 0 && SSL_get_error(s->ssl, sret) == SSL_ERROR_SSL);
            f_want(s);
            transfer(s, c, 0);
        }
    }
}

/* The server's cert callback is not ready twice: its handshake returns WANT_X509_LOOKUP. */
static void sc_cert_cb_retry(void)
{
    Peer *c = new_peer(0, NULL, NULL), *s = new_peer(1, NULL, NULL);

    cb_calls = 0;
    cb_not_ready = 2;
    SSL_set_cert_cb(s->ssl, cert_cb, s);
    traced_handshake(c, s);
}

/* The server requires a client certificate; the client's callback is not ready once. */
static void client_cert(int none)
{
    Peer *c = new_peer(0, NULL, NULL), *s = new_peer(1, NULL, NULL);

    cb_calls = 0;
    cb_not_ready = 1;
    cb_none = none;
    SSL_CTX_set_client_cert_cb(SSL_get_SSL_CTX(c->ssl), client_cert_cb);
    SSL_set_verify(s->ssl, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, accept_any);
    traced_handshake(c, s);
}

static void sc_client_cert_cb_retry(void) { client_cert(0); }

static void sc_client_cert_cb_none(void) { client_cert(1); }

/* ------------------------------------------------------------------------------------ */

/*
 * Session tickets on, as OpenSSL runs by default (every other scenario turns them off): a
 * context pair that keeps its settings, so that the server can resume its own sessions.
 */
static SSL_CTX *tickets_ctx(int server)
{
    SSL_CTX *ctx = new_ctx(server);

    SSL_CTX_clear_options(ctx, SSL_OP_NO_TICKET);
    if (server && !SSL_CTX_set_num_tickets(ctx, 2))
        die("cannot set the number of tickets");
    return ctx;
}

/* As new_peer, with memory BIOs, over the context `ctx` (which the caller keeps). */
static Peer *tickets_peer(int server, SSL_CTX *ctx)
{
    Peer *p = calloc(1, sizeof(*p));

    if (p == NULL)
        die("out of memory");
    p->name = server ? "server" : "client";
    p->ssl = SSL_new(ctx);
    p->in = BIO_new(BIO_s_mem());
    p->out = BIO_new(BIO_s_mem());
    if (p->ssl == NULL || p->in == NULL || p->out == NULL)
        die("cannot create the SSL or its BIOs");
    SSL_set_bio(p->ssl, p->in, p->out);
    SSL_set_msg_callback(p->ssl, msg_callback);
    SSL_set_msg_callback_arg(p->ssl, p);
    if (server) {
        SSL_set_accept_state(p->ssl);
    } else {
        SSL_set_connect_state(p->ssl);
        if (!SSL_set_tlsext_host_name(p->ssl, "localhost") || !SSL_set1_host(p->ssl, "localhost"))
            die("cannot set the host name");
    }
    return p;
}

/*
 * A full handshake, then one resuming its session. TLS 1.3: the server's two NewSessionTickets
 * wait in the client's rbio after the handshake; SSL_read processes them and, nothing else
 * having arrived, returns -1 SSL_ERROR_WANT_READ (no data, nothing pending). After the
 * resumption the one new ticket and then data arrive together: SSL_read returns the data.
 * TLS 1.2: the ticket came within the handshake.
 */
static void sc_session_tickets(void)
{
    SSL_CTX *cctx = tickets_ctx(0), *sctx = tickets_ctx(1);
    Peer *c = tickets_peer(0, cctx), *s = tickets_peer(1, sctx), *c2, *s2;
    SSL_SESSION *sess;
    unsigned char buf[1000];
    unsigned char *data = new_payload(100);

    handshake(c, s);
    f_pending(c);
    t_read(c, buf, sizeof(buf));
    f_want(c);
    f_pending(c);
    sess = SSL_get1_session(c->ssl);
    fact(c, "SSL_SESSION_is_resumable", SSL_SESSION_is_resumable(sess));
    fact(c, "SSL_session_reused", SSL_session_reused(c->ssl));
    t_write(s, data, 100);
    transfer(s, c, 1);
    t_read(c, buf, sizeof(buf));
    printf("client data %s\n", memcmp(buf, data, 100) == 0 ? "intact" : "corrupt");

    printf("# resuming the session\n");
    c2 = tickets_peer(0, cctx);
    s2 = tickets_peer(1, sctx);
    if (!SSL_set_session(c2->ssl, sess))
        die("SSL_set_session failed");
    handshake(c2, s2);
    fact(c2, "SSL_session_reused", SSL_session_reused(c2->ssl));
    fact(s2, "SSL_session_reused", SSL_session_reused(s2->ssl));
    t_write(s2, data, 100);
    transfer(s2, c2, 1);
    t_read(c2, buf, sizeof(buf));
    printf("client data %s\n", memcmp(buf, data, 100) == 0 ? "intact" : "corrupt");
    t_read(c2, buf, sizeof(buf));
    f_pending(c2);
    SSL_SESSION_free(sess);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

static const Scenario scenarios[] = {
    { "write_retry_longer", sc_write_retry_longer },
    { "write_retry_shorter", sc_write_retry_shorter },
    { "write_retry_moved", sc_write_retry_moved },
    { "write_retry_moved_accept", sc_write_retry_moved_accept },
    { "partial_write", sc_partial_write },
    { "partial_write_pair", sc_partial_write_pair },
    { "read_zero_len", sc_read_zero_len },
    { "ignore_eof", sc_ignore_eof },
    { "eof", sc_eof },
    { "fatal_alert_after_handshake", sc_fatal_alert_after_handshake },
    { "shutdown_then_fatal_alert", sc_shutdown_then_fatal_alert },
    { "app_data_during_shutdown", sc_app_data_during_shutdown },
    { "app_data_during_shutdown_read", sc_app_data_during_shutdown_read },
    { "bio_error_rdonly_wbio", sc_bio_error_rdonly_wbio },
    { "bio_error_pair_closed", sc_bio_error_pair_closed },
    { "bio_error_pair_shutdown_wr", sc_bio_error_pair_shutdown_wr },
    { "shutdown_flags", sc_shutdown_flags },
    { "quiet_shutdown", sc_quiet_shutdown },
    { "cert_cb_retry", sc_cert_cb_retry },
    { "client_cert_cb_retry", sc_client_cert_cb_retry },
    { "client_cert_cb_none", sc_client_cert_cb_none },
    { "session_tickets", sc_session_tickets },
};

int main(int argc, char **argv)
{
    return oracle_main(argc, argv, "ssl_oracle", scenarios, sizeof(scenarios) / sizeof(scenarios[0]));
}
