#ifndef SWITCHBOARD_CJEMALLOC_H
#define SWITCHBOARD_CJEMALLOC_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

// Only jemalloc's control interface, declared here rather than through <jemalloc/jemalloc.h>:
// that header re-declares malloc and free, which would make every use of them in a Swift file
// that also imports Glibc ambiguous. Debian builds jemalloc without a symbol prefix, so
// linking it replaces malloc and free for the whole process.
int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);

/// jemalloc's version string, or NULL if it cannot be read.
static inline const char *csb_jemalloc_version(void) {
    const char *version = NULL;
    size_t length = sizeof(version);
    if (mallctl("version", &version, &length, NULL, 0) != 0) return NULL;
    return version;
}

/// Reads the size_t statistic `name` (e.g. "stats.allocated") into `value`; returns 0 on success.
/// `refresh` first advances jemalloc's statistics epoch, so the value is current.
static inline int csb_jemalloc_statistic(const char *name, int refresh, size_t *value) {
    if (refresh) {
        uint64_t epoch = 1;
        size_t epoch_length = sizeof(epoch);
        if (mallctl("epoch", &epoch, &epoch_length, &epoch, epoch_length) != 0) return -1;
    }
    size_t length = sizeof(*value);
    return mallctl(name, value, &length, NULL, 0);
}

/// Bytes this thread has allocated through jemalloc so far ("thread.allocated"), or 0.
static inline uint64_t csb_jemalloc_thread_allocated(void) {
    uint64_t allocated = 0;
    size_t length = sizeof(allocated);
    if (mallctl("thread.allocated", &allocated, &length, NULL, 0) != 0) return 0;
    return allocated;
}

/// Whether malloc is jemalloc's: a block taken with malloc shows in jemalloc's count of this
/// thread's allocations. In C with a volatile pointer, so the compiler cannot drop the malloc
/// and free pair (Swift's optimizer does).
static inline int csb_jemalloc_serves_malloc(void) {
    uint64_t before = csb_jemalloc_thread_allocated();
    void *volatile block = malloc(65536);
    uint64_t after = csb_jemalloc_thread_allocated();
    free(block);
    return block != NULL && after >= before + 65536;
}

#endif
