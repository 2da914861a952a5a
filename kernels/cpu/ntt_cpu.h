/* ntt_cpu.h — internal: the CPU backend's NTT (kernels/cpu/ntt_cpu.c and its SIMD helpers).
 *
 * Semantics of a job: include/zkaccel/ntt.h and host/backend.h (zka_ntt_job).  Inputs must
 * be fully reduced elements in the field's in-memory form; outputs are fully reduced.
 * Precondition: the job was validated by the scheduler (1 <= log_n <= two-adicity,
 * batch >= 1, known field, nonzero coset shift).
 */
#ifndef ZKA_KERNELS_CPU_NTT_CPU_H
#define ZKA_KERNELS_CPU_NTT_CPU_H
#include <stddef.h>

#include "host/backend.h"

/** How the CPU NTT may use threads: the host's worker pool (host/threadpool.h). */
typedef struct {
  /** Run body(arg, task) for every task in [0, ntasks) across the workers and return when
   *  all are done.  NULL: run everything on the calling thread. */
  void (*parallel_for)(void *pool, size_t ntasks, void (*body)(void *arg, size_t task),
                       void *arg);
  void *pool;
  unsigned threads;   /**< workers parallel_for uses (>= 1) */
  size_t l2_bytes;    /**< per-core L2 size for cache blocking (0: assume 512 KiB) */
  size_t l3_bytes;    /**< shared last-level cache (0: assume 8 MiB) */
} zka_cpu_exec;

/** Run job in place on host memory data.  exec may be NULL (one thread).  Returns ZKA_OK,
 *  or ZKA_ERR_OUT_OF_MEMORY (scratch) / ZKA_ERR_INVALID_ARGUMENT with a message in err. */
zka_status zka_cpu_ntt(void *data, const zka_ntt_job *job, const zka_cpu_exec *exec, char *err,
                       size_t err_len);

#endif
