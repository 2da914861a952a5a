/* fields_portable.h — instantiates the portable by-value reference for every 64-bit-limb
 * field and its Fp2: functions zka_<field>_<op>_ref (see mont_template.h, fp2_template.h).
 * Include this from any target: host C, OpenCL C (via the embedded kernel source), CUDA,
 * HLS. */
#ifndef ZKA_FIELDS_PORTABLE_H
#define ZKA_FIELDS_PORTABLE_H
#include "field_types.h"
#include "../params/bn254_fq.h"
#include "../params/bn254_fr.h"
#include "../params/bls12_381_fq.h"
#include "../params/bls12_381_fr.h"

#define ZKA_F zka_bn254_fq
#define ZKA_FP ZKA_BN254_FQ
#define ZKA_FN(op) zka_bn254_fq_##op##_ref
#include "mont_template.h"

#define ZKA_F zka_bn254_fr
#define ZKA_FP ZKA_BN254_FR
#define ZKA_FN(op) zka_bn254_fr_##op##_ref
#include "mont_template.h"

#define ZKA_F zka_bls12_381_fq
#define ZKA_FP ZKA_BLS12_381_FQ
#define ZKA_FN(op) zka_bls12_381_fq_##op##_ref
#include "mont_template.h"

#define ZKA_F zka_bls12_381_fr
#define ZKA_FP ZKA_BLS12_381_FR
#define ZKA_FN(op) zka_bls12_381_fr_##op##_ref
#include "mont_template.h"

/* xi = 9 + u for BN254 (EIP-197 tower); xi = 1 + u for BLS12-381 (IETF draft). */
#define ZKA_F2 zka_bn254_fq2
#define ZKA_F2B zka_bn254_fq
#define ZKA_F2BN(op) zka_bn254_fq_##op##_ref
#define ZKA_F2N(op) zka_bn254_fq2_##op##_ref
#define ZKA_F2_XI 9
#include "fp2_template.h"

#define ZKA_F2 zka_bls12_381_fq2
#define ZKA_F2B zka_bls12_381_fq
#define ZKA_F2BN(op) zka_bls12_381_fq_##op##_ref
#define ZKA_F2N(op) zka_bls12_381_fq2_##op##_ref
#define ZKA_F2_XI 1
#include "fp2_template.h"

#endif
