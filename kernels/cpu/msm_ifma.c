/* msm_ifma.c — the AVX-512 IFMA batch-affine step of the CPU MSM (contract: msm_ifma.h).
 *
 * Why: in the batch-affine bucket accumulation (msm_cpu_tmpl.h) every addition of one
 * round costs six field multiplications (three for Montgomery's trick, one for lambda, one
 * square, one for y3, plus the shared inversion over K), and the additions of one round
 * are independent.  Eight of them go into the eight 64-bit lanes of a zmm register and
 * are multiplied with VPMADD52LUQ / VPMADD52HUQ (52 x 52 -> 104-bit products).  The
 * prefix-product chain of Montgomery's trick is sequential, so it is run as sixteen
 * interleaved chains (two vectors of eight lanes; lane l of block g holds entry 8 g + l);
 * the sixteen chain totals are inverted together with one scalar inversion.  This is the
 * approach of eprint 2026/393 ("VROOM") for G1 mixed additions, and of the IFMA field code
 * in Drucker and Gueron, "Fast modular squaring with AVX512IFMA" (2019).
 *
 * Bound: each addition costs about 580 / 8 multiply-adds for BN254 (~36 ns at the 0.5 ns
 * per zmm VPMADD52 measured on the 2-vCPU Xeon of bench/RESULTS.md); the kernel measured
 * 50-60 ns per addition there (in the MSM and in isolation), under load.
 *
 * Montgomery product (per lane), a, b < p, radix 2^52, N limbs (5 for 254-bit p, 8 for
 * 381-bit p): the 2N-limb product t = a b with lazy column sums (each column is a sum of at
 * most 2N terms below 2^52, so below 2^58 with the reduction terms and carries: no
 * overflow of the 64-bit lanes), then N - 1 reduction steps by 2^52 (m = t_i (-p^-1) mod 2^52,
 * t += m p 2^(52 i), carry t_i >> 52 up) and one last step by 2^rem with
 * 52 (N - 1) + rem = 256 or 384, so the result is a b / R with the same R as the 64-bit
 * code (mont_x86_64.c).  t < p^2 + p R, so t / R < 2p, and one conditional subtraction
 * gives the fully reduced value: the same integer as the 64-bit path, hence the same bits.
 *
 * Compiled for AVX-512F + IFMA with per-function target attributes; msm_cpu.c calls it
 * only when zka_msm_ifma_available() (cpuid + OS state, through __builtin_cpu_supports). */
#include "kernels/cpu/msm_ifma.h"

#include "core/field/field_host.h"

#if defined(__x86_64__) && defined(ZKA_HAVE_FAST_FIELD) && \
    (defined(__GNUC__) || defined(__clang__))
#define ZKA_MSM_IFMA_BUILD 1
#include <immintrin.h>
#endif

#ifdef ZKA_MSM_IFMA_BUILD

int zka_msm_ifma_available(void) {
  static int cached = -1;
  if (cached < 0) {
    __builtin_cpu_init();
    cached = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512ifma");
  }
  return cached;
}

#define ZKA_IFMA_FN __attribute__((target("avx512f,avx512ifma")))
#define ZKA_IFMA_INL static inline __attribute__((target("avx512f,avx512ifma"), always_inline))

typedef struct {
  __m512i p[8];  /* modulus, radix 2^52 */
  __m512i inv;   /* -p^-1 mod 2^52 */
  __m512i one[8]; /* R mod p, radix 2^52 */
} zka_ifma_consts;

/* r = a b / R mod p, N limbs; rem = bits of the last reduction step.  a, b < 2p.  Fully
 * reduced (r < p) unless lazy; lazy: r < 2p (the conditional subtraction is left out):
 * t < 4p^2 + p R and 4p < R (p < 2^254 with R = 2^256, p < 2^381 with R = 2^384), so
 * t / R < 2p.  Lazy values only feed other products here. */
ZKA_IFMA_INL void zka_ifma_redc(__m512i *r, __m512i *t, const zka_ifma_consts *c,
                                const int N, const int rem, const int lazy);

ZKA_IFMA_INL void zka_ifma_mul_x(__m512i *r, const __m512i *a, const __m512i *b,
                                 const zka_ifma_consts *c, const int N, const int rem,
                                 const int lazy) {
  const __m512i zero = _mm512_setzero_si512();
  __m512i t[16];
#pragma GCC unroll 16
  for (int k = 0; k < 2 * N; k++) t[k] = zero;
#pragma GCC unroll 8
  for (int i = 0; i < N; i++) {
#pragma GCC unroll 8
    for (int j = 0; j < N; j++) {
      t[i + j] = _mm512_madd52lo_epu64(t[i + j], a[i], b[j]);
      t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], a[i], b[j]);
    }
  }
  zka_ifma_redc(r, t, c, N, rem, lazy);
}

/* r = a^2 / R mod p, fully reduced, a < 2p: the N (N - 1) / 2 cross products once, the
 * columns doubled (each below 2^57 before, so no overflow), then the N squares:
 * N^2 + N multiply-adds instead of 2 N^2. */
ZKA_IFMA_INL void zka_ifma_sqr(__m512i *r, const __m512i *a, const zka_ifma_consts *c,
                               const int N, const int rem) {
  const __m512i zero = _mm512_setzero_si512();
  __m512i t[16];
#pragma GCC unroll 16
  for (int k = 0; k < 2 * N; k++) t[k] = zero;
#pragma GCC unroll 8
  for (int i = 0; i < N; i++) {
#pragma GCC unroll 8
    for (int j = i + 1; j < N; j++) {
      t[i + j] = _mm512_madd52lo_epu64(t[i + j], a[i], a[j]);
      t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], a[i], a[j]);
    }
  }
#pragma GCC unroll 16
  for (int k = 0; k < 2 * N; k++) t[k] = _mm512_slli_epi64(t[k], 1);
#pragma GCC unroll 8
  for (int i = 0; i < N; i++) {
    t[2 * i] = _mm512_madd52lo_epu64(t[2 * i], a[i], a[i]);
    t[2 * i + 1] = _mm512_madd52hi_epu64(t[2 * i + 1], a[i], a[i]);
  }
  zka_ifma_redc(r, t, c, N, rem, 0);
}

/* Montgomery reduction of the 2N-column product t (columns below 2^58) into r. */
ZKA_IFMA_INL void zka_ifma_redc(__m512i *r, __m512i *t, const zka_ifma_consts *c,
                                const int N, const int rem, const int lazy) {
  const __m512i mask = _mm512_set1_epi64((long long)ZKA_MSM_IFMA_MASK52);
  const __m512i zero = _mm512_setzero_si512();
#pragma GCC unroll 8
  for (int i = 0; i < N - 1; i++) {
    __m512i m = _mm512_and_si512(_mm512_madd52lo_epu64(zero, t[i], c->inv), mask);
#pragma GCC unroll 8
    for (int j = 0; j < N; j++) {
      t[i + j] = _mm512_madd52lo_epu64(t[i + j], m, c->p[j]);
      t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], m, c->p[j]);
    }
    t[i + 1] = _mm512_add_epi64(t[i + 1], _mm512_srli_epi64(t[i], 52));
  }
  {
    const __m512i mrem = _mm512_set1_epi64((long long)((((uint64_t)1) << rem) - 1));
    __m512i m = _mm512_and_si512(_mm512_madd52lo_epu64(zero, t[N - 1], c->inv), mrem);
#pragma GCC unroll 8
    for (int j = 0; j < N; j++) {
      t[N - 1 + j] = _mm512_madd52lo_epu64(t[N - 1 + j], m, c->p[j]);
      t[N + j] = _mm512_madd52hi_epu64(t[N + j], m, c->p[j]);
    }
  }
#pragma GCC unroll 8
  for (int k = N - 1; k < 2 * N - 1; k++) {
    t[k + 1] = _mm512_add_epi64(t[k + 1], _mm512_srli_epi64(t[k], 52));
    t[k] = _mm512_and_si512(t[k], mask);
  }
  __m512i u[8], s[8], borrow = zero;
#pragma GCC unroll 8
  for (int j = 0; j < N; j++)
    u[j] = _mm512_or_si512(_mm512_srli_epi64(t[N - 1 + j], rem),
                           _mm512_and_si512(_mm512_slli_epi64(t[N + j], 52 - rem), mask));
  if (lazy) {
#pragma GCC unroll 8
    for (int j = 0; j < N; j++) r[j] = u[j];
    return;
  }
#pragma GCC unroll 8
  for (int j = 0; j < N; j++) {
    __m512i d = _mm512_sub_epi64(_mm512_sub_epi64(u[j], c->p[j]), borrow);
    borrow = _mm512_srli_epi64(d, 63);
    s[j] = _mm512_and_si512(d, mask);
  }
  __mmask8 ge = _mm512_cmpeq_epi64_mask(borrow, zero); /* u >= p: take u - p */
#pragma GCC unroll 8
  for (int j = 0; j < N; j++) r[j] = _mm512_mask_blend_epi64(ge, u[j], s[j]);
}

ZKA_IFMA_INL void zka_ifma_mul(__m512i *r, const __m512i *a, const __m512i *b,
                               const zka_ifma_consts *c, const int N, const int rem) {
  zka_ifma_mul_x(r, a, b, c, N, rem, 0);
}

/* a < 2p to a < p. */
ZKA_IFMA_INL void zka_ifma_reduce(__m512i *a, const zka_ifma_consts *c, const int N) {
  const __m512i mask = _mm512_set1_epi64((long long)ZKA_MSM_IFMA_MASK52);
  const __m512i zero = _mm512_setzero_si512();
  __m512i s[8], borrow = zero;
#pragma GCC unroll 8
  for (int j = 0; j < N; j++) {
    __m512i d = _mm512_sub_epi64(_mm512_sub_epi64(a[j], c->p[j]), borrow);
    borrow = _mm512_srli_epi64(d, 63);
    s[j] = _mm512_and_si512(d, mask);
  }
  __mmask8 ge = _mm512_cmpeq_epi64_mask(borrow, zero);
#pragma GCC unroll 8
  for (int j = 0; j < N; j++) a[j] = _mm512_mask_blend_epi64(ge, a[j], s[j]);
}

/* r = a - b mod p for a, b < p. */
ZKA_IFMA_INL void zka_ifma_sub(__m512i *r, const __m512i *a, const __m512i *b,
                               const zka_ifma_consts *c, const int N) {
  const __m512i mask = _mm512_set1_epi64((long long)ZKA_MSM_IFMA_MASK52);
  const __m512i zero = _mm512_setzero_si512();
  __m512i d[8], borrow = zero, carry = zero;
#pragma GCC unroll 8
  for (int j = 0; j < N; j++) {
    __m512i v = _mm512_sub_epi64(_mm512_sub_epi64(a[j], b[j]), borrow);
    borrow = _mm512_srli_epi64(v, 63);
    d[j] = _mm512_and_si512(v, mask);
  }
  __mmask8 neg = _mm512_cmpneq_epi64_mask(borrow, zero); /* a < b: add p back */
#pragma GCC unroll 8
  for (int j = 0; j < N; j++) {
    __m512i v = _mm512_add_epi64(_mm512_add_epi64(d[j], c->p[j]), carry);
    carry = _mm512_srli_epi64(v, 52);
    r[j] = _mm512_mask_blend_epi64(neg, d[j], _mm512_and_si512(v, mask));
  }
}

ZKA_IFMA_INL void zka_ifma_load(__m512i *v, const uint64_t *slot, const int N) {
#pragma GCC unroll 8
  for (int j = 0; j < N; j++) v[j] = _mm512_load_si512((const void *)(slot + 8 * j));
}

ZKA_IFMA_INL void zka_ifma_store(uint64_t *slot, const __m512i *v, const int N) {
#pragma GCC unroll 8
  for (int j = 0; j < N; j++) _mm512_store_si512((void *)(slot + 8 * j), v[j]);
}

ZKA_IFMA_INL void zka_ifma_consts_init(zka_ifma_consts *c, const uint64_t *p64,
                                       const uint64_t *one64, uint64_t inv64, const int L,
                                       const int N) {
  uint64_t tmp[8 * 8] __attribute__((aligned(64)));
  for (int l = 0; l < 8; l++) zka_msm_ifma_put(tmp, (unsigned)l, p64, L, N);
  zka_ifma_load(c->p, tmp, N);
  for (int l = 0; l < 8; l++) zka_msm_ifma_put(tmp, (unsigned)l, one64, L, N);
  zka_ifma_load(c->one, tmp, N);
  c->inv = _mm512_set1_epi64((long long)(inv64 & ZKA_MSM_IFMA_MASK52));
}

/* lambda = num / den, x3 = lambda^2 - xb - xq, y3 = lambda (xb - x3) - yb for two blocks
 * at once (b[h]: the block's slots, inv[h]: 1 / den, < 2p), written statement by
 * statement for both, so that the two independent dependency chains interleave. */
ZKA_IFMA_INL void zka_ifma_out2(__m512i x3[2][8], __m512i y3[2][8], uint64_t *const b[2],
                                const uint64_t *const inv[2], const zka_ifma_consts *c,
                                const int N, const int rem) {
  const size_t ss = (size_t)N * 8;
  __m512i v[2][8], w[2][8], lam[2][8], xb[2][8];
#pragma GCC unroll 2
  for (int h = 0; h < 2; h++) {
    zka_ifma_load(v[h], inv[h], N);
    zka_ifma_load(w[h], b[h] + ZKA_MSM_IFMA_NUM * ss, N);
  }
#pragma GCC unroll 2
  for (int h = 0; h < 2; h++) zka_ifma_mul_x(lam[h], w[h], v[h], c, N, rem, 1);
#pragma GCC unroll 2
  for (int h = 0; h < 2; h++) zka_ifma_sqr(w[h], lam[h], c, N, rem);
#pragma GCC unroll 2
  for (int h = 0; h < 2; h++) {
    zka_ifma_load(xb[h], b[h] + ZKA_MSM_IFMA_XB * ss, N);
    zka_ifma_sub(w[h], w[h], xb[h], c, N);
    zka_ifma_load(v[h], b[h] + ZKA_MSM_IFMA_XQ * ss, N);
    zka_ifma_sub(x3[h], w[h], v[h], c, N);
    zka_ifma_sub(w[h], xb[h], x3[h], c, N);
  }
#pragma GCC unroll 2
  for (int h = 0; h < 2; h++) zka_ifma_mul(w[h], lam[h], w[h], c, N, rem);
#pragma GCC unroll 2
  for (int h = 0; h < 2; h++) {
    zka_ifma_load(v[h], b[h] + ZKA_MSM_IFMA_YB * ss, N);
    zka_ifma_sub(y3[h], w[h], v[h], c, N);
  }
}

/* Radix 2^64 (L vectors) to radix 2^52 (N vectors), and back. */
ZKA_IFMA_INL void zka_ifma_from64(__m512i *r, const __m512i *a, const int L, const int N) {
  const __m512i mask = _mm512_set1_epi64((long long)ZKA_MSM_IFMA_MASK52);
#pragma GCC unroll 8
  for (int j = 0; j < N; j++) {
    const int pos = 52 * j, w = pos / 64, off = pos % 64;
    __m512i v = _mm512_srli_epi64(a[w], (unsigned)off);
    if (off > 12 && w + 1 < L)
      v = _mm512_or_si512(v, _mm512_slli_epi64(a[w + 1], (unsigned)(64 - off)));
    r[j] = _mm512_and_si512(v, mask);
  }
}

ZKA_IFMA_INL void zka_ifma_to64(__m512i *a, const __m512i *r, const int L, const int N) {
#pragma GCC unroll 8
  for (int w = 0; w < L; w++) a[w] = _mm512_setzero_si512();
#pragma GCC unroll 8
  for (int j = 0; j < N; j++) {
    const int pos = 52 * j, w = pos / 64, off = pos % 64;
    if (w < L) a[w] = _mm512_or_si512(a[w], _mm512_slli_epi64(r[j], (unsigned)off));
    if (off > 12 && w + 1 < L)
      a[w + 1] = _mm512_or_si512(a[w + 1], _mm512_srli_epi64(r[j], (unsigned)(64 - off)));
  }
}

/* The field work of one batch: sixteen prefix-product chains over the DEN slots (block g
 * belongs to chain g & 1: two independent vectors, so that the latency of one Montgomery
 * product, a serial chain of about 2N multiply-adds, overlaps with the other), one
 * inversion for the sixteen totals, the inverses 1 / den written over the prefixes, then
 * lambda, x3, y3 for all blocks independently.  Without a bucket array x3 / y3 go to the
 * DEN / NUM slots; with one, lane l of block g (entry 8 g + l < m, kind not 2) is converted
 * back to radix 2^64 and scattered to bucket[bidx[8 g + l]]. */
#define ZKA_IFMA_CORE(NAME, F, FN, N, L, REM)                                                \
  ZKA_IFMA_INL void NAME(uint64_t *blk, uint64_t *pre, size_t nblk, const zka_ifma_consts *c,  \
                         uint64_t *bucket, const uint32_t *bidx, const uint8_t *kind,         \
                         size_t m) {                                                          \
    const size_t bs = (size_t)ZKA_MSM_IFMA_SLOTS * N * 8, ss = (size_t)N * 8;              \
    __m512i a0[N], a1[N], v[N], w[N];                                                      \
    for (int j = 0; j < N; j++) a0[j] = a1[j] = c->one[j];                                 \
    size_t g = 0;                                                                          \
    for (; g + 1 < nblk; g += 2) {                                                         \
      zka_ifma_store(pre + g * ss, a0, N);                                                 \
      zka_ifma_store(pre + (g + 1) * ss, a1, N);                                           \
      zka_ifma_load(v, blk + g * bs + ZKA_MSM_IFMA_DEN * ss, N);                           \
      zka_ifma_load(w, blk + (g + 1) * bs + ZKA_MSM_IFMA_DEN * ss, N);                     \
      zka_ifma_mul_x(a0, a0, v, c, N, REM, 1);                                             \
      zka_ifma_mul_x(a1, a1, w, c, N, REM, 1);                                             \
    }                                                                                      \
    if (g < nblk) {                                                                        \
      zka_ifma_store(pre + g * ss, a0, N);                                                 \
      zka_ifma_load(v, blk + g * bs + ZKA_MSM_IFMA_DEN * ss, N);                           \
      zka_ifma_mul_x(a0, a0, v, c, N, REM, 1);                                             \
    }                                                                                      \
    /* invert the sixteen chain totals with one inversion (Montgomery's trick, scalar) */  \
    {                                                                                      \
      uint64_t lanes[2][N * 8] __attribute__((aligned(64)));                               \
      F tot[16], pfx[16], inv16;                                                           \
      zka_ifma_reduce(a0, c, N);                                                           \
      zka_ifma_reduce(a1, c, N);                                                           \
      zka_ifma_store(lanes[0], a0, N);                                                     \
      zka_ifma_store(lanes[1], a1, N);                                                     \
      for (unsigned l = 0; l < 16; l++) zka_msm_ifma_get(tot[l].l, lanes[l / 8], l % 8, L, N); \
      pfx[0] = tot[0];                                                                     \
      for (int l = 1; l < 16; l++) pfx[l] = FN(mul)(pfx[l - 1], tot[l]);                   \
      inv16 = FN(inv)(pfx[15]);                                                            \
      for (int l = 15; l > 0; l--) {                                                       \
        F il = FN(mul)(inv16, pfx[l - 1]);                                                 \
        inv16 = FN(mul)(inv16, tot[l]);                                                    \
        zka_msm_ifma_put(lanes[l / 8], (unsigned)l % 8, il.l, L, N);                       \
      }                                                                                    \
      zka_msm_ifma_put(lanes[0], 0, inv16.l, L, N);                                        \
      zka_ifma_load(a0, lanes[0], N);                                                      \
      zka_ifma_load(a1, lanes[1], N);                                                      \
    }                                                                                      \
    /* backwards: pre[g] = 1 / den[g] (chain inverse times the prefix before g) */         \
    g = nblk;                                                                              \
    if (nblk % 2) {                                                                        \
      g--;                                                                                 \
      zka_ifma_load(v, pre + g * ss, N);                                                   \
      zka_ifma_mul_x(v, a0, v, c, N, REM, 1);                                              \
      zka_ifma_store(pre + g * ss, v, N);                                                  \
      zka_ifma_load(v, blk + g * bs + ZKA_MSM_IFMA_DEN * ss, N);                           \
      zka_ifma_mul_x(a0, a0, v, c, N, REM, 1);                                             \
    }                                                                                      \
    while (g >= 2) {                                                                       \
      g -= 2;                                                                              \
      zka_ifma_load(v, pre + g * ss, N);                                                   \
      zka_ifma_load(w, pre + (g + 1) * ss, N);                                             \
      zka_ifma_mul_x(v, a0, v, c, N, REM, 1);                                              \
      zka_ifma_mul_x(w, a1, w, c, N, REM, 1);                                              \
      zka_ifma_store(pre + g * ss, v, N);                                                  \
      zka_ifma_store(pre + (g + 1) * ss, w, N);                                            \
      zka_ifma_load(v, blk + g * bs + ZKA_MSM_IFMA_DEN * ss, N);                           \
      zka_ifma_load(w, blk + (g + 1) * bs + ZKA_MSM_IFMA_DEN * ss, N);                     \
      zka_ifma_mul_x(a0, a0, v, c, N, REM, 1);                                             \
      zka_ifma_mul_x(a1, a1, w, c, N, REM, 1);                                             \
    }                                                                                      \
    /* every block on its own (two at a time): lambda = num / den, x3, y3 */               \
    for (g = 0; g < nblk; g += 2) {                                                        \
      const size_t g1 = g + 1 < nblk ? g + 1 : g; /* odd count: the last block twice */    \
      uint64_t *const bb[2] = {blk + g * bs, blk + g1 * bs};                               \
      const uint64_t *const ii[2] = {pre + g * ss, pre + g1 * ss};                         \
      __m512i x3[2][8], y3[2][8];                                                          \
      zka_ifma_out2(x3, y3, bb, ii, c, N, REM);                                            \
      for (int h = 0; h < (g1 > g ? 2 : 1); h++) {                                         \
        const size_t gh = h ? g1 : g;                                                      \
        if (!bucket) {                                                                     \
          zka_ifma_store(bb[h] + ZKA_MSM_IFMA_DEN * ss, x3[h], N);                         \
          zka_ifma_store(bb[h] + ZKA_MSM_IFMA_NUM * ss, y3[h], N);                         \
          continue;                                                                        \
        }                                                                                  \
        long long idx[8];                                                                  \
        unsigned live = 0;                                                                 \
        for (unsigned l = 0; l < 8; l++) {                                                 \
          size_t t = 8 * gh + l;                                                           \
          idx[l] = t < m ? (long long)bidx[t] * (2 * L) : 0;                               \
          if (t < m && kind[t] != 2) live |= 1u << l;                                      \
        }                                                                                  \
        __m512i vi = _mm512_loadu_si512((const void *)idx), o[L];                          \
        zka_ifma_to64(o, x3[h], L, N);                                                     \
        for (int k = 0; k < L; k++)                                                        \
          _mm512_mask_i64scatter_epi64((void *)(bucket + k), (__mmask8)live, vi, o[k], 8);  \
        zka_ifma_to64(o, y3[h], L, N);                                                     \
        for (int k = 0; k < L; k++)                                                        \
          _mm512_mask_i64scatter_epi64((void *)(bucket + L + k), (__mmask8)live, vi, o[k],  \
                                       8);                                                 \
      }                                                                                    \
    }                                                                                      \
  }

/* The kernels of one field: the slot interface (affine_add) and the MSM batch. */
#define ZKA_IFMA_FIELD(CORE, ADD, BATCH, F, FN, PMAC, N, L, REM)                             \
  ZKA_IFMA_CORE(CORE, F, FN, N, L, REM)                                                    \
  ZKA_IFMA_FN void ADD(uint64_t *blk, uint64_t *pre, size_t nblk) {                        \
    static const uint64_t p64[L] = {PMAC##_P};                                             \
    static const uint64_t one64[L] = {PMAC##_ONE};                                         \
    zka_ifma_consts c;                                                                     \
    zka_ifma_consts_init(&c, p64, one64, PMAC##_INV, L, N);                                \
    CORE(blk, pre, nblk, &c, NULL, NULL, NULL, 0);                                         \
  }                                                                                        \
  ZKA_IFMA_FN void BATCH(uint64_t *bucket, const uint32_t *bidx, const uint64_t *q,         \
                         uint8_t *kind, size_t m, uint64_t *blk, uint64_t *pre) {           \
    static const uint64_t p64[L] = {PMAC##_P};                                             \
    static const uint64_t one64[L] = {PMAC##_ONE};                                         \
    zka_ifma_consts c;                                                                     \
    zka_ifma_consts_init(&c, p64, one64, PMAC##_INV, L, N);                                \
    const size_t bs = (size_t)ZKA_MSM_IFMA_SLOTS * N * 8, ss = (size_t)N * 8;              \
    const size_t nblk = (m + 7) / 8;                                                       \
    const __m512i zero = _mm512_setzero_si512();                                           \
    for (size_t g = 0; g < nblk; g++) {                                                    \
      uint64_t *b = blk + g * bs;                                                          \
      long long idx[8], qi[8];                                                             \
      unsigned live = 0;                                                                   \
      for (unsigned l = 0; l < 8; l++) {                                                   \
        size_t t = 8 * g + l;                                                              \
        idx[l] = t < m ? (long long)bidx[t] * (2 * L) : 0;                                 \
        qi[l] = t < m ? (long long)t * (2 * L) : 0;                                        \
        if (t < m) live |= 1u << l;                                                        \
      }                                                                                    \
      const __m512i vi = _mm512_loadu_si512((const void *)idx);                            \
      const __m512i vq = _mm512_loadu_si512((const void *)qi);                             \
      __m512i a[L], xb[N], yb[N], xq[N], yq[N], den[N], num[N];                            \
      const __mmask8 lm = (__mmask8)live;                                                  \
      for (int k = 0; k < L; k++)                                                          \
        a[k] = _mm512_mask_i64gather_epi64(zero, lm, vi, (const void *)(bucket + k), 8);   \
      zka_ifma_from64(xb, a, L, N);                                                        \
      for (int k = 0; k < L; k++)                                                          \
        a[k] = _mm512_mask_i64gather_epi64(zero, lm, vi, (const void *)(bucket + L + k), 8); \
      zka_ifma_from64(yb, a, L, N);                                                        \
      for (int k = 0; k < L; k++)                                                          \
        a[k] = _mm512_mask_i64gather_epi64(zero, lm, vq, (const void *)(q + k), 8);        \
      zka_ifma_from64(xq, a, L, N);                                                        \
      for (int k = 0; k < L; k++)                                                          \
        a[k] = _mm512_mask_i64gather_epi64(zero, lm, vq, (const void *)(q + L + k), 8);    \
      zka_ifma_from64(yq, a, L, N);                                                        \
      zka_ifma_sub(den, xq, xb, &c, N);                                                    \
      zka_ifma_sub(num, yq, yb, &c, N);                                                    \
      /* xq == xb (den = 0) in a live lane: doubling or cancellation, sorted out below */  \
      __m512i any = den[0];                                                                \
      for (int j = 1; j < N; j++) any = _mm512_or_si512(any, den[j]);                      \
      const __mmask8 eqx = (__mmask8)(_mm512_cmpeq_epi64_mask(any, zero) & lm);            \
      const __mmask8 special = (__mmask8)(eqx | (__mmask8)~lm);                            \
      for (int j = 0; j < N; j++) {                                                        \
        den[j] = _mm512_mask_blend_epi64(special, den[j], c.one[j]);                       \
        num[j] = _mm512_mask_blend_epi64(special, num[j], zero);                           \
      }                                                                                    \
      zka_ifma_store(b + ZKA_MSM_IFMA_DEN * ss, den, N);                                   \
      zka_ifma_store(b + ZKA_MSM_IFMA_NUM * ss, num, N);                                   \
      zka_ifma_store(b + ZKA_MSM_IFMA_XB * ss, xb, N);                                     \
      zka_ifma_store(b + ZKA_MSM_IFMA_YB * ss, yb, N);                                     \
      zka_ifma_store(b + ZKA_MSM_IFMA_XQ * ss, xq, N);                                     \
      for (unsigned l = 0; l < 8 && 8 * g + l < m; l++) kind[8 * g + l] = 0;               \
      if (eqx) {                                                                           \
        for (unsigned l = 0; l < 8; l++) {                                                 \
          if (!((eqx >> l) & 1)) continue;                                                 \
          size_t t = 8 * g + l;                                                            \
          const F *bx = (const F *)(bucket + (size_t)bidx[t] * 2 * L);                     \
          const F *qy = (const F *)(q + t * 2 * L + L);                                    \
          if (!FN(eq)(*qy, bx[1])) {                                                       \
            kind[t] = 2; /* q = -B: the bucket empties (den = one, num = 0 above) */       \
            continue;                                                                      \
          }                                                                                \
          /* q = B: lambda = 3 x^2 / (2 y); y != 0 (no points of order 2) */               \
          F x2 = FN(sqr)(bx[0]);                                                           \
          F dd = FN(dbl)(bx[1]), nn = FN(add)(FN(dbl)(x2), x2);                            \
          kind[t] = 1;                                                                     \
          zka_msm_ifma_put(b + ZKA_MSM_IFMA_DEN * ss, l, dd.l, L, N);                      \
          zka_msm_ifma_put(b + ZKA_MSM_IFMA_NUM * ss, l, nn.l, L, N);                      \
        }                                                                                  \
      }                                                                                    \
    }                                                                                      \
    CORE(blk, pre, nblk, &c, bucket, bidx, kind, m);                                       \
  }

#define ZKA_IFMA_BN_FN(op) zka_bn254_fq_##op##_h
#define ZKA_IFMA_BLS_FN(op) zka_bls12_381_fq_##op##_h
/* R = 2^256 = 2^(4 * 52 + 48); R = 2^384 = 2^(7 * 52 + 20). */
ZKA_IFMA_FIELD(zka_ifma_bn254_core, zka_msm_ifma_bn254_fq_affine_add,
               zka_msm_ifma_bn254_g1_batch_add, zka_bn254_fq, ZKA_IFMA_BN_FN, ZKA_BN254_FQ, 5, 4,
               48)
ZKA_IFMA_FIELD(zka_ifma_bls12_381_core, zka_msm_ifma_bls12_381_fq_affine_add,
               zka_msm_ifma_bls12_381_g1_batch_add, zka_bls12_381_fq, ZKA_IFMA_BLS_FN,
               ZKA_BLS12_381_FQ, 8, 6, 20)

#else /* no IFMA build: never available, never called */

int zka_msm_ifma_available(void) { return 0; }
void zka_msm_ifma_bn254_fq_affine_add(uint64_t *blk, uint64_t *pre, size_t nblk) {
  (void)blk;
  (void)pre;
  (void)nblk;
}
void zka_msm_ifma_bls12_381_fq_affine_add(uint64_t *blk, uint64_t *pre, size_t nblk) {
  (void)blk;
  (void)pre;
  (void)nblk;
}
void zka_msm_ifma_bn254_g1_batch_add(uint64_t *bucket, const uint32_t *bidx, const uint64_t *q,
                                     uint8_t *kind, size_t m, uint64_t *blk, uint64_t *pre) {
  (void)bucket, (void)bidx, (void)q, (void)kind, (void)m, (void)blk, (void)pre;
}
void zka_msm_ifma_bls12_381_g1_batch_add(uint64_t *bucket, const uint32_t *bidx,
                                         const uint64_t *q, uint8_t *kind, size_t m,
                                         uint64_t *blk, uint64_t *pre) {
  (void)bucket, (void)bidx, (void)q, (void)kind, (void)m, (void)blk, (void)pre;
}

#endif
