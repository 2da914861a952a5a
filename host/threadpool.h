/* threadpool.h — internal: the CPU backend's worker threads, sized and pinned from the
 * hwloc topology (host/topology.h).  One parallel_for at a time per pool. */
#ifndef ZKA_HOST_THREADPOOL_H
#define ZKA_HOST_THREADPOOL_H
#include <stddef.h>

#include "zkaccel/status.h"

typedef struct zka_threadpool zka_threadpool;

/** Start `threads` workers (the caller counts as one: threads - 1 are created).  pin = 1
 *  binds worker i to core i of the hwloc topology (ignored where hwloc cannot bind). */
zka_status zka_threadpool_create(zka_threadpool **out, unsigned threads, int pin);
void zka_threadpool_destroy(zka_threadpool *pool);
unsigned zka_threadpool_size(const zka_threadpool *pool);

/** Run body(arg, task) for task in [0, ntasks), spread over the workers and the calling
 *  thread; returns when all are done.  pool is a zka_threadpool* (void* so it fits
 *  zka_cpu_exec.parallel_for); NULL runs everything on the caller. */
void zka_threadpool_parallel_for(void *pool, size_t ntasks, void (*body)(void *arg, size_t task),
                                 void *arg);

#endif
