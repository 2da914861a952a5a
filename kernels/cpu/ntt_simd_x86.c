/* ntt_simd_x86.c — SIMD butterfly kernels (zka_ntt_kernels, ntt_cpu_internal.h) for the
 * small fields: BabyBear in AVX2 (8 lanes) and AVX-512F (16 lanes), Goldilocks in AVX2
 * (4 lanes) and AVX-512F (8 lanes); and AVX-512F tiles for the bit-reversal permutation
 * of 4-, 8- and 32-byte elements.  Each function carries its own target attribute, so the
 * file builds without -mavx2 and ntt_cpu.c picks a table at run time
 * (__builtin_cpu_supports).  Every kernel
 * returns fully reduced values, so its bytes equal the portable kernels' (the tests check).
 *
 * BabyBear Montgomery product, per lane (as core/field/babybear.h, Plonky3 monty-31 AVX2):
 * x = a·b, q = (x mod 2^32)·MU mod 2^32, t = hi(x) - hi(q·p) in (-p, p), r = min(t, t + p)
 * as unsigned words.  Even and odd lanes go through vpmuludq separately.
 * Goldilocks: the 128-bit product from four 32x32 products, then the same reduce128 as
 * core/field/goldilocks.h, with unsigned compares as signed compares after flipping bit 63.
 */
#include "kernels/cpu/ntt_cpu_internal.h"

#ifdef ZKA_NTT_HAVE_X86
#include <immintrin.h>
#include <stdint.h>

#include "core/field/small_fields_portable.h"

#define ZKA_AVX2 __attribute__((target("avx2")))
#define ZKA_AVX512 __attribute__((target("avx512f")))

/* ---- BabyBear, AVX2 ------------------------------------------------------------------ */

#define ZKA_BB_P8 _mm256_set1_epi32((int)ZKA_BABYBEAR_P)
#define ZKA_BB_MU8 _mm256_set1_epi32((int)ZKA_BABYBEAR_MU)

static inline ZKA_AVX2 __m256i zka_bb8_add(__m256i a, __m256i b) {
  __m256i s = _mm256_add_epi32(a, b);
  return _mm256_min_epu32(s, _mm256_sub_epi32(s, ZKA_BB_P8));
}
static inline ZKA_AVX2 __m256i zka_bb8_sub(__m256i a, __m256i b) {
  __m256i d = _mm256_sub_epi32(a, b);
  return _mm256_min_epu32(d, _mm256_add_epi32(d, ZKA_BB_P8));
}
static inline ZKA_AVX2 __m256i zka_bb8_mul(__m256i a, __m256i b) {
  const __m256i p = ZKA_BB_P8, mu = ZKA_BB_MU8;
  /* odd lanes moved down with movehdup (a shuffle port, not the shift/multiply ports) */
  __m256i a_o = _mm256_castps_si256(_mm256_movehdup_ps(_mm256_castsi256_ps(a)));
  __m256i b_o = _mm256_castps_si256(_mm256_movehdup_ps(_mm256_castsi256_ps(b)));
  __m256i x_e = _mm256_mul_epu32(a, b), x_o = _mm256_mul_epu32(a_o, b_o);
  __m256i q_e = _mm256_mul_epu32(x_e, mu), q_o = _mm256_mul_epu32(x_o, mu);
  __m256i qp_e = _mm256_mul_epu32(q_e, p), qp_o = _mm256_mul_epu32(q_o, p);
  __m256i x_hi = _mm256_blend_epi32(_mm256_srli_epi64(x_e, 32), x_o, 0xaa);
  __m256i qp_hi = _mm256_blend_epi32(_mm256_srli_epi64(qp_e, 32), qp_o, 0xaa);
  __m256i t = _mm256_sub_epi32(x_hi, qp_hi);
  return _mm256_min_epu32(t, _mm256_add_epi32(t, p));
}

/* a - b as a signed word in (-p, p): only ever the first factor of zka_bb8_muld. */
static inline ZKA_AVX2 __m256i zka_bb8_subl(__m256i a, __m256i b) {
  return _mm256_sub_epi32(a, b);
}

/* d·w for a signed d in (-p, p) and w in [0, p), fully reduced (zka_bb16_muld explains). */
static inline ZKA_AVX2 __m256i zka_bb8_muld(__m256i d, __m256i w) {
  const __m256i p = ZKA_BB_P8, mu = ZKA_BB_MU8;
  __m256i d_o = _mm256_castps_si256(_mm256_movehdup_ps(_mm256_castsi256_ps(d)));
  __m256i w_o = _mm256_castps_si256(_mm256_movehdup_ps(_mm256_castsi256_ps(w)));
  __m256i x_e = _mm256_mul_epi32(d, w), x_o = _mm256_mul_epi32(d_o, w_o);
  __m256i q_e = _mm256_mul_epu32(x_e, mu), q_o = _mm256_mul_epu32(x_o, mu);
  __m256i qp_e = _mm256_mul_epi32(q_e, p), qp_o = _mm256_mul_epi32(q_o, p);
  __m256i x_hi = _mm256_blend_epi32(_mm256_srli_epi64(x_e, 32), x_o, 0xaa);
  __m256i qp_hi = _mm256_blend_epi32(_mm256_srli_epi64(qp_e, 32), qp_o, 0xaa);
  __m256i t = _mm256_sub_epi32(x_hi, qp_hi);
  return _mm256_min_epu32(t, _mm256_add_epi32(t, p));
}

/* ---- BabyBear, AVX-512F -------------------------------------------------------------- */

#define ZKA_BB_P16 _mm512_set1_epi32((int)ZKA_BABYBEAR_P)
#define ZKA_BB_MU16 _mm512_set1_epi32((int)ZKA_BABYBEAR_MU)

static inline ZKA_AVX512 __m512i zka_bb16_add(__m512i a, __m512i b) {
  __m512i s = _mm512_add_epi32(a, b);
  return _mm512_min_epu32(s, _mm512_sub_epi32(s, ZKA_BB_P16));
}
static inline ZKA_AVX512 __m512i zka_bb16_sub(__m512i a, __m512i b) {
  __m512i d = _mm512_sub_epi32(a, b);
  return _mm512_min_epu32(d, _mm512_add_epi32(d, ZKA_BB_P16));
}
/* The high 32-bit words of the 64-bit lanes of e (even products) and o (odd products), in
 * lane order: one masked movehdup. */
static inline ZKA_AVX512 __m512i zka_bb16_hi_words(__m512i e, __m512i o) {
  return _mm512_castps_si512(
      _mm512_mask_movehdup_ps(_mm512_castsi512_ps(o), 0x5555, _mm512_castsi512_ps(e)));
}
static inline ZKA_AVX512 __m512i zka_bb16_mul(__m512i a, __m512i b) {
  const __m512i p = ZKA_BB_P16, mu = ZKA_BB_MU16;
#define ZKA_HDUP(v) _mm512_castps_si512(_mm512_movehdup_ps(_mm512_castsi512_ps(v)))
  __m512i a_o = ZKA_HDUP(a), b_o = ZKA_HDUP(b);
  __m512i x_e = _mm512_mul_epu32(a, b), x_o = _mm512_mul_epu32(a_o, b_o);
  __m512i q_e = _mm512_mul_epu32(x_e, mu), q_o = _mm512_mul_epu32(x_o, mu);
  __m512i qp_e = _mm512_mul_epu32(q_e, p), qp_o = _mm512_mul_epu32(q_o, p);
  /* x - q·p as 64-bit words: the low words are equal, so the high word is exactly
   * hi(x) - hi(q·p); then one masked movehdup gathers the 16 high words (even lanes take
   * the odd word of the even difference, odd lanes keep the odd one's) */
  __m512i t = zka_bb16_hi_words(_mm512_sub_epi64(x_e, qp_e), _mm512_sub_epi64(x_o, qp_o));
#undef ZKA_HDUP
  return _mm512_min_epu32(t, _mm512_add_epi32(t, p));
}

/* a - b as a signed word in (-p, p) (one instruction; a - b + p took two): only ever the
 * first factor of zka_bb16_muld. */
static inline ZKA_AVX512 __m512i zka_bb16_subl(__m512i a, __m512i b) {
  return _mm512_sub_epi32(a, b);
}

/* d·w for a signed d in (-p, p) and w in [0, p), fully reduced: the Montgomery product of
 * zka_bb16_mul with signed products (vpmuldq) for x = d·w and q·p.  q = x·MU mod 2^32 read
 * as a signed word still gives q·p = x mod 2^32, and |x| < p·2^31, |q·p| <= 2^31·p, so
 * t = (x - q·p) / 2^32 (the high word of the 64-bit difference) lies in (-p, p), and
 * min(t, t + p) as unsigned words is t mod p: the same value (and bytes) as the unsigned
 * product of a - b + p. */
static inline ZKA_AVX512 __m512i zka_bb16_muld(__m512i d, __m512i w) {
  const __m512i p = ZKA_BB_P16, mu = ZKA_BB_MU16;
#define ZKA_HDUP(v) _mm512_castps_si512(_mm512_movehdup_ps(_mm512_castsi512_ps(v)))
  __m512i d_o = ZKA_HDUP(d), w_o = ZKA_HDUP(w);
  __m512i x_e = _mm512_mul_epi32(d, w), x_o = _mm512_mul_epi32(d_o, w_o);
  __m512i q_e = _mm512_mul_epu32(x_e, mu), q_o = _mm512_mul_epu32(x_o, mu);
  __m512i qp_e = _mm512_mul_epi32(q_e, p), qp_o = _mm512_mul_epi32(q_o, p);
  __m512i t = zka_bb16_hi_words(_mm512_sub_epi64(x_e, qp_e), _mm512_sub_epi64(x_o, qp_o));
#undef ZKA_HDUP
  return _mm512_min_epu32(t, _mm512_add_epi32(t, p));
}

/* ---- Goldilocks, AVX2 ---------------------------------------------------------------- */

#define ZKA_GL_SIGN _mm256_set1_epi64x((long long)0x8000000000000000ULL)
#define ZKA_GL_EPS _mm256_set1_epi64x((long long)ZKA_GOLDILOCKS_EPSILON)
#define ZKA_GL_P _mm256_set1_epi64x((long long)ZKA_GOLDILOCKS_P)

/* all-ones where a < b as unsigned 64-bit */
static inline ZKA_AVX2 __m256i zka_gl4_ltu(__m256i a, __m256i b) {
  const __m256i s = ZKA_GL_SIGN;
  return _mm256_cmpgt_epi64(_mm256_xor_si256(b, s), _mm256_xor_si256(a, s));
}
static inline ZKA_AVX2 __m256i zka_gl4_canon(__m256i v) {
  /* v >= p: subtract p */
  return _mm256_sub_epi64(v, _mm256_andnot_si256(zka_gl4_ltu(v, ZKA_GL_P), ZKA_GL_P));
}
static inline ZKA_AVX2 __m256i zka_gl4_add(__m256i a, __m256i b) {
  __m256i s = _mm256_add_epi64(a, b);
  s = _mm256_add_epi64(s, _mm256_and_si256(ZKA_GL_EPS, zka_gl4_ltu(s, a)));
  return zka_gl4_canon(s);
}
static inline ZKA_AVX2 __m256i zka_gl4_sub(__m256i a, __m256i b) {
  __m256i d = _mm256_sub_epi64(a, b);
  return _mm256_sub_epi64(d, _mm256_and_si256(ZKA_GL_EPS, zka_gl4_ltu(a, b)));
}
static inline ZKA_AVX2 __m256i zka_gl4_mul(__m256i a, __m256i b) {
  const __m256i lo32 = _mm256_set1_epi64x(0xffffffffLL), eps = ZKA_GL_EPS;
  __m256i a_h = _mm256_srli_epi64(a, 32), b_h = _mm256_srli_epi64(b, 32);
  __m256i ll = _mm256_mul_epu32(a, b), lh = _mm256_mul_epu32(a, b_h);
  __m256i hl = _mm256_mul_epu32(a_h, b), hh = _mm256_mul_epu32(a_h, b_h);
  __m256i mid = _mm256_add_epi64(lh, _mm256_srli_epi64(ll, 32));  /* no overflow */
  __m256i mid2 = _mm256_add_epi64(hl, _mm256_and_si256(mid, lo32)); /* no overflow */
  __m256i lo = _mm256_or_si256(_mm256_slli_epi64(mid2, 32), _mm256_and_si256(ll, lo32));
  __m256i hi = _mm256_add_epi64(
      hh, _mm256_add_epi64(_mm256_srli_epi64(mid, 32), _mm256_srli_epi64(mid2, 32)));
  /* reduce128 (goldilocks.h): lo - hi_hi + hi_lo·EPSILON, then one conditional subtract */
  __m256i h_h = _mm256_srli_epi64(hi, 32), h_l = _mm256_and_si256(hi, lo32);
  __m256i t0 = _mm256_sub_epi64(lo, h_h);
  t0 = _mm256_sub_epi64(t0, _mm256_and_si256(eps, zka_gl4_ltu(lo, h_h)));
  __m256i t1 = _mm256_sub_epi64(_mm256_slli_epi64(h_l, 32), h_l);
  __m256i t2 = _mm256_add_epi64(t0, t1);
  t2 = _mm256_add_epi64(t2, _mm256_and_si256(eps, zka_gl4_ltu(t2, t1)));
  return zka_gl4_canon(t2);
}

/* ---- Goldilocks, AVX-512F ------------------------------------------------------------ */

/* As the AVX2 functions above, with unsigned 64-bit compares into masks (AVX-512F has them)
 * instead of the sign-flip trick, and masked adds for the conditional corrections. */
#define ZKA_GL_EPS8 _mm512_set1_epi64((long long)ZKA_GOLDILOCKS_EPSILON)
#define ZKA_GL_P8 _mm512_set1_epi64((long long)ZKA_GOLDILOCKS_P)

static inline ZKA_AVX512 __m512i zka_gl8_canon(__m512i v) {
  const __m512i p = ZKA_GL_P8;
  return _mm512_mask_sub_epi64(v, _mm512_cmpge_epu64_mask(v, p), v, p);
}
static inline ZKA_AVX512 __m512i zka_gl8_add(__m512i a, __m512i b) {
  __m512i s = _mm512_add_epi64(a, b);
  /* a carry out of 2^64 is worth 2^64 mod p = EPSILON; s + EPSILON cannot carry again */
  s = _mm512_mask_add_epi64(s, _mm512_cmplt_epu64_mask(s, a), s, ZKA_GL_EPS8);
  return zka_gl8_canon(s);
}
static inline ZKA_AVX512 __m512i zka_gl8_sub(__m512i a, __m512i b) {
  __m512i d = _mm512_sub_epi64(a, b);
  return _mm512_mask_sub_epi64(d, _mm512_cmplt_epu64_mask(a, b), d, ZKA_GL_EPS8);
}
static inline ZKA_AVX512 __m512i zka_gl8_mul(__m512i a, __m512i b) {
  const __m512i lo32 = _mm512_set1_epi64(0xffffffffLL), eps = ZKA_GL_EPS8;
  __m512i a_h = _mm512_srli_epi64(a, 32), b_h = _mm512_srli_epi64(b, 32);
  __m512i ll = _mm512_mul_epu32(a, b), lh = _mm512_mul_epu32(a, b_h);
  __m512i hl = _mm512_mul_epu32(a_h, b), hh = _mm512_mul_epu32(a_h, b_h);
  __m512i mid = _mm512_add_epi64(lh, _mm512_srli_epi64(ll, 32));  /* no overflow */
  __m512i mid2 = _mm512_add_epi64(hl, _mm512_and_si512(mid, lo32)); /* no overflow */
  __m512i lo = _mm512_or_si512(_mm512_slli_epi64(mid2, 32), _mm512_and_si512(ll, lo32));
  __m512i hi = _mm512_add_epi64(
      hh, _mm512_add_epi64(_mm512_srli_epi64(mid, 32), _mm512_srli_epi64(mid2, 32)));
  /* reduce128 (goldilocks.h): lo - hi_hi + hi_lo·EPSILON, then one conditional subtract */
  __m512i h_h = _mm512_srli_epi64(hi, 32), h_l = _mm512_and_si512(hi, lo32);
  __m512i t0 = _mm512_sub_epi64(lo, h_h);
  t0 = _mm512_mask_sub_epi64(t0, _mm512_cmplt_epu64_mask(lo, h_h), t0, eps);
  __m512i t1 = _mm512_sub_epi64(_mm512_slli_epi64(h_l, 32), h_l);
  __m512i t2 = _mm512_add_epi64(t0, t1);
  t2 = _mm512_mask_add_epi64(t2, _mm512_cmplt_epu64_mask(t2, t1), t2, eps);
  return zka_gl8_canon(t2);
}

/* ---- row kernels, written once per vector type --------------------------------------- */

/* V: vector type; L: lanes; T: element type; LD/ST: unaligned load/store; ADD/SUB/MUL:
 * vector ops; SUBL/DMUL: a difference that only ever feeds a product, and that product
 * (BabyBear: a signed a - b and zka_bb*_muld; Goldilocks: SUB and MUL); SADD/SSUB/SMUL: the
 * portable scalar ops for the remainder. */
#define ZKA_ROW_KERNELS(NAME, ATTR, V, L, T, LD, ST, ADD, SUB, SUBL, MUL, DMUL, SADD, SSUB, SMUL) \
  static ATTR void NAME##_dif2(void *u_, void *v_, const void *tw_, size_t len) {          \
    T *u = u_, *v = v_;                                                                    \
    const T *tw = tw_;                                                                     \
    size_t i = 0;                                                                          \
    for (; i + (L) <= len; i += (L)) {                                                     \
      V a = LD(u + i), b = LD(v + i);                                                      \
      ST(u + i, ADD(a, b));                                                                \
      ST(v + i, DMUL(SUBL(a, b), LD(tw + i)));                                             \
    }                                                                                      \
    for (; i < len; i++) {                                                                 \
      T a = u[i], b = v[i];                                                                \
      u[i] = SADD(a, b);                                                                   \
      v[i] = SMUL(SSUB(a, b), tw[i]);                                                      \
    }                                                                                      \
  }                                                                                        \
  static ATTR void NAME##_dit2(void *u_, void *v_, const void *tw_, size_t len) {          \
    T *u = u_, *v = v_;                                                                    \
    const T *tw = tw_;                                                                     \
    size_t i = 0;                                                                          \
    for (; i + (L) <= len; i += (L)) {                                                     \
      V a = LD(u + i), t = MUL(LD(v + i), LD(tw + i));                                     \
      ST(u + i, ADD(a, t));                                                                \
      ST(v + i, SUB(a, t));                                                                \
    }                                                                                      \
    for (; i < len; i++) {                                                                 \
      T a = u[i], t = SMUL(v[i], tw[i]);                                                   \
      u[i] = SADD(a, t);                                                                   \
      v[i] = SSUB(a, t);                                                                   \
    }                                                                                      \
  }                                                                                        \
  static ATTR void NAME##_dif4(void *p0, void *p1, void *p2, void *p3, const void *ta_,    \
                               const void *tb_, const void *tc_, size_t len) {             \
    T *r0 = p0, *r1 = p1, *r2 = p2, *r3 = p3;                                              \
    const T *ta = ta_, *tb = tb_, *tc = tc_;                                               \
    size_t i = 0;                                                                          \
    for (; i + (L) <= len; i += (L)) {                                                     \
      V x0 = LD(r0 + i), x1 = LD(r1 + i), x2 = LD(r2 + i), x3 = LD(r3 + i);                \
      V a0 = ADD(x0, x2), a2 = DMUL(SUBL(x0, x2), LD(ta + i));                             \
      V a1 = ADD(x1, x3), a3 = DMUL(SUBL(x1, x3), LD(tb + i));                             \
      V w = LD(tc + i);                                                                    \
      ST(r0 + i, ADD(a0, a1));                                                             \
      ST(r1 + i, DMUL(SUBL(a0, a1), w));                                                   \
      ST(r2 + i, ADD(a2, a3));                                                             \
      ST(r3 + i, DMUL(SUBL(a2, a3), w));                                                   \
    }                                                                                      \
    for (; i < len; i++) {                                                                 \
      T x0 = r0[i], x1 = r1[i], x2 = r2[i], x3 = r3[i];                                    \
      T a0 = SADD(x0, x2), a2 = SMUL(SSUB(x0, x2), ta[i]);                                 \
      T a1 = SADD(x1, x3), a3 = SMUL(SSUB(x1, x3), tb[i]);                                 \
      r0[i] = SADD(a0, a1);                                                                \
      r1[i] = SMUL(SSUB(a0, a1), tc[i]);                                                   \
      r2[i] = SADD(a2, a3);                                                                \
      r3[i] = SMUL(SSUB(a2, a3), tc[i]);                                                   \
    }                                                                                      \
  }                                                                                        \
  static ATTR void NAME##_dit4(void *p0, void *p1, void *p2, void *p3, const void *ta_,    \
                               const void *tb_, const void *tc_, size_t len) {             \
    T *r0 = p0, *r1 = p1, *r2 = p2, *r3 = p3;                                              \
    const T *ta = ta_, *tb = tb_, *tc = tc_;                                               \
    size_t i = 0;                                                                          \
    for (; i + (L) <= len; i += (L)) {                                                     \
      V w = LD(tc + i), x0 = LD(r0 + i), x2 = LD(r2 + i);                                  \
      V t = MUL(LD(r1 + i), w);                                                            \
      V a0 = ADD(x0, t), a1 = SUB(x0, t);                                                  \
      t = MUL(LD(r3 + i), w);                                                              \
      V a2 = ADD(x2, t), a3 = SUB(x2, t);                                                  \
      t = MUL(a2, LD(ta + i));                                                             \
      ST(r0 + i, ADD(a0, t));                                                              \
      ST(r2 + i, SUB(a0, t));                                                              \
      t = MUL(a3, LD(tb + i));                                                             \
      ST(r1 + i, ADD(a1, t));                                                              \
      ST(r3 + i, SUB(a1, t));                                                              \
    }                                                                                      \
    for (; i < len; i++) {                                                                 \
      T x0 = r0[i], x2 = r2[i];                                                            \
      T t = SMUL(r1[i], tc[i]);                                                            \
      T a0 = SADD(x0, t), a1 = SSUB(x0, t);                                                \
      t = SMUL(r3[i], tc[i]);                                                              \
      T a2 = SADD(x2, t), a3 = SSUB(x2, t);                                                \
      t = SMUL(a2, ta[i]);                                                                 \
      r0[i] = SADD(a0, t);                                                                 \
      r2[i] = SSUB(a0, t);                                                                 \
      t = SMUL(a3, tb[i]);                                                                 \
      r1[i] = SADD(a1, t);                                                                 \
      r3[i] = SSUB(a1, t);                                                                 \
    }                                                                                      \
  }                                                                                        \
  static ATTR void NAME##_scale(void *x_, const void *c_, size_t len) {                    \
    T *x = x_;                                                                             \
    const T c = *(const T *)c_;                                                            \
    T cv[L];                                                                               \
    for (size_t j = 0; j < (L); j++) cv[j] = c;                                            \
    const V cw = LD(cv);                                                                   \
    size_t i = 0;                                                                          \
    for (; i + (L) <= len; i += (L)) ST(x + i, MUL(LD(x + i), cw));                        \
    for (; i < len; i++) x[i] = SMUL(x[i], c);                                             \
  }                                                                                        \
  static ATTR void NAME##_mulpw(void *x_, const void *t_, size_t len) {                    \
    T *x = x_;                                                                             \
    const T *t = t_;                                                                       \
    size_t i = 0;                                                                          \
    for (; i + (L) <= len; i += (L)) ST(x + i, MUL(LD(x + i), LD(t + i)));                 \
    for (; i < len; i++) x[i] = SMUL(x[i], t[i]);                                          \
  }

#define ZKA_LD256(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define ZKA_ST256(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), v)
#define ZKA_LD512(p) _mm512_loadu_si512((const void *)(p))
#define ZKA_ST512(p, v) _mm512_storeu_si512((void *)(p), v)

ZKA_ROW_KERNELS(zka_bb8, ZKA_AVX2, __m256i, 8, zka_babybear, ZKA_LD256, ZKA_ST256, zka_bb8_add,
                zka_bb8_sub, zka_bb8_subl, zka_bb8_mul, zka_bb8_muld, zka_babybear_add_ref,
                zka_babybear_sub_ref, zka_babybear_mul_ref)
ZKA_ROW_KERNELS(zka_bb16, ZKA_AVX512, __m512i, 16, zka_babybear, ZKA_LD512, ZKA_ST512,
                zka_bb16_add, zka_bb16_sub, zka_bb16_subl, zka_bb16_mul, zka_bb16_muld,
                zka_babybear_add_ref, zka_babybear_sub_ref, zka_babybear_mul_ref)
ZKA_ROW_KERNELS(zka_gl8, ZKA_AVX512, __m512i, 8, zka_goldilocks, ZKA_LD512, ZKA_ST512,
                zka_gl8_add, zka_gl8_sub, zka_gl8_sub, zka_gl8_mul, zka_gl8_mul,
                zka_goldilocks_add_ref, zka_goldilocks_sub_ref, zka_goldilocks_mul_ref)
ZKA_ROW_KERNELS(zka_gl4, ZKA_AVX2, __m256i, 4, zka_goldilocks, ZKA_LD256, ZKA_ST256, zka_gl4_add,
                zka_gl4_sub, zka_gl4_sub, zka_gl4_mul, zka_gl4_mul, zka_goldilocks_add_ref,
                zka_goldilocks_sub_ref, zka_goldilocks_mul_ref)

/* ---- tails: the last layers inside one vector ----------------------------------------- */

/* Portable DIF/DIT of the layers h < 2^logb on one group of 2^logb (for a leftover group). */
#define ZKA_SCALAR_GROUP(NAME, T, SADD, SSUB, SMUL)                                         \
  static void NAME##_group(T *x, unsigned logb, const T *tw, int dit) {                    \
    for (unsigned s = 0; s < logb; s++) {                                                  \
      size_t h = dit ? ((size_t)1 << s) : ((size_t)1 << (logb - 1 - s));                   \
      for (size_t g = 0; g < ((size_t)1 << logb); g += 2 * h)                              \
        for (size_t j = 0; j < h; j++) {                                                   \
          T a = x[g + j], b = x[g + j + h];                                                \
          if (dit) {                                                                       \
            T t = SMUL(b, tw[h + j]);                                                      \
            x[g + j] = SADD(a, t);                                                         \
            x[g + j + h] = SSUB(a, t);                                                     \
          } else {                                                                         \
            x[g + j] = SADD(a, b);                                                         \
            x[g + j + h] = SMUL(SSUB(a, b), tw[h + j]);                                    \
          }                                                                                \
        }                                                                                  \
    }                                                                                      \
  }
ZKA_SCALAR_GROUP(zka_bb, zka_babybear, zka_babybear_add_ref, zka_babybear_sub_ref,
                 zka_babybear_mul_ref)
ZKA_SCALAR_GROUP(zka_gl, zka_goldilocks, zka_goldilocks_add_ref, zka_goldilocks_sub_ref,
                 zka_goldilocks_mul_ref)

#define ZKA_SHUF_PS(a, b, imm)                                                              \
  _mm256_castps_si256(                                                                     \
      _mm256_shuffle_ps(_mm256_castsi256_ps(a), _mm256_castsi256_ps(b), imm))

/* BabyBear AVX2: layers h = 4, 2, 1 on two groups of 8 (vectors A, B) at a time; the lane
 * shuffles line up each layer's pairs in two registers (derivation in the comments). */
static ZKA_AVX2 void zka_bb8_tail_dif(void *x_, size_t len, const void *tw_) {
  zka_babybear *x = x_;
  const zka_babybear *tw = tw_;
  const __m256i w4 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(tw + 4)));
  const __m256i w2 = _mm256_set_epi32((int)tw[3].v, (int)tw[2].v, (int)tw[3].v, (int)tw[2].v,
                                      (int)tw[3].v, (int)tw[2].v, (int)tw[3].v, (int)tw[2].v);
  size_t g = 0;
  for (; g + 16 <= len; g += 16) {
    __m256i A = ZKA_LD256(x + g), B = ZKA_LD256(x + g + 8);
    /* h = 4: U = [A0-3 | B0-3], V = [A4-7 | B4-7] */
    __m256i U = _mm256_permute2x128_si256(A, B, 0x20), V = _mm256_permute2x128_si256(A, B, 0x31);
    __m256i U1 = zka_bb8_add(U, V), V1 = zka_bb8_muld(zka_bb8_subl(U, V), w4);
    /* h = 2: [A0 A1 A4 A5 | ..] and [A2 A3 A6 A7 | ..] */
    U = _mm256_unpacklo_epi64(U1, V1);
    V = _mm256_unpackhi_epi64(U1, V1);
    U1 = zka_bb8_add(U, V);
    V1 = zka_bb8_muld(zka_bb8_subl(U, V), w2);
    /* h = 1 (twiddle 1): [A0 A4 A2 A6 | ..] and [A1 A5 A3 A7 | ..] */
    U = ZKA_SHUF_PS(U1, V1, 0x88);
    V = ZKA_SHUF_PS(U1, V1, 0xdd);
    U1 = zka_bb8_add(U, V);
    V1 = zka_bb8_sub(U, V);
    /* back: [A0 A1 A4 A5], [A2 A3 A6 A7] -> [A0-3 | B0-3], [A4-7 | B4-7] -> A, B */
    __m256i lo = _mm256_unpacklo_epi32(U1, V1), hi = _mm256_unpackhi_epi32(U1, V1);
    __m256i X = _mm256_unpacklo_epi64(lo, hi), Y = _mm256_unpackhi_epi64(lo, hi);
    ZKA_ST256(x + g, _mm256_permute2x128_si256(X, Y, 0x20));
    ZKA_ST256(x + g + 8, _mm256_permute2x128_si256(X, Y, 0x31));
  }
  for (; g < len; g += 8) zka_bb_group(x + g, 3, tw, 0);
}

static ZKA_AVX2 void zka_bb8_tail_dit(void *x_, size_t len, const void *tw_) {
  zka_babybear *x = x_;
  const zka_babybear *tw = tw_;
  const __m256i w4 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(tw + 4)));
  const __m256i w2 = _mm256_set_epi32((int)tw[3].v, (int)tw[2].v, (int)tw[3].v, (int)tw[2].v,
                                      (int)tw[3].v, (int)tw[2].v, (int)tw[3].v, (int)tw[2].v);
  size_t g = 0;
  for (; g + 16 <= len; g += 16) {
    __m256i A = ZKA_LD256(x + g), B = ZKA_LD256(x + g + 8);
    __m256i X = _mm256_permute2x128_si256(A, B, 0x20), Y = _mm256_permute2x128_si256(A, B, 0x31);
    __m256i lo = _mm256_unpacklo_epi64(X, Y), hi = _mm256_unpackhi_epi64(X, Y);
    /* h = 1 */
    __m256i U = ZKA_SHUF_PS(lo, hi, 0x88), V = ZKA_SHUF_PS(lo, hi, 0xdd);
    __m256i U1 = zka_bb8_add(U, V), V1 = zka_bb8_sub(U, V);
    /* h = 2 */
    U = _mm256_unpacklo_epi32(U1, V1);
    V = _mm256_unpackhi_epi32(U1, V1);
    __m256i t = zka_bb8_mul(V, w2);
    U1 = zka_bb8_add(U, t);
    V1 = zka_bb8_sub(U, t);
    /* h = 4 */
    U = _mm256_unpacklo_epi64(U1, V1);
    V = _mm256_unpackhi_epi64(U1, V1);
    t = zka_bb8_mul(V, w4);
    U1 = zka_bb8_add(U, t);
    V1 = zka_bb8_sub(U, t);
    ZKA_ST256(x + g, _mm256_permute2x128_si256(U1, V1, 0x20));
    ZKA_ST256(x + g + 8, _mm256_permute2x128_si256(U1, V1, 0x31));
  }
  for (; g < len; g += 8) zka_bb_group(x + g, 3, tw, 1);
}

/* BabyBear AVX-512: layers h = 8, 4, 2, 1 on two groups of 16 (A, B), one layer at a time:
 * a two-source permute gathers each layer's u and v elements of the 32 (A = 0..15,
 * B = 16..31), and a second pair of permutes puts them back in natural order. */
typedef struct {
  int u[4][16], v[4][16], a[4][16], b[4][16]; /* per layer l (h = 8 >> l) */
} zka_bb16_perm;

static void zka_bb16_perm_init(zka_bb16_perm *pm) {
  for (int l = 0; l < 4; l++) {
    int h = 8 >> l, nu = 0, back[32];
    for (int p = 0; p < 32; p++)
      if (!(p & h)) {
        pm->u[l][nu] = p;
        pm->v[l][nu] = p + h;
        back[p] = nu;           /* u lane nu */
        back[p + h] = 16 + nu;  /* v lane nu */
        nu++;
      }
    for (int q = 0; q < 16; q++) {
      pm->a[l][q] = back[q];
      pm->b[l][q] = back[16 + q];
    }
  }
}

static ZKA_AVX512 void zka_bb16_tail(void *x_, size_t len, const void *tw_, int dit) {
  zka_babybear *x = x_;
  const zka_babybear *tw = tw_;
  zka_bb16_perm pm;
  zka_bb16_perm_init(&pm);
  __m512i iu[4], iv[4], ia[4], ib[4], w[4];
  for (int l = 0; l < 4; l++) {
    iu[l] = _mm512_loadu_si512(pm.u[l]);
    iv[l] = _mm512_loadu_si512(pm.v[l]);
    ia[l] = _mm512_loadu_si512(pm.a[l]);
    ib[l] = _mm512_loadu_si512(pm.b[l]);
    int h = 8 >> l;
    uint32_t wl[16];
    for (int q = 0; q < 16; q++) wl[q] = tw[h + (pm.u[l][q] % h)].v;
    w[l] = _mm512_loadu_si512(wl);
  }
  size_t g = 0;
  for (; g + 32 <= len; g += 32) {
    __m512i A = ZKA_LD512(x + g), B = ZKA_LD512(x + g + 16);
    for (int s = 0; s < 4; s++) {
      int l = dit ? 3 - s : s;
      __m512i U = _mm512_permutex2var_epi32(A, iu[l], B), V = _mm512_permutex2var_epi32(A, iv[l], B);
      __m512i U1, V1;
      if (dit) {
        __m512i t = l == 3 ? V : zka_bb16_mul(V, w[l]);
        U1 = zka_bb16_add(U, t);
        V1 = zka_bb16_sub(U, t);
      } else {
        U1 = zka_bb16_add(U, V);
        V1 = l == 3 ? zka_bb16_sub(U, V) : zka_bb16_muld(zka_bb16_subl(U, V), w[l]);
      }
      A = _mm512_permutex2var_epi32(U1, ia[l], V1);
      B = _mm512_permutex2var_epi32(U1, ib[l], V1);
    }
    ZKA_ST512(x + g, A);
    ZKA_ST512(x + g + 16, B);
  }
  for (; g < len; g += 16) zka_bb_group(x + g, 4, tw, dit);
}
static ZKA_AVX512 void zka_bb16_tail_dif(void *x, size_t len, const void *tw) {
  zka_bb16_tail(x, len, tw, 0);
}
static ZKA_AVX512 void zka_bb16_tail_dit(void *x, size_t len, const void *tw) {
  zka_bb16_tail(x, len, tw, 1);
}

/* Goldilocks AVX2: layers h = 2, 1 on two groups of 4 (A, B). */
static ZKA_AVX2 void zka_gl4_tail_dif(void *x_, size_t len, const void *tw_) {
  zka_goldilocks *x = x_;
  const zka_goldilocks *tw = tw_;
  const __m256i w2 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(tw + 2)));
  size_t g = 0;
  for (; g + 8 <= len; g += 8) {
    __m256i A = ZKA_LD256(x + g), B = ZKA_LD256(x + g + 4);
    __m256i U = _mm256_permute2x128_si256(A, B, 0x20), V = _mm256_permute2x128_si256(A, B, 0x31);
    __m256i U1 = zka_gl4_add(U, V), V1 = zka_gl4_mul(zka_gl4_sub(U, V), w2);
    U = _mm256_unpacklo_epi64(U1, V1);
    V = _mm256_unpackhi_epi64(U1, V1);
    U1 = zka_gl4_add(U, V);
    V1 = zka_gl4_sub(U, V);
    __m256i X = _mm256_unpacklo_epi64(U1, V1), Y = _mm256_unpackhi_epi64(U1, V1);
    ZKA_ST256(x + g, _mm256_permute2x128_si256(X, Y, 0x20));
    ZKA_ST256(x + g + 4, _mm256_permute2x128_si256(X, Y, 0x31));
  }
  for (; g < len; g += 4) zka_gl_group(x + g, 2, tw, 0);
}

static ZKA_AVX2 void zka_gl4_tail_dit(void *x_, size_t len, const void *tw_) {
  zka_goldilocks *x = x_;
  const zka_goldilocks *tw = tw_;
  const __m256i w2 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(tw + 2)));
  size_t g = 0;
  for (; g + 8 <= len; g += 8) {
    __m256i A = ZKA_LD256(x + g), B = ZKA_LD256(x + g + 4);
    __m256i X = _mm256_permute2x128_si256(A, B, 0x20), Y = _mm256_permute2x128_si256(A, B, 0x31);
    __m256i U = _mm256_unpacklo_epi64(X, Y), V = _mm256_unpackhi_epi64(X, Y);
    __m256i U1 = zka_gl4_add(U, V), V1 = zka_gl4_sub(U, V);
    U = _mm256_unpacklo_epi64(U1, V1);
    V = _mm256_unpackhi_epi64(U1, V1);
    __m256i t = zka_gl4_mul(V, w2);
    U1 = zka_gl4_add(U, t);
    V1 = zka_gl4_sub(U, t);
    ZKA_ST256(x + g, _mm256_permute2x128_si256(U1, V1, 0x20));
    ZKA_ST256(x + g + 4, _mm256_permute2x128_si256(U1, V1, 0x31));
  }
  for (; g < len; g += 4) zka_gl_group(x + g, 2, tw, 1);
}

/* Goldilocks AVX-512: layers h = 4, 2, 1 on two groups of 8 (A, B), the same permute
 * scheme as zka_bb16_tail (A = elements 0..7, B = 8..15). */
static ZKA_AVX512 void zka_gl8_tail(void *x_, size_t len, const void *tw_, int dit) {
  zka_goldilocks *x = x_;
  const zka_goldilocks *tw = tw_;
  __m512i iu[3], iv[3], ia[3], ib[3], w[3];
  for (int l = 0; l < 3; l++) {
    int h = 4 >> l, nu = 0, back[16];
    long long u[8], v[8], a[8], b[8];
    uint64_t wl[8];
    for (int p = 0; p < 16; p++)
      if (!(p & h)) {
        u[nu] = p;
        v[nu] = p + h;
        back[p] = nu;          /* u lane nu */
        back[p + h] = 8 + nu;  /* v lane nu */
        wl[nu] = tw[h + (p % h)].v;
        nu++;
      }
    for (int q = 0; q < 8; q++) {
      a[q] = back[q];
      b[q] = back[8 + q];
    }
    iu[l] = _mm512_loadu_si512(u);
    iv[l] = _mm512_loadu_si512(v);
    ia[l] = _mm512_loadu_si512(a);
    ib[l] = _mm512_loadu_si512(b);
    w[l] = _mm512_loadu_si512(wl);
  }
  size_t g = 0;
  for (; g + 16 <= len; g += 16) {
    __m512i A = ZKA_LD512(x + g), B = ZKA_LD512(x + g + 8);
    for (int s = 0; s < 3; s++) {
      int l = dit ? 2 - s : s;
      __m512i U = _mm512_permutex2var_epi64(A, iu[l], B), V = _mm512_permutex2var_epi64(A, iv[l], B);
      __m512i U1, V1;
      if (dit) {
        __m512i t = l == 2 ? V : zka_gl8_mul(V, w[l]);
        U1 = zka_gl8_add(U, t);
        V1 = zka_gl8_sub(U, t);
      } else {
        U1 = zka_gl8_add(U, V);
        V1 = l == 2 ? zka_gl8_sub(U, V) : zka_gl8_mul(zka_gl8_sub(U, V), w[l]);
      }
      A = _mm512_permutex2var_epi64(U1, ia[l], V1);
      B = _mm512_permutex2var_epi64(U1, ib[l], V1);
    }
    ZKA_ST512(x + g, A);
    ZKA_ST512(x + g + 8, B);
  }
  for (; g < len; g += 8) zka_gl_group(x + g, 3, tw, dit);
}
static ZKA_AVX512 void zka_gl8_tail_dif(void *x, size_t len, const void *tw) {
  zka_gl8_tail(x, len, tw, 0);
}
static ZKA_AVX512 void zka_gl8_tail_dit(void *x, size_t len, const void *tw) {
  zka_gl8_tail(x, len, tw, 1);
}

/* ---- bit-reversal tiles ---------------------------------------------------------------- */

/* A tile row is one zmm (16 × 4 or 8 × 8 bytes, one cache line), so a tile is loaded with
 * one plain load per row and transposed in registers.  The earlier version gathered each
 * new row from the tile's columns: with rowstep a power of two (256 KiB at BabyBear 2^20)
 * the 32 rows of a tile pair fall into one L1 set and one L2 set, so almost every gathered
 * element came from L3 (the permutation took ~40% of a natural-order 2^20 transform).
 *
 * With B'[i] = row rev(i) of B and T = transpose(B'), T[rev r][c] = B'[c][rev r] =
 * B[rev c][rev r] = the new A[r][c]: loading rows in bit-reversed order and storing T[i] to
 * row rev(i) is the whole permutation, with no lane shuffles beyond the transpose.
 *
 * The transpose swaps the off-diagonal blocks at block sizes 8, 4, 2, 1 (16 × 16) or 4, 2,
 * 1 (8 × 8): rows i and i + s (bit s of i clear) exchange their lanes c with bit s set
 * against the other row's lanes c - s, two two-source permutes per pair. */
/* lane tables of zka_tr16x16, stage k (s = 8 >> k): lo[c] = c & s ? 16 + c - s : c (row i
 * keeps c, takes row i + s's c - s), hi[c] = c & s ? 16 + c : c + s */
static const int zka_tr16_idx[4][2][16] = {
    {{0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23},
     {8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31}},
    {{0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27},
     {4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31}},
    {{0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29},
     {2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31}},
    {{0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30},
     {1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31}},
};
static ZKA_AVX512 void zka_tr16x16(__m512i r[16]) {
  for (int k = 0; k < 4; k++) {
    const int s = 8 >> k;
    const __m512i il = _mm512_loadu_si512(zka_tr16_idx[k][0]);
    const __m512i ih = _mm512_loadu_si512(zka_tr16_idx[k][1]);
    for (int i = 0; i < 16; i++)
      if (!(i & s)) {
        __m512i a = r[i], b = r[i + s];
        r[i] = _mm512_permutex2var_epi32(a, il, b);
        r[i + s] = _mm512_permutex2var_epi32(a, ih, b);
      }
  }
}

/* the same for 64-bit lanes, s = 4 >> k, with 8 in place of 16 */
static const long long zka_tr8_idx[3][2][8] = {
    {{0, 1, 2, 3, 8, 9, 10, 11},
     {4, 5, 6, 7, 12, 13, 14, 15}},
    {{0, 1, 8, 9, 4, 5, 12, 13},
     {2, 3, 10, 11, 6, 7, 14, 15}},
    {{0, 8, 2, 10, 4, 12, 6, 14},
     {1, 9, 3, 11, 5, 13, 7, 15}},
};
static ZKA_AVX512 void zka_tr8x8(__m512i r[8]) {
  for (int k = 0; k < 3; k++) {
    const int s = 4 >> k;
    const __m512i il = _mm512_loadu_si512(zka_tr8_idx[k][0]);
    const __m512i ih = _mm512_loadu_si512(zka_tr8_idx[k][1]);
    for (int i = 0; i < 8; i++)
      if (!(i & s)) {
        __m512i a = r[i], b = r[i + s];
        r[i] = _mm512_permutex2var_epi64(a, il, b);
        r[i + s] = _mm512_permutex2var_epi64(a, ih, b);
      }
  }
}

void ZKA_AVX512 zka_ntt_bitrev_tile16_avx512(uint32_t *pa, uint32_t *pb, size_t rowstep,
                                             const uint32_t *scale) {
  static const int rev4[16] = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};
  __m512i ra[16], rb[16];
  for (int i = 0; i < 16; i++) ra[i] = _mm512_loadu_si512(pa + (size_t)rev4[i] * rowstep);
  if (pb != pa)
    for (int i = 0; i < 16; i++) rb[i] = _mm512_loadu_si512(pb + (size_t)rev4[i] * rowstep);
  if (scale) { /* while the tiles are in registers: saves the inverse's own scaling pass */
    const __m512i c = _mm512_set1_epi32((int)*scale);
    for (int i = 0; i < 16; i++) ra[i] = zka_bb16_mul(ra[i], c);
    if (pb != pa)
      for (int i = 0; i < 16; i++) rb[i] = zka_bb16_mul(rb[i], c);
  }
  zka_tr16x16(ra);
  if (pb == pa) {
    for (int i = 0; i < 16; i++) _mm512_storeu_si512(pa + (size_t)rev4[i] * rowstep, ra[i]);
    return;
  }
  zka_tr16x16(rb);
  for (int i = 0; i < 16; i++) {
    _mm512_storeu_si512(pa + (size_t)rev4[i] * rowstep, rb[i]);
    _mm512_storeu_si512(pb + (size_t)rev4[i] * rowstep, ra[i]);
  }
}

void ZKA_AVX512 zka_ntt_bitrev_tile8_avx512(uint64_t *pa, uint64_t *pb, size_t rowstep,
                                            const uint64_t *scale) {
  static const int rev3[8] = {0, 4, 2, 6, 1, 5, 3, 7};
  __m512i ra[8], rb[8];
  for (int i = 0; i < 8; i++) ra[i] = _mm512_loadu_si512(pa + (size_t)rev3[i] * rowstep);
  if (pb != pa)
    for (int i = 0; i < 8; i++) rb[i] = _mm512_loadu_si512(pb + (size_t)rev3[i] * rowstep);
  if (scale) {
    const __m512i c = _mm512_set1_epi64((long long)*scale);
    for (int i = 0; i < 8; i++) ra[i] = zka_gl8_mul(ra[i], c);
    if (pb != pa)
      for (int i = 0; i < 8; i++) rb[i] = zka_gl8_mul(rb[i], c);
  }
  zka_tr8x8(ra);
  if (pb == pa) {
    for (int i = 0; i < 8; i++) _mm512_storeu_si512(pa + (size_t)rev3[i] * rowstep, ra[i]);
    return;
  }
  zka_tr8x8(rb);
  for (int i = 0; i < 8; i++) {
    _mm512_storeu_si512(pa + (size_t)rev3[i] * rowstep, rb[i]);
    _mm512_storeu_si512(pb + (size_t)rev3[i] * rowstep, ra[i]);
  }
}

/* The same for 32-byte elements on 8 × 8 tiles: a tile row is 256 bytes, four zmm of two
 * elements each.  T[j] (row j of the transpose of B', B'[i] = row rev(i) of B) holds in its
 * zmm k the elements B'[2k][j] and B'[2k + 1][j], the halves j % 2 of zmm j / 2 of those two
 * rows: one 128-bit-lane shuffle per output zmm (32 per tile). */
void ZKA_AVX512 zka_ntt_bitrev_tile8x32_avx512(uint64_t *pa, uint64_t *pb, size_t rowstep) {
  static const int rev3[8] = {0, 4, 2, 6, 1, 5, 3, 7};
  const size_t words = rowstep * 4; /* 64-bit words between tile rows */
  __m512i ta[8][4], tb[8][4];
  for (int i = 0; i < 8; i++)
    for (int q = 0; q < 4; q++) ta[i][q] = _mm512_loadu_si512(pa + rev3[i] * words + 8 * q);
  if (pb != pa)
    for (int i = 0; i < 8; i++)
      for (int q = 0; q < 4; q++) tb[i][q] = _mm512_loadu_si512(pb + rev3[i] * words + 8 * q);
  __m512i(*src)[4] = pb != pa ? tb : ta;
  for (int j = 0; j < 8; j++)
    for (int k = 0; k < 4; k++) {
      __m512i lo = src[2 * k][j >> 1], hi = src[2 * k + 1][j >> 1];
      /* 0x44: 128-bit lanes 0, 1 of each source; 0xee: lanes 2, 3 */
      __m512i v = (j & 1) ? _mm512_shuffle_i64x2(lo, hi, 0xee) : _mm512_shuffle_i64x2(lo, hi, 0x44);
      _mm512_storeu_si512(pa + rev3[j] * words + 8 * k, v);
    }
  if (pb == pa) return;
  for (int j = 0; j < 8; j++)
    for (int k = 0; k < 4; k++) {
      __m512i lo = ta[2 * k][j >> 1], hi = ta[2 * k + 1][j >> 1];
      __m512i v = (j & 1) ? _mm512_shuffle_i64x2(lo, hi, 0xee) : _mm512_shuffle_i64x2(lo, hi, 0x44);
      _mm512_storeu_si512(pb + rev3[j] * words + 8 * k, v);
    }
}

const zka_ntt_kernels zka_ntt_babybear_avx2 = {
    zka_bb8_dif2,     zka_bb8_dit2,     zka_bb8_dif4, zka_bb8_dit4, zka_bb8_tail_dif,
    zka_bb8_tail_dit, 3,                zka_bb8_scale, zka_bb8_mulpw, "avx2", ZKA_NTT_TW_STANDARD};
const zka_ntt_kernels zka_ntt_babybear_avx512 = {
    zka_bb16_dif2,     zka_bb16_dit2,     zka_bb16_dif4, zka_bb16_dit4, zka_bb16_tail_dif,
    zka_bb16_tail_dit, 4,                 zka_bb16_scale, zka_bb16_mulpw, "avx512", ZKA_NTT_TW_STANDARD};
const zka_ntt_kernels zka_ntt_goldilocks_avx512 = {
    zka_gl8_dif2,     zka_gl8_dit2,     zka_gl8_dif4, zka_gl8_dit4, zka_gl8_tail_dif,
    zka_gl8_tail_dit, 3,                zka_gl8_scale, zka_gl8_mulpw, "avx512", ZKA_NTT_TW_STANDARD};
const zka_ntt_kernels zka_ntt_goldilocks_avx2 = {
    zka_gl4_dif2,     zka_gl4_dit2,     zka_gl4_dif4, zka_gl4_dit4, zka_gl4_tail_dif,
    zka_gl4_tail_dit, 2,                zka_gl4_scale, zka_gl4_mulpw, "avx2", ZKA_NTT_TW_STANDARD};

#else
/* ISO C forbids an empty translation unit. */
typedef int zka_ntt_simd_x86_unused;
#endif
