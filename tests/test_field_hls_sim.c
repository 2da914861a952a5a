/* C simulation of the HLS field arithmetic: core/field/fields_portable.h compiled with
 * ZKA_TARGET_HLS, so every 64x64 -> 128 product goes through the four-32x32-products
 * zka_mul_wide that Vitis HLS maps to DSPs (kernels/common/zka_target.h), checked against
 * GMP.
 *
 *   1. zka_mul_wide itself: 1,000,000 random pairs (scaled by ZKA_TEST_SCALE) and all pairs
 *      of listed edge values (0, 1, 2^32-1, 2^32, 2^63, 2^64-1, ...) against mpz products.
 *   2. BN254 Fq/Fr, BLS12-381 Fq/Fr: add sub mul sqr neg dbl inv to_mont from_mont on
 *      >= 100,000 random operand pairs per operation (scaled by ZKA_TEST_SCALE, seed
 *      ZKA_TEST_SEED) plus all pairs of the edge cases: 0, 1, 2, p-1, p-2, (p-1)/2,
 *      (p+1)/2, 2^64-1, 2^128-1, 2^(bits-1), and the values whose Montgomery limbs are 1,
 *      p-1, 2^64-1, 2^(64(N-1))-1 and p - 2^64.
 *   3. BN254 and BLS12-381 Fq2: add sub mul sqr neg dbl inv mul_by_xi, the same counts,
 *      edges (c0, c1) over {0, 1, p-1, (p-1)/2, the value with Montgomery limbs 1}.
 * Every result must be fully reduced (limbs < p) and equal GMP's value. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#include <time.h>

#define ZKA_TARGET_HLS 1
#include "core/field/fields_portable.h"
#if !defined(ZKA_TARGET_HLS) || defined(ZKA_TARGET_HOST) || defined(ZKA_TARGET_OPENCL) || \
    defined(ZKA_TARGET_CUDA)
#error "test_field_hls_sim.c must compile the HLS variant of zka_mul_wide"
#endif

#include <stdio.h> /* before gmp.h, which declares gmp_fprintf only after it */
#include <gmp.h>

#include "test_util.h"

static zka_test_rng rng;
static gmp_randstate_t zka_test_gr;

/* ---- limbs <-> mpz ------------------------------------------------------------------------ */

static void zka_test_limbs_to_mpz(mpz_t z, const uint64_t *l, int n) {
  mpz_import(z, (size_t)n, -1, sizeof(uint64_t), 0, 0, l);
}

static void zka_test_mpz_to_limbs(uint64_t *l, int n, const mpz_t z) {
  size_t count = 0;
  memset(l, 0, sizeof(uint64_t) * (size_t)n);
  if (mpz_sizeinbase(z, 2) <= (size_t)(64 * n)) mpz_export(l, &count, -1, sizeof(uint64_t), 0, 0, z);
}

/* ---- 1. zka_mul_wide ------------------------------------------------------------------------ */

static void zka_test_mul_wide(void) {
  static const uint64_t edge[] = {0,
                                  1,
                                  2,
                                  0xffffffffu,
                                  UINT64_C(0x100000000),
                                  UINT64_C(0x100000001),
                                  UINT64_C(0xffffffff00000000),
                                  UINT64_C(0x00000000ffffffff) << 16,
                                  UINT64_C(0x8000000000000000),
                                  UINT64_C(0x7fffffffffffffff),
                                  UINT64_C(0xfffffffffffffffe),
                                  UINT64_C(0xffffffffffffffff)};
  enum { NE = sizeof edge / sizeof edge[0] };
  const long iters = zka_test_iters(1000000);
  mpz_t a, b, want, got;
  mpz_inits(a, b, want, got, NULL);
  long checked = 0;
  for (long it = 0; it < NE * NE + iters; it++) {
    uint64_t x, y;
    if (it < NE * NE) {
      x = edge[it / NE];
      y = edge[it % NE];
    } else {
      x = zka_test_next(&rng);
      y = zka_test_next(&rng);
      /* a quarter of the random pairs with 32-bit halves saturated, where the middle
       * column's carries pile up */
      if ((it & 3) == 0) x |= UINT64_C(0xffffffff00000000);
      if ((it & 7) == 0) y |= 0xffffffffu;
    }
    zka_u128 p = zka_mul_wide(x, y);
    uint64_t pl[2] = {p.lo, p.hi};
    zka_test_limbs_to_mpz(got, pl, 2);
    zka_test_limbs_to_mpz(a, &x, 1);
    zka_test_limbs_to_mpz(b, &y, 1);
    mpz_mul(want, a, b);
    CHECK(mpz_cmp(got, want) == 0, "zka_mul_wide(0x%016llx, 0x%016llx) = 0x%016llx%016llx",
          (unsigned long long)x, (unsigned long long)y, (unsigned long long)p.hi,
          (unsigned long long)p.lo);
    checked++;
  }
  printf("  zka_mul_wide (HLS: four 32x32 products): %ld products agree with GMP "
         "(%d x %d edge pairs + %ld random)\n", checked, NE, NE, iters);
  mpz_clears(a, b, want, got, NULL);
}

/* ---- a field as GMP sees it --------------------------------------------------------------- */

#define ZKA_TEST_MAX_LIMBS 6
#define ZKA_TEST_MAX_EDGES 16

typedef struct {
  const char *name;
  int n;       /* limbs */
  mpz_t p, r, rinv; /* modulus, R = 2^(64n) mod p, R^-1 mod p */
  mpz_t edge[ZKA_TEST_MAX_EDGES];
  int n_edges;
} zka_test_fctx;

static void zka_test_fctx_init(zka_test_fctx *fc, const char *name, const uint64_t *p, int n) {
  fc->name = name;
  fc->n = n;
  mpz_inits(fc->p, fc->r, fc->rinv, NULL);
  zka_test_limbs_to_mpz(fc->p, p, n);
  mpz_set_ui(fc->r, 1);
  mpz_mul_2exp(fc->r, fc->r, (mp_bitcnt_t)(64 * n));
  mpz_mod(fc->r, fc->r, fc->p);
  CHECK(mpz_invert(fc->rinv, fc->r, fc->p) != 0, "%s: R invertible", name);

  /* the edge cases, as canonical values */
  int k = 0;
  for (int i = 0; i < ZKA_TEST_MAX_EDGES; i++) mpz_init(fc->edge[i]);
  mpz_set_ui(fc->edge[k++], 0);
  mpz_set_ui(fc->edge[k++], 1);
  mpz_set_ui(fc->edge[k++], 2);
  mpz_sub_ui(fc->edge[k++], fc->p, 1);
  mpz_sub_ui(fc->edge[k++], fc->p, 2);
  mpz_sub_ui(fc->edge[k], fc->p, 1);
  mpz_fdiv_q_2exp(fc->edge[k], fc->edge[k], 1); /* (p-1)/2 */
  k++;
  mpz_add_ui(fc->edge[k], fc->edge[k - 1], 1); /* (p+1)/2 */
  k++;
  mpz_set_ui(fc->edge[k], 1);
  mpz_mul_2exp(fc->edge[k], fc->edge[k], 64);
  mpz_sub_ui(fc->edge[k], fc->edge[k], 1); /* 2^64-1 */
  k++;
  mpz_set_ui(fc->edge[k], 1);
  mpz_mul_2exp(fc->edge[k], fc->edge[k], 128);
  mpz_sub_ui(fc->edge[k], fc->edge[k], 1); /* 2^128-1 */
  k++;
  mpz_set_ui(fc->edge[k], 1);
  mpz_mul_2exp(fc->edge[k], fc->edge[k], mpz_sizeinbase(fc->p, 2) - 1); /* 2^(bits-1) < p */
  k++;
  /* values whose Montgomery limbs are m: 1, p-1, 2^64-1, 2^(64(n-1))-1, p - 2^64 */
  mpz_t m;
  mpz_init(m);
  for (int j = 0; j < 5; j++) {
    switch (j) {
      case 0: mpz_set_ui(m, 1); break;
      case 1: mpz_sub_ui(m, fc->p, 1); break;
      case 2: mpz_set_ui(m, 1); mpz_mul_2exp(m, m, 64); mpz_sub_ui(m, m, 1); break;
      case 3: mpz_set_ui(m, 1); mpz_mul_2exp(m, m, (mp_bitcnt_t)(64 * (n - 1))); mpz_sub_ui(m, m, 1); break;
      default: mpz_set_ui(m, 1); mpz_mul_2exp(m, m, 64); mpz_sub(m, fc->p, m); break;
    }
    mpz_mul(fc->edge[k], m, fc->rinv);
    mpz_mod(fc->edge[k], fc->edge[k], fc->p);
    k++;
  }
  mpz_clear(m);
  fc->n_edges = k;
}

static void zka_test_fctx_clear(zka_test_fctx *fc) {
  for (int i = 0; i < ZKA_TEST_MAX_EDGES; i++) mpz_clear(fc->edge[i]);
  mpz_clears(fc->p, fc->r, fc->rinv, NULL);
}

/* Montgomery limbs of the canonical value a. */
static void zka_test_to_mont(uint64_t *l, const zka_test_fctx *fc, const mpz_t a) {
  mpz_t t;
  mpz_init(t);
  mpz_mul(t, a, fc->r);
  mpz_mod(t, t, fc->p);
  zka_test_mpz_to_limbs(l, fc->n, t);
  mpz_clear(t);
}

/* Do the limbs z hold the element `want` (reduced mod p here): Montgomery form when mont,
 * the plain integer otherwise?  Limbs >= p never pass. */
static int zka_test_holds(const zka_test_fctx *fc, const uint64_t *z, const mpz_t want, int mont) {
  mpz_t got, w;
  mpz_inits(got, w, NULL);
  zka_test_limbs_to_mpz(got, z, fc->n);
  int ok = mpz_cmp(got, fc->p) < 0;
  if (mont) {
    mpz_mul(got, got, fc->rinv);
    mpz_mod(got, got, fc->p);
  }
  mpz_mod(w, want, fc->p);
  ok = ok && mpz_cmp(got, w) == 0;
  mpz_clears(got, w, NULL);
  return ok;
}

/* ---- 2. the prime fields ---------------------------------------------------------------------- */

enum {
  ZKA_TEST_ADD,
  ZKA_TEST_SUB,
  ZKA_TEST_MUL,
  ZKA_TEST_SQR,
  ZKA_TEST_NEG,
  ZKA_TEST_DBL,
  ZKA_TEST_INV,
  ZKA_TEST_TO_MONT,
  ZKA_TEST_FROM_MONT,
  ZKA_TEST_MUL_BY_XI,
  ZKA_TEST_NUM_OPS
};
static const char *const zka_test_op_names[ZKA_TEST_NUM_OPS] = {
    "add", "sub", "mul", "sqr", "neg", "dbl", "inv", "to_mont", "from_mont", "mul_by_xi"};

static double zka_test_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void zka_test_report(const char *name, const long *counts, long edge_pairs, double t0) {
  printf("  %-14s", name);
  long min = -1;
  for (int op = 0; op < ZKA_TEST_NUM_OPS; op++) {
    if (!counts[op]) continue;
    printf(" %s", zka_test_op_names[op]);
    if (min < 0 || counts[op] < min) min = counts[op];
  }
  printf(": >= %ld operand pairs per operation (%ld edge pairs + random) agree with GMP "
         "(%.1f s)\n", min, edge_pairs, zka_test_now() - t0);
}

#define ZKA_TEST_PRIME(F)                                                                   \
  static void zka_test_##F(void) {                                                          \
    enum { N = sizeof(zka_##F) / 8 };                                                       \
    const double t0 = zka_test_now();                                                       \
    zka_test_fctx fc;                                                                       \
    zka_##F pmod = zka_##F##_modulus_ref();                                                 \
    zka_test_fctx_init(&fc, #F, pmod.l, N);                                                 \
    const long iters = zka_test_iters(100000);                                              \
    const long ne = fc.n_edges;                                                             \
    long counts[ZKA_TEST_NUM_OPS] = {0};                                                    \
    mpz_t a, b, want;                                                                       \
    mpz_inits(a, b, want, NULL);                                                            \
    for (long it = 0; it < ne * ne + iters; it++) {                                         \
      if (it < ne * ne) {                                                                   \
        mpz_set(a, fc.edge[it / ne]);                                                       \
        mpz_set(b, fc.edge[it % ne]);                                                       \
      } else {                                                                              \
        mpz_urandomm(a, zka_test_gr, fc.p);                                                 \
        mpz_urandomm(b, zka_test_gr, fc.p);                                                 \
      }                                                                                     \
      zka_##F x, y, z, xc;                                                                  \
      zka_test_to_mont(x.l, &fc, a);                                                        \
      zka_test_to_mont(y.l, &fc, b);                                                        \
      zka_test_mpz_to_limbs(xc.l, N, a); /* a as a plain integer, for to_mont */            \
      for (int op = 0; op <= ZKA_TEST_FROM_MONT; op++) {                                    \
        /* inversion is a fixed chain of the muls checked above: 1 random pair in 10 */     \
        if (op == ZKA_TEST_INV && it >= ne * ne && it % 10) continue;                       \
        int mont = 1;                                                                       \
        switch (op) {                                                                       \
          case ZKA_TEST_ADD: z = zka_##F##_add_ref(x, y); mpz_add(want, a, b); break;       \
          case ZKA_TEST_SUB: z = zka_##F##_sub_ref(x, y); mpz_sub(want, a, b); break;       \
          case ZKA_TEST_MUL: z = zka_##F##_mul_ref(x, y); mpz_mul(want, a, b); break;       \
          case ZKA_TEST_SQR: z = zka_##F##_sqr_ref(x); mpz_mul(want, a, a); break;          \
          case ZKA_TEST_NEG: z = zka_##F##_neg_ref(x); mpz_neg(want, a); break;             \
          case ZKA_TEST_DBL: z = zka_##F##_dbl_ref(x); mpz_mul_2exp(want, a, 1); break;     \
          case ZKA_TEST_INV:                                                                \
            z = zka_##F##_inv_ref(x);                                                       \
            if (mpz_sgn(a) == 0) mpz_set_ui(want, 0); /* inv(0) = 0 by contract */          \
            else mpz_invert(want, a, fc.p);                                                 \
            break;                                                                          \
          case ZKA_TEST_TO_MONT: z = zka_##F##_to_mont_ref(xc); mpz_set(want, a); break;    \
          default: z = zka_##F##_from_mont_ref(x); mpz_set(want, a); mont = 0; break;       \
        }                                                                                   \
        if (!zka_test_holds(&fc, z.l, want, mont)) {                                        \
          CHECK(0, "%s %s at operand pair %ld (%s)", #F, zka_test_op_names[op], it,         \
                it < ne * ne ? "edge" : "random");                                          \
          if (zka_test_failures <= 20) gmp_fprintf(stderr, "    a = 0x%Zx\n    b = 0x%Zx\n", a, b); \
        }                                                                                   \
        counts[op]++;                                                                       \
      }                                                                                     \
    }                                                                                       \
    zka_test_report(#F, counts, ne * ne, t0);                                                   \
    mpz_clears(a, b, want, NULL);                                                           \
    zka_test_fctx_clear(&fc);                                                               \
  }

ZKA_TEST_PRIME(bn254_fq)
ZKA_TEST_PRIME(bn254_fr)
ZKA_TEST_PRIME(bls12_381_fq)
ZKA_TEST_PRIME(bls12_381_fr)

/* ---- 3. Fq2 = Fq[u]/(u^2 + 1) ------------------------------------------------------------- */

/* Fq2 F over base B with xi = XI + u.  Element (c0, c1) = c0 + c1·u. */
#define ZKA_TEST_FP2(F, B, XI)                                                              \
  static void zka_test_##F(void) {                                                          \
    enum { N = sizeof(zka_##B) / 8 };                                                       \
    const double t0 = zka_test_now();                                                       \
    zka_test_fctx fc;                                                                       \
    zka_##B pmod = zka_##B##_modulus_ref();                                                 \
    zka_test_fctx_init(&fc, #F, pmod.l, N);                                                 \
    const long iters = zka_test_iters(100000);                                              \
    /* edges: (c0, c1) over base edges 0, 1, p-1, (p-1)/2, Montgomery limbs 1 */            \
    static const int pick[5] = {0, 1, 3, 5, 10};                                            \
    const long ne = 25;                                                                     \
    long counts[ZKA_TEST_NUM_OPS] = {0};                                                    \
    mpz_t a0, a1, b0, b1, w0, w1, t;                                                        \
    mpz_inits(a0, a1, b0, b1, w0, w1, t, NULL);                                             \
    for (long it = 0; it < ne * ne + iters; it++) {                                         \
      if (it < ne * ne) {                                                                   \
        long ea = it / ne, eb = it % ne;                                                    \
        mpz_set(a0, fc.edge[pick[ea / 5]]);                                                 \
        mpz_set(a1, fc.edge[pick[ea % 5]]);                                                 \
        mpz_set(b0, fc.edge[pick[eb / 5]]);                                                 \
        mpz_set(b1, fc.edge[pick[eb % 5]]);                                                 \
      } else {                                                                              \
        mpz_urandomm(a0, zka_test_gr, fc.p);                                                \
        mpz_urandomm(a1, zka_test_gr, fc.p);                                                \
        mpz_urandomm(b0, zka_test_gr, fc.p);                                                \
        mpz_urandomm(b1, zka_test_gr, fc.p);                                                \
      }                                                                                     \
      zka_##F x, y, z;                                                                      \
      zka_test_to_mont(x.c0.l, &fc, a0);                                                    \
      zka_test_to_mont(x.c1.l, &fc, a1);                                                    \
      zka_test_to_mont(y.c0.l, &fc, b0);                                                    \
      zka_test_to_mont(y.c1.l, &fc, b1);                                                    \
      for (int op = 0; op < ZKA_TEST_NUM_OPS; op++) {                                       \
        /* inversion is a fixed chain of the muls checked here: 1 random pair in 10 */      \
        if (op == ZKA_TEST_INV && it >= ne * ne && it % 10) continue;                       \
        switch (op) {                                                                       \
          case ZKA_TEST_ADD:                                                                \
            z = zka_##F##_add_ref(x, y);                                                    \
            mpz_add(w0, a0, b0);                                                            \
            mpz_add(w1, a1, b1);                                                            \
            break;                                                                          \
          case ZKA_TEST_SUB:                                                                \
            z = zka_##F##_sub_ref(x, y);                                                    \
            mpz_sub(w0, a0, b0);                                                            \
            mpz_sub(w1, a1, b1);                                                            \
            break;                                                                          \
          case ZKA_TEST_MUL: /* (a0 b0 - a1 b1) + (a0 b1 + a1 b0) u */                      \
            z = zka_##F##_mul_ref(x, y);                                                    \
            mpz_mul(w0, a0, b0);                                                            \
            mpz_submul(w0, a1, b1);                                                         \
            mpz_mul(w1, a0, b1);                                                            \
            mpz_addmul(w1, a1, b0);                                                         \
            break;                                                                          \
          case ZKA_TEST_SQR: /* (a0^2 - a1^2) + 2 a0 a1 u */                                \
            z = zka_##F##_sqr_ref(x);                                                       \
            mpz_mul(w0, a0, a0);                                                            \
            mpz_submul(w0, a1, a1);                                                         \
            mpz_mul(w1, a0, a1);                                                            \
            mpz_mul_2exp(w1, w1, 1);                                                        \
            break;                                                                          \
          case ZKA_TEST_NEG:                                                                \
            z = zka_##F##_neg_ref(x);                                                       \
            mpz_neg(w0, a0);                                                                \
            mpz_neg(w1, a1);                                                                \
            break;                                                                          \
          case ZKA_TEST_DBL:                                                                \
            z = zka_##F##_dbl_ref(x);                                                       \
            mpz_mul_2exp(w0, a0, 1);                                                        \
            mpz_mul_2exp(w1, a1, 1);                                                        \
            break;                                                                          \
          case ZKA_TEST_INV: /* (a0 - a1 u) / (a0^2 + a1^2); 0 for 0 */                    \
            z = zka_##F##_inv_ref(x);                                                       \
            mpz_mul(t, a0, a0);                                                             \
            mpz_addmul(t, a1, a1);                                                          \
            if (mpz_invert(t, t, fc.p)) {                                                   \
              mpz_mul(w0, a0, t);                                                           \
              mpz_mul(w1, a1, t);                                                           \
              mpz_neg(w1, w1);                                                              \
            } else {                                                                        \
              mpz_set_ui(w0, 0);                                                            \
              mpz_set_ui(w1, 0);                                                            \
            }                                                                               \
            break;                                                                          \
          case ZKA_TEST_MUL_BY_XI: /* (XI a0 - a1) + (XI a1 + a0) u */                      \
            z = zka_##F##_mul_by_xi_ref(x);                                                 \
            mpz_mul_ui(w0, a0, XI);                                                         \
            mpz_sub(w0, w0, a1);                                                            \
            mpz_mul_ui(w1, a1, XI);                                                         \
            mpz_add(w1, w1, a0);                                                            \
            break;                                                                          \
          default: continue; /* to_mont/from_mont: prime fields only */                     \
        }                                                                                   \
        if (!zka_test_holds(&fc, z.c0.l, w0, 1) || !zka_test_holds(&fc, z.c1.l, w1, 1)) {   \
          CHECK(0, "%s %s at operand pair %ld (%s)", #F, zka_test_op_names[op], it,         \
                it < ne * ne ? "edge" : "random");                                          \
          if (zka_test_failures <= 20)                                                      \
            gmp_fprintf(stderr, "    a = 0x%Zx + 0x%Zx u\n    b = 0x%Zx + 0x%Zx u\n", a0,   \
                        a1, b0, b1);                                                        \
        }                                                                                   \
        counts[op]++;                                                                       \
      }                                                                                     \
    }                                                                                       \
    zka_test_report(#F, counts, ne * ne, t0);                                                   \
    mpz_clears(a0, a1, b0, b1, w0, w1, t, NULL);                                            \
    zka_test_fctx_clear(&fc);                                                               \
  }

/* xi = 9 + u for BN254, 1 + u for BLS12-381 (core/field/fields_portable.h) */
ZKA_TEST_FP2(bn254_fq2, bn254_fq, 9)
ZKA_TEST_FP2(bls12_381_fq2, bls12_381_fq, 1)

int main(void) {
  zka_test_rng_init(&rng);
  gmp_randinit_default(zka_test_gr);
  gmp_randseed_ui(zka_test_gr, (unsigned long)zka_test_next(&rng));
  printf("HLS arithmetic (ZKA_TARGET_HLS) in C simulation, against GMP:\n");
  zka_test_mul_wide();
  zka_test_bn254_fq();
  zka_test_bn254_fr();
  zka_test_bls12_381_fq();
  zka_test_bls12_381_fr();
  zka_test_bn254_fq2();
  zka_test_bls12_381_fq2();
  gmp_randclear(zka_test_gr);
  return zka_test_finish("test_field_hls_sim");
}
