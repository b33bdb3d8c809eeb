#include "CSwitchboardShim.h"

#include <librdkafka/rdkafka.h>
#include <libwebsockets.h>

size_t csb_lws_pre(void) { return LWS_PRE; }

const char *csb_lws_version(void) { return lws_get_library_version(); }

const char *csb_rdkafka_version(void) { return rd_kafka_version_str(); }

void csb_lws_set_log(int levels, csb_lws_log_emit_t emit) {
    lws_set_log_level(levels, (void (*)(int, const char *))emit);
}

int csb_lws_log_level_err(void) { return LLL_ERR; }
int csb_lws_log_level_warn(void) { return LLL_WARN; }
int csb_lws_log_level_notice(void) { return LLL_NOTICE; }
int csb_lws_log_level_info(void) { return LLL_INFO; }
int csb_lws_log_level_debug(void) { return LLL_DEBUG; }
