/* field_check.cl — element-wise field operations over global arrays, one kernel per field:
 * the device half of the cross-target check of the portable field reference
 * (core/field/fields_portable.h).  Every kernel copies its operands from global memory to
 * private values, calls the by-value zka_<field>_<op>_ref function picked by the op code,
 * and stores the result; the host compares each output byte for byte with the same
 * function run on the CPU.
 *
 * One source, three users:
 *   OpenCL C 1.2  embedded by CMake as zka_cl_field_check, built at run time
 *                 (tests/test_opencl_field.c);
 *   CUDA          kernels/cuda/field_check.cu includes this file, so nvcc compiles the
 *                 same kernel bodies (tests/cuda_field_main.c);
 *   host C        the tests include it with ZKA_FIELD_CHECK_CODES_ONLY for the op and
 *                 field codes below, which are the interface between host and kernels.
 *
 * Kernel signature (F = bn254_fq, bn254_fr, bls12_381_fq, bls12_381_fr, bn254_fq2,
 * bls12_381_fq2):
 *   zka_field_check_<F>(zka_u32 op, const zka_<F> *a, const zka_<F> *b, zka_<F> *out,
 *                       zka_u32 n)
 * out[i] = op(a[i], b[i]) for i < n (b is ignored by unary ops).  An op code that the
 * field does not have writes p (the modulus, or (p, p) for Fq2): never a valid element,
 * so the host's comparison fails loudly instead of matching by accident.
 */
#ifndef ZKA_FIELD_CHECK_CL
#define ZKA_FIELD_CHECK_CL

/* Operation codes.  Prime fields: ADD..FROM_MONT.  Fq2: ADD, SUB, MUL, SQR, NEG, DBL, INV,
 * MUL_BY_XI. */
#define ZKA_FC_OP_ADD 0
#define ZKA_FC_OP_SUB 1
#define ZKA_FC_OP_MUL 2
#define ZKA_FC_OP_SQR 3
#define ZKA_FC_OP_NEG 4
#define ZKA_FC_OP_DBL 5
#define ZKA_FC_OP_INV 6
#define ZKA_FC_OP_TO_MONT 7
#define ZKA_FC_OP_FROM_MONT 8
#define ZKA_FC_OP_MUL_BY_XI 9
#define ZKA_FC_NUM_OPS 10

/* Field codes (the CUDA launcher takes one). */
#define ZKA_FC_BN254_FQ 0
#define ZKA_FC_BN254_FR 1
#define ZKA_FC_BLS12_381_FQ 2
#define ZKA_FC_BLS12_381_FR 3
#define ZKA_FC_BN254_FQ2 4
#define ZKA_FC_BLS12_381_FQ2 5
#define ZKA_FC_NUM_FIELDS 6

#ifndef ZKA_FIELD_CHECK_CODES_ONLY
#include "../../core/field/fields_portable.h"

#if defined(ZKA_TARGET_OPENCL)
#define ZKA_FC_INDEX() ((zka_u32)get_global_id(0))
#elif defined(ZKA_TARGET_CUDA)
#define ZKA_FC_INDEX() ((zka_u32)(blockIdx.x * blockDim.x + threadIdx.x))
#else
#error "field_check.cl: kernels for OpenCL C or CUDA only (define ZKA_FIELD_CHECK_CODES_ONLY on the host)"
#endif

/* Prime field F: the nine operations of mont_template.h that the tests compare. */
#define ZKA_FC_PRIME_KERNEL(F)                                                              \
  ZKA_KERNEL void zka_field_check_##F(zka_u32 op, ZKA_GLOBAL const zka_##F *a,              \
                                      ZKA_GLOBAL const zka_##F *b, ZKA_GLOBAL zka_##F *out, \
                                      zka_u32 n) {                                          \
    zka_u32 i = ZKA_FC_INDEX();                                                             \
    if (i >= n) return;                                                                     \
    zka_##F x = a[i];                                                                       \
    zka_##F y = b[i];                                                                       \
    zka_##F r;                                                                              \
    switch (op) {                                                                           \
      case ZKA_FC_OP_ADD: r = zka_##F##_add_ref(x, y); break;                               \
      case ZKA_FC_OP_SUB: r = zka_##F##_sub_ref(x, y); break;                               \
      case ZKA_FC_OP_MUL: r = zka_##F##_mul_ref(x, y); break;                               \
      case ZKA_FC_OP_SQR: r = zka_##F##_sqr_ref(x); break;                                  \
      case ZKA_FC_OP_NEG: r = zka_##F##_neg_ref(x); break;                                  \
      case ZKA_FC_OP_DBL: r = zka_##F##_dbl_ref(x); break;                                  \
      case ZKA_FC_OP_INV: r = zka_##F##_inv_ref(x); break;                                  \
      case ZKA_FC_OP_TO_MONT: r = zka_##F##_to_mont_ref(x); break;                          \
      case ZKA_FC_OP_FROM_MONT: r = zka_##F##_from_mont_ref(x); break;                      \
      default: r = zka_##F##_modulus_ref(); break;                                          \
    }                                                                                       \
    out[i] = r;                                                                             \
  }

/* Fq2 over base B: the eight operations of fp2_template.h that the tests compare. */
#define ZKA_FC_FP2_KERNEL(F, B)                                                             \
  ZKA_KERNEL void zka_field_check_##F(zka_u32 op, ZKA_GLOBAL const zka_##F *a,              \
                                      ZKA_GLOBAL const zka_##F *b, ZKA_GLOBAL zka_##F *out, \
                                      zka_u32 n) {                                          \
    zka_u32 i = ZKA_FC_INDEX();                                                             \
    if (i >= n) return;                                                                     \
    zka_##F x = a[i];                                                                       \
    zka_##F y = b[i];                                                                       \
    zka_##F r;                                                                              \
    switch (op) {                                                                           \
      case ZKA_FC_OP_ADD: r = zka_##F##_add_ref(x, y); break;                               \
      case ZKA_FC_OP_SUB: r = zka_##F##_sub_ref(x, y); break;                               \
      case ZKA_FC_OP_MUL: r = zka_##F##_mul_ref(x, y); break;                               \
      case ZKA_FC_OP_SQR: r = zka_##F##_sqr_ref(x); break;                                  \
      case ZKA_FC_OP_NEG: r = zka_##F##_neg_ref(x); break;                                  \
      case ZKA_FC_OP_DBL: r = zka_##F##_dbl_ref(x); break;                                  \
      case ZKA_FC_OP_INV: r = zka_##F##_inv_ref(x); break;                                  \
      case ZKA_FC_OP_MUL_BY_XI: r = zka_##F##_mul_by_xi_ref(x); break;                      \
      default: r = zka_##F##_make_ref(zka_##B##_modulus_ref(), zka_##B##_modulus_ref()); break; \
    }                                                                                       \
    out[i] = r;                                                                             \
  }

ZKA_FC_PRIME_KERNEL(bn254_fq)
ZKA_FC_PRIME_KERNEL(bn254_fr)
ZKA_FC_PRIME_KERNEL(bls12_381_fq)
ZKA_FC_PRIME_KERNEL(bls12_381_fr)
ZKA_FC_FP2_KERNEL(bn254_fq2, bn254_fq)
ZKA_FC_FP2_KERNEL(bls12_381_fq2, bls12_381_fq)

#undef ZKA_FC_PRIME_KERNEL
#undef ZKA_FC_FP2_KERNEL
#undef ZKA_FC_INDEX
#endif /* ZKA_FIELD_CHECK_CODES_ONLY */
#endif /* ZKA_FIELD_CHECK_CL */
