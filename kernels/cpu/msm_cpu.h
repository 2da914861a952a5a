/* msm_cpu.h — internal: the CPU backend's multi-scalar multiplication (kernels/cpu/msm_cpu.c).
 *
 * Semantics of a job: host/backend.h (zka_msm_job) and include/zkaccel/msm.h.  The result
 * is the exact point (any Jacobian representation of it).  Uses exec's worker pool; exec
 * may be NULL (one thread). */
#ifndef ZKA_KERNELS_CPU_MSM_CPU_H
#define ZKA_KERNELS_CPU_MSM_CPU_H
#include <stddef.h>
#include <stdint.h>

#include "host/backend.h"
#include "kernels/cpu/ntt_cpu.h" /* zka_cpu_exec */

#ifdef __cplusplus
extern "C" {
#endif

/** result = sum scalars[i] * points[i] (job->n terms).  ZKA_ERR_OUT_OF_MEMORY (scratch) or
 *  ZKA_ERR_INVALID_ARGUMENT with a message in err. */
zka_status zka_cpu_msm(void *result, const void *points, const uint8_t *scalars,
                       const zka_msm_job *job, const zka_cpu_exec *exec, char *err,
                       size_t err_len);

#ifdef __cplusplus
}
#endif
#endif
