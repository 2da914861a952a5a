/* curves_portable.h — the point formulas (point_template.h) instantiated over the portable
 * field reference (fields_portable.h) for the four groups: functions
 * zka_<group>_<op>_ref with <group> in bn254_g1, bn254_g2, bls12_381_g1, bls12_381_g2.
 * Include from any target: host C, OpenCL C 1.2, CUDA, HLS.  The host library uses the
 * same template over the fast field path (curves_host.h); the tests check both agree. */
#ifndef ZKA_CURVES_PORTABLE_H
#define ZKA_CURVES_PORTABLE_H
#include "../field/fields_portable.h"
#include "../params/bn254_curve.h"
#include "../params/bls12_381_curve.h"
#include "curve_types.h"

#define ZKA_PF zka_bn254_fq
#define ZKA_PFN(op) zka_bn254_fq_##op##_ref
#define ZKA_PA zka_bn254_g1_affine
#define ZKA_PJ zka_bn254_g1_jacobian
#define ZKA_PX zka_bn254_g1_xyzz
#define ZKA_PN(op) zka_bn254_g1_##op##_ref
#define ZKA_PB_INIT {{ZKA_BN254_G1_B}}
#define ZKA_PGX_INIT {{ZKA_BN254_G1_GEN_X}}
#define ZKA_PGY_INIT {{ZKA_BN254_G1_GEN_Y}}
#include "point_template.h"

#define ZKA_PF zka_bn254_fq2
#define ZKA_PFN(op) zka_bn254_fq2_##op##_ref
#define ZKA_PA zka_bn254_g2_affine
#define ZKA_PJ zka_bn254_g2_jacobian
#define ZKA_PX zka_bn254_g2_xyzz
#define ZKA_PN(op) zka_bn254_g2_##op##_ref
#define ZKA_PB_INIT {{{ZKA_BN254_G2_B_C0}}, {{ZKA_BN254_G2_B_C1}}}
#define ZKA_PGX_INIT {{{ZKA_BN254_G2_GEN_X_C0}}, {{ZKA_BN254_G2_GEN_X_C1}}}
#define ZKA_PGY_INIT {{{ZKA_BN254_G2_GEN_Y_C0}}, {{ZKA_BN254_G2_GEN_Y_C1}}}
#include "point_template.h"

#define ZKA_PF zka_bls12_381_fq
#define ZKA_PFN(op) zka_bls12_381_fq_##op##_ref
#define ZKA_PA zka_bls12_381_g1_affine
#define ZKA_PJ zka_bls12_381_g1_jacobian
#define ZKA_PX zka_bls12_381_g1_xyzz
#define ZKA_PN(op) zka_bls12_381_g1_##op##_ref
#define ZKA_PB_INIT {{ZKA_BLS12_381_G1_B}}
#define ZKA_PGX_INIT {{ZKA_BLS12_381_G1_GEN_X}}
#define ZKA_PGY_INIT {{ZKA_BLS12_381_G1_GEN_Y}}
#include "point_template.h"

#define ZKA_PF zka_bls12_381_fq2
#define ZKA_PFN(op) zka_bls12_381_fq2_##op##_ref
#define ZKA_PA zka_bls12_381_g2_affine
#define ZKA_PJ zka_bls12_381_g2_jacobian
#define ZKA_PX zka_bls12_381_g2_xyzz
#define ZKA_PN(op) zka_bls12_381_g2_##op##_ref
#define ZKA_PB_INIT {{{ZKA_BLS12_381_G2_B_C0}}, {{ZKA_BLS12_381_G2_B_C1}}}
#define ZKA_PGX_INIT {{{ZKA_BLS12_381_G2_GEN_X_C0}}, {{ZKA_BLS12_381_G2_GEN_X_C1}}}
#define ZKA_PGY_INIT {{{ZKA_BLS12_381_G2_GEN_Y_C0}}, {{ZKA_BLS12_381_G2_GEN_Y_C1}}}
#include "point_template.h"

#endif
