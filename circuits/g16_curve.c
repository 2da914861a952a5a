/* g16_curve.c — the per-curve operation tables of g16_curve.h: thin wrappers that give the
 * typed public functions (field.h, curve.h, pairing.h) one void * signature. */
#include "circuits/g16_curve.h"

#include <string.h>

#include "core/error.h"
#include "core/params/bls12_381_fq.h"
#include "core/params/bls12_381_fr.h"
#include "core/params/bn254_fq.h"
#include "core/params/bn254_fr.h"
#include "kernels/common/zka_target.h"
#include "zkaccel/field.h"
#include "zkaccel/pairing.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "zkaccel's file formats are read in place: little-endian hosts only"
#endif

static const uint64_t zka_g16_bn254_q[4] = {ZKA_BN254_FQ_P};
static const uint64_t zka_g16_bn254_r[4] = {ZKA_BN254_FR_P};
static const uint64_t zka_g16_bls_q[6] = {ZKA_BLS12_381_FQ_P};
static const uint64_t zka_g16_bls_r[4] = {ZKA_BLS12_381_FR_P};

/* Wrappers: FR the field prefix, FQ the base field, C the curve prefix. */
#define ZKA_G16_WRAP_FR(FR)                                                                   \
  static void zka_g16_##FR##_mul(void *o, const void *a, const void *b) { zka_##FR##_mul(o, a, b); } \
  static void zka_g16_##FR##_add(void *o, const void *a, const void *b) { zka_##FR##_add(o, a, b); } \
  static void zka_g16_##FR##_sub(void *o, const void *a, const void *b) { zka_##FR##_sub(o, a, b); } \
  static void zka_g16_##FR##_to_le(uint8_t o[32], const void *a) { zka_##FR##_to_bytes_le(o, a); } \
  static zka_status zka_g16_##FR##_from_le(void *o, const uint8_t i[32]) {                     \
    return zka_##FR##_from_bytes_le(o, i);                                                    \
  }                                                                                           \
  static zka_status zka_g16_##FR##_random(void *o, zka_rng_fn rng, void *rc) {                \
    return zka_##FR##_random(o, rng, rc);                                                     \
  }                                                                                           \
  static void zka_g16_##FR##_pow(void *o, const void *a, const uint64_t *e, size_t l) {        \
    zka_##FR##_pow(o, a, e, l);                                                               \
  }                                                                                           \
  static int zka_g16_##FR##_legendre(const void *a) { return zka_##FR##_legendre(a); }         \
  static void zka_g16_##FR##_from_u64(void *o, uint64_t v) { zka_##FR##_from_u64(o, v); }      \
  static zka_status zka_g16_##FR##_to_dec(char *o, size_t cap, const void *a) {               \
    return zka_##FR##_to_decimal(o, cap, a);                                                  \
  }                                                                                           \
  static zka_status zka_g16_##FR##_from_dec(void *o, const char *s, size_t len, zka_ctx *ctx) { \
    return zka_##FR##_from_decimal(o, s, len, ctx);                                           \
  }                                                                                           \
  static int zka_g16_##FR##_eq(const void *a, const void *b) { return zka_##FR##_eq(a, b); }

#define ZKA_G16_WRAP_FQ(FQ)                                                                   \
  static zka_status zka_g16_##FQ##_to_dec(char *o, size_t cap, const void *a) {               \
    return zka_##FQ##_to_decimal(o, cap, a);                                                  \
  }

#define ZKA_G16_WRAP_GROUP(G)                                                                 \
  static int zka_g16_##G##_on_curve(const void *p) { return zka_##G##_is_on_curve(p); }       \
  static int zka_g16_##G##_in_sub(const void *p) { return zka_##G##_in_subgroup(p); }         \
  static int zka_g16_##G##_is_inf(const void *p) { return zka_##G##_is_infinity(p); }         \
  static void zka_g16_##G##_to_jac(void *o, const void *p) { zka_##G##_affine_to_jacobian(o, p); } \
  static void zka_g16_##G##_to_aff(void *o, const void *p) { zka_##G##_jacobian_to_affine(o, p); } \
  static void zka_g16_##G##_add(void *o, const void *a, const void *b) { zka_##G##_add(o, a, b); } \
  static void zka_g16_##G##_add_mixed(void *o, const void *a, const void *b) {                \
    zka_##G##_add_mixed(o, a, b);                                                             \
  }                                                                                           \
  static void zka_g16_##G##_neg(void *o, const void *a) { zka_##G##_neg(o, a); }              \
  static void zka_g16_##G##_aneg(void *o, const void *a) { zka_##G##_affine_neg(o, a); }      \
  static void zka_g16_##G##_mul(void *o, const void *p, const uint8_t k[32]) {                \
    zka_##G##_mul_var(o, p, k);                                                               \
  }                                                                                           \
  static zka_status zka_g16_##G##_from_json(void *o, const char *j, size_t len, zka_ctx *ctx) { \
    return zka_##G##_from_json(o, j, len, ctx);                                               \
  }

#define ZKA_G16_GROUP_ENTRY(G)                                                                \
  {zka_g16_##G##_on_curve, zka_g16_##G##_in_sub,  zka_g16_##G##_is_inf,                       \
   zka_g16_##G##_to_jac,   zka_g16_##G##_to_aff,  zka_g16_##G##_add,                          \
   zka_g16_##G##_add_mixed, zka_g16_##G##_neg,    zka_g16_##G##_aneg,                         \
   zka_g16_##G##_mul,      zka_g16_##G##_from_json}

ZKA_G16_WRAP_FR(bn254_fr)
ZKA_G16_WRAP_FR(bls12_381_fr)
ZKA_G16_WRAP_FQ(bn254_fq)
ZKA_G16_WRAP_FQ(bls12_381_fq)
ZKA_G16_WRAP_GROUP(bn254_g1)
ZKA_G16_WRAP_GROUP(bn254_g2)
ZKA_G16_WRAP_GROUP(bls12_381_g1)
ZKA_G16_WRAP_GROUP(bls12_381_g2)

static int zka_g16_bn254_check(const void *p, const void *q, size_t n) {
  return zka_bn254_pairing_check(p, q, n);
}
static int zka_g16_bls_check(const void *p, const void *q, size_t n) {
  return zka_bls12_381_pairing_check(p, q, n);
}

#define ZKA_G16_CURVE(ID, NAME, N8Q, Q, R, C, FR, FQ, CHECK)                                   \
  {ID, NAME, N8Q, (const uint8_t *)(Q), (const uint8_t *)(R),                                 \
   sizeof(zka_##C##_g1_affine), sizeof(zka_##C##_g1_jacobian),                                \
   sizeof(zka_##C##_g2_affine), sizeof(zka_##C##_g2_jacobian),                                \
   0, 0, 0,                                                                                   \
   zka_g16_##FR##_mul, zka_g16_##FR##_add, zka_g16_##FR##_sub, zka_g16_##FR##_to_le,           \
   zka_g16_##FR##_from_le, zka_g16_##FR##_random, zka_g16_##FR##_pow,                         \
   zka_g16_##FR##_legendre, zka_g16_##FR##_from_u64, zka_g16_##FR##_to_dec,                   \
   zka_g16_##FR##_from_dec, zka_g16_##FR##_eq, zka_g16_##FQ##_to_dec,                         \
   {ZKA_G16_GROUP_ENTRY(C##_g1), ZKA_G16_GROUP_ENTRY(C##_g2)}, CHECK}

static zka_g16_curve zka_g16_curves[2] = {
    ZKA_G16_CURVE(ZKA_CURVE_BN254, "bn128", 32, zka_g16_bn254_q, zka_g16_bn254_r, bn254,
                  bn254_fr, bn254_fq, zka_g16_bn254_check),
    ZKA_G16_CURVE(ZKA_CURVE_BLS12_381, "bls12381", 48, zka_g16_bls_q, zka_g16_bls_r, bls12_381,
                  bls12_381_fr, bls12_381_fq, zka_g16_bls_check)};

static const zka_g16_curve *zka_g16_fixup(zka_g16_curve *c) {
  /* enum members that the initializer macro cannot spell per curve */
  if (c->id == ZKA_CURVE_BN254) {
    c->g1 = ZKA_GROUP_BN254_G1;
    c->g2 = ZKA_GROUP_BN254_G2;
    c->fr_field = ZKA_FIELD_BN254_FR;
  } else {
    c->g1 = ZKA_GROUP_BLS12_381_G1;
    c->g2 = ZKA_GROUP_BLS12_381_G2;
    c->fr_field = ZKA_FIELD_BLS12_381_FR;
  }
  return c;
}

const zka_g16_curve *zka_g16_curve_get(zka_curve_id id) {
  for (int i = 0; i < 2; i++)
    if (zka_g16_curves[i].id == id) return zka_g16_fixup(&zka_g16_curves[i]);
  return NULL;
}

const zka_g16_curve *zka_g16_curve_by_q(const uint8_t *q, uint32_t n8q) {
  for (int i = 0; i < 2; i++)
    if (zka_g16_curves[i].n8q == n8q && !memcmp(zka_g16_curves[i].q_le, q, n8q))
      return zka_g16_curve_get(zka_g16_curves[i].id);
  return NULL;
}

const zka_g16_curve *zka_g16_curve_by_r(const uint8_t *r, uint32_t n8r) {
  if (n8r != 32) return NULL;
  for (int i = 0; i < 2; i++)
    if (!memcmp(zka_g16_curves[i].r_le, r, 32)) return zka_g16_curve_get(zka_g16_curves[i].id);
  return NULL;
}

const char *zka_curve_snarkjs_name(zka_curve_id c) {
  const zka_g16_curve *cv = zka_g16_curve_get(c);
  return cv ? cv->snarkjs_name : "?";
}

int zka_g16_fq_raw_in_range(const zka_g16_curve *c, const uint8_t *raw) {
  for (int i = (int)c->n8q - 1; i >= 0; i--) {
    if (raw[i] != c->q_le[i]) return raw[i] < c->q_le[i];
  }
  return 0; /* equal to q */
}

zka_status zka_g16_snarkjs_root(const zka_g16_curve *c, void *out, uint32_t k) {
  /* r - 1 = 2^s * t */
  uint64_t t[4];
  memcpy(t, c->r_le, 32);
  t[0] -= 1; /* r is odd */
  uint32_t s = 0;
  while (!(t[0] & 1)) {
    for (int i = 0; i < 3; i++) t[i] = (t[i] >> 1) | (t[i + 1] << 63);
    t[3] >>= 1;
    s++;
  }
  if (k > s) return ZKA_ERR_INVALID_ARGUMENT;
  _Alignas(8) uint8_t nqr[32], w[32];
  for (uint64_t v = 2;; v++) {
    c->fr_from_u64(nqr, v);
    if (c->fr_legendre(nqr) == -1) break;
  }
  c->fr_pow(w, nqr, t, 4);
  for (uint32_t i = k; i < s; i++) c->fr_mul(w, w, w);
  memcpy(out, w, 32);
  return ZKA_OK;
}

zka_status zka_g16_root_exponent(const zka_g16_curve *c, uint32_t log_n, uint64_t *k,
                                 zka_ctx *ctx) {
  _Alignas(8) uint8_t ours[32], theirs[32], acc[32], probe[32], ours_inv_pow[32];
  zka_status st = c->id == ZKA_CURVE_BN254
                      ? zka_bn254_fr_root_of_unity((zka_bn254_fr *)(void *)ours, log_n)
                      : zka_bls12_381_fr_root_of_unity((zka_bls12_381_fr *)(void *)ours, log_n);
  if (st != ZKA_OK) return zka_error(ctx, st, "no root of unity of order 2^%u", log_n);
  st = zka_g16_snarkjs_root(c, theirs, log_n);
  if (st != ZKA_OK) return zka_error(ctx, st, "no root of unity of order 2^%u", log_n);
  /* Discrete log in the cyclic group of order 2^log_n, one bit at a time: after bits
   * 0..i-1 are known, theirs * ours^-k has order dividing 2^(log_n - i); bit i is set when
   * raising it to 2^(log_n - 1 - i) does not give 1. */
  uint64_t kk = 0;
  _Alignas(8) uint8_t one[32];
  c->fr_from_u64(one, 1);
  for (uint32_t i = 0; i < log_n; i++) {
    /* acc = theirs * ours^(-kk) = theirs * ours^(2^log_n - kk) */
    uint64_t e = ((uint64_t)1 << log_n) - kk;
    c->fr_pow(ours_inv_pow, ours, &e, 1);
    c->fr_mul(acc, theirs, ours_inv_pow);
    memcpy(probe, acc, 32);
    for (uint32_t j = 0; j + 1 + i < log_n; j++) c->fr_mul(probe, probe, probe);
    if (!c->fr_eq(probe, one)) kk |= (uint64_t)1 << i;
  }
  uint64_t e = kk;
  c->fr_pow(probe, ours, &e, 1);
  if (log_n == 0 || !c->fr_eq(probe, theirs) || !(kk & 1))
    return zka_error(ctx, ZKA_ERR_INTERNAL, "root of unity exponent search failed (2^%u)", log_n);
  *k = kk;
  return ZKA_OK;
}
