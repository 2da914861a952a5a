/* ntt.cu — the CUDA NTT kernels: kernels/common/ntt_body.h (the one portable source, also
 * built as OpenCL C from kernels/opencl/ntt.cl) instantiated for the four NTT fields with
 * zka_target.h's CUDA mapping, and the one C launcher the cuda plug-in's host code calls
 * (backend_cuda.h). */
#include <cuda_runtime.h>

#include "../common/ntt_body.h"
#include "backend_cuda.h"

ZKA_NTT_KERNELS(bn254_fr, zka_u64, 4, ZKA_NTT_LD_L4, ZKA_NTT_ST_L4)
ZKA_NTT_KERNELS(bls12_381_fr, zka_u64, 4, ZKA_NTT_LD_L4, ZKA_NTT_ST_L4)
ZKA_NTT_KERNELS(babybear, zka_u32, 1, ZKA_NTT_LD_V, ZKA_NTT_ST_V)
ZKA_NTT_KERNELS(goldilocks, zka_u64, 1, ZKA_NTT_LD_V, ZKA_NTT_ST_V)

/* Field F's kernel k with W-word pointers. */
#define ZKA_CU_DISPATCH(F, W)                                                                \
  switch (k) {                                                                               \
    case ZKA_NTT_K_BITREV:                                                                    \
      zka_ntt_##F##_bitrev<<<grid, block, 0, s>>>((W *)a->data, a->off, a->log_n, count);    \
      break;                                                                                 \
    case ZKA_NTT_K_DIT:                                                                       \
      zka_ntt_##F##_dit<<<grid, block, 0, s>>>((W *)a->data, a->off, (const W *)a->tw,       \
                                               a->tw_log, a->log_n, a->stage, count);        \
      break;                                                                                 \
    case ZKA_NTT_K_DIF:                                                                       \
      zka_ntt_##F##_dif<<<grid, block, 0, s>>>((W *)a->data, a->off, (const W *)a->tw,       \
                                               a->tw_log, a->log_n, a->stage, count);        \
      break;                                                                                 \
    case ZKA_NTT_K_DIT_LOCAL:                                                                 \
      zka_ntt_##F##_dit_local<<<grid, block, 0, s>>>((W *)a->data, a->off, (const W *)a->tw, \
                                                     a->tw_log, a->log_n, a->stage, count);  \
      break;                                                                                 \
    case ZKA_NTT_K_DIF_LOCAL:                                                                 \
      zka_ntt_##F##_dif_local<<<grid, block, 0, s>>>((W *)a->data, a->off, (const W *)a->tw, \
                                                     a->tw_log, a->log_n, a->stage, count);  \
      break;                                                                                 \
    case ZKA_NTT_K_SCALE:                                                                     \
      zka_ntt_##F##_scale<<<grid, block, 0, s>>>((W *)a->data, a->off, (const W *)a->lo,     \
                                                 (const W *)a->hi, a->log_n, a->lo_bits,     \
                                                 a->hi_bits, a->bitrev, count);              \
      break;                                                                                 \
    case ZKA_NTT_K_POWERS:                                                                    \
      zka_ntt_##F##_powers<<<grid, block, 0, s>>>((W *)a->data, (const W *)a->lo,            \
                                                  (const W *)a->hi, a->lo_bits, count);      \
      break;                                                                                 \
    default: return (int)cudaErrorInvalidValue;                                              \
  }

extern "C" int zka_cuda_ntt_launch(unsigned f, zka_ntt_kernel_id k, uint64_t count,
                                   unsigned block, const zka_cuda_ntt_args *a, void *stream) {
  if (count == 0) return 0;
  if (block == 0 || block > 1024) return (int)cudaErrorInvalidValue;
  const uint64_t blocks = (count + block - 1) / block;
  if (blocks > 0x7fffffffu) return (int)cudaErrorInvalidValue;
  const dim3 grid((unsigned)blocks);
  cudaStream_t s = (cudaStream_t)stream;
  switch (f) {
    case ZKA_NTT_BN254_FR: ZKA_CU_DISPATCH(bn254_fr, zka_u64) break;
    case ZKA_NTT_BLS12_381_FR: ZKA_CU_DISPATCH(bls12_381_fr, zka_u64) break;
    case ZKA_NTT_BABYBEAR: ZKA_CU_DISPATCH(babybear, zka_u32) break;
    case ZKA_NTT_GOLDILOCKS: ZKA_CU_DISPATCH(goldilocks, zka_u64) break;
    default: return (int)cudaErrorInvalidValue;
  }
  return (int)cudaGetLastError();
}
