/* field.h — prime fields with 64-bit limbs: BN254 Fq/Fr, BLS12-381 Fq/Fr, and the Fq2
 * extensions the G2 groups live in.
 *
 * Layout (fixed; DMA, files and other languages rely on it): an element is a struct of
 * little-endian 64-bit limbs holding x·R mod p (Montgomery form, R = 2^(64·LIMBS)), fully
 * reduced.  Fq2 elements are c0 + c1·u with u^2 = -1.
 *
 * Arithmetic runs on one of two paths with identical results: the portable reference
 * (core/field/mont_template.h, the code every GPU/FPGA kernel shares) or the x86-64
 * MULX/ADX fast path.  The fast path is picked at first use when the CPU has BMI2 and ADX;
 * the environment variable ZKA_PORTABLE=1 (or the CMake option ZKA_PORTABLE) forces the
 * reference.  All functions here are thread-safe; outputs may alias inputs unless noted.
 */
#ifndef ZKACCEL_FIELD_H
#define ZKACCEL_FIELD_H
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef ZKA_BIG_FIELD_TYPES_DEFINED
#define ZKA_BIG_FIELD_TYPES_DEFINED
typedef struct { uint64_t l[4]; } zka_bn254_fq;
typedef struct { uint64_t l[4]; } zka_bn254_fr;
typedef struct { uint64_t l[6]; } zka_bls12_381_fq;
typedef struct { uint64_t l[4]; } zka_bls12_381_fr;
typedef struct { zka_bn254_fq c0, c1; } zka_bn254_fq2;
typedef struct { zka_bls12_381_fq c0, c1; } zka_bls12_381_fq2;
#endif

/** Random bytes from the caller: fill buf[0..len) and return 0, or nonzero on failure. */
typedef int (*zka_rng_fn)(void *rng_ctx, uint8_t *buf, size_t len);

/** Which arithmetic path the host field functions use. */
typedef enum {
  ZKA_FIELD_PATH_PORTABLE = 0, /**< the portable C reference (same code as the kernels) */
  ZKA_FIELD_PATH_FAST = 1      /**< x86-64 MULX/ADX assembly */
} zka_field_path;

/** Select the path for the whole process.  ZKA_ERR_UNSUPPORTED when asking for FAST on a
 *  CPU without BMI2+ADX or in a build with ZKA_PORTABLE.  Not for use while other threads
 *  do field arithmetic. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_field_set_path(zka_field_path path);
/** The path in use (after the first-use choice described above). */
ZKA_API zka_field_path zka_field_get_path(void);
/** Whether this build and CPU can run the fast path. */
ZKA_API int zka_field_fast_available(void);

/* One declaration block per field F with BYTES-byte canonical encodings:
 *
 *   zka_F_zero/one(out)                 0 and 1
 *   zka_F_from_u64(out, v)              v mod p
 *   zka_F_add/sub/mul(out, a, b), zka_F_neg/dbl/sqr(out, a)
 *   zka_F_eq(a, b), zka_F_is_zero(a)    1 or 0
 *   zka_F_inv(out, a)                   ZKA_ERR_DIVISION_BY_ZERO for a = 0 (out untouched)
 *   zka_F_batch_inv(out, a, n)          n inverses with one field inversion (Montgomery's
 *                                       trick); out must not alias a; on a zero input
 *                                       returns ZKA_ERR_DIVISION_BY_ZERO and out is unspecified
 *   zka_F_pow(out, a, e, e_limbs)       a^e, e a little-endian array of 64-bit limbs (variable time)
 *   zka_F_legendre(a)                   1 (nonzero square), 0 (zero), -1 (non-residue)
 *   zka_F_sqrt(out, a)                  a root (either one) or ZKA_ERR_NO_SQUARE_ROOT
 *   zka_F_from_bytes_le/be(out, in)     canonical BYTES bytes; ZKA_ERR_OUT_OF_RANGE if >= p
 *   zka_F_to_bytes_le/be(out, a)        canonical BYTES bytes
 *   zka_F_random(out, rng, rng_ctx)     uniform by rejection sampling; the rng's failure
 *                                       gives ZKA_ERR_INVALID_ARGUMENT
 *   zka_F_generator(out)                a multiplicative generator (coset shifts)
 *   zka_F_two_adicity()                 s with 2^s | p - 1
 *   zka_F_root_of_unity(out, log_n)     a primitive 2^log_n-th root, the same family as
 *                                       omega_s^(2^(s-log_n)); ZKA_ERR_INVALID_ARGUMENT
 *                                       if log_n > s
 *   zka_F_roots_of_unity(out, log_n)    out[i] = omega^i for i < 2^log_n (the NTT table)
 */
#define ZKA_DECLARE_PRIME_FIELD(F, BYTES)                                                   \
  ZKA_API void zka_##F##_zero(zka_##F *out);                                                \
  ZKA_API void zka_##F##_one(zka_##F *out);                                                 \
  ZKA_API void zka_##F##_from_u64(zka_##F *out, uint64_t v);                                \
  ZKA_API void zka_##F##_add(zka_##F *out, const zka_##F *a, const zka_##F *b);             \
  ZKA_API void zka_##F##_sub(zka_##F *out, const zka_##F *a, const zka_##F *b);             \
  ZKA_API void zka_##F##_mul(zka_##F *out, const zka_##F *a, const zka_##F *b);             \
  ZKA_API void zka_##F##_neg(zka_##F *out, const zka_##F *a);                               \
  ZKA_API void zka_##F##_dbl(zka_##F *out, const zka_##F *a);                               \
  ZKA_API void zka_##F##_sqr(zka_##F *out, const zka_##F *a);                               \
  ZKA_API int zka_##F##_eq(const zka_##F *a, const zka_##F *b);                             \
  ZKA_API int zka_##F##_is_zero(const zka_##F *a);                                          \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##F##_inv(zka_##F *out, const zka_##F *a);  \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##F##_batch_inv(zka_##F *out,               \
                                                                const zka_##F *a, size_t n); \
  ZKA_API void zka_##F##_pow(zka_##F *out, const zka_##F *a, const uint64_t *e,             \
                             size_t e_limbs);                                               \
  ZKA_API int zka_##F##_legendre(const zka_##F *a);                                         \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##F##_sqrt(zka_##F *out, const zka_##F *a); \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##F##_from_bytes_le(zka_##F *out,           \
                                                                    const uint8_t in[BYTES]); \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##F##_from_bytes_be(zka_##F *out,           \
                                                                    const uint8_t in[BYTES]); \
  ZKA_API void zka_##F##_to_bytes_le(uint8_t out[BYTES], const zka_##F *a);                 \
  ZKA_API void zka_##F##_to_bytes_be(uint8_t out[BYTES], const zka_##F *a);                 \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##F##_random(zka_##F *out, zka_rng_fn rng,  \
                                                             void *rng_ctx);                \
  ZKA_API void zka_##F##_generator(zka_##F *out);                                           \
  ZKA_API unsigned zka_##F##_two_adicity(void);                                             \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##F##_root_of_unity(zka_##F *out,           \
                                                                    unsigned log_n);        \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##F##_roots_of_unity(zka_##F *out,          \
                                                                     unsigned log_n);

#define ZKA_BN254_FIELD_BYTES 32
#define ZKA_BLS12_381_FQ_BYTES 48
#define ZKA_BLS12_381_FR_BYTES 32

ZKA_DECLARE_PRIME_FIELD(bn254_fq, 32)
ZKA_DECLARE_PRIME_FIELD(bn254_fr, 32)
ZKA_DECLARE_PRIME_FIELD(bls12_381_fq, 48)
ZKA_DECLARE_PRIME_FIELD(bls12_381_fr, 32)

/* Fq2 = Fq[u]/(u^2 + 1) for both curves:
 *   zka_F2_add/sub/mul(out, a, b), zka_F2_neg/sqr/conj(out, a), zka_F2_eq(a, b),
 *   zka_F2_inv(out, a) (ZKA_ERR_DIVISION_BY_ZERO for 0). */
#define ZKA_DECLARE_FP2(F2)                                                                 \
  ZKA_API void zka_##F2##_add(zka_##F2 *out, const zka_##F2 *a, const zka_##F2 *b);         \
  ZKA_API void zka_##F2##_sub(zka_##F2 *out, const zka_##F2 *a, const zka_##F2 *b);         \
  ZKA_API void zka_##F2##_mul(zka_##F2 *out, const zka_##F2 *a, const zka_##F2 *b);         \
  ZKA_API void zka_##F2##_neg(zka_##F2 *out, const zka_##F2 *a);                            \
  ZKA_API void zka_##F2##_sqr(zka_##F2 *out, const zka_##F2 *a);                            \
  ZKA_API void zka_##F2##_conj(zka_##F2 *out, const zka_##F2 *a);                           \
  ZKA_API int zka_##F2##_eq(const zka_##F2 *a, const zka_##F2 *b);                          \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##F2##_inv(zka_##F2 *out, const zka_##F2 *a);

ZKA_DECLARE_FP2(bn254_fq2)
ZKA_DECLARE_FP2(bls12_381_fq2)

#ifdef __cplusplus
}
#endif
#endif
