/* msm_cpu_internal.h — internal: knobs of the CPU MSM (kernels/cpu/msm_cpu.c) that tests
 * and benchmarks set to compute one MSM two different ways (window size, GLV on/off,
 * batch-affine or XYZZ buckets, chunking).  zka_cpu_msm picks them automatically. */
#ifndef ZKA_KERNELS_CPU_MSM_CPU_INTERNAL_H
#define ZKA_KERNELS_CPU_MSM_CPU_INTERNAL_H
#include "kernels/cpu/msm_cpu.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Forced choices; 0 / -1 fields mean "automatic". */
typedef struct {
  unsigned window;  /**< window size c in bits, 1..15; 0: automatic */
  int glv;          /**< 1: use the GLV split (G1 only), 0: never, -1: automatic */
  int batch_affine; /**< 1: batch-affine buckets, 0: XYZZ buckets, -1: automatic */
  unsigned chunks;  /**< point chunks per window (tasks = windows x chunks); 0: automatic */
  size_t batch;     /**< pending additions per shared inversion; 0: automatic */
  int simd;         /**< 0: automatic (AVX-512 IFMA batch-affine step where the CPU has it,
                         G1), 1: scalar field code only (the reference the IFMA path is
                         tested against) */
} zka_cpu_msm_opts;

/** What zka_cpu_msm would choose (or chose) for a job; filled by zka_cpu_msm_ex. */
typedef struct {
  unsigned window, windows, chunks;
  int glv, batch_affine;
  size_t batch;
  int ifma; /**< 1 when the batch-affine step ran in AVX-512 IFMA lanes */
} zka_cpu_msm_plan_info;

/** zka_cpu_msm with forced choices (opts may be NULL) and a report of the ones made
 *  (info may be NULL). */
zka_status zka_cpu_msm_ex(void *result, const void *points, const uint8_t *scalars,
                          const zka_msm_job *job, const zka_cpu_exec *exec,
                          const zka_cpu_msm_opts *opts, zka_cpu_msm_plan_info *info, char *err,
                          size_t err_len);

/** The GLV split of BN254 / BLS12-381 G1 (for tests): k (4 limbs, < r) = k1 + k2 lambda
 *  mod r with |k1|, |k2| < 2^129; k1 and k2 returned as magnitudes and signs.  group:
 *  ZKA_GROUP_BN254_G1 or ZKA_GROUP_BLS12_381_G1; returns 0 for other groups. */
int zka_cpu_msm_glv_split(zka_group_id group, const uint64_t k[4], uint64_t k1[4], int *neg1,
                          uint64_t k2[4], int *neg2);

#ifdef __cplusplus
}
#endif
#endif
