#include "CSwitchboardShim.h"

#include <libwebsockets.h>
#include <pthread.h>
#include <string.h>

/*
 * One protocol table and one C callback for every client context Switchboard creates. The callback
 * translates libwebsockets' many reasons into the few events the Swift side handles, and does the
 * parts that need LWS_PRE-sized stack buffers (draining an HTTP response) here in C.
 */

static csb_lws_client_handler_t csb_lws_handler = NULL;

static int csb_lws_forward(struct lws *wsi, int event, void *in, size_t len, int flags) {
    struct lws_context *context = lws_get_context(wsi);
    void *owner = context ? lws_context_user(context) : NULL;
    if (!owner || !csb_lws_handler) return 0;
    return csb_lws_handler(owner, wsi, event, in, len, flags);
}

static int csb_lws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len) {
    (void)user;
    switch (reason) {
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
        return csb_lws_forward(wsi, CSB_LWS_EV_CONNECTION_ERROR, in, in ? strlen((const char *)in) : 0, 0);
    case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER:
        return csb_lws_forward(wsi, CSB_LWS_EV_APPEND_HEADERS, in, len, 0);
    case LWS_CALLBACK_CLIENT_ESTABLISHED:
        return csb_lws_forward(wsi, CSB_LWS_EV_WS_ESTABLISHED, NULL, 0, 0);
    case LWS_CALLBACK_CLIENT_RECEIVE: {
        int flags = (lws_is_first_fragment(wsi) ? CSB_LWS_RX_FIRST : 0) |
                    (lws_is_final_fragment(wsi) ? CSB_LWS_RX_FINAL : 0) |
                    (lws_frame_is_binary(wsi) ? CSB_LWS_RX_BINARY : 0);
        return csb_lws_forward(wsi, CSB_LWS_EV_WS_RECEIVE, in, len, flags);
    }
    case LWS_CALLBACK_CLIENT_RECEIVE_PONG:
        return csb_lws_forward(wsi, CSB_LWS_EV_WS_PONG, in, len, 0);
    case LWS_CALLBACK_CLIENT_WRITEABLE:
        return csb_lws_forward(wsi, CSB_LWS_EV_WS_WRITEABLE, NULL, 0, 0);
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
        return csb_lws_forward(wsi, CSB_LWS_EV_WS_PEER_CLOSE, in, len, 0);
    case LWS_CALLBACK_CLIENT_CLOSED:
        return csb_lws_forward(wsi, CSB_LWS_EV_WS_CLOSED, NULL, 0, 0);
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
        return csb_lws_forward(wsi, CSB_LWS_EV_WAKE, NULL, 0, 0);
    case LWS_CALLBACK_TIMER:
        return csb_lws_forward(wsi, CSB_LWS_EV_TIMER, NULL, 0, 0);
    case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP:
        return csb_lws_forward(wsi, CSB_LWS_EV_HTTP_ESTABLISHED, NULL, 0, (int)lws_http_client_http_response(wsi));
    case LWS_CALLBACK_CLIENT_HTTP_WRITEABLE:
        return csb_lws_forward(wsi, CSB_LWS_EV_HTTP_WRITEABLE, NULL, 0, 0);
    case LWS_CALLBACK_RECEIVE_CLIENT_HTTP: {
        char buffer[4096 + LWS_PRE];
        char *px = buffer + LWS_PRE;
        int lenx = (int)sizeof(buffer) - LWS_PRE;
        if (lws_http_client_read(wsi, &px, &lenx) < 0) return -1;
        return 0;
    }
    case LWS_CALLBACK_RECEIVE_CLIENT_HTTP_READ:
        return csb_lws_forward(wsi, CSB_LWS_EV_HTTP_BODY, in, len, 0);
    case LWS_CALLBACK_COMPLETED_CLIENT_HTTP:
        return csb_lws_forward(wsi, CSB_LWS_EV_HTTP_COMPLETED, NULL, 0, 0);
    case LWS_CALLBACK_CLOSED_CLIENT_HTTP:
        return csb_lws_forward(wsi, CSB_LWS_EV_HTTP_CLOSED, NULL, 0, 0);
    case LWS_CALLBACK_WSI_DESTROY:
        return csb_lws_forward(wsi, CSB_LWS_EV_WSI_DESTROY, NULL, 0, 0);
    default:
        return lws_callback_http_dummy(wsi, reason, user, in, len);
    }
}

static const struct lws_protocols csb_lws_protocols[] = {
    { "switchboard-client", csb_lws_callback, 0, 0, 0, NULL, 0 },
    { NULL, NULL, 0, 0, 0, NULL, 0 }
};

void csb_lws_set_client_handler(csb_lws_client_handler_t handler) { csb_lws_handler = handler; }

/*
 * libwebsockets' OpenSSL set-up (LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT) is needed for a context to
 * make TLS client connections, but it also re-allocates, in a library global, the SSL ex-data index
 * that maps an SSL object back to its wsi. Done for a new context while another context is in a TLS
 * handshake, it can make that handshake fail. So only contexts for wss/https connections do it, and
 * context creation is serialised; a shared context per process would remove the last window.
 */
static pthread_mutex_t csb_lws_create_lock = PTHREAD_MUTEX_INITIALIZER;

struct lws_context *csb_lws_client_context_create(void *owner, const char *ca_file, unsigned int timeout_secs,
                                                  int use_tls) {
    struct lws_context_creation_info info;
    memset(&info, 0, sizeof(info));
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = csb_lws_protocols;
    info.gid = -1;
    info.uid = -1;
    info.user = owner;
    info.client_ssl_ca_filepath = ca_file;
    info.timeout_secs = timeout_secs;
    info.connect_timeout_secs = timeout_secs;
    if (use_tls) info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
    pthread_mutex_lock(&csb_lws_create_lock);
    struct lws_context *context = lws_create_context(&info);
    pthread_mutex_unlock(&csb_lws_create_lock);
    return context;
}

struct lws *csb_lws_client_connect(struct lws_context *context, const char *address, int port, int use_tls,
                                   const char *path, const char *host, const char *method, struct lws **pwsi) {
    struct lws_client_connect_info info;
    memset(&info, 0, sizeof(info));
    info.context = context;
    info.address = address;
    info.port = port;
    info.ssl_connection = use_tls ? LCCSCF_USE_SSL : 0;
    info.path = path;
    info.host = host;
    info.origin = host;
    info.ietf_version_or_minus_one = -1;
    info.pwsi = pwsi;
    if (method) {
        /* Plain HTTP requests (negotiate) stay on HTTP/1.1 even where the server offers h2. */
        info.method = method;
        info.alpn = "http/1.1";
        /* For HTTP, `protocol` names the local protocol to bind; unbound wsis have their body swallowed. */
        info.protocol = csb_lws_protocols[0].name;
    }
    return lws_client_connect_via_info(&info);
}

int csb_lws_write(struct lws *wsi, unsigned char *payload, size_t len, int kind) {
    enum lws_write_protocol protocol;
    switch (kind) {
    case CSB_LWS_WRITE_TEXT: protocol = LWS_WRITE_TEXT; break;
    case CSB_LWS_WRITE_BINARY: protocol = LWS_WRITE_BINARY; break;
    case CSB_LWS_WRITE_PING: protocol = LWS_WRITE_PING; break;
    default: protocol = LWS_WRITE_HTTP_FINAL; break;
    }
    return lws_write(wsi, payload, len, protocol);
}

void csb_lws_close_reason(struct lws *wsi, int code, const unsigned char *reason, size_t len) {
    lws_close_reason(wsi, (enum lws_close_status)code, (unsigned char *)reason, len);
}

int csb_lws_append_header(struct lws *wsi, void *in, unsigned char *end, const char *name, const char *value) {
    unsigned char **p = (unsigned char **)in;
    return lws_add_http_header_by_name(wsi, (const unsigned char *)name, (const unsigned char *)value,
                                       (int)strlen(value), p, end);
}

unsigned char *csb_lws_header_cursor(void *in) { return *(unsigned char **)in; }

void csb_lws_http_body_pending(struct lws *wsi, int pending) { lws_client_http_body_pending(wsi, pending); }
