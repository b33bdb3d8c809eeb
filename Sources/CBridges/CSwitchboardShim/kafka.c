#include "CSwitchboardShim.h"

#include <librdkafka/rdkafka.h>

int csb_kafka_msg_f_copy(void) { return RD_KAFKA_MSG_F_COPY; }
int32_t csb_kafka_partition_ua(void) { return RD_KAFKA_PARTITION_UA; }
int csb_kafka_purge_queue(void) { return RD_KAFKA_PURGE_F_QUEUE; }
int csb_kafka_purge_inflight(void) { return RD_KAFKA_PURGE_F_INFLIGHT; }
int64_t csb_kafka_offset_beginning(void) { return RD_KAFKA_OFFSET_BEGINNING; }
int64_t csb_kafka_offset_end(void) { return RD_KAFKA_OFFSET_END; }
