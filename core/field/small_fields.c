/* small_fields.c — the public pointer API of include/zkaccel/field_small.h over the
 * portable by-value reference (small_fields_portable.h).  There is no fast path yet: the
 * SIMD lanes for these fields come with the NTT backends. */
#include "zkaccel/field_small.h"

#include "small_fields_portable.h"

/* F: field name; PARAMS: parameter prefix; BYTES: encoding length; WORD: the word type. */
#define ZKA_DEFINE_SMALL_FIELD(F, PARAMS, BYTES, WORD)                                       \
  void zka_##F##_zero(zka_##F *out) { *out = zka_##F##_zero_ref(); }                         \
  void zka_##F##_one(zka_##F *out) { *out = zka_##F##_one_ref(); }                           \
  void zka_##F##_from_u64(zka_##F *out, uint64_t v) { *out = zka_##F##_from_u64_ref(v); }    \
  void zka_##F##_add(zka_##F *out, const zka_##F *a, const zka_##F *b) {                     \
    *out = zka_##F##_add_ref(*a, *b);                                                        \
  }                                                                                          \
  void zka_##F##_sub(zka_##F *out, const zka_##F *a, const zka_##F *b) {                     \
    *out = zka_##F##_sub_ref(*a, *b);                                                        \
  }                                                                                          \
  void zka_##F##_mul(zka_##F *out, const zka_##F *a, const zka_##F *b) {                     \
    *out = zka_##F##_mul_ref(*a, *b);                                                        \
  }                                                                                          \
  void zka_##F##_neg(zka_##F *out, const zka_##F *a) { *out = zka_##F##_neg_ref(*a); }       \
  void zka_##F##_dbl(zka_##F *out, const zka_##F *a) { *out = zka_##F##_dbl_ref(*a); }       \
  void zka_##F##_sqr(zka_##F *out, const zka_##F *a) { *out = zka_##F##_sqr_ref(*a); }       \
  int zka_##F##_eq(const zka_##F *a, const zka_##F *b) { return zka_##F##_eq_ref(*a, *b); }  \
  int zka_##F##_is_zero(const zka_##F *a) { return zka_##F##_is_zero_ref(*a); }              \
  zka_status zka_##F##_inv(zka_##F *out, const zka_##F *a) {                                 \
    if (zka_##F##_is_zero_ref(*a)) return ZKA_ERR_DIVISION_BY_ZERO;                          \
    *out = zka_##F##_inv_ref(*a);                                                            \
    return ZKA_OK;                                                                           \
  }                                                                                          \
  zka_status zka_##F##_batch_inv(zka_##F *out, const zka_##F *a, size_t n) {                 \
    if (n == 0) return ZKA_OK;                                                               \
    if (!out || !a) return ZKA_ERR_INVALID_ARGUMENT;                                         \
    /* out[i] = a[0]·…·a[i-1]; then walk back with the inverse of the full product. */     \
    zka_##F acc = zka_##F##_one_ref();                                                       \
    for (size_t i = 0; i < n; i++) {                                                         \
      if (zka_##F##_is_zero_ref(a[i])) return ZKA_ERR_DIVISION_BY_ZERO;                      \
      out[i] = acc;                                                                          \
      acc = zka_##F##_mul_ref(acc, a[i]);                                                    \
    }                                                                                        \
    acc = zka_##F##_inv_ref(acc);                                                            \
    for (size_t i = n; i-- > 0;) {                                                           \
      zka_##F t = zka_##F##_mul_ref(out[i], acc);                                            \
      acc = zka_##F##_mul_ref(acc, a[i]);                                                    \
      out[i] = t;                                                                            \
    }                                                                                        \
    return ZKA_OK;                                                                           \
  }                                                                                          \
  void zka_##F##_pow(zka_##F *out, const zka_##F *a, const uint64_t *e, size_t e_limbs) {    \
    zka_##F base = *a, r = zka_##F##_one_ref();                                              \
    for (size_t i = e_limbs; i-- > 0;)                                                       \
      for (int b = 63; b >= 0; b--) {                                                        \
        r = zka_##F##_sqr_ref(r);                                                            \
        if ((e[i] >> b) & 1) r = zka_##F##_mul_ref(r, base);                                 \
      }                                                                                      \
    *out = r;                                                                                \
  }                                                                                          \
  int zka_##F##_legendre(const zka_##F *a) { return zka_##F##_legendre_ref(*a); }            \
  zka_status zka_##F##_sqrt(zka_##F *out, const zka_##F *a) {                                \
    zka_##F r;                                                                               \
    if (!zka_##F##_sqrt_ref(*a, &r)) return ZKA_ERR_NO_SQUARE_ROOT;                          \
    *out = r;                                                                                \
    return ZKA_OK;                                                                           \
  }                                                                                          \
  zka_status zka_##F##_from_canonical(zka_##F *out, WORD v) {                                \
    if (!zka_##F##_is_canonical_ref(v)) return ZKA_ERR_OUT_OF_RANGE;                         \
    *out = zka_##F##_from_canonical_ref(v);                                                  \
    return ZKA_OK;                                                                           \
  }                                                                                          \
  WORD zka_##F##_to_canonical(const zka_##F *a) { return zka_##F##_to_canonical_ref(*a); }   \
  zka_status zka_##F##_from_bytes_le(zka_##F *out, const uint8_t in[BYTES]) {                \
    WORD x = 0;                                                                              \
    for (int i = 0; i < BYTES; i++) x |= (WORD)in[i] << (8 * i);                             \
    return zka_##F##_from_canonical(out, x);                                                 \
  }                                                                                          \
  zka_status zka_##F##_from_bytes_be(zka_##F *out, const uint8_t in[BYTES]) {                \
    WORD x = 0;                                                                              \
    for (int i = 0; i < BYTES; i++) x = (WORD)(x << 8) | in[i];                              \
    return zka_##F##_from_canonical(out, x);                                                 \
  }                                                                                          \
  void zka_##F##_to_bytes_le(uint8_t out[BYTES], const zka_##F *a) {                         \
    WORD x = zka_##F##_to_canonical_ref(*a);                                                 \
    for (int i = 0; i < BYTES; i++) out[i] = (uint8_t)(x >> (8 * i));                        \
  }                                                                                          \
  void zka_##F##_to_bytes_be(uint8_t out[BYTES], const zka_##F *a) {                         \
    WORD x = zka_##F##_to_canonical_ref(*a);                                                 \
    for (int i = 0; i < BYTES; i++) out[BYTES - 1 - i] = (uint8_t)(x >> (8 * i));            \
  }                                                                                          \
  zka_status zka_##F##_random(zka_##F *out, zka_rng_fn rng, void *rng_ctx) {                 \
    /* Rejection sampling on BITS-bit integers: BabyBear accepts 15/16, Goldilocks all but   \
     * 2^-32 of the tries. */                                                                \
    const WORD mask = (WORD)(~(WORD)0 >> (8 * BYTES - PARAMS##_BITS));                       \
    if (!rng) return ZKA_ERR_INVALID_ARGUMENT;                                               \
    for (;;) {                                                                               \
      uint8_t buf[BYTES];                                                                    \
      WORD x = 0;                                                                            \
      if (rng(rng_ctx, buf, sizeof buf) != 0) return ZKA_ERR_INVALID_ARGUMENT;               \
      for (int i = 0; i < BYTES; i++) x |= (WORD)buf[i] << (8 * i);                          \
      x &= mask;                                                                             \
      if (zka_##F##_is_canonical_ref(x)) {                                                   \
        *out = zka_##F##_from_canonical_ref(x);                                              \
        return ZKA_OK;                                                                       \
      }                                                                                      \
    }                                                                                        \
  }                                                                                          \
  void zka_##F##_generator(zka_##F *out) { *out = zka_##F##_make_ref(PARAMS##_GENERATOR); }  \
  unsigned zka_##F##_two_adicity(void) { return PARAMS##_TWO_ADICITY; }                      \
  zka_status zka_##F##_root_of_unity(zka_##F *out, unsigned log_n) {                         \
    if (!out || log_n > PARAMS##_TWO_ADICITY) return ZKA_ERR_INVALID_ARGUMENT;               \
    zka_##F w = zka_##F##_make_ref(PARAMS##_ROOT_OF_UNITY);                                  \
    for (unsigned i = log_n; i < PARAMS##_TWO_ADICITY; i++) w = zka_##F##_sqr_ref(w);        \
    *out = w;                                                                                \
    return ZKA_OK;                                                                           \
  }                                                                                          \
  zka_status zka_##F##_roots_of_unity(zka_##F *out, unsigned log_n) {                        \
    zka_##F w;                                                                               \
    if (!out) return ZKA_ERR_INVALID_ARGUMENT;                                               \
    zka_status st = zka_##F##_root_of_unity(&w, log_n);                                      \
    if (st != ZKA_OK) return st;                                                             \
    out[0] = zka_##F##_one_ref();                                                            \
    for (size_t i = 1; i < ((size_t)1 << log_n); i++) out[i] = zka_##F##_mul_ref(out[i - 1], w); \
    return ZKA_OK;                                                                           \
  }

ZKA_DEFINE_SMALL_FIELD(babybear, ZKA_BABYBEAR, 4, uint32_t)
ZKA_DEFINE_SMALL_FIELD(goldilocks, ZKA_GOLDILOCKS, 8, uint64_t)

/* E: extension name; B: base field name; K: degree. */
#define ZKA_DEFINE_SMALL_EXT(E, B, K)                                                        \
  void zka_##E##_zero(zka_##E *out) { *out = zka_##E##_zero_ref(); }                         \
  void zka_##E##_one(zka_##E *out) { *out = zka_##E##_one_ref(); }                           \
  void zka_##E##_from_base(zka_##E *out, const zka_##B *b) { *out = zka_##E##_from_base_ref(*b); } \
  void zka_##E##_add(zka_##E *out, const zka_##E *x, const zka_##E *y) {                     \
    *out = zka_##E##_add_ref(*x, *y);                                                        \
  }                                                                                          \
  void zka_##E##_sub(zka_##E *out, const zka_##E *x, const zka_##E *y) {                     \
    *out = zka_##E##_sub_ref(*x, *y);                                                        \
  }                                                                                          \
  void zka_##E##_mul(zka_##E *out, const zka_##E *x, const zka_##E *y) {                     \
    *out = zka_##E##_mul_ref(*x, *y);                                                        \
  }                                                                                          \
  void zka_##E##_mul_base(zka_##E *out, const zka_##E *x, const zka_##B *b) {                \
    *out = zka_##E##_mul_base_ref(*x, *b);                                                   \
  }                                                                                          \
  void zka_##E##_neg(zka_##E *out, const zka_##E *x) { *out = zka_##E##_neg_ref(*x); }       \
  void zka_##E##_dbl(zka_##E *out, const zka_##E *x) { *out = zka_##E##_dbl_ref(*x); }       \
  void zka_##E##_sqr(zka_##E *out, const zka_##E *x) { *out = zka_##E##_sqr_ref(*x); }       \
  int zka_##E##_eq(const zka_##E *x, const zka_##E *y) { return zka_##E##_eq_ref(*x, *y); }  \
  int zka_##E##_is_zero(const zka_##E *x) { return zka_##E##_is_zero_ref(*x); }              \
  zka_status zka_##E##_inv(zka_##E *out, const zka_##E *x) {                                 \
    if (zka_##E##_is_zero_ref(*x)) return ZKA_ERR_DIVISION_BY_ZERO;                          \
    *out = zka_##E##_inv_ref(*x);                                                            \
    return ZKA_OK;                                                                           \
  }                                                                                          \
  void zka_##E##_pow(zka_##E *out, const zka_##E *x, const uint64_t *e, size_t e_limbs) {    \
    zka_##E base = *x, r = zka_##E##_one_ref();                                              \
    for (size_t i = e_limbs; i-- > 0;)                                                       \
      for (int b = 63; b >= 0; b--) {                                                        \
        r = zka_##E##_sqr_ref(r);                                                            \
        if ((e[i] >> b) & 1) r = zka_##E##_mul_ref(r, base);                                 \
      }                                                                                      \
    *out = r;                                                                                \
  }                                                                                          \
  void zka_##E##_frobenius(zka_##E *out, const zka_##E *x) { *out = zka_##E##_frobenius_ref(*x); } \
  zka_status zka_##E##_random(zka_##E *out, zka_rng_fn rng, void *rng_ctx) {                 \
    zka_##E r;                                                                               \
    for (int i = 0; i < K; i++) {                                                            \
      zka_status st = zka_##B##_random(&r.c[i], rng, rng_ctx);                               \
      if (st != ZKA_OK) return st;                                                           \
    }                                                                                        \
    *out = r;                                                                                \
    return ZKA_OK;                                                                           \
  }

ZKA_DEFINE_SMALL_EXT(babybear4, babybear, 4)
ZKA_DEFINE_SMALL_EXT(goldilocks2, goldilocks, 2)
