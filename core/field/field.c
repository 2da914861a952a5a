/* field.c — the public pointer API of include/zkaccel/field.h over the host
 * instantiation (field_host.h), and the choice of arithmetic path. */
#include "zkaccel/field.h"

#include <stdlib.h>
#include <string.h>

#include "field_host.h"

int zka_field_fast_enabled = 0;

int zka_field_fast_available(void) {
#ifdef ZKA_HAVE_FAST_FIELD
  return zka_cpu_has_bmi2_adx();
#else
  return 0;
#endif
}

/* Chosen once when the library loads: fast when the CPU can, unless ZKA_PORTABLE is set
 * to something other than "0" in the environment. */
__attribute__((constructor)) static void zka_field_choose_path(void) {
  const char *env = getenv("ZKA_PORTABLE");
  int portable = env && *env && strcmp(env, "0") != 0;
  zka_field_fast_enabled = !portable && zka_field_fast_available();
}

zka_status zka_field_set_path(zka_field_path path) {
  if (path == ZKA_FIELD_PATH_PORTABLE) {
    zka_field_fast_enabled = 0;
    return ZKA_OK;
  }
  if (path == ZKA_FIELD_PATH_FAST) {
    if (!zka_field_fast_available()) return ZKA_ERR_UNSUPPORTED;
    zka_field_fast_enabled = 1;
    return ZKA_OK;
  }
  return ZKA_ERR_INVALID_ARGUMENT;
}

zka_field_path zka_field_get_path(void) {
  return zka_field_fast_enabled ? ZKA_FIELD_PATH_FAST : ZKA_FIELD_PATH_PORTABLE;
}

/* The fast kernels work in place on the caller's limbs (they may alias): calling them
 * directly saves the by-value copies of the _h functions. */
#ifdef ZKA_HAVE_FAST_FIELD
#define ZKA_FAST_CALL(call)      \
  do {                           \
    if (zka_field_fast_enabled) { \
      call;                      \
      return;                    \
    }                            \
  } while (0)
#else
#define ZKA_FAST_CALL(call) ((void)0)
#endif

#define ZKA_DEFINE_PRIME_FIELD(F, PARAMS, BYTES)                                            \
  void zka_##F##_zero(zka_##F *out) { *out = zka_##F##_zero_h(); }                          \
  void zka_##F##_one(zka_##F *out) { *out = zka_##F##_one_h(); }                            \
  void zka_##F##_from_u64(zka_##F *out, uint64_t v) {                                       \
    zka_##F x = zka_##F##_zero_h();                                                         \
    x.l[0] = v;                                                                             \
    /* v < 2^64 < p for every field here, so x is canonical */                              \
    *out = zka_##F##_to_mont_h(x);                                                          \
  }                                                                                         \
  void zka_##F##_add(zka_##F *out, const zka_##F *a, const zka_##F *b) {                    \
    *out = zka_##F##_add_h(*a, *b);                                                         \
  }                                                                                         \
  void zka_##F##_sub(zka_##F *out, const zka_##F *a, const zka_##F *b) {                    \
    *out = zka_##F##_sub_h(*a, *b);                                                         \
  }                                                                                         \
  void zka_##F##_mul(zka_##F *out, const zka_##F *a, const zka_##F *b) {                    \
    ZKA_FAST_CALL(zka_##F##_mul_adx(out->l, a->l, b->l));                                   \
    *out = zka_##F##_mul_h(*a, *b);                                                         \
  }                                                                                         \
  void zka_##F##_neg(zka_##F *out, const zka_##F *a) { *out = zka_##F##_neg_h(*a); }        \
  void zka_##F##_dbl(zka_##F *out, const zka_##F *a) { *out = zka_##F##_dbl_h(*a); }        \
  void zka_##F##_sqr(zka_##F *out, const zka_##F *a) {                                      \
    ZKA_FAST_CALL(zka_##F##_sqr_adx(out->l, a->l));                                         \
    *out = zka_##F##_sqr_h(*a);                                                             \
  }                                                                                         \
  int zka_##F##_eq(const zka_##F *a, const zka_##F *b) { return (int)zka_##F##_eq_h(*a, *b); } \
  int zka_##F##_is_zero(const zka_##F *a) { return (int)zka_##F##_is_zero_h(*a); }          \
  zka_status zka_##F##_inv(zka_##F *out, const zka_##F *a) {                                \
    if (zka_##F##_is_zero_h(*a)) return ZKA_ERR_DIVISION_BY_ZERO;                           \
    *out = zka_##F##_inv_h(*a);                                                             \
    return ZKA_OK;                                                                          \
  }                                                                                         \
  zka_status zka_##F##_batch_inv(zka_##F *out, const zka_##F *a, size_t n) {                \
    if (n == 0) return ZKA_OK;                                                              \
    if (!out || !a) return ZKA_ERR_INVALID_ARGUMENT;                                        \
    /* out[i] = a[0]·…·a[i-1]; then walk back with the inverse of the full product. */     \
    zka_##F acc = zka_##F##_one_h();                                                        \
    for (size_t i = 0; i < n; i++) {                                                        \
      if (zka_##F##_is_zero_h(a[i])) return ZKA_ERR_DIVISION_BY_ZERO;                       \
      out[i] = acc;                                                                         \
      acc = zka_##F##_mul_h(acc, a[i]);                                                     \
    }                                                                                       \
    acc = zka_##F##_inv_h(acc);                                                             \
    for (size_t i = n; i-- > 0;) {                                                          \
      zka_##F t = zka_##F##_mul_h(out[i], acc);                                             \
      acc = zka_##F##_mul_h(acc, a[i]);                                                     \
      out[i] = t;                                                                           \
    }                                                                                       \
    return ZKA_OK;                                                                          \
  }                                                                                         \
  void zka_##F##_pow(zka_##F *out, const zka_##F *a, const uint64_t *e, size_t e_limbs) {   \
    zka_##F base = *a, r = zka_##F##_one_h();                                               \
    for (size_t i = e_limbs; i-- > 0;)                                                      \
      for (int b = 63; b >= 0; b--) {                                                       \
        r = zka_##F##_sqr_h(r);                                                             \
        if ((e[i] >> b) & 1) r = zka_##F##_mul_h(r, base);                                  \
      }                                                                                     \
    *out = r;                                                                               \
  }                                                                                         \
  int zka_##F##_legendre(const zka_##F *a) { return zka_##F##_legendre_h(*a); }             \
  zka_status zka_##F##_sqrt(zka_##F *out, const zka_##F *a) {                               \
    zka_##F r;                                                                              \
    if (!zka_##F##_sqrt_h(*a, &r)) return ZKA_ERR_NO_SQUARE_ROOT;                           \
    *out = r;                                                                               \
    return ZKA_OK;                                                                          \
  }                                                                                         \
  zka_status zka_##F##_from_bytes_le(zka_##F *out, const uint8_t in[BYTES]) {               \
    zka_##F x = zka_##F##_zero_h();                                                         \
    for (int i = 0; i < BYTES; i++) x.l[i / 8] |= (uint64_t)in[i] << (8 * (i % 8));         \
    if (!zka_##F##_is_canonical_h(x)) return ZKA_ERR_OUT_OF_RANGE;                          \
    *out = zka_##F##_to_mont_h(x);                                                          \
    return ZKA_OK;                                                                          \
  }                                                                                         \
  zka_status zka_##F##_from_bytes_be(zka_##F *out, const uint8_t in[BYTES]) {               \
    uint8_t le[BYTES];                                                                      \
    for (int i = 0; i < BYTES; i++) le[i] = in[BYTES - 1 - i];                              \
    return zka_##F##_from_bytes_le(out, le);                                                \
  }                                                                                         \
  void zka_##F##_to_bytes_le(uint8_t out[BYTES], const zka_##F *a) {                        \
    zka_##F x = zka_##F##_from_mont_h(*a);                                                  \
    for (int i = 0; i < BYTES; i++) out[i] = (uint8_t)(x.l[i / 8] >> (8 * (i % 8)));        \
  }                                                                                         \
  void zka_##F##_to_bytes_be(uint8_t out[BYTES], const zka_##F *a) {                        \
    uint8_t le[BYTES];                                                                      \
    zka_##F##_to_bytes_le(le, a);                                                           \
    for (int i = 0; i < BYTES; i++) out[i] = le[BYTES - 1 - i];                             \
  }                                                                                         \
  zka_status zka_##F##_random(zka_##F *out, zka_rng_fn rng, void *rng_ctx) {                \
    const int bits = PARAMS##_BITS;                                                         \
    const int nl = PARAMS##_LIMBS;                                                          \
    if (!rng) return ZKA_ERR_INVALID_ARGUMENT;                                              \
    /* Rejection sampling on bits-bit integers: each try succeeds with probability > 1/2. */ \
    for (;;) {                                                                              \
      uint8_t buf[8 * PARAMS##_LIMBS];                                                      \
      zka_##F x;                                                                            \
      if (rng(rng_ctx, buf, sizeof buf) != 0) return ZKA_ERR_INVALID_ARGUMENT;              \
      for (int i = 0; i < nl; i++) {                                                        \
        x.l[i] = 0;                                                                         \
        for (int j = 0; j < 8; j++) x.l[i] |= (uint64_t)buf[8 * i + j] << (8 * j);          \
      }                                                                                     \
      if (bits % 64) x.l[nl - 1] &= ((uint64_t)1 << (bits % 64)) - 1;                       \
      if (zka_##F##_is_canonical_h(x)) {                                                    \
        *out = zka_##F##_to_mont_h(x);                                                      \
        return ZKA_OK;                                                                      \
      }                                                                                     \
    }                                                                                       \
  }                                                                                         \
  void zka_##F##_generator(zka_##F *out) {                                                  \
    zka_##F g = {{PARAMS##_GENERATOR}};                                                     \
    *out = g;                                                                               \
  }                                                                                         \
  unsigned zka_##F##_two_adicity(void) { return PARAMS##_TWO_ADICITY; }                     \
  zka_status zka_##F##_root_of_unity(zka_##F *out, unsigned log_n) {                        \
    if (log_n > PARAMS##_TWO_ADICITY) return ZKA_ERR_INVALID_ARGUMENT;                      \
    zka_##F w = {{PARAMS##_ROOT_OF_UNITY}};                                                 \
    for (unsigned i = log_n; i < PARAMS##_TWO_ADICITY; i++) w = zka_##F##_sqr_h(w);         \
    *out = w;                                                                               \
    return ZKA_OK;                                                                          \
  }                                                                                         \
  zka_status zka_##F##_roots_of_unity(zka_##F *out, unsigned log_n) {                       \
    zka_##F w;                                                                              \
    zka_status st = zka_##F##_root_of_unity(&w, log_n);                                     \
    if (st != ZKA_OK) return st;                                                            \
    if (!out) return ZKA_ERR_INVALID_ARGUMENT;                                              \
    out[0] = zka_##F##_one_h();                                                             \
    for (size_t i = 1; i < ((size_t)1 << log_n); i++) out[i] = zka_##F##_mul_h(out[i - 1], w); \
    return ZKA_OK;                                                                          \
  }

ZKA_DEFINE_PRIME_FIELD(bn254_fq, ZKA_BN254_FQ, 32)
ZKA_DEFINE_PRIME_FIELD(bn254_fr, ZKA_BN254_FR, 32)
ZKA_DEFINE_PRIME_FIELD(bls12_381_fq, ZKA_BLS12_381_FQ, 48)
ZKA_DEFINE_PRIME_FIELD(bls12_381_fr, ZKA_BLS12_381_FR, 32)

#define ZKA_DEFINE_FP2(F2)                                                                  \
  void zka_##F2##_add(zka_##F2 *out, const zka_##F2 *a, const zka_##F2 *b) {                \
    *out = zka_##F2##_add_h(*a, *b);                                                        \
  }                                                                                         \
  void zka_##F2##_sub(zka_##F2 *out, const zka_##F2 *a, const zka_##F2 *b) {                \
    *out = zka_##F2##_sub_h(*a, *b);                                                        \
  }                                                                                         \
  void zka_##F2##_mul(zka_##F2 *out, const zka_##F2 *a, const zka_##F2 *b) {                \
    *out = zka_##F2##_mul_h(*a, *b);                                                        \
  }                                                                                         \
  void zka_##F2##_neg(zka_##F2 *out, const zka_##F2 *a) { *out = zka_##F2##_neg_h(*a); }    \
  void zka_##F2##_sqr(zka_##F2 *out, const zka_##F2 *a) { *out = zka_##F2##_sqr_h(*a); }    \
  void zka_##F2##_conj(zka_##F2 *out, const zka_##F2 *a) { *out = zka_##F2##_conj_h(*a); }  \
  int zka_##F2##_eq(const zka_##F2 *a, const zka_##F2 *b) { return (int)zka_##F2##_eq_h(*a, *b); } \
  zka_status zka_##F2##_inv(zka_##F2 *out, const zka_##F2 *a) {                             \
    if (zka_##F2##_is_zero_h(*a)) return ZKA_ERR_DIVISION_BY_ZERO;                          \
    *out = zka_##F2##_inv_h(*a);                                                            \
    return ZKA_OK;                                                                          \
  }

ZKA_DEFINE_FP2(bn254_fq2)
ZKA_DEFINE_FP2(bls12_381_fq2)
