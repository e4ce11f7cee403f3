/*
 * oracle.h - what ssl_oracle.c and bio_ssl_oracle.c share: the command line
 * (SCENARIO[:1.2|:1.3] CERT_PEM KEY_PEM CA_PEM), die(), the SSL_CTX both peers start from, and
 * main's dispatch to a scenario. Static functions in a header, so that each oracle is still one
 * gcc call on one .c file (gcc finds this header beside it).
 */
#ifndef TLSBIO_ORACLE_H
#define TLSBIO_ORACLE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

static const char *cert_file, *key_file, *ca_file;
static int tls_version = TLS1_3_VERSION;

/* One scenario: its name on the command line and the function that plays it. */
typedef struct {
    const char *name;
    void (*run)(void);
} Scenario;

/* A setup failure: the message and OpenSSL's error queue on stderr, exit status 2. */
static void die(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    ERR_print_errors_fp(stderr);
    exit(2);
}

/*
 * A context for one version (tls_version), without tickets: a server with CERT_PEM/KEY_PEM, a
 * client that verifies the server against CA_PEM.
 */
static SSL_CTX *new_ctx(int server)
{
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());

    if (ctx == NULL
            || !SSL_CTX_set_min_proto_version(ctx, tls_version)
            || !SSL_CTX_set_max_proto_version(ctx, tls_version))
        die("cannot create the %s context", server ? "server" : "client");
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    if (server) {
        if (!SSL_CTX_set_num_tickets(ctx, 0)
                || SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1
                || SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1
                || SSL_CTX_check_private_key(ctx) != 1)
            die("cannot load the server credentials %s, %s", cert_file, key_file);
    } else {
        if (SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1)
            die("cannot load the CA %s", ca_file);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    }
    return ctx;
}

static void usage(const char *prog, const Scenario *scenarios, size_t n)
{
    fprintf(stderr, "usage: %s SCENARIO[:1.2|:1.3] CERT_PEM KEY_PEM CA_PEM\nscenarios:", prog);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, " %s", scenarios[i].name);
    fputc('\n', stderr);
    exit(2);
}

/* main of an oracle: reads the command line, prints the "# scenario" line, plays the scenario. */
static int oracle_main(int argc, char **argv, const char *prog, const Scenario *scenarios, size_t n)
{
    char name[128];
    char *colon;

    if (argc != 5 || strlen(argv[1]) >= sizeof(name))
        usage(prog, scenarios, n);
    strcpy(name, argv[1]);
    cert_file = argv[2];
    key_file = argv[3];
    ca_file = argv[4];
    if ((colon = strchr(name, ':')) != NULL) {
        *colon = '\0';
        if (strcmp(colon + 1, "1.2") == 0)
            tls_version = TLS1_2_VERSION;
        else if (strcmp(colon + 1, "1.3") != 0)
            usage(prog, scenarios, n);
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(name, scenarios[i].name) == 0) {
            printf("# scenario %s, %s, %s\n", name,
                   tls_version == TLS1_2_VERSION ? "TLS 1.2" : "TLS 1.3", OpenSSL_version(OPENSSL_VERSION));
            scenarios[i].run();
            return 0;
        }
    }
    usage(prog, scenarios, n);
    return 2;
}

#endif
