/* msm.cu — the CUDA MSM kernels: kernels/common/msm_body.h (the one portable source, also
 * built as OpenCL C from kernels/opencl/msm.cl) instantiated for the four groups with
 * zka_target.h's CUDA mapping, and the one C launcher the cuda plug-in's host code calls
 * (backend_cuda.h): the six launches of one job, in order, on one stream. */
#include <cuda_runtime.h>

#include "../common/msm_body.h"
#include "backend_cuda.h"

/* The point formulas (core/curve/point_template.h, the same source as the _ref functions)
 * instantiated once more, over field wrappers whose multiplication and squaring are out of
 * line.  With every _ref function __forceinline__, one BLS12-381 G2 XYZZ addition became
 * 55,000 lines of PTX and msm.cu took ptxas over 6 minutes per architecture; with one
 * out-of-line copy of each field product per field the kernels are a fraction of that,
 * at the price of a call per product.  The wrappers are __host__ __device__ because the
 * point functions are. */
#define ZKA_CU_MSM_FIELD(F)                                                                   \
  static __host__ __device__ __noinline__ zka_##F zka_cu_##F##_mul(zka_##F a, zka_##F b) {     \
    return zka_##F##_mul_ref(a, b);                                                           \
  }                                                                                           \
  static __host__ __device__ __noinline__ zka_##F zka_cu_##F##_sqr(zka_##F a) {               \
    return zka_##F##_sqr_ref(a);                                                              \
  }                                                                                           \
  ZKA_INLINE zka_##F zka_cu_##F##_zero(void) { return zka_##F##_zero_ref(); }                 \
  ZKA_INLINE zka_##F zka_cu_##F##_one(void) { return zka_##F##_one_ref(); }                   \
  ZKA_INLINE zka_##F zka_cu_##F##_add(zka_##F a, zka_##F b) { return zka_##F##_add_ref(a, b); } \
  ZKA_INLINE zka_##F zka_cu_##F##_sub(zka_##F a, zka_##F b) { return zka_##F##_sub_ref(a, b); } \
  ZKA_INLINE zka_##F zka_cu_##F##_dbl(zka_##F a) { return zka_##F##_dbl_ref(a); }             \
  ZKA_INLINE zka_##F zka_cu_##F##_neg(zka_##F a) { return zka_##F##_neg_ref(a); }             \
  ZKA_INLINE zka_##F zka_cu_##F##_inv(zka_##F a) { return zka_##F##_inv_ref(a); }             \
  ZKA_INLINE zka_u64 zka_cu_##F##_is_zero(zka_##F a) { return zka_##F##_is_zero_ref(a); }     \
  ZKA_INLINE zka_u64 zka_cu_##F##_eq(zka_##F a, zka_##F b) { return zka_##F##_eq_ref(a, b); }
ZKA_CU_MSM_FIELD(bn254_fq)
ZKA_CU_MSM_FIELD(bn254_fq2)
ZKA_CU_MSM_FIELD(bls12_381_fq)
ZKA_CU_MSM_FIELD(bls12_381_fq2)

#define ZKA_PF zka_bn254_fq
#define ZKA_PFN(op) zka_cu_bn254_fq_##op
#define ZKA_PA zka_bn254_g1_affine
#define ZKA_PJ zka_bn254_g1_jacobian
#define ZKA_PX zka_bn254_g1_xyzz
#define ZKA_PN(op) zka_cu_bn254_g1_##op
#define ZKA_PB_INIT {{ZKA_BN254_G1_B}}
#define ZKA_PGX_INIT {{ZKA_BN254_G1_GEN_X}}
#define ZKA_PGY_INIT {{ZKA_BN254_G1_GEN_Y}}
#include "../../core/curve/point_template.h"

#define ZKA_PF zka_bn254_fq2
#define ZKA_PFN(op) zka_cu_bn254_fq2_##op
#define ZKA_PA zka_bn254_g2_affine
#define ZKA_PJ zka_bn254_g2_jacobian
#define ZKA_PX zka_bn254_g2_xyzz
#define ZKA_PN(op) zka_cu_bn254_g2_##op
#define ZKA_PB_INIT {{{ZKA_BN254_G2_B_C0}}, {{ZKA_BN254_G2_B_C1}}}
#define ZKA_PGX_INIT {{{ZKA_BN254_G2_GEN_X_C0}}, {{ZKA_BN254_G2_GEN_X_C1}}}
#define ZKA_PGY_INIT {{{ZKA_BN254_G2_GEN_Y_C0}}, {{ZKA_BN254_G2_GEN_Y_C1}}}
#include "../../core/curve/point_template.h"

#define ZKA_PF zka_bls12_381_fq
#define ZKA_PFN(op) zka_cu_bls12_381_fq_##op
#define ZKA_PA zka_bls12_381_g1_affine
#define ZKA_PJ zka_bls12_381_g1_jacobian
#define ZKA_PX zka_bls12_381_g1_xyzz
#define ZKA_PN(op) zka_cu_bls12_381_g1_##op
#define ZKA_PB_INIT {{ZKA_BLS12_381_G1_B}}
#define ZKA_PGX_INIT {{ZKA_BLS12_381_G1_GEN_X}}
#define ZKA_PGY_INIT {{ZKA_BLS12_381_G1_GEN_Y}}
#include "../../core/curve/point_template.h"

#define ZKA_PF zka_bls12_381_fq2
#define ZKA_PFN(op) zka_cu_bls12_381_fq2_##op
#define ZKA_PA zka_bls12_381_g2_affine
#define ZKA_PJ zka_bls12_381_g2_jacobian
#define ZKA_PX zka_bls12_381_g2_xyzz
#define ZKA_PN(op) zka_cu_bls12_381_g2_##op
#define ZKA_PB_INIT {{{ZKA_BLS12_381_G2_B_C0}}, {{ZKA_BLS12_381_G2_B_C1}}}
#define ZKA_PGX_INIT {{{ZKA_BLS12_381_G2_GEN_X_C0}}, {{ZKA_BLS12_381_G2_GEN_X_C1}}}
#define ZKA_PGY_INIT {{{ZKA_BLS12_381_G2_GEN_Y_C0}}, {{ZKA_BLS12_381_G2_GEN_Y_C1}}}
#include "../../core/curve/point_template.h"

ZKA_MSM_DIGIT_KERNELS
#define ZKA_CU_MSM_KERNELS(G, PW, XW)        \
  ZKA_MSM_GROUP_OPS(G, ZKA_CU_MSM_PN_##G)    \
  ZKA_MSM_GROUP_KERNELS(G, PW, XW)
#define ZKA_CU_MSM_PN_bn254_g1(op) zka_cu_bn254_g1_##op
#define ZKA_CU_MSM_PN_bn254_g2(op) zka_cu_bn254_g2_##op
#define ZKA_CU_MSM_PN_bls12_381_g1(op) zka_cu_bls12_381_g1_##op
#define ZKA_CU_MSM_PN_bls12_381_g2(op) zka_cu_bls12_381_g2_##op
ZKA_CU_MSM_KERNELS(bn254_g1, 8, 16)
ZKA_CU_MSM_KERNELS(bn254_g2, 16, 32)
ZKA_CU_MSM_KERNELS(bls12_381_g1, 12, 24)
ZKA_CU_MSM_KERNELS(bls12_381_g2, 24, 48)

/* Blocks for count threads of `block` (0 when the grid would be too large). */
static unsigned zka_cu_msm_grid(uint64_t count, unsigned block) {
  const uint64_t blocks = (count + block - 1) / block;
  return blocks > 0x7fffffffu ? 0u : (unsigned)blocks;
}

#define ZKA_CU_MSM_GROUP(G)                                                                   \
  zka_msm_##G##_bucket<<<zka_cu_msm_grid(keys, block), block, 0, s>>>(                        \
      a->buckets, a->points, a->poff, a->sorted, a->starts, a->counts, keys);                 \
  zka_msm_##G##_segment<<<zka_cu_msm_grid(nseg, block), block, 0, s>>>(a->segs, a->buckets,   \
                                                                      a->c, a->log_s, nseg);  \
  zka_msm_##G##_window<<<zka_cu_msm_grid(a->nw, block), block, 0, s>>>(a->windows, a->segs,   \
                                                                      a->c, a->log_s, a->nw);

extern "C" int zka_cuda_msm_launch(unsigned group, unsigned block, const zka_cuda_msm_args *a,
                                   void *stream) {
  if (block == 0 || block > 1024 || a->n == 0) return (int)cudaErrorInvalidValue;
  const uint64_t entries = (uint64_t)a->nw * a->n, keys = (uint64_t)a->nw << (a->c - 1),
                 nseg = (uint64_t)a->nw << a->log_s;
  if (!zka_cu_msm_grid(entries, block) || !zka_cu_msm_grid(keys, block))
    return (int)cudaErrorInvalidValue;
  cudaStream_t s = (cudaStream_t)stream;
  zka_msm_digits<<<zka_cu_msm_grid(a->n, block), block, 0, s>>>(a->digits, a->counts, a->scalars,
                                                                a->soff, a->n, a->c, a->nw);
  zka_msm_scan<<<zka_cu_msm_grid(a->nw, block), block, 0, s>>>(a->starts, a->cursor, a->counts,
                                                               a->n, a->c, a->nw);
  zka_msm_scatter<<<zka_cu_msm_grid(entries, block), block, 0, s>>>(a->sorted, a->cursor,
                                                                    a->digits, a->n, a->c,
                                                                    entries);
  switch (group) {
    case ZKA_MSM_BN254_G1: ZKA_CU_MSM_GROUP(bn254_g1) break;
    case ZKA_MSM_BN254_G2: ZKA_CU_MSM_GROUP(bn254_g2) break;
    case ZKA_MSM_BLS12_381_G1: ZKA_CU_MSM_GROUP(bls12_381_g1) break;
    case ZKA_MSM_BLS12_381_G2: ZKA_CU_MSM_GROUP(bls12_381_g2) break;
    default: return (int)cudaErrorInvalidValue;
  }
  return (int)cudaGetLastError();
}
