/* pairing.c — the public pairing API of include/zkaccel/pairing.h: the pairing template
 * (pairing_template.h) instantiated for BN254 and BLS12-381 over the host tower
 * (pairing_host.h). */
#include "zkaccel/pairing.h"

#include "../curve/curve_types.h"
#include "pairing_host.h"

#define ZKA_PT1 zka_bn254_fq
#define ZKA_PT2 zka_bn254_fq2
#define ZKA_PT12 zka_bn254_fq12
#define ZKA_PG1 zka_bn254_g1_affine
#define ZKA_PG2 zka_bn254_g2_affine
#define ZKA_P1N(op) zka_bn254_fq_##op##_p
#define ZKA_P2N(op) zka_bn254_fq2_##op##_p
#define ZKA_P6N(op) zka_bn254_fq6_##op##_h
#define ZKA_P12N(op) zka_bn254_fq12_##op##_h
#define ZKA_PN(op) zka_bn254_##op
#define ZKA_PP ZKA_BN254_PAIRING
#include "pairing_template.h"

#define ZKA_PT1 zka_bls12_381_fq
#define ZKA_PT2 zka_bls12_381_fq2
#define ZKA_PT12 zka_bls12_381_fq12
#define ZKA_PG1 zka_bls12_381_g1_affine
#define ZKA_PG2 zka_bls12_381_g2_affine
#define ZKA_P1N(op) zka_bls12_381_fq_##op##_p
#define ZKA_P2N(op) zka_bls12_381_fq2_##op##_p
#define ZKA_P6N(op) zka_bls12_381_fq6_##op##_h
#define ZKA_P12N(op) zka_bls12_381_fq12_##op##_h
#define ZKA_PN(op) zka_bls12_381_##op
#define ZKA_PP ZKA_BLS12_381_PAIRING
#include "pairing_template.h"

#define ZKA_DEFINE_PAIRING(C, FB)                                                             \
  void zka_##C##_miller_loop(zka_##C##_fq12 *out, const zka_##C##_g1_affine *p,               \
                             const zka_##C##_g2_affine *q) {                                  \
    *out = zka_##C##_miller_loop_n_h(p, q, 1);                                                \
  }                                                                                           \
  void zka_##C##_multi_miller_loop(zka_##C##_fq12 *out, const zka_##C##_g1_affine *p,         \
                                   const zka_##C##_g2_affine *q, size_t n) {                  \
    *out = zka_##C##_miller_loop_n_h(p, q, n);                                                \
  }                                                                                           \
  void zka_##C##_final_exp(zka_##C##_fq12 *out, const zka_##C##_fq12 *f) {                    \
    *out = zka_##C##_final_exp_h(*f);                                                         \
  }                                                                                           \
  void zka_##C##_pairing(zka_##C##_fq12 *out, const zka_##C##_g1_affine *p,                   \
                         const zka_##C##_g2_affine *q) {                                      \
    *out = zka_##C##_final_exp_h(zka_##C##_miller_loop_n_h(p, q, 1));                         \
  }                                                                                           \
  int zka_##C##_pairing_check(const zka_##C##_g1_affine *p, const zka_##C##_g2_affine *q,    \
                              size_t n) {                                                     \
    return (int)zka_##C##_fq12_is_one_h(zka_##C##_final_exp_h(zka_##C##_miller_loop_n_h(p, q, n))); \
  }                                                                                           \
  void zka_##C##_fq12_one(zka_##C##_fq12 *out) { *out = zka_##C##_fq12_one_h(); }             \
  void zka_##C##_fq12_mul(zka_##C##_fq12 *out, const zka_##C##_fq12 *a,                       \
                          const zka_##C##_fq12 *b) {                                          \
    *out = zka_##C##_fq12_mul_h(*a, *b);                                                      \
  }                                                                                           \
  void zka_##C##_fq12_sqr(zka_##C##_fq12 *out, const zka_##C##_fq12 *a) {                     \
    *out = zka_##C##_fq12_sqr_h(*a);                                                          \
  }                                                                                           \
  void zka_##C##_fq12_conj(zka_##C##_fq12 *out, const zka_##C##_fq12 *a) {                    \
    *out = zka_##C##_fq12_conj_h(*a);                                                         \
  }                                                                                           \
  zka_status zka_##C##_fq12_inv(zka_##C##_fq12 *out, const zka_##C##_fq12 *a) {               \
    if (zka_##C##_fq12_eq_h(*a, zka_##C##_fq12_zero_h())) return ZKA_ERR_DIVISION_BY_ZERO;    \
    *out = zka_##C##_fq12_inv_h(*a);                                                          \
    return ZKA_OK;                                                                            \
  }                                                                                           \
  void zka_##C##_fq12_frobenius(zka_##C##_fq12 *out, const zka_##C##_fq12 *a, unsigned k) {   \
    zka_##C##_fq12 r = *a;                                                                    \
    k %= 12;                                                                                  \
    for (; k >= 3; k -= 3) r = zka_##C##_fq12_frobenius3_h(r);                                \
    if (k == 2) r = zka_##C##_fq12_frobenius2_h(r);                                           \
    if (k == 1) r = zka_##C##_fq12_frobenius1_h(r);                                           \
    *out = r;                                                                                 \
  }                                                                                           \
  void zka_##C##_fq12_pow_var(zka_##C##_fq12 *out, const zka_##C##_fq12 *a, const uint64_t *e, \
                              size_t e_limbs) {                                               \
    zka_##C##_fq12 base = *a, r = zka_##C##_fq12_one_h();                                     \
    for (size_t i = e_limbs; i-- > 0;)                                                        \
      for (int b = 63; b >= 0; b--) {                                                         \
        r = zka_##C##_fq12_sqr_h(r);                                                          \
        if ((e[i] >> b) & 1) r = zka_##C##_fq12_mul_h(r, base);                               \
      }                                                                                       \
    *out = r;                                                                                 \
  }                                                                                           \
  int zka_##C##_fq12_eq(const zka_##C##_fq12 *a, const zka_##C##_fq12 *b) {                   \
    return (int)zka_##C##_fq12_eq_h(*a, *b);                                                  \
  }                                                                                           \
  int zka_##C##_fq12_is_one(const zka_##C##_fq12 *a) { return (int)zka_##C##_fq12_is_one_h(*a); } \
  /* The 12 Fq coefficients in storage order (c0.c0.c0, c0.c0.c1, c0.c1.c0, ...). */          \
  static zka_##C##_fq *zka_##C##_fq12_coeff(zka_##C##_fq12 *a, int i) {                       \
    zka_##C##_fq6 *h = i < 6 ? &a->c0 : &a->c1;                                               \
    zka_##C##_fq2 *e = (i % 6) < 2 ? &h->c0 : (i % 6) < 4 ? &h->c1 : &h->c2;                  \
    return i % 2 == 0 ? &e->c0 : &e->c1;                                                      \
  }                                                                                           \
  void zka_##C##_fq12_to_bytes_be(uint8_t out[12 * (FB)], const zka_##C##_fq12 *a) {          \
    zka_##C##_fq12 t = *a;                                                                    \
    for (int i = 0; i < 12; i++) zka_##C##_fq_to_bytes_be(out + i * (FB), zka_##C##_fq12_coeff(&t, i)); \
  }                                                                                           \
  zka_status zka_##C##_fq12_from_bytes_be(zka_##C##_fq12 *out, const uint8_t in[12 * (FB)]) { \
    zka_##C##_fq12 t;                                                                         \
    for (int i = 0; i < 12; i++) {                                                            \
      zka_status st = zka_##C##_fq_from_bytes_be(zka_##C##_fq12_coeff(&t, i), in + i * (FB));  \
      if (st != ZKA_OK) return st;                                                            \
    }                                                                                         \
    *out = t;                                                                                 \
    return ZKA_OK;                                                                            \
  }

ZKA_DEFINE_PAIRING(bn254, 32)
ZKA_DEFINE_PAIRING(bls12_381, 48)
