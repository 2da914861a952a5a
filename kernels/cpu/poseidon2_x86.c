/* poseidon2_x86.c — Poseidon2 lanes kernels (poseidon2_cpu_internal.h): BabyBear in AVX-512F
 * (16 lanes) and AVX2 (8 lanes), Goldilocks in AVX-512F (8 lanes) and AVX2 (4 lanes).  Each
 * function carries its own target attribute, so the file builds without -mavx2 /
 * -mavx512f and poseidon2_cpu.c picks a kernel at run time (__builtin_cpu_supports); with
 * ZKA_PORTABLE the file is empty.
 *
 * Lanes are independent states (one message each), so no cross-lane work at all: every
 * field operation is the per-lane version of core/field/babybear.h / goldilocks.h, fully
 * reduced, and each lane's result equals the portable permutation's bytes.
 *
 * BabyBear Montgomery product (the monty-31 approach Plonky3 describes for its AVX2/AVX-512
 * packings): vpmuludq multiplies the even 32-bit lanes into 64-bit products; the odd lanes are
 * moved down with movehdup (a shuffle, off the multiply port) and go through a second
 * vpmuludq.  Per 64-bit product x: q = (x mod 2^32)·MU mod 2^32 (vpmuludq by MU, only the low
 * word is used), then hi(x) - hi(q·p) lies in (-p, p) and min(t, t + p) on unsigned words is
 * the reduced result.  6 vpmuludq per 16 products.  Add/sub: min(s, s - p) / min(d, d + p).
 *
 * Goldilocks: the 64x64 product from four vpmuludq (32x32 halves), then the reduce128 of
 * core/field/goldilocks.h (2^64 = EPSILON, 2^96 = -1 mod p); unsigned 64-bit compares are
 * native in AVX-512 (masks) and signed compares after flipping bit 63 in AVX2.
 */
#include "kernels/cpu/poseidon2_cpu_internal.h"

#ifdef ZKA_P2_HAVE_X86
#include <immintrin.h>

#include "core/hash/poseidon2.h"

#define ZKA_P2_AVX2 __attribute__((target("avx2")))
#define ZKA_P2_AVX512 __attribute__((target("avx512f")))

/* ==== BabyBear, AVX-512F (16 lanes) ======================================================= */

static inline ZKA_P2_AVX512 __m512i zka_p2_bb512_add(__m512i a, __m512i b) {
  const __m512i p = _mm512_set1_epi32((int)ZKA_BABYBEAR_P);
  __m512i s = _mm512_add_epi32(a, b);
  return _mm512_min_epu32(s, _mm512_sub_epi32(s, p));
}
static inline ZKA_P2_AVX512 __m512i zka_p2_bb512_movehdup(__m512i a) {
  return _mm512_castps_si512(_mm512_movehdup_ps(_mm512_castsi512_ps(a)));
}
static inline ZKA_P2_AVX512 __m512i zka_p2_bb512_mul(__m512i a, __m512i b) {
  const __m512i p = _mm512_set1_epi32((int)ZKA_BABYBEAR_P);
  const __m512i mu = _mm512_set1_epi32((int)ZKA_BABYBEAR_MU);
  __m512i x_e = _mm512_mul_epu32(a, b);
  __m512i x_o = _mm512_mul_epu32(zka_p2_bb512_movehdup(a), zka_p2_bb512_movehdup(b));
  __m512i q_e = _mm512_mul_epu32(x_e, mu), q_o = _mm512_mul_epu32(x_o, mu);
  __m512i qp_e = _mm512_mul_epu32(q_e, p), qp_o = _mm512_mul_epu32(q_o, p);
  /* high words in one shuffle each: a masked movehdup moves the even products' high words
   * down into the even lanes and keeps the odd products (high words already in place) */
  __m512i x_hi = _mm512_castps_si512(_mm512_mask_movehdup_ps(
      _mm512_castsi512_ps(x_o), 0x5555, _mm512_castsi512_ps(x_e)));
  __m512i qp_hi = _mm512_castps_si512(_mm512_mask_movehdup_ps(
      _mm512_castsi512_ps(qp_o), 0x5555, _mm512_castsi512_ps(qp_e)));
  __m512i t = _mm512_sub_epi32(x_hi, qp_hi);
  return _mm512_min_epu32(t, _mm512_add_epi32(t, p));
}

#define P2T_V __m512i
#define P2T_ATTR ZKA_P2_AVX512
#define P2T_WORD zka_u32
#define P2T_LANES 16
#define P2T_FN(name) zka_p2_bb512_##name
#define P2T_ADD zka_p2_bb512_add
#define P2T_MUL zka_p2_bb512_mul
#define P2T_SET1(w) _mm512_set1_epi32((int)(w))
#define P2T_LOAD(ptr) _mm512_loadu_si512((const void *)(ptr))
#define P2T_STORE(ptr, v) _mm512_storeu_si512((void *)(ptr), (v))
#include "kernels/cpu/poseidon2_simd_tmpl.h"
#undef P2T_V
#undef P2T_ATTR
#undef P2T_WORD
#undef P2T_LANES
#undef P2T_FN
#undef P2T_ADD
#undef P2T_MUL
#undef P2T_SET1
#undef P2T_LOAD
#undef P2T_STORE

ZKA_P2_AVX512 void zka_p2_babybear16_x16_avx512(void *st) {
  zka_p2_bb512_permute((zka_u32 *)st, 16, ZKA_POSEIDON2_BABYBEAR16_RF, ZKA_POSEIDON2_BABYBEAR16_RP,
                       zka_poseidon2_babybear16_rc_ext, zka_poseidon2_babybear16_rc_int,
                       zka_poseidon2_babybear16_diag_m_1);
}
ZKA_P2_AVX512 void zka_p2_babybear24_x16_avx512(void *st) {
  zka_p2_bb512_permute((zka_u32 *)st, 24, ZKA_POSEIDON2_BABYBEAR24_RF, ZKA_POSEIDON2_BABYBEAR24_RP,
                       zka_poseidon2_babybear24_rc_ext, zka_poseidon2_babybear24_rc_int,
                       zka_poseidon2_babybear24_diag_m_1);
}

/* ==== BabyBear, AVX2 (8 lanes) ============================================================ */

static inline ZKA_P2_AVX2 __m256i zka_p2_bb256_add(__m256i a, __m256i b) {
  const __m256i p = _mm256_set1_epi32((int)ZKA_BABYBEAR_P);
  __m256i s = _mm256_add_epi32(a, b);
  return _mm256_min_epu32(s, _mm256_sub_epi32(s, p));
}
static inline ZKA_P2_AVX2 __m256i zka_p2_bb256_movehdup(__m256i a) {
  return _mm256_castps_si256(_mm256_movehdup_ps(_mm256_castsi256_ps(a)));
}
static inline ZKA_P2_AVX2 __m256i zka_p2_bb256_mul(__m256i a, __m256i b) {
  const __m256i p = _mm256_set1_epi32((int)ZKA_BABYBEAR_P);
  const __m256i mu = _mm256_set1_epi32((int)ZKA_BABYBEAR_MU);
  __m256i x_e = _mm256_mul_epu32(a, b);
  __m256i x_o = _mm256_mul_epu32(zka_p2_bb256_movehdup(a), zka_p2_bb256_movehdup(b));
  __m256i q_e = _mm256_mul_epu32(x_e, mu), q_o = _mm256_mul_epu32(x_o, mu);
  __m256i qp_e = _mm256_mul_epu32(q_e, p), qp_o = _mm256_mul_epu32(q_o, p);
  __m256i x_hi = _mm256_blend_epi32(zka_p2_bb256_movehdup(x_e), x_o, 0xaa);
  __m256i qp_hi = _mm256_blend_epi32(zka_p2_bb256_movehdup(qp_e), qp_o, 0xaa);
  __m256i t = _mm256_sub_epi32(x_hi, qp_hi);
  return _mm256_min_epu32(t, _mm256_add_epi32(t, p));
}

#define P2T_V __m256i
#define P2T_ATTR ZKA_P2_AVX2
#define P2T_WORD zka_u32
#define P2T_LANES 8
#define P2T_FN(name) zka_p2_bb256_##name
#define P2T_ADD zka_p2_bb256_add
#define P2T_MUL zka_p2_bb256_mul
#define P2T_SET1(w) _mm256_set1_epi32((int)(w))
#define P2T_LOAD(ptr) _mm256_loadu_si256((const __m256i *)(const void *)(ptr))
#define P2T_STORE(ptr, v) _mm256_storeu_si256((__m256i *)(void *)(ptr), (v))
#include "kernels/cpu/poseidon2_simd_tmpl.h"
#undef P2T_V
#undef P2T_ATTR
#undef P2T_WORD
#undef P2T_LANES
#undef P2T_FN
#undef P2T_ADD
#undef P2T_MUL
#undef P2T_SET1
#undef P2T_LOAD
#undef P2T_STORE

ZKA_P2_AVX2 void zka_p2_babybear16_x8_avx2(void *st) {
  zka_p2_bb256_permute((zka_u32 *)st, 16, ZKA_POSEIDON2_BABYBEAR16_RF, ZKA_POSEIDON2_BABYBEAR16_RP,
                       zka_poseidon2_babybear16_rc_ext, zka_poseidon2_babybear16_rc_int,
                       zka_poseidon2_babybear16_diag_m_1);
}
ZKA_P2_AVX2 void zka_p2_babybear24_x8_avx2(void *st) {
  zka_p2_bb256_permute((zka_u32 *)st, 24, ZKA_POSEIDON2_BABYBEAR24_RF, ZKA_POSEIDON2_BABYBEAR24_RP,
                       zka_poseidon2_babybear24_rc_ext, zka_poseidon2_babybear24_rc_int,
                       zka_poseidon2_babybear24_diag_m_1);
}

/* ==== Goldilocks, AVX-512F (8 lanes) ====================================================== */

#define ZKA_P2_GL_EPS ((long long)ZKA_GOLDILOCKS_EPSILON)
#define ZKA_P2_GL_P ((long long)ZKA_GOLDILOCKS_P)

/* a + b: on a carry the sum is s + EPSILON (< p, no second carry); otherwise s may be >= p
 * once (goldilocks.h zka_goldilocks_add_ref). */
static inline ZKA_P2_AVX512 __m512i zka_p2_gl512_add(__m512i a, __m512i b) {
  const __m512i eps = _mm512_set1_epi64(ZKA_P2_GL_EPS), p = _mm512_set1_epi64(ZKA_P2_GL_P);
  __m512i s = _mm512_add_epi64(a, b);
  __mmask8 carry = _mm512_cmplt_epu64_mask(s, a);
  __mmask8 ge = _mm512_cmpge_epu64_mask(s, p);
  s = _mm512_mask_sub_epi64(s, ge, s, p);
  return _mm512_mask_add_epi64(s, carry, s, eps);
}
static inline ZKA_P2_AVX512 __m512i zka_p2_gl512_mul(__m512i a, __m512i b) {
  const __m512i eps = _mm512_set1_epi64(ZKA_P2_GL_EPS), p = _mm512_set1_epi64(ZKA_P2_GL_P);
  __m512i a_h = _mm512_srli_epi64(a, 32), b_h = _mm512_srli_epi64(b, 32);
  __m512i p00 = _mm512_mul_epu32(a, b), p01 = _mm512_mul_epu32(a, b_h);
  __m512i p10 = _mm512_mul_epu32(a_h, b), p11 = _mm512_mul_epu32(a_h, b_h);
  __m512i mid = _mm512_add_epi64(_mm512_srli_epi64(p00, 32),
                                 _mm512_add_epi64(_mm512_and_si512(p01, eps),
                                                  _mm512_and_si512(p10, eps)));
  __m512i lo = _mm512_mask_blend_epi32(0xaaaa, p00, _mm512_slli_epi64(mid, 32));
  __m512i hi = _mm512_add_epi64(
      _mm512_add_epi64(p11, _mm512_srli_epi64(mid, 32)),
      _mm512_add_epi64(_mm512_srli_epi64(p01, 32), _mm512_srli_epi64(p10, 32)));
  /* reduce128: lo - hh + hl·EPSILON with the borrow and carry fixes, then one subtraction */
  __m512i hh = _mm512_srli_epi64(hi, 32), hl = _mm512_and_si512(hi, eps);
  __m512i t0 = _mm512_sub_epi64(lo, hh);
  t0 = _mm512_mask_sub_epi64(t0, _mm512_cmplt_epu64_mask(lo, hh), t0, eps);
  __m512i t1 = _mm512_sub_epi64(_mm512_slli_epi64(hl, 32), hl);
  __m512i t2 = _mm512_add_epi64(t0, t1);
  t2 = _mm512_mask_add_epi64(t2, _mm512_cmplt_epu64_mask(t2, t1), t2, eps);
  return _mm512_mask_sub_epi64(t2, _mm512_cmpge_epu64_mask(t2, p), t2, p);
}

#define P2T_V __m512i
#define P2T_ATTR ZKA_P2_AVX512
#define P2T_WORD zka_u64
#define P2T_LANES 8
#define P2T_FN(name) zka_p2_gl512_##name
#define P2T_ADD zka_p2_gl512_add
#define P2T_MUL zka_p2_gl512_mul
#define P2T_SET1(w) _mm512_set1_epi64((long long)(w))
#define P2T_LOAD(ptr) _mm512_loadu_si512((const void *)(ptr))
#define P2T_STORE(ptr, v) _mm512_storeu_si512((void *)(ptr), (v))
#include "kernels/cpu/poseidon2_simd_tmpl.h"
#undef P2T_V
#undef P2T_ATTR
#undef P2T_WORD
#undef P2T_LANES
#undef P2T_FN
#undef P2T_ADD
#undef P2T_MUL
#undef P2T_SET1
#undef P2T_LOAD
#undef P2T_STORE

ZKA_P2_AVX512 void zka_p2_goldilocks8_x8_avx512(void *st) {
  zka_p2_gl512_permute((zka_u64 *)st, 8, ZKA_POSEIDON2_GOLDILOCKS8_RF, ZKA_POSEIDON2_GOLDILOCKS8_RP,
                       zka_poseidon2_goldilocks8_rc_ext, zka_poseidon2_goldilocks8_rc_int,
                       zka_poseidon2_goldilocks8_diag_m_1);
}
ZKA_P2_AVX512 void zka_p2_goldilocks12_x8_avx512(void *st) {
  zka_p2_gl512_permute((zka_u64 *)st, 12, ZKA_POSEIDON2_GOLDILOCKS12_RF,
                       ZKA_POSEIDON2_GOLDILOCKS12_RP, zka_poseidon2_goldilocks12_rc_ext,
                       zka_poseidon2_goldilocks12_rc_int, zka_poseidon2_goldilocks12_diag_m_1);
}

/* ==== Goldilocks, AVX2 (4 lanes) ========================================================== */

/* Unsigned a < b as a lane mask: signed compare after flipping bit 63. */
static inline ZKA_P2_AVX2 __m256i zka_p2_gl256_ltu(__m256i a, __m256i b) {
  const __m256i sign = _mm256_set1_epi64x((long long)0x8000000000000000ULL);
  return _mm256_cmpgt_epi64(_mm256_xor_si256(b, sign), _mm256_xor_si256(a, sign));
}
/* x - p where x >= p, else x (canonicalize one step). */
static inline ZKA_P2_AVX2 __m256i zka_p2_gl256_canon(__m256i x) {
  const __m256i p = _mm256_set1_epi64x(ZKA_P2_GL_P);
  __m256i lt = zka_p2_gl256_ltu(x, p);
  return _mm256_sub_epi64(x, _mm256_andnot_si256(lt, p));
}
static inline ZKA_P2_AVX2 __m256i zka_p2_gl256_add(__m256i a, __m256i b) {
  const __m256i eps = _mm256_set1_epi64x(ZKA_P2_GL_EPS);
  __m256i s = _mm256_add_epi64(a, b);
  __m256i carry = zka_p2_gl256_ltu(s, a);
  s = zka_p2_gl256_canon(s);
  return _mm256_add_epi64(s, _mm256_and_si256(carry, eps));
}
static inline ZKA_P2_AVX2 __m256i zka_p2_gl256_mul(__m256i a, __m256i b) {
  const __m256i eps = _mm256_set1_epi64x(ZKA_P2_GL_EPS);
  __m256i a_h = _mm256_srli_epi64(a, 32), b_h = _mm256_srli_epi64(b, 32);
  __m256i p00 = _mm256_mul_epu32(a, b), p01 = _mm256_mul_epu32(a, b_h);
  __m256i p10 = _mm256_mul_epu32(a_h, b), p11 = _mm256_mul_epu32(a_h, b_h);
  __m256i mid = _mm256_add_epi64(_mm256_srli_epi64(p00, 32),
                                 _mm256_add_epi64(_mm256_and_si256(p01, eps),
                                                  _mm256_and_si256(p10, eps)));
  __m256i lo = _mm256_blend_epi32(p00, _mm256_slli_epi64(mid, 32), 0xaa);
  __m256i hi = _mm256_add_epi64(
      _mm256_add_epi64(p11, _mm256_srli_epi64(mid, 32)),
      _mm256_add_epi64(_mm256_srli_epi64(p01, 32), _mm256_srli_epi64(p10, 32)));
  __m256i hh = _mm256_srli_epi64(hi, 32), hl = _mm256_and_si256(hi, eps);
  __m256i t0 = _mm256_sub_epi64(lo, hh);
  t0 = _mm256_sub_epi64(t0, _mm256_and_si256(zka_p2_gl256_ltu(lo, hh), eps));
  __m256i t1 = _mm256_sub_epi64(_mm256_slli_epi64(hl, 32), hl);
  __m256i t2 = _mm256_add_epi64(t0, t1);
  t2 = _mm256_add_epi64(t2, _mm256_and_si256(zka_p2_gl256_ltu(t2, t1), eps));
  return zka_p2_gl256_canon(t2);
}

#define P2T_V __m256i
#define P2T_ATTR ZKA_P2_AVX2
#define P2T_WORD zka_u64
#define P2T_LANES 4
#define P2T_FN(name) zka_p2_gl256_##name
#define P2T_ADD zka_p2_gl256_add
#define P2T_MUL zka_p2_gl256_mul
#define P2T_SET1(w) _mm256_set1_epi64x((long long)(w))
#define P2T_LOAD(ptr) _mm256_loadu_si256((const __m256i *)(const void *)(ptr))
#define P2T_STORE(ptr, v) _mm256_storeu_si256((__m256i *)(void *)(ptr), (v))
#include "kernels/cpu/poseidon2_simd_tmpl.h"
#undef P2T_V
#undef P2T_ATTR
#undef P2T_WORD
#undef P2T_LANES
#undef P2T_FN
#undef P2T_ADD
#undef P2T_MUL
#undef P2T_SET1
#undef P2T_LOAD
#undef P2T_STORE

ZKA_P2_AVX2 void zka_p2_goldilocks8_x4_avx2(void *st) {
  zka_p2_gl256_permute((zka_u64 *)st, 8, ZKA_POSEIDON2_GOLDILOCKS8_RF, ZKA_POSEIDON2_GOLDILOCKS8_RP,
                       zka_poseidon2_goldilocks8_rc_ext, zka_poseidon2_goldilocks8_rc_int,
                       zka_poseidon2_goldilocks8_diag_m_1);
}
ZKA_P2_AVX2 void zka_p2_goldilocks12_x4_avx2(void *st) {
  zka_p2_gl256_permute((zka_u64 *)st, 12, ZKA_POSEIDON2_GOLDILOCKS12_RF,
                       ZKA_POSEIDON2_GOLDILOCKS12_RP, zka_poseidon2_goldilocks12_rc_ext,
                       zka_poseidon2_goldilocks12_rc_int, zka_poseidon2_goldilocks12_diag_m_1);
}

#endif /* ZKA_P2_HAVE_X86 */
