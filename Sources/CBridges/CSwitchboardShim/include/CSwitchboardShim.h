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

#endif
