/* test_msm_cpu.c — the CPU backend's MSM (kernels/cpu/msm_cpu.c) on the four groups:
 *  - against a naive sum of zka_<G>_mul_var products for n in {0, 1, 2, 3, 7, 31, 100,
 *    random up to 300}, in several configurations (automatic; XYZZ buckets; batch-affine
 *    with tiny windows and tiny batches so that bucket conflicts, deferrals, the XYZZ
 *    overflow and P + P / P + (-P) inside a batch all happen; GLV on and off; threads);
 *  - the edge cases: zero scalars, r - 1, infinity points, repeated points, P and -P,
 *    all scalars equal, a sum that cancels to infinity;
 *  - scalar_bits < 256 (short scalars) against the naive sum and the full-width run;
 *  - G1 at 2^12 .. 2^14 points: threaded automatic vs single-threaded, other window,
 *    GLV off (all must give the same point);
 *  - the GLV split: k = k1 + k2 lambda checked on points, |k1|, |k2| < 2^129;
 *  - the AVX-512 IFMA batch-affine kernel (msm_ifma.h, where the CPU has it) against the
 *    scalar field code bit for bit, with 0, 1, p - 1, p - 2, R mod p and random values;
 *    the MSM with and without it (the "scalar" configurations) on every case above.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/common/zka_target.h"
#include "core/params/bls12_381_fr.h"
#include "core/params/bn254_fr.h"
#include "core/params/glv_params.h"
#include "core/field/field_host.h"
#include "kernels/cpu/msm_cpu_internal.h"
#include "kernels/cpu/msm_ifma.h"
#include "test_util.h"
#include "zkaccel/curve.h"

/* ---- a plain pthread parallel_for ---------------------------------------------------- */

typedef struct {
  size_t ntasks, next;
  pthread_mutex_t lock;
  void (*body)(void *, size_t);
  void *arg;
} test_pf;

static void *test_pf_worker(void *p) {
  test_pf *pf = p;
  for (;;) {
    pthread_mutex_lock(&pf->lock);
    size_t t = pf->next++;
    pthread_mutex_unlock(&pf->lock);
    if (t >= pf->ntasks) return NULL;
    pf->body(pf->arg, t);
  }
}

static void test_parallel_for(void *pool, size_t ntasks, void (*body)(void *, size_t), void *arg) {
  unsigned threads = (unsigned)(uintptr_t)pool;
  test_pf pf = {ntasks, 0, PTHREAD_MUTEX_INITIALIZER, body, arg};
  pthread_t th[16];
  unsigned started = 0;
  for (unsigned i = 1; i < threads && i < 16; i++)
    if (pthread_create(&th[started], NULL, test_pf_worker, &pf) == 0) started++;
  test_pf_worker(&pf);
  for (unsigned i = 0; i < started; i++) pthread_join(th[i], NULL);
  pthread_mutex_destroy(&pf.lock);
}

static zka_cpu_exec test_exec(unsigned threads) {
  zka_cpu_exec e = {test_parallel_for, (void *)(uintptr_t)threads, threads, 0, 0};
  return e;
}

/* ---- scalars --------------------------------------------------------------------------- */

static const uint64_t r_bn254[4] = {ZKA_BN254_FR_P};
static const uint64_t r_bls[4] = {ZKA_BLS12_381_FR_P};

static void limbs_to_le(uint8_t out[32], const uint64_t v[4]) {
  for (int i = 0; i < 32; i++) out[i] = (uint8_t)(v[i / 8] >> (8 * (i % 8)));
}

static int limbs_lt(const uint64_t a[4], const uint64_t b[4]) {
  for (int i = 3; i >= 0; i--)
    if (a[i] != b[i]) return a[i] < b[i];
  return 0;
}

/* A uniform scalar below r, or below 2^bits when bits < 254. */
static void rand_scalar(zka_test_rng *rng, uint8_t out[32], const uint64_t r[4], unsigned bits) {
  uint64_t v[4];
  for (;;) {
    for (int i = 0; i < 4; i++) {
      v[i] = zka_test_next(rng);
      unsigned lo = 64 * (unsigned)i;
      if (bits <= lo) v[i] = 0;
      else if (bits < lo + 64) v[i] &= ((uint64_t)1 << (bits - lo)) - 1;
    }
    if (limbs_lt(v, r)) break;
  }
  limbs_to_le(out, v);
}

static void r_minus(uint8_t out[32], const uint64_t r[4], uint64_t k) {
  uint64_t v[4] = {r[0] - k, r[1], r[2], r[3]}; /* r[0] > k for both curves */
  limbs_to_le(out, v);
}

/* The configurations every small case runs in (window 0 = automatic). */
typedef struct {
  const char *name;
  zka_cpu_msm_opts o;
  unsigned threads;
} test_cfg;

static const test_cfg cfgs[] = {
    {"auto", {0, -1, -1, 0, 0, 0}, 1},
    {"auto/3 threads", {0, -1, -1, 0, 0, 0}, 3},
    {"xyzz c=5", {5, -1, 0, 0, 0, 0}, 1},
    {"affine c=3 batch=2", {3, -1, 1, 0, 2, 0}, 1},
    {"affine c=4 batch=5 noglv", {4, 0, 1, 0, 5, 0}, 1},
    {"affine c=6 batch=64 glv", {6, 1, 1, 0, 64, 0}, 1},
    {"affine c=2 batch=1 3 chunks", {2, 1, 1, 3, 1, 0}, 2},
    {"xyzz c=1 noglv", {1, 0, 0, 0, 0, 0}, 1},
    {"affine c=11 glv 4 chunks", {11, 1, 1, 4, 0, 0}, 2},
    /* the same batch-affine cases with the scalar field code only (no IFMA lanes) */
    {"affine c=3 batch=2 scalar", {3, -1, 1, 0, 2, 1}, 1},
    {"affine c=4 batch=13 noglv scalar", {4, 0, 1, 0, 13, 1}, 1},
    {"affine c=6 batch=64 glv scalar", {6, 1, 1, 0, 64, 1}, 1},
    {"affine c=5 batch=9 glv", {5, 1, 1, 0, 9, 0}, 1},
};
#define NCFG (sizeof cfgs / sizeof cfgs[0])

static long checks_run = 0;

/* ---- per-group tests ------------------------------------------------------------------- */

#define DEFINE_GROUP_TESTS(G, GID, RLIMBS)                                                    \
  /* n distinct-looking points: a walk P_{i+1} = P_i + T (doubled every 5th step) */          \
  static void G##_points(zka_test_rng *rng, zka_##G##_affine *out, size_t n) {               \
    if (n == 0) return;                                                                       \
    zka_##G##_affine g;                                                                       \
    zka_##G##_generator(&g);                                                                  \
    uint8_t k[32];                                                                            \
    zka_##G##_jacobian gj, p, t;                                                              \
    zka_##G##_affine_to_jacobian(&gj, &g);                                                    \
    rand_scalar(rng, k, RLIMBS, 256);                                                         \
    zka_##G##_mul_var(&p, &gj, k);                                                            \
    rand_scalar(rng, k, RLIMBS, 256);                                                         \
    zka_##G##_mul_var(&t, &gj, k);                                                            \
    zka_##G##_jacobian *tmp = malloc(n * sizeof *tmp);                                        \
    for (size_t i = 0; i < n; i++) {                                                          \
      tmp[i] = p;                                                                             \
      zka_##G##_add(&p, &p, &t);                                                              \
      if (i % 5 == 4) zka_##G##_dbl(&p, &p);                                                  \
    }                                                                                         \
    zka_##G##_batch_normalize(out, tmp, n);                                                   \
    free(tmp);                                                                                \
  }                                                                                           \
                                                                                              \
  static void G##_naive(zka_##G##_jacobian *res, const zka_##G##_affine *pts,                \
                        const uint8_t *sc, size_t n) {                                        \
    zka_##G##_infinity(res);                                                                  \
    for (size_t i = 0; i < n; i++) {                                                          \
      zka_##G##_jacobian pj, t;                                                               \
      zka_##G##_affine_to_jacobian(&pj, &pts[i]);                                             \
      zka_##G##_mul_var(&t, &pj, sc + 32 * i);                                                \
      zka_##G##_add(res, res, &t);                                                            \
    }                                                                                         \
  }                                                                                           \
                                                                                              \
  static int G##_run(zka_##G##_jacobian *res, const zka_##G##_affine *pts, const uint8_t *sc, \
                     size_t n, unsigned sbits, const zka_cpu_msm_opts *o, unsigned threads) { \
    zka_msm_job job = {GID, n, sbits};                                                        \
    zka_cpu_exec ex = test_exec(threads);                                                     \
    char err[128] = "";                                                                       \
    zka_status st = zka_cpu_msm_ex(res, pts, sc, &job, threads > 1 ? &ex : NULL, o, NULL,    \
                                   err, sizeof err);                                          \
    CHECK(st == ZKA_OK, "%s: status %d %s", #G, (int)st, err);                                \
    return st == ZKA_OK;                                                                      \
  }                                                                                           \
                                                                                              \
  /* every configuration against the naive sum */                                            \
  static void G##_check_all(const char *what, const zka_##G##_affine *pts, const uint8_t *sc, \
                            size_t n, unsigned sbits) {                                       \
    zka_##G##_jacobian ref, res;                                                              \
    G##_naive(&ref, pts, sc, n);                                                              \
    for (size_t c = 0; c < NCFG; c++) {                                                       \
      if (!G##_run(&res, pts, sc, n, sbits, &cfgs[c].o, cfgs[c].threads)) continue;          \
      CHECK(zka_##G##_jacobian_eq(&res, &ref), "%s %s n=%zu bits=%u cfg %s", #G, what, n,    \
            sbits, cfgs[c].name);                                                             \
      checks_run++;                                                                           \
    }                                                                                         \
    /* the plain entry point too */                                                           \
    zka_msm_job job = {GID, n, sbits};                                                        \
    char err[128];                                                                            \
    CHECK(zka_cpu_msm(&res, pts, sc, &job, NULL, err, sizeof err) == ZKA_OK, "%s", err);      \
    CHECK(zka_##G##_jacobian_eq(&res, &ref), "%s %s n=%zu zka_cpu_msm", #G, what, n);        \
  }                                                                                           \
                                                                                              \
  static void G##_test_small(zka_test_rng *rng) {                                             \
    size_t sizes[8] = {0, 1, 2, 3, 7, 31, 100, 0};                                            \
    sizes[7] = 1 + (size_t)(zka_test_next(rng) % 300);                                        \
    zka_##G##_affine *pts = malloc(300 * sizeof *pts);                                        \
    uint8_t *sc = malloc(300 * 32);                                                           \
    for (int s = 0; s < 8; s++) {                                                             \
      size_t n = sizes[s];                                                                    \
      G##_points(rng, pts, n);                                                                \
      for (size_t i = 0; i < n; i++) rand_scalar(rng, sc + 32 * i, RLIMBS, 256);              \
      G##_check_all("random", pts, sc, n, 256);                                               \
    }                                                                                         \
    /* edge cases in one input of 64 points */                                               \
    size_t n = 64;                                                                            \
    G##_points(rng, pts, n);                                                                  \
    for (size_t i = 0; i < n; i++) rand_scalar(rng, sc + 32 * i, RLIMBS, 256);                \
    for (size_t i = 0; i < 8; i++) memset(sc + 32 * i, 0, 32);   /* zero scalars */           \
    for (size_t i = 8; i < 16; i++) r_minus(sc + 32 * i, RLIMBS, 1 + i % 2); /* r-1, r-2 */   \
    for (size_t i = 16; i < 24; i++) memset(&pts[i], 0, sizeof pts[i]); /* infinity */        \
    for (size_t i = 24; i < 32; i++) pts[i] = pts[40];          /* repeated points */         \
    for (size_t i = 32; i < 40; i++) zka_##G##_affine_neg(&pts[i], &pts[40]); /* -P */        \
    for (size_t i = 44; i < 56; i++) memcpy(sc + 32 * i, sc + 32 * 44, 32); /* equal k */     \
    for (size_t i = 56; i < 64; i++) memcpy(sc + 32 * i, sc + 32 * 40, 32);                   \
    G##_check_all("edge mix", pts, sc, n, 256);                                               \
    /* all points equal, all scalars equal */                                                 \
    for (size_t i = 0; i < n; i++) {                                                          \
      pts[i] = pts[40];                                                                       \
      if (i != 12) memcpy(sc + 32 * i, sc + 32 * 12, 32);                                     \
    }                                                                                         \
    G##_check_all("all equal", pts, sc, n, 256);                                              \
    /* P and -P with equal scalars: cancels to infinity */                                   \
    for (size_t i = 0; i < n; i += 2) zka_##G##_affine_neg(&pts[i + 1], &pts[i]);             \
    {                                                                                         \
      zka_##G##_jacobian res;                                                                 \
      zka_cpu_msm_opts o = {3, -1, 1, 0, 4, 0};                                                  \
      if (G##_run(&res, pts, sc, n, 256, &o, 1))                                              \
        CHECK(zka_##G##_is_infinity_j(&res), "%s: P + (-P) sum not infinity", #G);           \
    }                                                                                         \
    G##_check_all("P and -P", pts, sc, n, 256);                                               \
    /* all scalars r - 1 and all points infinity */                                          \
    for (size_t i = 0; i < n; i++) r_minus(sc + 32 * i, RLIMBS, 1);                           \
    G##_points(rng, pts, n);                                                                  \
    G##_check_all("all r-1", pts, sc, n, 256);                                                \
    memset(pts, 0, n * sizeof *pts);                                                          \
    G##_check_all("all infinity", pts, sc, n, 256);                                           \
    /* short scalars */                                                                       \
    unsigned bitlist[4] = {1, 17, 64, 130};                                                   \
    for (int b = 0; b < 4; b++) {                                                             \
      n = 50;                                                                                 \
      G##_points(rng, pts, n);                                                                \
      for (size_t i = 0; i < n; i++) rand_scalar(rng, sc + 32 * i, RLIMBS, bitlist[b]);       \
      G##_check_all("short", pts, sc, n, bitlist[b]);                                         \
      zka_##G##_jacobian a, f;                                                                \
      zka_cpu_msm_opts o = {0, -1, -1, 0, 0, 0};                                                 \
      if (G##_run(&a, pts, sc, n, bitlist[b], &o, 1) && G##_run(&f, pts, sc, n, 256, &o, 1))  \
        CHECK(zka_##G##_jacobian_eq(&a, &f), "%s short bits %u vs full", #G, bitlist[b]);     \
    }                                                                                         \
    free(pts);                                                                                \
    free(sc);                                                                                 \
  }                                                                                           \
                                                                                              \
  /* large n: automatic threaded vs other computations */                                    \
  static void G##_test_large(zka_test_rng *rng, size_t n) {                                   \
    zka_##G##_affine *pts = malloc(n * sizeof *pts);                                          \
    uint8_t *sc = malloc(n * 32);                                                             \
    G##_points(rng, pts, n);                                                                  \
    for (size_t i = 0; i < n; i++) rand_scalar(rng, sc + 32 * i, RLIMBS, 256);                \
    for (size_t i = 0; i < n; i += 97) pts[i] = pts[(i * 7 + 3) % n]; /* a few repeats */     \
    zka_##G##_jacobian ref, res;                                                              \
    zka_cpu_msm_opts a = {0, -1, -1, 0, 0, 0};                                                   \
    /* the last two: automatic and c=9 with the scalar field code only (no IFMA) */          \
    zka_cpu_msm_opts others[5] = {{0, -1, -1, 0, 0, 0}, {9, 0, 1, 0, 0, 0}, {13, 1, 0, 0, 0, 0},  \
                                  {0, -1, -1, 0, 0, 1}, {9, 1, 1, 0, 0, 1}};                  \
    unsigned th[5] = {1, 2, 2, 2, 1};                                                         \
    if (G##_run(&ref, pts, sc, n, 256, &a, 2)) {                                              \
      zka_##G##_affine ref_a, res_a;                                                          \
      zka_##G##_jacobian_to_affine(&ref_a, &ref);                                             \
      for (int k = 0; k < 5; k++) {                                                           \
        if (!G##_run(&res, pts, sc, n, 256, &others[k], th[k])) continue;                     \
        CHECK(zka_##G##_jacobian_eq(&res, &ref), "%s large n=%zu cfg %d", #G, n, k);          \
        zka_##G##_jacobian_to_affine(&res_a, &res);                                           \
        CHECK(memcmp(&res_a, &ref_a, sizeof ref_a) == 0, "%s large n=%zu cfg %d: affine bytes", \
              #G, n, k);                                                                      \
        checks_run++;                                                                         \
      }                                                                                       \
    }                                                                                         \
    free(pts);                                                                                \
    free(sc);                                                                                 \
  }

static int zka_bn254_g1_is_infinity_j(const zka_bn254_g1_jacobian *p) {
  zka_bn254_g1_affine a;
  zka_bn254_g1_jacobian_to_affine(&a, p);
  return zka_bn254_g1_is_infinity(&a);
}
static int zka_bn254_g2_is_infinity_j(const zka_bn254_g2_jacobian *p) {
  zka_bn254_g2_affine a;
  zka_bn254_g2_jacobian_to_affine(&a, p);
  return zka_bn254_g2_is_infinity(&a);
}
static int zka_bls12_381_g1_is_infinity_j(const zka_bls12_381_g1_jacobian *p) {
  zka_bls12_381_g1_affine a;
  zka_bls12_381_g1_jacobian_to_affine(&a, p);
  return zka_bls12_381_g1_is_infinity(&a);
}
static int zka_bls12_381_g2_is_infinity_j(const zka_bls12_381_g2_jacobian *p) {
  zka_bls12_381_g2_affine a;
  zka_bls12_381_g2_jacobian_to_affine(&a, p);
  return zka_bls12_381_g2_is_infinity(&a);
}

DEFINE_GROUP_TESTS(bn254_g1, ZKA_GROUP_BN254_G1, r_bn254)
DEFINE_GROUP_TESTS(bn254_g2, ZKA_GROUP_BN254_G2, r_bn254)
DEFINE_GROUP_TESTS(bls12_381_g1, ZKA_GROUP_BLS12_381_G1, r_bls)
DEFINE_GROUP_TESTS(bls12_381_g2, ZKA_GROUP_BLS12_381_G2, r_bls)

/* ---- the GLV split ---------------------------------------------------------------------- */

#define DEFINE_GLV_TEST(G, GID, RLIMBS, LAMBDA)                                               \
  static void G##_test_glv(zka_test_rng *rng) {                                               \
    const uint64_t lam[4] = {LAMBDA};                                                         \
    uint8_t lam_le[32];                                                                       \
    limbs_to_le(lam_le, lam);                                                                 \
    zka_##G##_affine g;                                                                       \
    zka_##G##_generator(&g);                                                                  \
    zka_##G##_jacobian gj, phig;                                                              \
    zka_##G##_affine_to_jacobian(&gj, &g);                                                    \
    zka_##G##_mul_var(&phig, &gj, lam_le);                                                    \
    long iters = zka_test_iters(40);                                                          \
    for (long it = 0; it < iters + 4; it++) {                                                 \
      uint8_t kb[32];                                                                         \
      if (it == 0) memset(kb, 0, 32);                                                         \
      else if (it == 1) r_minus(kb, RLIMBS, 1);                                               \
      else if (it == 2) limbs_to_le(kb, lam);                                                 \
      else if (it == 3) r_minus(kb, RLIMBS, 2);                                               \
      else rand_scalar(rng, kb, RLIMBS, 256);                                                 \
      uint64_t k[4], k1[4], k2[4];                                                            \
      int n1, n2;                                                                             \
      for (int j = 0; j < 4; j++) {                                                           \
        k[j] = 0;                                                                             \
        for (int b = 7; b >= 0; b--) k[j] = (k[j] << 8) | kb[8 * j + b];                      \
      }                                                                                       \
      CHECK(zka_cpu_msm_glv_split(GID, k, k1, &n1, k2, &n2), "glv split refused");            \
      CHECK(k1[2] < 2 && k1[3] == 0 && k2[2] < 2 && k2[3] == 0, "%s: |k1|,|k2| >= 2^129",    \
            #G);                                                                              \
      /* [k]G == +-[k1]G +- [k2](lambda G) */                                                 \
      uint8_t b1[32], b2[32];                                                                 \
      limbs_to_le(b1, k1);                                                                    \
      limbs_to_le(b2, k2);                                                                    \
      zka_##G##_jacobian want, t1, t2;                                                        \
      zka_##G##_mul_var(&want, &gj, kb);                                                      \
      zka_##G##_mul_var(&t1, &gj, b1);                                                        \
      zka_##G##_mul_var(&t2, &phig, b2);                                                      \
      if (n1) zka_##G##_neg(&t1, &t1);                                                        \
      if (n2) zka_##G##_neg(&t2, &t2);                                                        \
      zka_##G##_add(&t1, &t1, &t2);                                                           \
      CHECK(zka_##G##_jacobian_eq(&t1, &want), "%s: glv split wrong (it %ld)", #G, it);       \
      checks_run++;                                                                           \
    }                                                                                         \
    uint64_t z[4] = {0}, o1[4], o2[4];                                                        \
    int a1, a2;                                                                               \
    CHECK(!zka_cpu_msm_glv_split(ZKA_GROUP_BN254_G2, z, o1, &a1, o2, &a2), "G2 has no GLV");   \
  }

DEFINE_GLV_TEST(bn254_g1, ZKA_GROUP_BN254_G1, r_bn254, ZKA_BN254_G1_GLV_LAMBDA)
DEFINE_GLV_TEST(bls12_381_g1, ZKA_GROUP_BLS12_381_G1, r_bls, ZKA_BLS12_381_G1_GLV_LAMBDA)

/* ---- the IFMA batch-affine kernel vs the scalar field code ------------------------------ */

#define DEFINE_IFMA_TEST(NAME, F, FN, PMAC, N, L, KERNEL)                                     \
  static void NAME(zka_test_rng *rng) {                                                       \
    if (!zka_msm_ifma_available()) {                                                          \
      printf("IFMA kernel %s: not run (this CPU or build has no AVX-512 IFMA)\n", #F);        \
      return;                                                                                 \
    }                                                                                         \
    enum { NBLK = 5, M = 8 * NBLK, SS = N * 8 };                                              \
    const uint64_t p[L] = {PMAC##_P};                                                         \
    uint64_t *blk = aligned_alloc(64, (size_t)NBLK * ZKA_MSM_IFMA_SLOTS * SS * 8);            \
    uint64_t *pre = aligned_alloc(64, (size_t)NBLK * SS * 8);                                 \
    F *v = malloc((size_t)M * ZKA_MSM_IFMA_SLOTS * sizeof(F));                                \
    long iters = zka_test_iters(30);                                                          \
    for (long it = 0; it < iters; it++) {                                                     \
      for (size_t t = 0; t < (size_t)M; t++) {                                                \
        for (int sl = 0; sl < ZKA_MSM_IFMA_SLOTS; sl++) {                                     \
          F x;                                                                                \
          unsigned pick = (unsigned)(zka_test_next(rng) % 8);                                 \
          memset(&x, 0, sizeof x);                                                            \
          if (pick == 0) {                                     /* 0 */                        \
          } else if (pick == 1) {                                                             \
            x.l[0] = 1;                                        /* 1 (raw) */                  \
          } else if (pick == 2 || pick == 3) {                 /* p - 1, p - 2 */             \
            for (int j = 0; j < L; j++) x.l[j] = p[j];                                        \
            x.l[0] -= pick == 2 ? 1 : 2;                                                      \
          } else if (pick == 4) {                                                             \
            x = FN(one)();                                     /* R mod p */                  \
          } else {                                             /* random below p */          \
            do {                                                                              \
              for (int j = 0; j < L; j++) x.l[j] = zka_test_next(rng);                        \
              x.l[L - 1] &= (((uint64_t)1) << (64 - __builtin_clzll(p[L - 1]))) - 1;          \
            } while (!FN(is_canonical)(x));                                                   \
          }                                                                                   \
          if (sl == ZKA_MSM_IFMA_DEN && FN(is_zero)(x)) x.l[0] = 1;                           \
          v[t * ZKA_MSM_IFMA_SLOTS + (size_t)sl] = x;                                         \
          zka_msm_ifma_put(blk + (t / 8) * ZKA_MSM_IFMA_SLOTS * SS + (size_t)sl * SS,         \
                           (unsigned)(t % 8), x.l, L, N);                                     \
        }                                                                                     \
      }                                                                                       \
      KERNEL(blk, pre, NBLK);                                                                 \
      for (size_t t = 0; t < (size_t)M; t++) {                                                \
        const F *e = &v[t * ZKA_MSM_IFMA_SLOTS];                                              \
        F lam = FN(mul)(e[ZKA_MSM_IFMA_NUM], FN(inv)(e[ZKA_MSM_IFMA_DEN]));                   \
        F x3 = FN(sub)(FN(sub)(FN(sqr)(lam), e[ZKA_MSM_IFMA_XB]), e[ZKA_MSM_IFMA_XQ]);        \
        F y3 = FN(sub)(FN(mul)(lam, FN(sub)(e[ZKA_MSM_IFMA_XB], x3)), e[ZKA_MSM_IFMA_YB]);    \
        F gx, gy;                                                                             \
        const uint64_t *b = blk + (t / 8) * ZKA_MSM_IFMA_SLOTS * SS;                          \
        zka_msm_ifma_get(gx.l, b + ZKA_MSM_IFMA_DEN * SS, (unsigned)(t % 8), L, N);           \
        zka_msm_ifma_get(gy.l, b + ZKA_MSM_IFMA_NUM * SS, (unsigned)(t % 8), L, N);           \
        CHECK(memcmp(&gx, &x3, sizeof x3) == 0 && memcmp(&gy, &y3, sizeof y3) == 0,          \
              "%s IFMA kernel: lane %zu of iteration %ld differs from the scalar code", #F,  \
              t, it);                                                                         \
        checks_run++;                                                                         \
      }                                                                                       \
    }                                                                                         \
    /* round trip of the radix conversion on p - 1 */                                        \
    {                                                                                         \
      F x, y;                                                                                 \
      for (int j = 0; j < L; j++) x.l[j] = p[j];                                              \
      x.l[0] -= 1;                                                                            \
      zka_msm_ifma_put(pre, 3, x.l, L, N);                                                    \
      zka_msm_ifma_get(y.l, pre, 3, L, N);                                                    \
      CHECK(memcmp(&x, &y, sizeof x) == 0, "%s radix 2^52 round trip", #F);                 \
    }                                                                                         \
    printf("IFMA kernel %s: %ld x %d lanes (0, 1, p-1, p-2, R, random) equal to the scalar " \
           "field code bit for bit\n", #F, iters, (int)M);                                    \
    free(blk);                                                                                \
    free(pre);                                                                                \
    free(v);                                                                                  \
  }

#define ZKA_TEST_BN_FN(op) zka_bn254_fq_##op##_h
#define ZKA_TEST_BLS_FN(op) zka_bls12_381_fq_##op##_h
DEFINE_IFMA_TEST(test_ifma_bn254, zka_bn254_fq, ZKA_TEST_BN_FN, ZKA_BN254_FQ, 5, 4,
                 zka_msm_ifma_bn254_fq_affine_add)
DEFINE_IFMA_TEST(test_ifma_bls12_381, zka_bls12_381_fq, ZKA_TEST_BLS_FN, ZKA_BLS12_381_FQ, 8, 6,
                 zka_msm_ifma_bls12_381_fq_affine_add)

int main(void) {
  zka_test_rng rng;
  zka_test_rng_init(&rng);

  test_ifma_bn254(&rng);
  test_ifma_bls12_381(&rng);

  bn254_g1_test_glv(&rng);
  bls12_381_g1_test_glv(&rng);
  printf("GLV split: k = k1 + k2 lambda on points, |k1|, |k2| < 2^129 (BN254, BLS12-381 G1)\n");

  bn254_g1_test_small(&rng);
  bn254_g2_test_small(&rng);
  bls12_381_g1_test_small(&rng);
  bls12_381_g2_test_small(&rng);
  printf("small n {0,1,2,3,7,31,100,rand<=300}, edge cases, short scalars: 4 groups x %zu "
         "configurations vs naive mul_var sums\n",
         (size_t)NCFG);

  long reps = zka_test_iters(1);
  for (long r = 0; r < reps; r++) {
    bn254_g1_test_large(&rng, 1u << 12);
    bn254_g1_test_large(&rng, (1u << 14) - 3);
    bls12_381_g1_test_large(&rng, (1u << 13) + 5);
    bn254_g2_test_large(&rng, 1u << 10);
    bls12_381_g2_test_large(&rng, (1u << 9) + 1);
  }
  printf("large G1 (2^12, 2^14 - 3 BN254; 2^13 + 5 BLS12-381): threaded auto vs 1 thread, "
         "c=9 no GLV, c=13 XYZZ GLV; G2 at 2^10 / 2^9 + 1\n");
  printf("%ld comparisons\n", checks_run);
  return zka_test_finish("test_msm_cpu");
}
