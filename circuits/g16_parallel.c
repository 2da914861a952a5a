/* g16_parallel.c — a fork/join helper for the Groth16 host loops (file checks, the A·w and
 * B·w evaluations, pointwise products). */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "circuits/g16_internal.h"

typedef struct {
  void (*body)(void *, unsigned, unsigned);
  void *arg;
  unsigned t, nt;
} zka_g16_task;

static void *zka_g16_task_main(void *p) {
  zka_g16_task *k = p;
  k->body(k->arg, k->t, k->nt);
  return NULL;
}

unsigned zka_g16_threads(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1) n = 1;
  if (n > 64) n = 64;
  return (unsigned)n;
}

void zka_g16_parallel(unsigned nthreads, void (*body)(void *arg, unsigned t, unsigned nt), void *arg) {
  if (nthreads < 1) nthreads = 1;
  if (nthreads > 64) nthreads = 64;
  pthread_t th[64];
  zka_g16_task tasks[64];
  unsigned started = 1;
  for (unsigned t = 1; t < nthreads; t++) {
    tasks[t] = (zka_g16_task){body, arg, t, nthreads};
    if (pthread_create(&th[t], NULL, zka_g16_task_main, &tasks[t]) != 0) break;
    started++;
  }
  /* When a thread could not start, its share runs here: every share runs exactly once. */
  body(arg, 0, nthreads);
  for (unsigned t = started; t < nthreads; t++) body(arg, t, nthreads);
  for (unsigned t = 1; t < started; t++) pthread_join(th[t], NULL);
}
