/* threadpool.c — a fixed pool of pinned workers running one parallel_for at a time.
 *
 * The caller of parallel_for works too; tasks are claimed with an atomic counter, so
 * uneven tasks balance themselves.  Workers sleep on a condition variable between jobs. */
#include "host/threadpool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "host/topology.h"

struct zka_threadpool {
  unsigned threads; /* including the caller */
  int pin;
  pthread_t *workers;
  pthread_mutex_t mu;
  pthread_cond_t start, done;
  unsigned long generation; /* bumped per job */
  int stop;
  /* the current job */
  size_t ntasks;
  void (*body)(void *, size_t);
  void *arg;
  atomic_size_t next;
  unsigned busy; /* workers still inside the current job */
};

typedef struct {
  zka_threadpool *pool;
  unsigned index;
} zka_worker_arg;

static void zka_pool_drain(zka_threadpool *p) {
  for (;;) {
    size_t t = atomic_fetch_add(&p->next, 1);
    if (t >= p->ntasks) return;
    p->body(p->arg, t);
  }
}

static void *zka_pool_worker(void *raw) {
  zka_worker_arg a = *(zka_worker_arg *)raw;
  free(raw);
  zka_threadpool *p = a.pool;
  if (p->pin) (void)zka_topology_bind_thread(a.index);
  unsigned long seen = 0;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (!p->stop && p->generation == seen) pthread_cond_wait(&p->start, &p->mu);
    if (p->stop) break;
    seen = p->generation;
    pthread_mutex_unlock(&p->mu);
    zka_pool_drain(p);
    pthread_mutex_lock(&p->mu);
    if (--p->busy == 0) pthread_cond_signal(&p->done);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

zka_status zka_threadpool_create(zka_threadpool **out, unsigned threads, int pin) {
  if (!out) return ZKA_ERR_INVALID_ARGUMENT;
  *out = NULL;
  if (threads == 0) threads = 1;
  zka_threadpool *p = calloc(1, sizeof *p);
  if (!p) return ZKA_ERR_OUT_OF_MEMORY;
  p->threads = threads;
  p->pin = pin;
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->start, NULL);
  pthread_cond_init(&p->done, NULL);
  atomic_init(&p->next, 0);
  if (threads > 1) {
    p->workers = calloc(threads - 1, sizeof *p->workers);
    if (!p->workers) {
      zka_threadpool_destroy(p);
      return ZKA_ERR_OUT_OF_MEMORY;
    }
  }
  p->threads = 1; /* grows as workers start */
  for (unsigned i = 1; i < threads; i++) {
    zka_worker_arg *a = malloc(sizeof *a);
    if (!a) break;
    a->pool = p;
    a->index = i;
    if (pthread_create(&p->workers[i - 1], NULL, zka_pool_worker, a) != 0) {
      free(a);
      break;
    }
    p->threads = i + 1; /* workers actually started, plus the caller */
  }
  *out = p;
  return ZKA_OK;
}

void zka_threadpool_destroy(zka_threadpool *p) {
  if (!p) return;
  pthread_mutex_lock(&p->mu);
  p->stop = 1;
  pthread_cond_broadcast(&p->start);
  pthread_mutex_unlock(&p->mu);
  for (unsigned i = 1; i < p->threads; i++) pthread_join(p->workers[i - 1], NULL);
  free(p->workers);
  pthread_cond_destroy(&p->start);
  pthread_cond_destroy(&p->done);
  pthread_mutex_destroy(&p->mu);
  free(p);
}

unsigned zka_threadpool_size(const zka_threadpool *p) { return p ? p->threads : 1; }

void zka_threadpool_parallel_for(void *pool, size_t ntasks, void (*body)(void *, size_t),
                                 void *arg) {
  zka_threadpool *p = pool;
  if (!p || p->threads == 1 || ntasks <= 1) {
    for (size_t t = 0; t < ntasks; t++) body(arg, t);
    return;
  }
  pthread_mutex_lock(&p->mu);
  p->ntasks = ntasks;
  p->body = body;
  p->arg = arg;
  atomic_store(&p->next, 0);
  p->busy = p->threads - 1;
  p->generation++;
  pthread_cond_broadcast(&p->start);
  pthread_mutex_unlock(&p->mu);
  zka_pool_drain(p);
  pthread_mutex_lock(&p->mu);
  while (p->busy) pthread_cond_wait(&p->done, &p->mu);
  pthread_mutex_unlock(&p->mu);
}
