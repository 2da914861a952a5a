/* curves_host.h — internal: the point formulas (point_template.h) instantiated over the
 * host field functions (field_host.h: the portable reference or the MULX/ADX fast path,
 * chosen at run time) for the four groups: functions zka_<group>_<op>_h with <group> in
 * bn254_g1, bn254_g2, bls12_381_g1, bls12_381_g2; and Fq2 square roots
 * zka_bn254_fq2_sqrt_h / zka_bls12_381_fq2_sqrt_h (fp2_sqrt_template.h).  Same template
 * text as the kernels' curves_portable.h; the tests check both give the same points. */
#ifndef ZKA_CURVES_HOST_H
#define ZKA_CURVES_HOST_H
#include "../field/field_host.h"
#include "../params/bn254_curve.h"
#include "../params/bls12_381_curve.h"
#include "curve_types.h"

#define ZKA_PF zka_bn254_fq
#define ZKA_PFN(op) zka_bn254_fq_##op##_h
#define ZKA_PA zka_bn254_g1_affine
#define ZKA_PJ zka_bn254_g1_jacobian
#define ZKA_PX zka_bn254_g1_xyzz
#define ZKA_PN(op) zka_bn254_g1_##op##_h
#define ZKA_PB_INIT {{ZKA_BN254_G1_B}}
#define ZKA_PGX_INIT {{ZKA_BN254_G1_GEN_X}}
#define ZKA_PGY_INIT {{ZKA_BN254_G1_GEN_Y}}
#include "point_template.h"

#define ZKA_PF zka_bn254_fq2
#define ZKA_PFN(op) zka_bn254_fq2_##op##_h
#define ZKA_PA zka_bn254_g2_affine
#define ZKA_PJ zka_bn254_g2_jacobian
#define ZKA_PX zka_bn254_g2_xyzz
#define ZKA_PN(op) zka_bn254_g2_##op##_h
#define ZKA_PB_INIT {{{ZKA_BN254_G2_B_C0}}, {{ZKA_BN254_G2_B_C1}}}
#define ZKA_PGX_INIT {{{ZKA_BN254_G2_GEN_X_C0}}, {{ZKA_BN254_G2_GEN_X_C1}}}
#define ZKA_PGY_INIT {{{ZKA_BN254_G2_GEN_Y_C0}}, {{ZKA_BN254_G2_GEN_Y_C1}}}
#include "point_template.h"

#define ZKA_PF zka_bls12_381_fq
#define ZKA_PFN(op) zka_bls12_381_fq_##op##_h
#define ZKA_PA zka_bls12_381_g1_affine
#define ZKA_PJ zka_bls12_381_g1_jacobian
#define ZKA_PX zka_bls12_381_g1_xyzz
#define ZKA_PN(op) zka_bls12_381_g1_##op##_h
#define ZKA_PB_INIT {{ZKA_BLS12_381_G1_B}}
#define ZKA_PGX_INIT {{ZKA_BLS12_381_G1_GEN_X}}
#define ZKA_PGY_INIT {{ZKA_BLS12_381_G1_GEN_Y}}
#include "point_template.h"

#define ZKA_PF zka_bls12_381_fq2
#define ZKA_PFN(op) zka_bls12_381_fq2_##op##_h
#define ZKA_PA zka_bls12_381_g2_affine
#define ZKA_PJ zka_bls12_381_g2_jacobian
#define ZKA_PX zka_bls12_381_g2_xyzz
#define ZKA_PN(op) zka_bls12_381_g2_##op##_h
#define ZKA_PB_INIT {{{ZKA_BLS12_381_G2_B_C0}}, {{ZKA_BLS12_381_G2_B_C1}}}
#define ZKA_PGX_INIT {{{ZKA_BLS12_381_G2_GEN_X_C0}}, {{ZKA_BLS12_381_G2_GEN_X_C1}}}
#define ZKA_PGY_INIT {{{ZKA_BLS12_381_G2_GEN_Y_C0}}, {{ZKA_BLS12_381_G2_GEN_Y_C1}}}
#include "point_template.h"

#define ZKA_F2 zka_bn254_fq2
#define ZKA_F2N(op) zka_bn254_fq2_##op##_h
#define ZKA_F2B zka_bn254_fq
#define ZKA_F2BN(op) zka_bn254_fq_##op##_h
#define ZKA_F2_QM3_4 ZKA_BN254_FQ_P_MINUS_3_QUARTER
#define ZKA_F2_QM1_2 ZKA_BN254_FQ_P_MINUS_1_HALF
#define ZKA_F2_QLIMBS ZKA_BN254_FQ_LIMBS
#include "fp2_sqrt_template.h"

#define ZKA_F2 zka_bls12_381_fq2
#define ZKA_F2N(op) zka_bls12_381_fq2_##op##_h
#define ZKA_F2B zka_bls12_381_fq
#define ZKA_F2BN(op) zka_bls12_381_fq_##op##_h
#define ZKA_F2_QM3_4 ZKA_BLS12_381_FQ_P_MINUS_3_QUARTER
#define ZKA_F2_QM1_2 ZKA_BLS12_381_FQ_P_MINUS_1_HALF
#define ZKA_F2_QLIMBS ZKA_BLS12_381_FQ_LIMBS
#include "fp2_sqrt_template.h"

#endif
