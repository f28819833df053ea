/*
 * A libstrophe client for the third-party suite.
 *
 * Usage: strophe_client HOST PORT DOMAIN USER PASSWORD CA_FILE ECHO_JID MODE
 * MODE is starttls or direct-tls. As slixmpp_client.py: log in with the
 * certificate checked against CA_FILE, send $CANTO_BODY to ECHO_JID, wait
 * for the echo, ping the server, read its disco#info; print OK.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strophe.h>

static const char *body, *want, *echo_jid, *domain;
static int result = 1;
static char failure[512] = "timed out";

static void fail(xmpp_conn_t *conn, const char *why)
{
    snprintf(failure, sizeof failure, "%s", why);
    xmpp_disconnect(conn);
}

static int on_info(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ctx)
{
    (void)ctx;
    if (strcmp(xmpp_stanza_get_type(st), "result") != 0) {
        fail(conn, "disco#info failed");
        return 0;
    }
    xmpp_stanza_t *query = xmpp_stanza_get_child_by_name(st, "query");
    for (xmpp_stanza_t *c = query ? xmpp_stanza_get_children(query) : NULL; c; c = xmpp_stanza_get_next(c)) {
        const char *var = xmpp_stanza_get_attribute(c, "var");
        if (var && strcmp(var, "urn:xmpp:ping") == 0) {
            result = 0;
            xmpp_disconnect(conn);
            return 0;
        }
    }
    fail(conn, "server disco#info lacks ping");
    return 0;
}

static int on_pong(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ctx)
{
    (void)ctx;
    if (strcmp(xmpp_stanza_get_type(st), "result") != 0) {
        fail(conn, "ping failed");
        return 0;
    }
    xmpp_ctx_t *x = xmpp_conn_get_context(conn);
    xmpp_stanza_t *iq = xmpp_iq_new(x, "get", "info1");
    xmpp_stanza_set_to(iq, domain);
    xmpp_stanza_t *q = xmpp_stanza_new(x);
    xmpp_stanza_set_name(q, "query");
    xmpp_stanza_set_ns(q, "http://jabber.org/protocol/disco#info");
    xmpp_stanza_add_child(iq, q);
    xmpp_stanza_release(q);
    xmpp_id_handler_add(conn, on_info, "info1", NULL);
    xmpp_send(conn, iq);
    xmpp_stanza_release(iq);
    return 0;
}

static int on_message(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ctx)
{
    (void)ctx;
    const char *type = xmpp_stanza_get_type(st);
    if (type && strcmp(type, "error") == 0) {
        fail(conn, "message bounced");
        return 0;
    }
    xmpp_stanza_t *b = xmpp_stanza_get_child_by_name(st, "body");
    if (!b)
        return 1;
    char *text = xmpp_stanza_get_text(b);
    const char *from = xmpp_stanza_get_from(st);
    xmpp_ctx_t *x = xmpp_conn_get_context(conn);
    char *bare = from ? xmpp_jid_bare(x, from) : NULL;
    int ok = text && strcmp(text, want) == 0 && bare && strcmp(bare, echo_jid) == 0;
    if (!ok) {
        char why[400];
        snprintf(why, sizeof why, "got \"%s\" from %s", text ? text : "", from ? from : "?");
        fail(conn, why);
    } else {
        xmpp_stanza_t *iq = xmpp_iq_new(x, "get", "ping1");
        xmpp_stanza_set_to(iq, domain);
        xmpp_stanza_t *p = xmpp_stanza_new(x);
        xmpp_stanza_set_name(p, "ping");
        xmpp_stanza_set_ns(p, "urn:xmpp:ping");
        xmpp_stanza_add_child(iq, p);
        xmpp_stanza_release(p);
        xmpp_id_handler_add(conn, on_pong, "ping1", NULL);
        xmpp_send(conn, iq);
        xmpp_stanza_release(iq);
    }
    if (text)
        xmpp_free(x, text);
    if (bare)
        xmpp_free(x, bare);
    return 0;
}

static void on_conn(xmpp_conn_t *conn, xmpp_conn_event_t status, int error, xmpp_stream_error_t *se, void *ctx)
{
    (void)se;
    xmpp_ctx_t *x = ctx;
    if (status != XMPP_CONN_CONNECT) {
        if (result != 0 && strcmp(failure, "timed out") == 0)
            snprintf(failure, sizeof failure, "disconnected (error %d)", error);
        xmpp_stop(x);
        return;
    }
    xmpp_handler_add(conn, on_message, NULL, "message", NULL, NULL);
    xmpp_stanza_t *pres = xmpp_presence_new(x);
    xmpp_send(conn, pres);
    xmpp_stanza_release(pres);
    xmpp_stanza_t *msg = xmpp_message_new(x, "chat", echo_jid, "m1");
    xmpp_message_set_body(msg, body);
    xmpp_send(conn, msg);
    xmpp_stanza_release(msg);
}

static int on_timeout(xmpp_conn_t *conn, void *ctx)
{
    (void)ctx;
    fail(conn, "timed out");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 9) {
        fprintf(stderr, "usage: %s HOST PORT DOMAIN USER PASSWORD CA_FILE ECHO_JID MODE\n", argv[0]);
        return 2;
    }
    const char *host = argv[1], *user = argv[4], *password = argv[5], *ca = argv[6], *mode = argv[8];
    unsigned short port = (unsigned short)atoi(argv[2]);
    domain = argv[3];
    echo_jid = argv[7];
    body = getenv("CANTO_BODY");
    const char *prefix = getenv("CANTO_ECHO_PREFIX");
    if (!body || !prefix)
        return 2;
    char *w = malloc(strlen(prefix) + strlen(body) + 1);
    strcpy(w, prefix);
    strcat(w, body);
    want = w;

    xmpp_initialize();
    xmpp_ctx_t *x = xmpp_ctx_new(NULL, NULL);
    xmpp_conn_t *conn = xmpp_conn_new(x);
    char jid[256];
    snprintf(jid, sizeof jid, "%s@%s/strophe", user, domain);
    xmpp_conn_set_jid(conn, jid);
    xmpp_conn_set_pass(conn, password);
    xmpp_conn_set_cafile(conn, ca);
    long flags = XMPP_CONN_FLAG_MANDATORY_TLS;
    if (strcmp(mode, "direct-tls") == 0)
        flags = XMPP_CONN_FLAG_LEGACY_SSL;
    xmpp_conn_set_flags(conn, flags);
    xmpp_timed_handler_add(conn, on_timeout, 30000, NULL);
    if (xmpp_connect_client(conn, host, port, on_conn, x) != XMPP_EOK) {
        printf("FAIL: connect\n");
        return 1;
    }
    xmpp_run(x);
    xmpp_conn_release(conn);
    xmpp_ctx_free(x);
    xmpp_shutdown();
    free(w);
    if (result == 0)
        printf("OK\n");
    else
        printf("FAIL: %s\n", failure);
    return result;
}
