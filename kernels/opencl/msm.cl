/* msm.cl — the OpenCL MSM kernels: kernels/common/msm_body.h (the one portable source, also
 * compiled by nvcc in kernels/cuda/msm.cu) instantiated for one group.
 *
 * Embedded into the opencl plug-in as the string zka_cl_msm with its includes expanded
 * (tools/embed_cl.py), and built at run time lazily per group with -DZKA_MSM_GROUP=<code>
 * (ZKA_MSM_BN254_G1 .. ZKA_MSM_BLS12_381_G2, the zka_group_id values) so a job pays only for
 * its group's compile (BLS12-381 G2, over Fq2 with 6-limb coordinates, is the slow one).
 * Without the define all four groups are instantiated (a compile check). */
#include "../common/msm_body.h"

ZKA_MSM_DIGIT_KERNELS

#if !defined(ZKA_MSM_GROUP) || ZKA_MSM_GROUP == ZKA_MSM_BN254_G1
#define ZKA_MSM_PN(op) zka_bn254_g1_##op##_ref
ZKA_MSM_GROUP_OPS(bn254_g1, ZKA_MSM_PN)
#undef ZKA_MSM_PN
ZKA_MSM_GROUP_KERNELS(bn254_g1, 8, 16)
#endif
#if !defined(ZKA_MSM_GROUP) || ZKA_MSM_GROUP == ZKA_MSM_BN254_G2
#define ZKA_MSM_PN(op) zka_bn254_g2_##op##_ref
ZKA_MSM_GROUP_OPS(bn254_g2, ZKA_MSM_PN)
#undef ZKA_MSM_PN
ZKA_MSM_GROUP_KERNELS(bn254_g2, 16, 32)
#endif
#if !defined(ZKA_MSM_GROUP) || ZKA_MSM_GROUP == ZKA_MSM_BLS12_381_G1
#define ZKA_MSM_PN(op) zka_bls12_381_g1_##op##_ref
ZKA_MSM_GROUP_OPS(bls12_381_g1, ZKA_MSM_PN)
#undef ZKA_MSM_PN
ZKA_MSM_GROUP_KERNELS(bls12_381_g1, 12, 24)
#endif
#if !defined(ZKA_MSM_GROUP) || ZKA_MSM_GROUP == ZKA_MSM_BLS12_381_G2
#define ZKA_MSM_PN(op) zka_bls12_381_g2_##op##_ref
ZKA_MSM_GROUP_OPS(bls12_381_g2, ZKA_MSM_PN)
#undef ZKA_MSM_PN
ZKA_MSM_GROUP_KERNELS(bls12_381_g2, 24, 48)
#endif
