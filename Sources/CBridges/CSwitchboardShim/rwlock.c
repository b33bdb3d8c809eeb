#define _GNU_SOURCE
#include "CSwitchboardShim.h"

#include <pthread.h>
#include <stdlib.h>

struct csb_rwlock {
    pthread_rwlock_t lock;
};

csb_rwlock *csb_rwlock_create(void) {
    csb_rwlock *created = malloc(sizeof(csb_rwlock));
    if (created == NULL) return NULL;
    pthread_rwlockattr_t attributes;
    pthread_rwlockattr_init(&attributes);
#if defined(__GLIBC__)
    pthread_rwlockattr_setkind_np(&attributes, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
#endif
    pthread_rwlock_init(&created->lock, &attributes);
    pthread_rwlockattr_destroy(&attributes);
    return created;
}

void csb_rwlock_destroy(csb_rwlock *lock) {
    if (lock == NULL) return;
    pthread_rwlock_destroy(&lock->lock);
    free(lock);
}

void csb_rwlock_read_lock(csb_rwlock *lock) { pthread_rwlock_rdlock(&lock->lock); }

void csb_rwlock_write_lock(csb_rwlock *lock) { pthread_rwlock_wrlock(&lock->lock); }

void csb_rwlock_unlock(csb_rwlock *lock) { pthread_rwlock_unlock(&lock->lock); }
