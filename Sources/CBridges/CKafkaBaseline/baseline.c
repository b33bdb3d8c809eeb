#include "CKafkaBaseline.h"

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

uint64_t csb_kafka_baseline_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void csb_kafka_baseline_sleep_ns(uint64_t nanoseconds) {
    struct timespec ts = {(time_t)(nanoseconds / 1000000000ull), (long)(nanoseconds % 1000000000ull)};
    nanosleep(&ts, NULL);
}

typedef struct {
    size_t delivered;
    size_t failed;
    uint64_t *sent_at;     /* latency mode only */
    double *latencies_us;  /* latency mode only */
} baseline_state;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque) {
    (void)rk;
    baseline_state *state = opaque;
    if (message->err) {
        state->failed++;
        return;
    }
    state->delivered++;
    size_t index = (size_t)(uintptr_t)message->_private;
    if (state->latencies_us && index != SIZE_MAX) {
        state->latencies_us[index] = (double)(csb_kafka_baseline_now_ns() - state->sent_at[index]) / 1000.0;
    }
}

static rd_kafka_t *make_producer(const csb_kafka_baseline_properties *properties, baseline_state *state,
                                 char *errstr, size_t errstr_size) {
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    for (size_t i = 0; i < properties->count; i++) {
        if (rd_kafka_conf_set(conf, properties->names[i], properties->values[i], errstr, errstr_size) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return NULL;
        }
    }
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_conf_set_opaque(conf, state);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, errstr_size);
    if (!rk) rd_kafka_conf_destroy(conf);
    return rk;
}

/* Produces one record, serving delivery reports while the queue is full. */
static int produce_one(rd_kafka_t *rk, const char *topic, const csb_kafka_baseline_record *record, void *opaque,
                       char *errstr, size_t errstr_size) {
    for (;;) {
        rd_kafka_headers_t *headers = rd_kafka_headers_new(record->header_count);
        for (size_t h = 0; h < record->header_count; h++) {
            rd_kafka_header_add(headers, record->header_names[h], -1, record->header_values[h], (ssize_t)record->header_sizes[h]);
        }
        rd_kafka_resp_err_t err = rd_kafka_producev(
            rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_KEY(record->key, record->key_len),
            RD_KAFKA_V_VALUE((void *)record->value, record->value_len), RD_KAFKA_V_HEADERS(headers),
            RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return 0;
        rd_kafka_headers_destroy(headers);
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            snprintf(errstr, errstr_size, "produce failed: %s", rd_kafka_err2str(err));
            return -1;
        }
        rd_kafka_poll(rk, 1);
    }
}

static int finish(rd_kafka_t *rk, char *errstr, size_t errstr_size) {
    rd_kafka_resp_err_t err = rd_kafka_flush(rk, 60000);
    rd_kafka_destroy(rk);
    if (err) {
        snprintf(errstr, errstr_size, "flush failed: %s", rd_kafka_err2str(err));
        return -1;
    }
    return 0;
}

int csb_kafka_baseline_throughput(const csb_kafka_baseline_properties *properties, const char *topic,
                                  const csb_kafka_baseline_record *records, size_t record_count, size_t warmup,
                                  size_t total, double *seconds, size_t *delivered, char *errstr, size_t errstr_size) {
    baseline_state state = {0};
    rd_kafka_t *rk = make_producer(properties, &state, errstr, errstr_size);
    if (!rk) return -1;
    /* Warm-up, as Switchboard's run gets: producer id, metadata and connections are in place. */
    for (size_t i = 0; i < warmup; i++) {
        if (produce_one(rk, topic, &records[i % record_count], NULL, errstr, errstr_size) != 0) {
            rd_kafka_destroy(rk);
            return -1;
        }
    }
    rd_kafka_flush(rk, 60000);
    state.delivered = 0;
    uint64_t start = csb_kafka_baseline_now_ns();
    for (size_t i = 0; i < total; i++) {
        if (produce_one(rk, topic, &records[i % record_count], NULL, errstr, errstr_size) != 0) {
            rd_kafka_destroy(rk);
            return -1;
        }
        rd_kafka_poll(rk, 0);
    }
    int rc = finish(rk, errstr, errstr_size);
    *seconds = (double)(csb_kafka_baseline_now_ns() - start) / 1e9;
    *delivered = state.delivered;
    return rc;
}

int csb_kafka_baseline_latency(const csb_kafka_baseline_properties *properties, const char *topic,
                               const csb_kafka_baseline_record *records, size_t record_count, size_t warmup,
                               size_t total, double rate, double *latencies_us, char *errstr, size_t errstr_size) {
    baseline_state state = {0};
    state.sent_at = calloc(total, sizeof(uint64_t));
    state.latencies_us = latencies_us;
    for (size_t i = 0; i < total; i++) latencies_us[i] = -1;
    rd_kafka_t *rk = make_producer(properties, &state, errstr, errstr_size);
    if (!rk) {
        free(state.sent_at);
        return -1;
    }
    for (size_t i = 0; i < warmup; i++) {
        if (produce_one(rk, topic, &records[i % record_count], (void *)(uintptr_t)SIZE_MAX, errstr, errstr_size) != 0) {
            rd_kafka_destroy(rk);
            free(state.sent_at);
            return -1;
        }
    }
    rd_kafka_flush(rk, 60000);
    double interval_ns = 1e9 / rate;
    uint64_t start = csb_kafka_baseline_now_ns();
    size_t next = 0;
    while (next < total) {
        uint64_t now = csb_kafka_baseline_now_ns();
        size_t due = (size_t)((double)(now - start) / interval_ns) + 1;
        if (due > total) due = total;
        for (; next < due; next++) {
            state.sent_at[next] = csb_kafka_baseline_now_ns();
            if (produce_one(rk, topic, &records[next % record_count], (void *)(uintptr_t)next, errstr, errstr_size) != 0) {
                rd_kafka_destroy(rk);
                free(state.sent_at);
                return -1;
            }
        }
        rd_kafka_poll(rk, 0);
        csb_kafka_baseline_sleep_ns(100000);
    }
    int rc = finish(rk, errstr, errstr_size);
    free(state.sent_at);
    return rc;
}
