/* field_small.h — the small STARK fields: BabyBear with its degree-4 extension, and
 * Goldilocks with its degree-2 extension (the choices of Plonky3, so NTT/FRI outputs match).
 *
 * Layout (fixed; DMA, files and other languages rely on it):
 *   zka_babybear     one uint32_t holding x·2^32 mod p, p = 15·2^27 + 1 = 0x78000001
 *                    (Montgomery form, R = 2^32, fully reduced: 0 <= v < p; Plonky3 monty-31)
 *   zka_babybear4    c[0] + c[1]·X + c[2]·X^2 + c[3]·X^3 in F_p[X]/(X^4 - 11), four
 *                    zka_babybear in that order
 *   zka_goldilocks   one uint64_t holding x itself, p = 2^64 - 2^32 + 1 (canonical form,
 *                    0 <= v < p)
 *   zka_goldilocks2  c[0] + c[1]·X in F_p[X]/(X^2 - 7)
 * Byte encodings (from_bytes/to_bytes) are of the canonical integer x, not of v.
 *
 * Arithmetic is the portable reference (core/field/babybear.h, goldilocks.h, the code every
 * GPU/FPGA kernel shares).  All functions are thread-safe; outputs may alias inputs unless
 * noted.  Pointers must not be NULL unless noted.
 */
#ifndef ZKACCEL_FIELD_SMALL_H
#define ZKACCEL_FIELD_SMALL_H
#include <stddef.h>
#include <stdint.h>

#include "field.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef ZKA_BABYBEAR_TYPES_DEFINED
#define ZKA_BABYBEAR_TYPES_DEFINED
typedef struct { uint32_t v; } zka_babybear;
typedef struct { zka_babybear c[4]; } zka_babybear4;
#endif
#ifndef ZKA_GOLDILOCKS_TYPES_DEFINED
#define ZKA_GOLDILOCKS_TYPES_DEFINED
typedef struct { uint64_t v; } zka_goldilocks;
typedef struct { zka_goldilocks c[2]; } zka_goldilocks2;
#endif

#define ZKA_BABYBEAR_FIELD_BYTES 4
#define ZKA_GOLDILOCKS_FIELD_BYTES 8

/* The prime-field operations, as for the big fields (see ZKA_DECLARE_PRIME_FIELD in
 * field.h): zero, one, from_u64 (any 64-bit value, reduced mod p), add, sub, mul, neg, dbl,
 * sqr, eq, is_zero, inv (ZKA_ERR_DIVISION_BY_ZERO on 0), batch_inv, pow (e as 64-bit
 * limbs), legendre, sqrt (ZKA_ERR_NO_SQUARE_ROOT), from_bytes_le/be (canonical 4 or 8
 * bytes, ZKA_ERR_OUT_OF_RANGE if >= p), to_bytes_le/be, random, generator (31 for
 * BabyBear, 7 for Goldilocks), two_adicity (27, 32), root_of_unity(log_n) (the family
 * omega_s^(2^(s - log_n)) with omega_s = g^((p-1)/2^s), Plonky3's two_adic_generator),
 * roots_of_unity(table, log_n) (2^log_n entries). */
ZKA_DECLARE_PRIME_FIELD(babybear, 4)
ZKA_DECLARE_PRIME_FIELD(goldilocks, 8)

/** out = v for a canonical integer v; ZKA_ERR_OUT_OF_RANGE (out untouched) if v >= p. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_babybear_from_canonical(zka_babybear *out, uint32_t v);
/** The canonical integer of a, in [0, p). */
ZKA_API uint32_t zka_babybear_to_canonical(const zka_babybear *a);
/** out = v for a canonical integer v; ZKA_ERR_OUT_OF_RANGE (out untouched) if v >= p. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_goldilocks_from_canonical(zka_goldilocks *out, uint64_t v);
/** The canonical integer of a, in [0, p). */
ZKA_API uint64_t zka_goldilocks_to_canonical(const zka_goldilocks *a);

/* One declaration block per extension field E over base field B:
 *
 *   zka_E_zero/one(out)                 0 and 1
 *   zka_E_from_base(out, b)             the base element b as c[0] = b
 *   zka_E_add/sub/mul(out, x, y), zka_E_neg/dbl/sqr(out, x)
 *   zka_E_mul_base(out, x, b)           x·b for a base element b
 *   zka_E_eq(x, y), zka_E_is_zero(x)    1 or 0
 *   zka_E_inv(out, x)                   ZKA_ERR_DIVISION_BY_ZERO for x = 0 (out untouched)
 *   zka_E_pow(out, x, e, e_limbs)       x^e, e a little-endian array of 64-bit limbs
 *                                       (variable time)
 *   zka_E_frobenius(out, x)             x^p
 *   zka_E_random(out, rng, rng_ctx)     uniform coefficients; the rng's failure gives
 *                                       ZKA_ERR_INVALID_ARGUMENT
 */
#define ZKA_DECLARE_SMALL_EXT(E, B)                                                          \
  ZKA_API void zka_##E##_zero(zka_##E *out);                                                 \
  ZKA_API void zka_##E##_one(zka_##E *out);                                                  \
  ZKA_API void zka_##E##_from_base(zka_##E *out, const zka_##B *b);                          \
  ZKA_API void zka_##E##_add(zka_##E *out, const zka_##E *x, const zka_##E *y);              \
  ZKA_API void zka_##E##_sub(zka_##E *out, const zka_##E *x, const zka_##E *y);              \
  ZKA_API void zka_##E##_mul(zka_##E *out, const zka_##E *x, const zka_##E *y);              \
  ZKA_API void zka_##E##_mul_base(zka_##E *out, const zka_##E *x, const zka_##B *b);         \
  ZKA_API void zka_##E##_neg(zka_##E *out, const zka_##E *x);                                \
  ZKA_API void zka_##E##_dbl(zka_##E *out, const zka_##E *x);                                \
  ZKA_API void zka_##E##_sqr(zka_##E *out, const zka_##E *x);                                \
  ZKA_API int zka_##E##_eq(const zka_##E *x, const zka_##E *y);                              \
  ZKA_API int zka_##E##_is_zero(const zka_##E *x);                                           \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##E##_inv(zka_##E *out, const zka_##E *x);   \
  ZKA_API void zka_##E##_pow(zka_##E *out, const zka_##E *x, const uint64_t *e, size_t e_limbs); \
  ZKA_API void zka_##E##_frobenius(zka_##E *out, const zka_##E *x);                          \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##E##_random(zka_##E *out, zka_rng_fn rng,   \
                                                             void *rng_ctx);

ZKA_DECLARE_SMALL_EXT(babybear4, babybear)
ZKA_DECLARE_SMALL_EXT(goldilocks2, goldilocks)

#ifdef __cplusplus
}
#endif
#endif
