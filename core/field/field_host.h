/* field_host.h — internal: the host instantiation of the field templates, by value, with
 * the run-time-selected fast path.  Functions zka_<field>_<op>_h; identical results to
 * zka_<field>_<op>_ref (the tests check both).  Host code in core/ (curves, pairings) and
 * the kernels/cpu backend use these; public callers use include/zkaccel/field.h. */
#ifndef ZKA_FIELD_HOST_H
#define ZKA_FIELD_HOST_H
#include "fields_portable.h"

#if defined(__x86_64__) && !defined(ZKA_PORTABLE)
#define ZKA_HAVE_FAST_FIELD 1
#include <x86intrin.h> /* _addcarry_u64 / _subborrow_u64 in the host add/sub */

#include "mont_x86_64.h"
#endif

/* Nonzero when the fast path is in use (set once at load time; see field.c). */
extern int zka_field_fast_enabled;

#define ZKA_F zka_bn254_fq
#define ZKA_FP ZKA_BN254_FQ
#define ZKA_FN(op) zka_bn254_fq_##op##_h
#ifdef ZKA_HAVE_FAST_FIELD
#define ZKA_FFAST zka_field_fast_enabled
#define ZKA_FFAST_MUL zka_bn254_fq_mul_adx
#define ZKA_FFAST_SQR zka_bn254_fq_sqr_adx
#endif
#include "mont_template.h"

#define ZKA_F zka_bn254_fr
#define ZKA_FP ZKA_BN254_FR
#define ZKA_FN(op) zka_bn254_fr_##op##_h
#ifdef ZKA_HAVE_FAST_FIELD
#define ZKA_FFAST zka_field_fast_enabled
#define ZKA_FFAST_MUL zka_bn254_fr_mul_adx
#define ZKA_FFAST_SQR zka_bn254_fr_sqr_adx
#endif
#include "mont_template.h"

#define ZKA_F zka_bls12_381_fq
#define ZKA_FP ZKA_BLS12_381_FQ
#define ZKA_FN(op) zka_bls12_381_fq_##op##_h
#ifdef ZKA_HAVE_FAST_FIELD
#define ZKA_FFAST zka_field_fast_enabled
#define ZKA_FFAST_MUL zka_bls12_381_fq_mul_adx
#define ZKA_FFAST_SQR zka_bls12_381_fq_sqr_adx
#endif
#include "mont_template.h"

#define ZKA_F zka_bls12_381_fr
#define ZKA_FP ZKA_BLS12_381_FR
#define ZKA_FN(op) zka_bls12_381_fr_##op##_h
#ifdef ZKA_HAVE_FAST_FIELD
#define ZKA_FFAST zka_field_fast_enabled
#define ZKA_FFAST_MUL zka_bls12_381_fr_mul_adx
#define ZKA_FFAST_SQR zka_bls12_381_fr_sqr_adx
#endif
#include "mont_template.h"

#define ZKA_F2 zka_bn254_fq2
#define ZKA_F2B zka_bn254_fq
#define ZKA_F2BN(op) zka_bn254_fq_##op##_h
#define ZKA_F2N(op) zka_bn254_fq2_##op##_h
#define ZKA_F2_XI 9
#include "fp2_template.h"

#define ZKA_F2 zka_bls12_381_fq2
#define ZKA_F2B zka_bls12_381_fq
#define ZKA_F2BN(op) zka_bls12_381_fq_##op##_h
#define ZKA_F2N(op) zka_bls12_381_fq2_##op##_h
#define ZKA_F2_XI 1
#include "fp2_template.h"

#endif
