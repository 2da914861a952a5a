/* pairing_host.h — internal: the host instantiation of the Fq6/Fq12 tower
 * (tower_template.h).  Underneath: Fq and Fq2 ops from fq_ops_host.h (the host field's
 * products, carry-chain additions on x86-64, all inlined) as zka_<curve>_fq_<op>_p and
 * zka_<curve>_fq2_<op>_p.  The tower's functions are
 * zka_<curve>_fq6_<op>_h and zka_<curve>_fq12_<op>_h. */
#ifndef ZKA_PAIRING_HOST_H
#define ZKA_PAIRING_HOST_H
#include "../field/field_host.h"
#include "../params/bls12_381_pairing.h"
#include "../params/bn254_pairing.h"
#include "pairing_types.h"

/* ---- BN254 ---------------------------------------------------------------------------- */
#define ZKA_QF zka_bn254_fq
#define ZKA_QP ZKA_BN254_FQ
#define ZKA_QH(op) zka_bn254_fq_##op##_h
#define ZKA_QN(op) zka_bn254_fq_##op##_p
#define ZKA_Q2F zka_bn254_fq2
#define ZKA_Q2N(op) zka_bn254_fq2_##op##_p
#define ZKA_QFAST_MUL zka_bn254_fq_mul_adx
#define ZKA_QFAST_SQR zka_bn254_fq_sqr_adx
#include "fq_ops_host.h"

#define ZKA_T1 zka_bn254_fq
#define ZKA_T2 zka_bn254_fq2
#define ZKA_T6 zka_bn254_fq6
#define ZKA_T12 zka_bn254_fq12
#define ZKA_T1N(op) zka_bn254_fq_##op##_p
#define ZKA_T2N(op) zka_bn254_fq2_##op##_p
#define ZKA_T6N(op) zka_bn254_fq6_##op##_h
#define ZKA_T12N(op) zka_bn254_fq12_##op##_h
#define ZKA_TP ZKA_BN254_PAIRING
#include "tower_template.h"

/* ---- BLS12-381 ------------------------------------------------------------------------ */
#define ZKA_QF zka_bls12_381_fq
#define ZKA_QP ZKA_BLS12_381_FQ
#define ZKA_QH(op) zka_bls12_381_fq_##op##_h
#define ZKA_QN(op) zka_bls12_381_fq_##op##_p
#define ZKA_Q2F zka_bls12_381_fq2
#define ZKA_Q2N(op) zka_bls12_381_fq2_##op##_p
#define ZKA_QFAST_MUL zka_bls12_381_fq_mul_adx
#define ZKA_QFAST_SQR zka_bls12_381_fq_sqr_adx
#include "fq_ops_host.h"

#define ZKA_T1 zka_bls12_381_fq
#define ZKA_T2 zka_bls12_381_fq2
#define ZKA_T6 zka_bls12_381_fq6
#define ZKA_T12 zka_bls12_381_fq12
#define ZKA_T1N(op) zka_bls12_381_fq_##op##_p
#define ZKA_T2N(op) zka_bls12_381_fq2_##op##_p
#define ZKA_T6N(op) zka_bls12_381_fq6_##op##_h
#define ZKA_T12N(op) zka_bls12_381_fq12_##op##_h
#define ZKA_TP ZKA_BLS12_381_PAIRING
#include "tower_template.h"

#endif
