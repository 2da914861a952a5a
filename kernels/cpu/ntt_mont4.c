/* ntt_mont4.c — butterfly kernels (zka_ntt_kernels, ntt_cpu_internal.h) for the 32-byte
 * NTT fields, BN254 Fr and BLS12-381 Fr, over the MULX/ADX products of
 * core/field/mont_x86_64.h called directly on limb arrays (ntt_mont4_tmpl.h says why).
 * ntt_cpu.c picks these when the field fast path is on (zka_field_fast_enabled: the CPU has
 * BMI2 + ADX and ZKA_PORTABLE is not set) and the SIMD cap is above scalar, so
 * zka_ntt_cpu_set_simd(ZKA_NTT_SIMD_SCALAR) still selects the by-value template kernels
 * that the tests compare against. */
#include "kernels/cpu/ntt_cpu_internal.h"

#ifdef ZKA_NTT_HAVE_MONT4
#include <stdint.h>
#include <string.h>
#include <x86intrin.h> /* _addcarry_u64 / _subborrow_u64 */

#include "core/field/fields_portable.h"
#include "core/field/mont_x86_64.h"

/* Limb i of a modulus given as the comma list the generated params use. */
#define ZKA_M4_L0(a, b, c, d) (a)
#define ZKA_M4_L1(a, b, c, d) (b)
#define ZKA_M4_L2(a, b, c, d) (c)
#define ZKA_M4_L3(a, b, c, d) (d)
#define ZKA_M4_LIMB(which, list) which(list)

#define ZKA_M4N(op) zka_ntt_m4_bn254_fr_##op
#define ZKA_M4P0 ZKA_M4_LIMB(ZKA_M4_L0, ZKA_BN254_FR_P)
#define ZKA_M4P1 ZKA_M4_LIMB(ZKA_M4_L1, ZKA_BN254_FR_P)
#define ZKA_M4P2 ZKA_M4_LIMB(ZKA_M4_L2, ZKA_BN254_FR_P)
#define ZKA_M4P3 ZKA_M4_LIMB(ZKA_M4_L3, ZKA_BN254_FR_P)
#define ZKA_M4MUL(r, a, b) zka_bn254_fr_mul_adx(r, a, b)
#include "kernels/cpu/ntt_mont4_tmpl.h"

#define ZKA_M4N(op) zka_ntt_m4_bls12_381_fr_##op
#define ZKA_M4P0 ZKA_M4_LIMB(ZKA_M4_L0, ZKA_BLS12_381_FR_P)
#define ZKA_M4P1 ZKA_M4_LIMB(ZKA_M4_L1, ZKA_BLS12_381_FR_P)
#define ZKA_M4P2 ZKA_M4_LIMB(ZKA_M4_L2, ZKA_BLS12_381_FR_P)
#define ZKA_M4P3 ZKA_M4_LIMB(ZKA_M4_L3, ZKA_BLS12_381_FR_P)
#define ZKA_M4MUL(r, a, b) zka_bls12_381_fr_mul_adx(r, a, b)
#include "kernels/cpu/ntt_mont4_tmpl.h"

/* The add/sub above need p < 2^255 (no carry out of a + b): check the top limbs. */
_Static_assert(ZKA_M4_LIMB(ZKA_M4_L3, ZKA_BN254_FR_P) >> 63 == 0, "BN254 Fr p >= 2^255");
_Static_assert(ZKA_M4_LIMB(ZKA_M4_L3, ZKA_BLS12_381_FR_P) >> 63 == 0, "BLS12-381 Fr p >= 2^255");

const zka_ntt_kernels *const zka_ntt_bn254_fr_adx = &zka_ntt_m4_bn254_fr_kernels;
const zka_ntt_kernels *const zka_ntt_bls12_381_fr_adx = &zka_ntt_m4_bls12_381_fr_kernels;

#else
/* ISO C forbids an empty translation unit. */
typedef int zka_ntt_mont4_unused;
#endif
