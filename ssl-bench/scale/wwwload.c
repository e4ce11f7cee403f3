/*
 * wwwload: an OpenSSL (libssl) load for `s_server -www`, tlsbio's or OpenSSL's. It keeps
 * CONCURRENCY connections open at once from one thread (epoll, non-blocking sockets); each one
 * connects, handshakes, sends "GET / HTTP/1.0", reads the page up to the server's close_notify,
 * answers it and closes; a finished connection is replaced by a new one until TOTAL have been
 * started or SECONDS have passed. Prints one line of results.
 *
 *   cc -O2 -o wwwload wwwload.c -lssl -lcrypto
 *   ./wwwload 127.0.0.1 4433 CONCURRENCY TOTAL SECONDS
 *
 * Only loopback addresses are accepted: this is a local benchmark.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum phase { HANDSHAKE, REQUEST, RESPONSE, CLOSING };

struct conn {
    int fd;
    SSL *ssl;
    enum phase phase;
    double started;
};

static const char REQUEST_LINE[] = "GET / HTTP/1.0\r\n\r\n";
static double *latencies;
static long nlat, done, failed, started_total;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static int start(struct conn *c, SSL_CTX *ctx, struct sockaddr_in *addr, int ep) {
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (c->fd < 0) {
        perror("socket");
        return -1;
    }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->started = now();
    if (connect(c->fd, (struct sockaddr *) addr, sizeof *addr) < 0 && errno != EINPROGRESS) {
        perror("connect");
        close(c->fd);
        return -1;
    }
    c->ssl = SSL_new(ctx);
    SSL_set_fd(c->ssl, c->fd);
    SSL_set_connect_state(c->ssl);
    c->phase = HANDSHAKE;
    struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
    started_total++;
    return 0;
}

static void finish(struct conn *c, int ok) {
    if (ok) {
        done++;
    } else {
        failed++;
    }
    SSL_free(c->ssl);
    close(c->fd); /* also removes it from the epoll set */
    c->ssl = NULL;
    c->fd = -1;
}

/* Advances c; returns 1 while it goes on, 0 once it is finished. */
static int step(struct conn *c, int ep) {
    char buf[16384];
    for (;;) {
        int r = -1, want;
        switch (c->phase) {
        case HANDSHAKE:
            r = SSL_do_handshake(c->ssl);
            if (r == 1) {
                latencies[nlat++] = now() - c->started;
                c->phase = REQUEST;
                continue;
            }
            break;
        case REQUEST:
            r = SSL_write(c->ssl, REQUEST_LINE, sizeof REQUEST_LINE - 1);
            if (r > 0) {
                c->phase = RESPONSE;
                continue;
            }
            break;
        case RESPONSE:
            r = SSL_read(c->ssl, buf, sizeof buf);
            if (r > 0) {
                continue;
            }
            if (SSL_get_error(c->ssl, r) == SSL_ERROR_ZERO_RETURN) {
                c->phase = CLOSING;
                continue;
            }
            break;
        case CLOSING:
            r = SSL_shutdown(c->ssl);
            if (r >= 0) {
                finish(c, 1);
                return 0;
            }
            break;
        }
        want = SSL_get_error(c->ssl, r);
        if (want == SSL_ERROR_WANT_READ || want == SSL_ERROR_WANT_WRITE) {
            struct epoll_event ev = {.events = want == SSL_ERROR_WANT_READ ? EPOLLIN : EPOLLOUT, .data.ptr = c};
            epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
            return 1;
        }
        if (c->phase == CLOSING) { /* the server hung up after its close_notify: the page is in */
            finish(c, 1);
            return 0;
        }
        ERR_clear_error();
        finish(c, 0);
        return 0;
    }
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: wwwload HOST PORT CONCURRENCY TOTAL SECONDS\n");
        return 2;
    }
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
    if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1 || (ntohl(addr.sin_addr.s_addr) >> 24) != 127) {
        fprintf(stderr, "wwwload: HOST must be a 127.x.x.x address\n");
        return 2;
    }
    int concurrency = atoi(argv[3]);
    long total = atol(argv[4]);
    double seconds = atof(argv[5]);
    if (concurrency < 1 || total < 1 || seconds <= 0) {
        fprintf(stderr, "wwwload: CONCURRENCY, TOTAL and SECONDS must be positive\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN); /* a server that dropped a connection must not end the load */
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF); /* every handshake a full one */
    latencies = calloc(total, sizeof *latencies);
    struct conn *conns = calloc(concurrency, sizeof *conns);
    int ep = epoll_create1(0);
    double t0 = now(), deadline = t0 + seconds;
    int live = 0;
    for (int i = 0; i < concurrency && started_total < total; i++) {
        if (start(&conns[i], ctx, &addr, ep) == 0) {
            live++;
        } else {
            conns[i].fd = -1;
        }
    }
    struct epoll_event events[256];
    while (live > 0) {
        double left = deadline - now();
        if (left <= 0) {
            break;
        }
        int n = epoll_wait(ep, events, 256, (int) (left * 1000) + 1);
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (c->fd < 0 || step(c, ep)) {
                continue;
            }
            live--;
            if (started_total < total && now() < deadline && start(c, ctx, &addr, ep) == 0) {
                live++;
            }
        }
    }
    double elapsed = now() - t0;
    qsort(latencies, nlat, sizeof *latencies, cmp);
    double p50 = nlat ? latencies[nlat / 2] : 0, p99 = nlat ? latencies[(long) (nlat * 0.99)] : 0;
    printf("concurrency %d: %ld pages in %.2f s = %.1f conn/s, %ld failed, %d unfinished; "
           "handshake p50 %.1f ms p99 %.1f ms\n",
           concurrency, done, elapsed, done / elapsed, failed, live, p50 * 1e3, p99 * 1e3);
    return failed > 0 || live > 0 ? 1 : 0;
}
