/* pairing.h — optimal ate pairings on BN254 and BLS12-381, their target groups (Fq12), and
 * multi-pairing product checks (what a Groth16 or KZG verifier needs).
 *
 * Types (fixed layout; coefficients are Fq2 elements as in field.h, Montgomery form):
 *   zka_<curve>_fq6    c0 + c1·v + c2·v^2,  v^3 = xi
 *   zka_<curve>_fq12   c0 + c1·w,           w^2 = v     (GT elements are fq12 values)
 * with xi = 9 + u for BN254 (EIP-197) and xi = 1 + u for BLS12-381 (the IETF pairing-
 * friendly curves draft); this is the tower of arkworks, gnark-crypto, zkcrypto and
 * @noble/curves, so their Fq12 values compare coefficient by coefficient.
 *
 * The pairing e(P, Q) = final_exp(miller_loop(P, Q)) with
 *   BN254:     the optimal ate Miller loop on 6x + 2 plus two Frobenius lines, and
 *              final_exp(f) = f^(2x(6x^2 + 3x + 1)·(p^12 - 1)/r)   (x = 4965661367192848881)
 *   BLS12-381: the optimal ate Miller loop on x = -0xd201000000010000, and
 *              final_exp(f) = f^(3·(p^12 - 1)/r)
 * The extra factors (prime to r) are those of the fast final exponentiations that
 * arkworks, gnark-crypto, zkcrypto/blst and @noble/curves use, so e(G1, G2) here equals
 * their value.  Every function is bilinear and non-degenerate; e(O, Q) = e(P, O) = 1.
 *
 * Inputs are affine points ((0, 0) is the point at infinity, as in curve.h) that the
 * caller has already validated: on the curve and in the prime-order subgroup (see the
 * zka_<G>_is_on_curve / zka_<G>_in_subgroup functions of curve.h).  On other inputs the
 * output is meaningless (but no memory is touched beyond the arguments).
 * Variable time in the public loop parameters only; the points' values do not change the
 * sequence of operations apart from the infinity checks.  Thread-safe, no allocation.
 * Outputs may alias inputs.
 */
#ifndef ZKACCEL_PAIRING_H
#define ZKACCEL_PAIRING_H
#include <stddef.h>
#include <stdint.h>

#include "curve.h"
#include "field.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef ZKA_PAIRING_TYPES_DEFINED
#define ZKA_PAIRING_TYPES_DEFINED
typedef struct { zka_bn254_fq2 c0, c1, c2; } zka_bn254_fq6;
typedef struct { zka_bn254_fq6 c0, c1; } zka_bn254_fq12;
typedef struct { zka_bls12_381_fq2 c0, c1, c2; } zka_bls12_381_fq6;
typedef struct { zka_bls12_381_fq6 c0, c1; } zka_bls12_381_fq12;
#endif

/** Bytes of a canonical Fq12 encoding: 12 field elements. */
#define ZKA_BN254_FQ12_BYTES (12 * 32)
#define ZKA_BLS12_381_FQ12_BYTES (12 * 48)

/* One declaration block per curve C (Fq bytes FB):
 *
 *   zka_C_pairing(out, p, q)          out = e(p, q), reduced (Miller loop + final exp)
 *   zka_C_miller_loop(out, p, q)      out = the Miller loop value f(p, q), not reduced; 1
 *                                     when p or q is the point at infinity
 *   zka_C_multi_miller_loop(out, p, q, n)   prod_i f(p[i], q[i]) with one shared squaring
 *                                     chain (n = 0 gives 1; p, q may be NULL when n = 0)
 *   zka_C_final_exp(out, f)           the final exponentiation (see above) of f != 0; 0 maps
 *                                     to 0
 *   zka_C_pairing_check(p, q, n)      1 when prod_i e(p[i], q[i]) = 1, else 0; one shared
 *                                     final exponentiation; n = 0 gives 1 (the empty
 *                                     product); pairs with an infinity contribute 1.  Inputs
 *                                     must be validated points (see above): this is the
 *                                     EIP-197 check with the validation left to the caller.
 *
 *   zka_C_fq12_one(out), zka_C_fq12_mul(out, a, b), zka_C_fq12_sqr(out, a),
 *   zka_C_fq12_conj(out, a)           a^(p^6): the inverse on GT
 *   zka_C_fq12_inv(out, a)            ZKA_ERR_DIVISION_BY_ZERO for 0 (out untouched)
 *   zka_C_fq12_frobenius(out, a, k)   a^(p^k) for any k >= 0
 *   zka_C_fq12_pow_var(out, a, e, e_limbs)   a^e, e little-endian 64-bit limbs (variable time)
 *   zka_C_fq12_eq(a, b), zka_C_fq12_is_one(a)   1 or 0
 *   zka_C_fq12_to_bytes_be(out, a)    the 12 Fq coefficients in storage order
 *                                     c0.c0.c0, c0.c0.c1, c0.c1.c0, c0.c1.c1, c0.c2.c0,
 *                                     c0.c2.c1, c1.c0.c0, ..., c1.c2.c1, each canonical
 *                                     big-endian FB bytes (the order of zkcrypto's and
 *                                     @noble/curves' Fp12 serialization)
 *   zka_C_fq12_from_bytes_be(out, in) the inverse; ZKA_ERR_OUT_OF_RANGE if a coefficient
 *                                     is >= p (out untouched)
 */
#define ZKA_DECLARE_PAIRING(C, FB)                                                           \
  ZKA_API void zka_##C##_pairing(zka_##C##_fq12 *out, const zka_##C##_g1_affine *p,          \
                                 const zka_##C##_g2_affine *q);                              \
  ZKA_API void zka_##C##_miller_loop(zka_##C##_fq12 *out, const zka_##C##_g1_affine *p,      \
                                     const zka_##C##_g2_affine *q);                          \
  ZKA_API void zka_##C##_multi_miller_loop(zka_##C##_fq12 *out, const zka_##C##_g1_affine *p, \
                                           const zka_##C##_g2_affine *q, size_t n);          \
  ZKA_API void zka_##C##_final_exp(zka_##C##_fq12 *out, const zka_##C##_fq12 *f);            \
  ZKA_API int zka_##C##_pairing_check(const zka_##C##_g1_affine *p,                          \
                                      const zka_##C##_g2_affine *q, size_t n);               \
  ZKA_API void zka_##C##_fq12_one(zka_##C##_fq12 *out);                                      \
  ZKA_API void zka_##C##_fq12_mul(zka_##C##_fq12 *out, const zka_##C##_fq12 *a,             \
                                  const zka_##C##_fq12 *b);                                  \
  ZKA_API void zka_##C##_fq12_sqr(zka_##C##_fq12 *out, const zka_##C##_fq12 *a);             \
  ZKA_API void zka_##C##_fq12_conj(zka_##C##_fq12 *out, const zka_##C##_fq12 *a);            \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##C##_fq12_inv(zka_##C##_fq12 *out,          \
                                                               const zka_##C##_fq12 *a);     \
  ZKA_API void zka_##C##_fq12_frobenius(zka_##C##_fq12 *out, const zka_##C##_fq12 *a,        \
                                        unsigned k);                                         \
  ZKA_API void zka_##C##_fq12_pow_var(zka_##C##_fq12 *out, const zka_##C##_fq12 *a,          \
                                      const uint64_t *e, size_t e_limbs);                    \
  ZKA_API int zka_##C##_fq12_eq(const zka_##C##_fq12 *a, const zka_##C##_fq12 *b);           \
  ZKA_API int zka_##C##_fq12_is_one(const zka_##C##_fq12 *a);                                \
  ZKA_API void zka_##C##_fq12_to_bytes_be(uint8_t out[12 * (FB)], const zka_##C##_fq12 *a);  \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##C##_fq12_from_bytes_be(                    \
      zka_##C##_fq12 *out, const uint8_t in[12 * (FB)]);

ZKA_DECLARE_PAIRING(bn254, 32)
ZKA_DECLARE_PAIRING(bls12_381, 48)

#ifdef __cplusplus
}
#endif
#endif
