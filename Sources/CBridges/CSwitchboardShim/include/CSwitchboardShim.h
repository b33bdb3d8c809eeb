#ifndef C_SWITCHBOARD_SHIM_H
#define C_SWITCHBOARD_SHIM_H

#include <stddef.h>

/*
 * What Swift cannot import from librdkafka and libwebsockets: macros with
 * values, variadic logging, and version strings behind macros. Every name is
 * prefixed `csb_` so it never collides with the libraries' own symbols.
 */

/// The number of bytes libwebsockets needs in front of every payload passed to `lws_write`.
size_t csb_lws_pre(void);

/// libwebsockets' library version string (e.g. "4.1.6").
const char *csb_lws_version(void);

/// librdkafka's runtime version string (e.g. "2.0.2").
const char *csb_rdkafka_version(void);

/// The log callback type libwebsockets calls with a level bit and a formatted line.
typedef void (*csb_lws_log_emit_t)(int level, const char *line);

/// Routes libwebsockets' own log lines to `emit` for the levels in `levels` (LLL_* bits).
void csb_lws_set_log(int levels, csb_lws_log_emit_t emit);

/// The LLL_* level bits, which are enum constants in some versions and macros in others.
int csb_lws_log_level_err(void);
int csb_lws_log_level_warn(void);
int csb_lws_log_level_notice(void);
int csb_lws_log_level_info(void);
int csb_lws_log_level_debug(void);

#include <stdint.h>

/*
 * librdkafka macros that do not import into Swift (multi-line or cast expressions).
 */

/// RD_KAFKA_MSG_F_COPY: librdkafka copies key and value, so Swift buffers may go away.
int csb_kafka_msg_f_copy(void);
/// RD_KAFKA_PARTITION_UA: let the partitioner choose (by key).
int32_t csb_kafka_partition_ua(void);
/// RD_KAFKA_PURGE_F_QUEUE / RD_KAFKA_PURGE_F_INFLIGHT flags for rd_kafka_purge.
int csb_kafka_purge_queue(void);
int csb_kafka_purge_inflight(void);
/// RD_KAFKA_OFFSET_BEGINNING / RD_KAFKA_OFFSET_END logical offsets.
int64_t csb_kafka_offset_beginning(void);
int64_t csb_kafka_offset_end(void);

/* MARK: reader-writer lock (rwlock.c) */

/// Opaque reader-writer lock that prefers writers, so a writer waiting behind a steady stream
/// of readers gets in (glibc's default prefers readers and could starve it).
typedef struct csb_rwlock csb_rwlock;

/// Returns NULL when out of memory.
csb_rwlock *csb_rwlock_create(void);
void csb_rwlock_destroy(csb_rwlock *lock);
void csb_rwlock_read_lock(csb_rwlock *lock);
void csb_rwlock_write_lock(csb_rwlock *lock);
void csb_rwlock_unlock(csb_rwlock *lock);

/* MARK: libwebsockets client (lws_client.c) */

struct lws;
struct lws_context;

/// The events the shared client callback forwards to Swift; every other reason is handled in C.
enum {
    CSB_LWS_EV_CONNECTION_ERROR = 1, ///< `in` is the library's reason text (may be NULL)
    CSB_LWS_EV_APPEND_HEADERS = 2,   ///< `in` is `unsigned char **`, `len` the room left
    CSB_LWS_EV_WS_ESTABLISHED = 3,
    CSB_LWS_EV_WS_RECEIVE = 4,       ///< `flags` holds CSB_LWS_RX_* bits
    CSB_LWS_EV_WS_PONG = 5,
    CSB_LWS_EV_WS_WRITEABLE = 6,
    CSB_LWS_EV_WS_PEER_CLOSE = 7,    ///< `in` is the close payload (2-byte code + reason)
    CSB_LWS_EV_WS_CLOSED = 8,
    CSB_LWS_EV_WAKE = 9,             ///< another thread called lws_cancel_service
    CSB_LWS_EV_TIMER = 10,
    CSB_LWS_EV_HTTP_ESTABLISHED = 11, ///< `flags` is the HTTP status
    CSB_LWS_EV_HTTP_WRITEABLE = 12,
    CSB_LWS_EV_HTTP_BODY = 13,
    CSB_LWS_EV_HTTP_COMPLETED = 14,
    CSB_LWS_EV_HTTP_CLOSED = 15,
    CSB_LWS_EV_WSI_DESTROY = 16,
};

enum { CSB_LWS_RX_FIRST = 1, CSB_LWS_RX_FINAL = 2, CSB_LWS_RX_BINARY = 4 };
enum { CSB_LWS_WRITE_TEXT = 0, CSB_LWS_WRITE_BINARY = 1, CSB_LWS_WRITE_PING = 2, CSB_LWS_WRITE_HTTP_FINAL = 3 };

/// Receives every forwarded event; `owner` is the user pointer the context was created with.
typedef int (*csb_lws_client_handler_t)(void *owner, struct lws *wsi, int event, void *in, size_t len, int flags);

/// Installs the process-wide Swift handler (call once, before creating contexts).
void csb_lws_set_client_handler(csb_lws_client_handler_t handler);

/// A client-only context whose user pointer is `owner`; `ca_file` may be NULL for the system store;
/// `use_tls` sets up OpenSSL (only for wss/https: see lws_client.c for why not always).
struct lws_context *csb_lws_client_context_create(void *owner, const char *ca_file, unsigned int timeout_secs,
                                                  int use_tls);

/// Starts a client connection; `method` NULL means a WebSocket upgrade, otherwise a plain HTTP/1.1 request.
struct lws *csb_lws_client_connect(struct lws_context *context, const char *address, int port, int use_tls,
                                   const char *path, const char *host, const char *method, struct lws **pwsi);

/// `lws_write` with the payload preceded by csb_lws_pre() writable bytes; `kind` is CSB_LWS_WRITE_*.
int csb_lws_write(struct lws *wsi, unsigned char *payload, size_t len, int kind);

/// Sets the close code and reason sent when the connection is closed from this side.
void csb_lws_close_reason(struct lws *wsi, int code, const unsigned char *reason, size_t len);

/// Appends one handshake header (`name` ends with ':') during CSB_LWS_EV_APPEND_HEADERS.
int csb_lws_append_header(struct lws *wsi, void *in, unsigned char *end, const char *name, const char *value);

/// The current write position behind the `unsigned char **` of CSB_LWS_EV_APPEND_HEADERS.
unsigned char *csb_lws_header_cursor(void *in);

/// Tells libwebsockets an HTTP request body follows (1) or is done (0).
void csb_lws_http_body_pending(struct lws *wsi, int pending);

/*
 * The C allocator's own count of bytes in use (glibc `mallinfo2().uordblks`): resident memory
 * also moves with free pages the allocator keeps, so leak checks read this instead.
 * Returns 0 where the C library has no such count.
 */
size_t csb_heap_bytes_in_use(void);

#endif
