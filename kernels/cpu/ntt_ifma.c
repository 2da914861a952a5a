/* ntt_ifma.c — AVX-512 IFMA butterfly kernels (zka_ntt_kernels, ntt_cpu_internal.h) for the
 * 32-byte NTT fields, BN254 Fr and BLS12-381 Fr: eight butterflies at once, one element per
 * 64-bit lane.
 *
 * Why: the NTT's cost is its n/2·log n Montgomery products; the scalar MULX/ADX product
 * (core/field/mont_x86_64.c) takes ~21 ns here, which puts BN254 Fr 2^20 above 100 ms even
 * on two cores.  VPMADD52LUQ / VPMADD52HUQ form eight 52 × 52-bit products per instruction.
 *
 * Layout: memory keeps the library's form (4 little-endian 64-bit limbs, Montgomery with
 * R = 2^256).  A kernel loads 8 consecutive elements of a row (4 zmm), transposes them into
 * 4 limb vectors with two rounds of VPERMT2Q and re-cuts those into 5 limbs of 52 bits; the
 * store does the reverse.  Twiddles come from their own table (ZKA_NTT_TW_IFMA52 in
 * ntt_cpu_internal.h, built once by ntt_cpu.c): already cut into 52-bit limbs, 8 entries per
 * block, so a row of 8 twiddles is 5 plain loads, and multiplied by 16.
 *
 * Montgomery product per lane (as kernels/cpu/msm_ifma.c, after Drucker and Gueron, "Fast
 * modular squaring with AVX512IFMA", 2019): the 10-column product a·b with lazy column sums
 * (at most 10 terms below 2^52 per column plus the reduction terms: below 2^57, no lane
 * overflow) and five reduction steps by 2^52 (m = t_i·(-p^-1) mod 2^52), a division by
 * 2^260.  Every product here is by a twiddle, and the table holds 16·w, so the result is
 * a·w/2^256: the library's Montgomery product (msm_ifma.c, whose operands are not
 * pre-scaled, divides by 2^48 in its last step instead).  t < 2p·p + p·2^260 gives
 * t/2^260 < 2p; one conditional subtraction gives the fully reduced value: the same
 * integer, hence the same bytes, as every other path (tests/test_ntt_cpu.c).  Sums and
 * differences that leave a kernel are fully reduced; a difference that only feeds a product
 * stays in (0, 2p) (zka_ifma_subl; p < 2^255 for both fields).
 *
 * The last four layers run inside groups of 16 in registers (zka_ifma_tail16).  The ends
 * of rows shorter than a multiple of 8 use masked loads and stores (the driver's rows are
 * multiples of 8 today).  The scale and mulpw kernels (coset and 1/n passes, one product per
 * element, operands not from the table) are the MULX/ADX ones (ntt_mont4.c). */
#include "kernels/cpu/ntt_cpu_internal.h"

#ifdef ZKA_NTT_HAVE_MONT4
#include <immintrin.h>
#include <stdint.h>

#include "core/field/fields_portable.h"

#define ZKA_IFMA_FN __attribute__((target("avx512f,avx512ifma")))
#define ZKA_IFMA_INL static inline __attribute__((target("avx512f,avx512ifma"), always_inline))
#define ZKA_I52 ((((uint64_t)1) << 52) - 1)

int zka_ntt_ifma_available(void) {
  static int cached = -1;
  if (cached < 0) {
    __builtin_cpu_init();
    cached = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512ifma");
  }
  return cached;
}

void zka_ntt_ifma_pack_table(uint64_t *out, const uint64_t *tw16, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const uint64_t *a = tw16 + 4 * i;
    uint64_t *o = out + 40 * (i / 8) + i % 8;
    o[0] = a[0] & ZKA_I52;
    o[8] = ((a[0] >> 52) | (a[1] << 12)) & ZKA_I52;
    o[16] = ((a[1] >> 40) | (a[2] << 24)) & ZKA_I52;
    o[24] = ((a[2] >> 28) | (a[3] << 36)) & ZKA_I52;
    o[32] = a[3] >> 16;
  }
}

/* Radix 2^64 (4 limbs) to radix 2^52 (5 limbs), as constant expressions. */
#define ZKA_I_R52(...) ZKA_I_R52_(__VA_ARGS__)
#define ZKA_I_R52_(l0, l1, l2, l3)                                                         \
  {(l0) & ZKA_I52, (((l0) >> 52) | ((l1) << 12)) & ZKA_I52,                                \
   (((l1) >> 40) | ((l2) << 24)) & ZKA_I52, (((l2) >> 28) | ((l3) << 36)) & ZKA_I52, (l3) >> 16}

typedef struct {
  uint64_t p[5]; /* modulus, radix 2^52 */
  uint64_t inv;  /* -p^-1 mod 2^52 (the low bits of -p^-1 mod 2^64) */
} zka_ifma_field;

static const zka_ifma_field zka_ifma_bn254_fr = {ZKA_I_R52(ZKA_BN254_FR_P),
                                                 ZKA_BN254_FR_INV & ZKA_I52};
static const zka_ifma_field zka_ifma_bls12_381_fr = {ZKA_I_R52(ZKA_BLS12_381_FR_P),
                                                     ZKA_BLS12_381_FR_INV & ZKA_I52};

typedef struct {
  __m512i p[5], inv, mask;
} zka_ifma_k;

ZKA_IFMA_INL void zka_ifma_k_init(zka_ifma_k *k, const zka_ifma_field *f) {
  for (int j = 0; j < 5; j++) k->p[j] = _mm512_set1_epi64((long long)f->p[j]);
  k->inv = _mm512_set1_epi64((long long)f->inv);
  k->mask = _mm512_set1_epi64((long long)ZKA_I52);
}

/* Masks for the 4 zmm words of cnt (1..8) consecutive 4-limb elements: word q covers
 * elements 2q and 2q + 1. */
ZKA_IFMA_INL __mmask8 zka_ifma_wmask(unsigned cnt, unsigned q) {
  const unsigned words = cnt * 4 > q * 8 ? cnt * 4 - q * 8 : 0;
  return (__mmask8)(words >= 8 ? 0xff : (1u << words) - 1);
}

/* cnt (1..8; 8 in the main loops, where the masks fold away) consecutive elements at x ->
 * r[0..5), limb j of element e in lane e (lanes >= cnt read as zero). */
ZKA_IFMA_INL void zka_ifma_ld(__m512i *r, const uint64_t *x, const zka_ifma_k *k,
                              unsigned cnt) {
  /* round 1: elements 0-3 (z0, z1) and 4-7 (z2, z3) to [limb a of e0..3 | limb a+1 of e0..3] */
  const __m512i i_lo = _mm512_set_epi64(13, 9, 5, 1, 12, 8, 4, 0);
  const __m512i i_hi = _mm512_set_epi64(15, 11, 7, 3, 14, 10, 6, 2);
  /* round 2: the lower / upper halves of two such vectors */
  const __m512i j_lo = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0);
  const __m512i j_hi = _mm512_set_epi64(15, 14, 13, 12, 7, 6, 5, 4);
  __m512i z0 = _mm512_maskz_loadu_epi64(zka_ifma_wmask(cnt, 0), x);
  __m512i z1 = _mm512_maskz_loadu_epi64(zka_ifma_wmask(cnt, 1), x + 8);
  __m512i z2 = _mm512_maskz_loadu_epi64(zka_ifma_wmask(cnt, 2), x + 16);
  __m512i z3 = _mm512_maskz_loadu_epi64(zka_ifma_wmask(cnt, 3), x + 24);
  __m512i a01 = _mm512_permutex2var_epi64(z0, i_lo, z1), a23 = _mm512_permutex2var_epi64(z0, i_hi, z1);
  __m512i b01 = _mm512_permutex2var_epi64(z2, i_lo, z3), b23 = _mm512_permutex2var_epi64(z2, i_hi, z3);
  __m512i l0 = _mm512_permutex2var_epi64(a01, j_lo, b01), l1 = _mm512_permutex2var_epi64(a01, j_hi, b01);
  __m512i l2 = _mm512_permutex2var_epi64(a23, j_lo, b23), l3 = _mm512_permutex2var_epi64(a23, j_hi, b23);
  const __m512i m = k->mask;
  r[0] = _mm512_and_si512(l0, m);
  r[1] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(l0, 52), _mm512_slli_epi64(l1, 12)), m);
  r[2] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(l1, 40), _mm512_slli_epi64(l2, 24)), m);
  r[3] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(l2, 28), _mm512_slli_epi64(l3, 36)), m);
  r[4] = _mm512_srli_epi64(l3, 16);
}

/* The inverse of zka_ifma_ld (cnt elements written); v[] normalized (limbs < 2^52, value
 * < 2^256). */
ZKA_IFMA_INL void zka_ifma_st(uint64_t *x, const __m512i *v, unsigned cnt) {
  const __m512i i_lo = _mm512_set_epi64(13, 9, 5, 1, 12, 8, 4, 0);
  const __m512i i_hi = _mm512_set_epi64(15, 11, 7, 3, 14, 10, 6, 2);
  const __m512i j_lo = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0);
  const __m512i j_hi = _mm512_set_epi64(15, 14, 13, 12, 7, 6, 5, 4);
  __m512i l0 = _mm512_or_si512(v[0], _mm512_slli_epi64(v[1], 52));
  __m512i l1 = _mm512_or_si512(_mm512_srli_epi64(v[1], 12), _mm512_slli_epi64(v[2], 40));
  __m512i l2 = _mm512_or_si512(_mm512_srli_epi64(v[2], 24), _mm512_slli_epi64(v[3], 28));
  __m512i l3 = _mm512_or_si512(_mm512_srli_epi64(v[3], 36), _mm512_slli_epi64(v[4], 16));
  /* [limb 0 of e0..3 | limb 1 of e0..3] etc. */
  __m512i a01 = _mm512_permutex2var_epi64(l0, j_lo, l1), b01 = _mm512_permutex2var_epi64(l0, j_hi, l1);
  __m512i a23 = _mm512_permutex2var_epi64(l2, j_lo, l3), b23 = _mm512_permutex2var_epi64(l2, j_hi, l3);
  _mm512_mask_storeu_epi64(x, zka_ifma_wmask(cnt, 0), _mm512_permutex2var_epi64(a01, i_lo, a23));
  _mm512_mask_storeu_epi64(x + 8, zka_ifma_wmask(cnt, 1), _mm512_permutex2var_epi64(a01, i_hi, a23));
  _mm512_mask_storeu_epi64(x + 16, zka_ifma_wmask(cnt, 2), _mm512_permutex2var_epi64(b01, i_lo, b23));
  _mm512_mask_storeu_epi64(x + 24, zka_ifma_wmask(cnt, 3), _mm512_permutex2var_epi64(b01, i_hi, b23));
}

/* Twiddles: cnt entries of an IFMA52 table block (ntt_cpu_internal.h) at w: plain loads. */
ZKA_IFMA_INL void zka_ifma_ldt(__m512i *r, const uint64_t *w, unsigned cnt) {
  const __mmask8 m = (__mmask8)(cnt >= 8 ? 0xff : (1u << cnt) - 1);
  for (int j = 0; j < 5; j++) r[j] = _mm512_maskz_loadu_epi64(m, w + 8 * j);
}

/* r = a·b/2^260 mod p, fully reduced, for a < 2p and b < p normalized; with b = 16·w (an
 * IFMA52 twiddle) that is a·w/R, the library's Montgomery product.  t = a·b + m·p with
 * m < 2^260 gives t/2^260 < 2p·p/2^260 + p < 2p, so one conditional subtraction.  r may
 * alias a or b. */
ZKA_IFMA_INL void zka_ifma_mul(__m512i *r, const __m512i *a, const __m512i *b,
                               const zka_ifma_k *k) {
  const __m512i mask = k->mask, zero = _mm512_setzero_si512();
  __m512i t[10];
  for (int c = 0; c < 10; c++) t[c] = zero;
  for (int i = 0; i < 5; i++)
    for (int j = 0; j < 5; j++) {
      t[i + j] = _mm512_madd52lo_epu64(t[i + j], a[i], b[j]);
      t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], a[i], b[j]);
    }
  for (int i = 0; i < 5; i++) {
    __m512i m = _mm512_madd52lo_epu64(zero, t[i], k->inv); /* < 2^52 already */
    for (int j = 0; j < 5; j++) {
      t[i + j] = _mm512_madd52lo_epu64(t[i + j], m, k->p[j]);
      t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], m, k->p[j]);
    }
    t[i + 1] = _mm512_add_epi64(t[i + 1], _mm512_srli_epi64(t[i], 52));
  }
  for (int c = 5; c < 9; c++) {
    t[c + 1] = _mm512_add_epi64(t[c + 1], _mm512_srli_epi64(t[c], 52));
    t[c] = _mm512_and_si512(t[c], mask);
  }
  /* u = t[5..9] (< 2p), then u - p if that does not borrow */
  __m512i s[5], borrow = zero;
  for (int j = 0; j < 5; j++) {
    __m512i d = _mm512_sub_epi64(_mm512_sub_epi64(t[5 + j], k->p[j]), borrow);
    borrow = _mm512_srli_epi64(d, 63);
    s[j] = _mm512_and_si512(d, mask);
  }
  __mmask8 ge = _mm512_cmpeq_epi64_mask(borrow, zero);
  for (int j = 0; j < 5; j++) r[j] = _mm512_mask_blend_epi64(ge, t[5 + j], s[j]);
}

/* r = a + b mod p; a, b < p normalized.  r may alias a or b. */
ZKA_IFMA_INL void zka_ifma_add(__m512i *r, const __m512i *a, const __m512i *b,
                               const zka_ifma_k *k) {
  const __m512i mask = k->mask, zero = _mm512_setzero_si512();
  __m512i s[5], d[5], carry = zero, borrow = zero;
  for (int j = 0; j < 5; j++) {
    __m512i v = _mm512_add_epi64(_mm512_add_epi64(a[j], b[j]), carry);
    carry = _mm512_srli_epi64(v, 52);
    s[j] = _mm512_and_si512(v, mask);
  }
  for (int j = 0; j < 5; j++) {
    __m512i v = _mm512_sub_epi64(_mm512_sub_epi64(s[j], k->p[j]), borrow);
    borrow = _mm512_srli_epi64(v, 63);
    d[j] = _mm512_and_si512(v, mask);
  }
  __mmask8 ge = _mm512_cmpeq_epi64_mask(borrow, zero); /* s >= p: take s - p */
  for (int j = 0; j < 5; j++) r[j] = _mm512_mask_blend_epi64(ge, s[j], d[j]);
}

/* r = a - b mod p; a, b < p normalized.  r may alias a or b. */
ZKA_IFMA_INL void zka_ifma_sub(__m512i *r, const __m512i *a, const __m512i *b,
                               const zka_ifma_k *k) {
  const __m512i mask = k->mask, zero = _mm512_setzero_si512();
  __m512i d[5], borrow = zero, carry = zero;
  for (int j = 0; j < 5; j++) {
    __m512i v = _mm512_sub_epi64(_mm512_sub_epi64(a[j], b[j]), borrow);
    borrow = _mm512_srli_epi64(v, 63);
    d[j] = _mm512_and_si512(v, mask);
  }
  __mmask8 neg = _mm512_cmpneq_epi64_mask(borrow, zero); /* a < b: add p back */
  for (int j = 0; j < 5; j++) {
    __m512i v = _mm512_add_epi64(_mm512_add_epi64(d[j], k->p[j]), carry);
    carry = _mm512_srli_epi64(v, 52);
    r[j] = _mm512_mask_blend_epi64(neg, d[j], _mm512_and_si512(v, mask));
  }
}

/* r = a - b + p in (0, 2p), normalized limbs, without the conditional correction: only
 * ever a multiplicand.  zka_ifma_mul accepts it: with a < 2p and b < p, t < 2p·p + p·R and
 * t/R < 2p because 2p < R (p < 2^255), so its one conditional subtraction still gives the
 * fully reduced product.  Limbs of a + p - b may go negative: the carry is an arithmetic
 * shift. */
ZKA_IFMA_INL void zka_ifma_subl(__m512i *r, const __m512i *a, const __m512i *b,
                                const zka_ifma_k *k) {
  __m512i carry = _mm512_setzero_si512();
  for (int j = 0; j < 5; j++) {
    __m512i v = _mm512_add_epi64(_mm512_sub_epi64(_mm512_add_epi64(a[j], k->p[j]), b[j]), carry);
    carry = _mm512_srai_epi64(v, 52);
    r[j] = _mm512_and_si512(v, k->mask);
  }
}

/* r = a + b in [0, 2p), normalized limbs, unreduced: only ever a multiplicand (as above). */
ZKA_IFMA_INL void zka_ifma_addl(__m512i *r, const __m512i *a, const __m512i *b,
                                const zka_ifma_k *k) {
  __m512i carry = _mm512_setzero_si512();
  for (int j = 0; j < 5; j++) {
    __m512i v = _mm512_add_epi64(_mm512_add_epi64(a[j], b[j]), carry);
    carry = _mm512_srli_epi64(v, 52);
    r[j] = _mm512_and_si512(v, k->mask);
  }
}

/* The last four layers (h = 8, 4, 2, 1) of every group of 16 elements, 16 at a time: A holds
 * elements 0..7 and B 8..15 of a group.  h = 8 pairs A and B lane by lane; for h < 8 a
 * two-source permute of every limb gathers the layer's u and v elements (the scheme of
 * zka_bb16_tail in ntt_simd_x86.c) and a second pair of permutes puts them back.
 * Groups are the whole x[0..len), len a multiple of 16; tw is the IFMA52 table. */
typedef struct {
  __m512i iu[3], iv[3], ia[3], ib[3]; /* per layer l = 0, 1, 2 (h = 4, 2, 1) */
  __m512i w[4][5];                    /* twiddles per lane: [0] h = 8, [1 + l] h = 4 >> l */
} zka_ifma_tail;

ZKA_IFMA_INL void zka_ifma_tail_init(zka_ifma_tail *tt, const uint64_t *tw) {
  uint64_t wl[40];
  zka_ifma_ldt(tt->w[0], tw + 40, 8); /* entries 8..15: the second block */
  for (int l = 0; l < 3; l++) {
    int h = 4 >> l, nu = 0, back[16];
    long long u[8], v[8], a[8], b[8];
    for (int p = 0; p < 16; p++)
      if (!(p & h)) {
        u[nu] = p;
        v[nu] = p + h;
        back[p] = nu;         /* u lane nu */
        back[p + h] = 8 + nu; /* v lane nu */
        /* entry h + p % h (< 8: the first block), limb j at word 8j + entry */
        for (int j = 0; j < 5; j++) wl[8 * j + nu] = tw[8 * j + h + p % h];
        nu++;
      }
    for (int q = 0; q < 8; q++) {
      a[q] = back[q];
      b[q] = back[8 + q];
    }
    tt->iu[l] = _mm512_loadu_si512(u);
    tt->iv[l] = _mm512_loadu_si512(v);
    tt->ia[l] = _mm512_loadu_si512(a);
    tt->ib[l] = _mm512_loadu_si512(b);
    zka_ifma_ldt(tt->w[1 + l], wl, 8);
  }
}

/* One permuted layer l on (A, B): DIF u' = u + v, v' = (u - v)·w; DIT u' = u + v·w,
 * v' = u - v·w; the h = 1 twiddles are all 1 and skipped (same bytes). */
ZKA_IFMA_INL void zka_ifma_tail_layer(__m512i *A, __m512i *B, const zka_ifma_tail *tt, int l,
                                      int dit, const zka_ifma_k *k) {
  __m512i U[5], V[5], T[5];
  for (int j = 0; j < 5; j++) {
    U[j] = _mm512_permutex2var_epi64(A[j], tt->iu[l], B[j]);
    V[j] = _mm512_permutex2var_epi64(A[j], tt->iv[l], B[j]);
  }
  if (dit) {
    if (l != 2) zka_ifma_mul(V, V, tt->w[1 + l], k);
    zka_ifma_sub(T, U, V, k);
    zka_ifma_add(U, U, V, k);
  } else if (l != 2) {
    zka_ifma_subl(T, U, V, k);
    zka_ifma_add(U, U, V, k);
    zka_ifma_mul(T, T, tt->w[1 + l], k);
  } else {
    zka_ifma_sub(T, U, V, k);
    zka_ifma_add(U, U, V, k);
  }
  for (int j = 0; j < 5; j++) {
    A[j] = _mm512_permutex2var_epi64(U[j], tt->ia[l], T[j]);
    B[j] = _mm512_permutex2var_epi64(U[j], tt->ib[l], T[j]);
  }
}

ZKA_IFMA_INL void zka_ifma_tail16(uint64_t *x, size_t len, const uint64_t *tw, int dit,
                                  const zka_ifma_field *f) {
  zka_ifma_k k;
  zka_ifma_k_init(&k, f);
  zka_ifma_tail tt;
  zka_ifma_tail_init(&tt, tw);
  for (size_t g = 0; g < len; g += 16) {
    __m512i A[5], B[5], T[5];
    zka_ifma_ld(A, x + 4 * g, &k, 8);
    zka_ifma_ld(B, x + 4 * g + 32, &k, 8);
    if (dit) {
      for (int l = 2; l >= 0; l--) zka_ifma_tail_layer(A, B, &tt, l, 1, &k);
      zka_ifma_mul(B, B, tt.w[0], &k);
      zka_ifma_sub(T, A, B, &k);
      zka_ifma_add(A, A, B, &k);
      zka_ifma_st(x + 4 * g, A, 8);
      zka_ifma_st(x + 4 * g + 32, T, 8);
    } else {
      zka_ifma_subl(T, A, B, &k);
      zka_ifma_add(A, A, B, &k);
      zka_ifma_mul(B, T, tt.w[0], &k);
      for (int l = 0; l < 3; l++) zka_ifma_tail_layer(A, B, &tt, l, 0, &k);
      zka_ifma_st(x + 4 * g, A, 8);
      zka_ifma_st(x + 4 * g + 32, B, 8);
    }
  }
}

/* The row kernels, one body per butterfly shape, on cnt (8, or fewer at the end of a row)
 * columns; data rows hold 4-limb elements, twiddle rows IFMA52 blocks. */
ZKA_IFMA_INL void zka_ifma_dif2_cols(uint64_t *u, uint64_t *v, const uint64_t *tw,
                                     const zka_ifma_k *k, unsigned cnt) {
  __m512i a[5], b[5], w[5], d[5];
  zka_ifma_ld(a, u, k, cnt);
  zka_ifma_ld(b, v, k, cnt);
  zka_ifma_ldt(w, tw, cnt);
  zka_ifma_subl(d, a, b, k);
  zka_ifma_add(a, a, b, k);
  zka_ifma_mul(d, d, w, k);
  zka_ifma_st(u, a, cnt);
  zka_ifma_st(v, d, cnt);
}

ZKA_IFMA_INL void zka_ifma_dit2_cols(uint64_t *u, uint64_t *v, const uint64_t *tw,
                                     const zka_ifma_k *k, unsigned cnt) {
  __m512i a[5], b[5], w[5];
  zka_ifma_ld(a, u, k, cnt);
  zka_ifma_ld(b, v, k, cnt);
  zka_ifma_ldt(w, tw, cnt);
  zka_ifma_mul(b, b, w, k);
  zka_ifma_sub(w, a, b, k);
  zka_ifma_add(a, a, b, k);
  zka_ifma_st(u, a, cnt);
  zka_ifma_st(v, w, cnt);
}

/* Same dataflow as ntt_cpu_tmpl.h's dif4; differences feeding a product stay unreduced. */
ZKA_IFMA_INL void zka_ifma_dif4_cols(uint64_t *p0, uint64_t *p1, uint64_t *p2, uint64_t *p3,
                                     const uint64_t *ta, const uint64_t *tb, const uint64_t *tc,
                                     const zka_ifma_k *k, unsigned cnt) {
  __m512i x0[5], x1[5], x2[5], x3[5], a0[5], a1[5], a2[5], a3[5], w[5];
  zka_ifma_ld(x0, p0, k, cnt);
  zka_ifma_ld(x2, p2, k, cnt);
  zka_ifma_ldt(w, ta, cnt);
  zka_ifma_add(a0, x0, x2, k);
  zka_ifma_subl(a2, x0, x2, k);
  zka_ifma_mul(a2, a2, w, k);
  zka_ifma_ld(x1, p1, k, cnt);
  zka_ifma_ld(x3, p3, k, cnt);
  zka_ifma_ldt(w, tb, cnt);
  zka_ifma_add(a1, x1, x3, k);
  zka_ifma_subl(a3, x1, x3, k);
  zka_ifma_mul(a3, a3, w, k);
  zka_ifma_ldt(w, tc, cnt);
  zka_ifma_add(x0, a0, a1, k);
  zka_ifma_subl(x1, a0, a1, k);
  zka_ifma_mul(x1, x1, w, k);
  zka_ifma_add(x2, a2, a3, k);
  zka_ifma_subl(x3, a2, a3, k);
  zka_ifma_mul(x3, x3, w, k);
  zka_ifma_st(p0, x0, cnt);
  zka_ifma_st(p1, x1, cnt);
  zka_ifma_st(p2, x2, cnt);
  zka_ifma_st(p3, x3, cnt);
}

/* Same dataflow as ntt_cpu_tmpl.h's dit4; a2 and a3 only feed products. */
ZKA_IFMA_INL void zka_ifma_dit4_cols(uint64_t *p0, uint64_t *p1, uint64_t *p2, uint64_t *p3,
                                     const uint64_t *ta, const uint64_t *tb, const uint64_t *tc,
                                     const zka_ifma_k *k, unsigned cnt) {
  __m512i x0[5], x1[5], x2[5], x3[5], a0[5], a1[5], a2[5], a3[5], w[5], t[5];
  zka_ifma_ldt(w, tc, cnt);
  zka_ifma_ld(x0, p0, k, cnt);
  zka_ifma_ld(x1, p1, k, cnt);
  zka_ifma_mul(t, x1, w, k);
  zka_ifma_add(a0, x0, t, k);
  zka_ifma_sub(a1, x0, t, k);
  zka_ifma_ld(x2, p2, k, cnt);
  zka_ifma_ld(x3, p3, k, cnt);
  zka_ifma_mul(t, x3, w, k);
  zka_ifma_addl(a2, x2, t, k);
  zka_ifma_subl(a3, x2, t, k);
  zka_ifma_ldt(w, ta, cnt);
  zka_ifma_mul(t, a2, w, k);
  zka_ifma_add(x0, a0, t, k);
  zka_ifma_sub(x2, a0, t, k);
  zka_ifma_ldt(w, tb, cnt);
  zka_ifma_mul(t, a3, w, k);
  zka_ifma_add(x1, a1, t, k);
  zka_ifma_sub(x3, a1, t, k);
  zka_ifma_st(p0, x0, cnt);
  zka_ifma_st(p1, x1, cnt);
  zka_ifma_st(p2, x2, cnt);
  zka_ifma_st(p3, x3, cnt);
}

/* Element i of a data row (4 words each) and of a twiddle row (an IFMA52 table: i is a
 * multiple of 8 in the loops, 40 words per block of 8). */
#define ZKA_IE(p, i) ((uint64_t *)(p) + 4 * (i))
#define ZKA_IT(p, i) ((const uint64_t *)(p) + 5 * (i))
#define ZKA_ICNT(len, i) ((len) - (i) >= 8 ? 8u : (unsigned)((len) - (i)))

/* The kernels for one field.  FN(op): kernel names; FLD: the constants; SC: the MULX/ADX
 * kernels (ntt_mont4.c) for scale and mulpw. */
#define ZKA_IFMA_KERNELS(FN, FLD, SC)                                                       \
  static ZKA_IFMA_FN void FN(dif2)(void *u, void *v, const void *tw, size_t len) {         \
    zka_ifma_k k;                                                                          \
    zka_ifma_k_init(&k, &FLD);                                                             \
    size_t i = 0;                                                                          \
    for (; i + 8 <= len; i += 8)                                                           \
      zka_ifma_dif2_cols(ZKA_IE(u, i), ZKA_IE(v, i), ZKA_IT(tw, i), &k, 8);                \
    if (i < len) zka_ifma_dif2_cols(ZKA_IE(u, i), ZKA_IE(v, i), ZKA_IT(tw, i), &k, ZKA_ICNT(len, i)); \
  }                                                                                        \
  static ZKA_IFMA_FN void FN(dit2)(void *u, void *v, const void *tw, size_t len) {         \
    zka_ifma_k k;                                                                          \
    zka_ifma_k_init(&k, &FLD);                                                             \
    size_t i = 0;                                                                          \
    for (; i + 8 <= len; i += 8)                                                           \
      zka_ifma_dit2_cols(ZKA_IE(u, i), ZKA_IE(v, i), ZKA_IT(tw, i), &k, 8);                \
    if (i < len) zka_ifma_dit2_cols(ZKA_IE(u, i), ZKA_IE(v, i), ZKA_IT(tw, i), &k, ZKA_ICNT(len, i)); \
  }                                                                                        \
  static ZKA_IFMA_FN void FN(dif4)(void *p0, void *p1, void *p2, void *p3, const void *ta, \
                                   const void *tb, const void *tc, size_t len) {           \
    zka_ifma_k k;                                                                          \
    zka_ifma_k_init(&k, &FLD);                                                             \
    size_t i = 0;                                                                          \
    for (; i + 8 <= len; i += 8)                                                           \
      zka_ifma_dif4_cols(ZKA_IE(p0, i), ZKA_IE(p1, i), ZKA_IE(p2, i), ZKA_IE(p3, i),       \
                         ZKA_IT(ta, i), ZKA_IT(tb, i), ZKA_IT(tc, i), &k, 8);              \
    if (i < len)                                                                           \
      zka_ifma_dif4_cols(ZKA_IE(p0, i), ZKA_IE(p1, i), ZKA_IE(p2, i), ZKA_IE(p3, i),       \
                         ZKA_IT(ta, i), ZKA_IT(tb, i), ZKA_IT(tc, i), &k, ZKA_ICNT(len, i)); \
  }                                                                                        \
  static ZKA_IFMA_FN void FN(dit4)(void *p0, void *p1, void *p2, void *p3, const void *ta, \
                                   const void *tb, const void *tc, size_t len) {           \
    zka_ifma_k k;                                                                          \
    zka_ifma_k_init(&k, &FLD);                                                             \
    size_t i = 0;                                                                          \
    for (; i + 8 <= len; i += 8)                                                           \
      zka_ifma_dit4_cols(ZKA_IE(p0, i), ZKA_IE(p1, i), ZKA_IE(p2, i), ZKA_IE(p3, i),       \
                         ZKA_IT(ta, i), ZKA_IT(tb, i), ZKA_IT(tc, i), &k, 8);              \
    if (i < len)                                                                           \
      zka_ifma_dit4_cols(ZKA_IE(p0, i), ZKA_IE(p1, i), ZKA_IE(p2, i), ZKA_IE(p3, i),       \
                         ZKA_IT(ta, i), ZKA_IT(tb, i), ZKA_IT(tc, i), &k, ZKA_ICNT(len, i)); \
  }                                                                                        \
  static ZKA_IFMA_FN void FN(tail_dif)(void *x, size_t len, const void *tw) {              \
    zka_ifma_tail16(x, len, tw, 0, &FLD);                                                  \
  }                                                                                        \
  static ZKA_IFMA_FN void FN(tail_dit)(void *x, size_t len, const void *tw) {              \
    zka_ifma_tail16(x, len, tw, 1, &FLD);                                                  \
  }                                                                                        \
  static void FN(scale)(void *x, const void *c, size_t len) { (SC)->scale(x, c, len); }    \
  static void FN(mulpw)(void *x, const void *t, size_t len) { (SC)->mulpw(x, t, len); }

#define ZKA_IFMA_BN(op) zka_ntt_ifma_bn254_fr_##op
#define ZKA_IFMA_BLS(op) zka_ntt_ifma_bls12_381_fr_##op
ZKA_IFMA_KERNELS(ZKA_IFMA_BN, zka_ifma_bn254_fr, zka_ntt_bn254_fr_adx)
ZKA_IFMA_KERNELS(ZKA_IFMA_BLS, zka_ifma_bls12_381_fr, zka_ntt_bls12_381_fr_adx)

const zka_ntt_kernels zka_ntt_bn254_fr_ifma = {
    ZKA_IFMA_BN(dif2),     ZKA_IFMA_BN(dit2), ZKA_IFMA_BN(dif4),  ZKA_IFMA_BN(dit4),
    ZKA_IFMA_BN(tail_dif), ZKA_IFMA_BN(tail_dit), 4, ZKA_IFMA_BN(scale), ZKA_IFMA_BN(mulpw),
    "avx512ifma", ZKA_NTT_TW_IFMA52};
const zka_ntt_kernels zka_ntt_bls12_381_fr_ifma = {
    ZKA_IFMA_BLS(dif2),     ZKA_IFMA_BLS(dit2), ZKA_IFMA_BLS(dif4),  ZKA_IFMA_BLS(dit4),
    ZKA_IFMA_BLS(tail_dif), ZKA_IFMA_BLS(tail_dit), 4, ZKA_IFMA_BLS(scale), ZKA_IFMA_BLS(mulpw),
    "avx512ifma", ZKA_NTT_TW_IFMA52};

#else
/* ISO C forbids an empty translation unit. */
typedef int zka_ntt_ifma_unused;
#endif
