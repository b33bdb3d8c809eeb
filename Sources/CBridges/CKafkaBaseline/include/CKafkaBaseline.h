#ifndef C_KAFKA_BASELINE_H
#define C_KAFKA_BASELINE_H

#include <stddef.h>
#include <stdint.h>

/*
 * A plain C librdkafka producer: the baseline `switchboard-bench kafka` measures Switchboard's
 * producer against. It sends the same records with the same properties into the same cluster,
 * the way a C program would: rd_kafka_producev with a header list, polling in its own loop,
 * waiting with rd_kafka_poll on QUEUE_FULL, rd_kafka_flush at the end.
 */

/// One prepared record. Header i is names[i] with values[i] of sizes[i] bytes.
typedef struct {
    const void *key;
    size_t key_len;
    const void *value;
    size_t value_len;
    size_t header_count;
    const char *const *header_names;
    const void *const *header_values;
    const size_t *header_sizes;
} csb_kafka_baseline_record;

/// Properties as parallel arrays of names and values.
typedef struct {
    const char *const *names;
    const char *const *values;
    size_t count;
} csb_kafka_baseline_properties;

/// Sends `warmup` records and flushes (untimed), then sends `total` records (cycling through
/// `records`) to `topic` as fast as possible and waits for every delivery report. Returns 0 and
/// fills `seconds` and `delivered`, or -1 with `errstr`.
int csb_kafka_baseline_throughput(const csb_kafka_baseline_properties *properties, const char *topic,
                                  const csb_kafka_baseline_record *records, size_t record_count, size_t warmup,
                                  size_t total, double *seconds, size_t *delivered, char *errstr, size_t errstr_size);

/// Sends `warmup` records and flushes (untimed), then `total` records at `rate` messages per
/// second, and writes each one's send→delivery-report latency in microseconds to
/// `latencies_us[i]` (-1 when not delivered). Returns 0 or -1 with `errstr`.
int csb_kafka_baseline_latency(const csb_kafka_baseline_properties *properties, const char *topic,
                               const csb_kafka_baseline_record *records, size_t record_count, size_t warmup,
                               size_t total, double rate, double *latencies_us, char *errstr, size_t errstr_size);

/// CLOCK_MONOTONIC in nanoseconds, so Swift's pacing and latency use the same clock as C's.
uint64_t csb_kafka_baseline_now_ns(void);

/// Sleeps for `nanoseconds`.
void csb_kafka_baseline_sleep_ns(uint64_t nanoseconds);

#endif
