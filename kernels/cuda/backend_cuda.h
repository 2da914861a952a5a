/* backend_cuda.h — internal to the cuda plug-in: the C interface between its host code
 * (backend_cuda.c, plain C over the CUDA runtime API) and the kernels of ntt.cu, hash.cu and
 * msm.cu (the portable kernels/common/ntt_body.h, hash_body.h and msm_body.h compiled by
 * nvcc).  One launcher runs any NTT kernel
 * of any field: the field code (ZKA_NTT_BN254_FR .. ZKA_NTT_GOLDILOCKS), the kernel, the
 * thread count and block size, and the arguments below (each kernel reads the ones its
 * signature in ntt_body.h names). */
#ifndef ZKA_KERNELS_CUDA_BACKEND_CUDA_H
#define ZKA_KERNELS_CUDA_BACKEND_CUDA_H
#include <stddef.h>
#include <stdint.h>

#include "../common/ntt_body.h" /* zka_ntt_kernel_id */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  void *data;       /**< the transforms' buffer (device), or the powers kernel's output */
  uint64_t off;     /**< word offset into data */
  const void *tw;   /**< twiddle table (device) */
  uint32_t tw_log;  /**< its order 2^tw_log */
  uint32_t log_n;
  uint32_t stage;   /**< dit/dif: the stage; _local kernels: how many stages */
  const void *lo;   /**< scale/powers tables (device) */
  const void *hi;
  uint32_t lo_bits;
  uint32_t hi_bits;
  uint32_t bitrev;  /**< scale: slots hold bit-reversed indices */
} zka_cuda_ntt_args;

/** Launch kernel k (ZKA_NTT_K_*) of field f over count threads in blocks of `block` on stream (a
 *  cudaStream_t).  Returns 0, or the cudaError_t of the launch (cudaErrorInvalidValue for an
 *  unknown field or kernel, or a grid too large). */
int zka_cuda_ntt_launch(unsigned f, zka_ntt_kernel_id k, uint64_t count, unsigned block,
                        const zka_cuda_ntt_args *a, void *stream);

/** Launch the batch hashing kernel of hash id `hash` (kernels/common/hash_body.h: its
 *  arguments and their units) over count threads in blocks of `block` on stream.  Returns
 *  0, or the cudaError_t of the launch (cudaErrorInvalidValue for a hash not compiled in,
 *  or a grid too large). */
int zka_cuda_hash_launch(unsigned hash, uint64_t count, unsigned block, void *out,
                         uint64_t out_off, const void *in, uint64_t in_off, uint64_t len,
                         uint32_t compress, void *stream);

/** One MSM job's device buffers and shape (kernels/common/msm_body.h: the buffers, their
 *  sizes and the plan's c, nw, log_s; offsets in 64-bit words).  counts must be zeroed. */
typedef struct {
  uint32_t *digits, *counts, *starts, *cursor, *sorted;
  uint64_t *buckets, *segs, *windows;
  const uint64_t *points, *scalars;
  uint64_t poff, soff, n;
  uint32_t c, nw, log_s;
} zka_cuda_msm_args;

/** Launch the six MSM kernels of group code `group` (ZKA_MSM_BN254_G1 ..) in order on stream,
 *  blocks of `block` threads.  Returns 0, or the cudaError_t of the launches
 *  (cudaErrorInvalidValue for an unknown group, n = 0, or a grid too large). */
int zka_cuda_msm_launch(unsigned group, unsigned block, const zka_cuda_msm_args *a,
                        void *stream);

#ifdef __cplusplus
}
#endif
#endif
