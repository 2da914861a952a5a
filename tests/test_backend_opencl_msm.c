/* test_backend_opencl_msm.c — multi-scalar multiplication on the opencl backend plug-in,
 * driven directly through its table (host/backend.h, ABI 3: msm_supported / msm) below the
 * scheduler: dlopen libzkaccel_backend_opencl.so, open the first available device (a GPU
 * when there is one, else PoCL on the CPU), then for each group (BN254 G1/G2, BLS12-381
 * G1/G2) compare the device's Jacobian result, normalized (zka_<G>_jacobian_to_affine), with
 * a naive reference on the host through the public curve API (sum of zka_<G>_mul_var
 * products with zka_<G>_add):
 *   - random points and scalars below r for n in {1, 2, 7, 100, 1000} (n = 100 at nonzero
 *     byte offsets of both buffers);
 *   - an edge input: points at infinity, zero scalars, r-1 and r-2, 1 and 2, scalars whose
 *     every window digit sits at the signed-digit boundaries (0x80.., 0xff..), repeated
 *     points with equal scalars (P + P inside a bucket), P and -P with equal scalars
 *     (P + (-P) inside a bucket), and a point that appears with r-1 and 1 (sum zero);
 *   - all scalars zero, all points infinity, P and -P alone: infinity; n = 0: infinity;
 *   - short scalars (scalar_bits 64 and 1) as plans with precomputation pass them;
 * and refusals: an unknown group, scalar_bits 257, misaligned offsets, jobs past a buffer's
 * end.  msm_host must be NULL (device buffers only).
 *
 * No plug-in, no platform or no device: skipped (exit 77) with the reason, unless
 * ZKA_REQUIRE_OPENCL=1, where that is a failure.  tests/test_backend_cuda_msm.c runs this
 * same file against the cuda plug-in (it defines ZKA_BT_BACKEND before including it).
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#include <time.h>

#include "backend_load.h"
#include "kernels/common/zka_target.h" /* ZKA_U64C for the params */
#include "core/params/bls12_381_curve.h"
#include "core/params/bn254_curve.h"
#include "test_util.h"
#include "zkaccel/curve.h"
#include "zkaccel/msm.h"

#ifndef ZKA_BT_BACKEND
#define ZKA_BT_BACKEND "opencl"
#define ZKA_BT_REQUIRE_ENV "ZKA_REQUIRE_OPENCL"
#define ZKA_BT_TEST_NAME "test_backend_opencl_msm"
#endif

#define ZKA_BM_MAX_N 1000
#define ZKA_BM_POINT_MAX 192 /* BLS12-381 G2 affine */
#define ZKA_BM_JAC_MAX 288   /* BLS12-381 G2 Jacobian */
#define ZKA_BM_PAD 64        /* room for the offset runs */

static const zka_backend_api *zka_bm_api;
static void *zka_bm_dev;
static void *zka_bm_pbuf, *zka_bm_sbuf; /* device buffers: points, scalars */
static zka_test_rng zka_bm_rng;
static double zka_bm_last_call; /* seconds in the last msm call */

static double zka_bm_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int zka_bm_absent(const char *why) {
  const char *req = getenv(ZKA_BT_REQUIRE_ENV);
  if (req && !strcmp(req, "1")) {
    fprintf(stderr, "FAIL: %s=1 but %s\n", ZKA_BT_REQUIRE_ENV, why);
    return 1;
  }
  printf("SKIPPED: %s backend: %s\n", ZKA_BT_BACKEND, why);
  return 77;
}

/* ---- one group's operations through the public API (void * wrappers) ---- */

typedef struct {
  zka_group_id id;
  const char *name;
  size_t asz, jsz;
  uint64_t r[4]; /* the group order, little-endian limbs */
  void (*generator_jac)(void *j);
  void (*infinity)(void *j);
  void (*to_affine)(void *a, const void *j);
  void (*to_jacobian)(void *j, const void *a);
  void (*add)(void *out, const void *a, const void *b);
  void (*mul)(void *out, const void *j, const uint8_t k[32]);
  void (*affine_neg)(void *out, const void *a);
  int (*affine_eq)(const void *a, const void *b);
  int (*is_infinity)(const void *a);
} zka_bm_group;

#define ZKA_BM_WRAP(G)                                                                    \
  static void zka_bm_##G##_gen(void *j) {                                                 \
    zka_##G##_affine a;                                                                   \
    zka_##G##_generator(&a);                                                              \
    zka_##G##_affine_to_jacobian(j, &a);                                                  \
  }                                                                                       \
  static void zka_bm_##G##_inf(void *j) { zka_##G##_infinity(j); }                        \
  static void zka_bm_##G##_to_aff(void *a, const void *j) { zka_##G##_jacobian_to_affine(a, j); } \
  static void zka_bm_##G##_to_jac(void *j, const void *a) { zka_##G##_affine_to_jacobian(j, a); } \
  static void zka_bm_##G##_add(void *o, const void *a, const void *b) { zka_##G##_add(o, a, b); } \
  static void zka_bm_##G##_mul(void *o, const void *j, const uint8_t k[32]) {             \
    zka_##G##_mul_var(o, j, k);                                                           \
  }                                                                                       \
  static void zka_bm_##G##_aneg(void *o, const void *a) { zka_##G##_affine_neg(o, a); }   \
  static int zka_bm_##G##_aeq(const void *a, const void *b) { return zka_##G##_affine_eq(a, b); } \
  static int zka_bm_##G##_isinf(const void *a) { return zka_##G##_is_infinity(a); }
ZKA_BM_WRAP(bn254_g1)
ZKA_BM_WRAP(bn254_g2)
ZKA_BM_WRAP(bls12_381_g1)
ZKA_BM_WRAP(bls12_381_g2)
#define ZKA_BM_GROUP(ID, G, R)                                                                    \
  {ID, #G, sizeof(zka_##G##_affine), sizeof(zka_##G##_jacobian), {R}, zka_bm_##G##_gen,           \
   zka_bm_##G##_inf, zka_bm_##G##_to_aff, zka_bm_##G##_to_jac, zka_bm_##G##_add, zka_bm_##G##_mul, \
   zka_bm_##G##_aneg, zka_bm_##G##_aeq, zka_bm_##G##_isinf}
static const zka_bm_group zka_bm_groups[4] = {
    ZKA_BM_GROUP(ZKA_GROUP_BN254_G1, bn254_g1, ZKA_BN254_R),
    ZKA_BM_GROUP(ZKA_GROUP_BN254_G2, bn254_g2, ZKA_BN254_R),
    ZKA_BM_GROUP(ZKA_GROUP_BLS12_381_G1, bls12_381_g1, ZKA_BLS12_381_R),
    ZKA_BM_GROUP(ZKA_GROUP_BLS12_381_G2, bls12_381_g2, ZKA_BLS12_381_R),
};

/* ---- scalars ---- */

static void zka_bm_limbs_to_bytes(uint8_t out[32], const uint64_t l[4]) {
  for (int i = 0; i < 32; i++) out[i] = (uint8_t)(l[i / 8] >> (8 * (i % 8)));
}

/* r - v for small v (both r's low limbs, 0x43e1f593f0000001 and 0xffffffff00000001,
 * exceed any v used here: no borrow). */
static void zka_bm_r_minus(uint8_t out[32], const zka_bm_group *g, uint64_t v) {
  uint64_t l[4];
  memcpy(l, g->r, sizeof l);
  l[0] -= v;
  zka_bm_limbs_to_bytes(out, l);
}

/* A uniformly random scalar below r (rejection on the bits of r). */
static void zka_bm_random_scalar(uint8_t out[32], const zka_bm_group *g, unsigned bits) {
  unsigned rbits = 64 * 3 + 64 - (unsigned)__builtin_clzll(g->r[3]);
  if (bits > rbits) bits = rbits;
  for (;;) {
    uint64_t l[4];
    for (int i = 0; i < 4; i++) {
      l[i] = zka_test_next(&zka_bm_rng);
      unsigned lo = 64 * (unsigned)i;
      if (lo >= bits) l[i] = 0;
      else if (bits - lo < 64) l[i] &= (UINT64_C(1) << (bits - lo)) - 1;
    }
    int below = 0; /* l < r ? */
    for (int i = 3; i >= 0; i--)
      if (l[i] != g->r[i]) {
        below = l[i] < g->r[i];
        break;
      }
    if (below) {
      zka_bm_limbs_to_bytes(out, l);
      return;
    }
  }
}

/* n random affine points (none at infinity): k_i G for random k_i, via a random base and
 * repeated addition (a mul_var each would cost as much as the reference). */
static void zka_bm_random_points(uint8_t *pts, size_t n, const zka_bm_group *g) {
  uint8_t j[ZKA_BM_JAC_MAX], step[ZKA_BM_JAC_MAX], gen[ZKA_BM_JAC_MAX], k[32];
  g->generator_jac(gen);
  zka_bm_random_scalar(k, g, 256);
  g->mul(j, gen, k);
  zka_bm_random_scalar(k, g, 256);
  g->mul(step, gen, k);
  for (size_t i = 0; i < n; i++) {
    g->add(j, j, step);
    g->to_affine(pts + i * g->asz, j);
  }
}

/* The naive reference: sum of mul_var products, normalized. */
static void zka_bm_reference(uint8_t *out_aff, const zka_bm_group *g, const uint8_t *pts,
                             const uint8_t *sc, size_t n) {
  uint8_t acc[ZKA_BM_JAC_MAX], pj[ZKA_BM_JAC_MAX], t[ZKA_BM_JAC_MAX];
  g->infinity(acc);
  for (size_t i = 0; i < n; i++) {
    g->to_jacobian(pj, pts + i * g->asz);
    g->mul(t, pj, sc + 32 * i);
    g->add(acc, acc, t);
  }
  g->to_affine(out_aff, acc);
}

/* Run one job on the device: points at byte poff, scalars at soff.  Returns the status;
 * on success out_aff holds the normalized result. */
static int zka_bm_device(uint8_t *out_aff, const zka_bm_group *g, const uint8_t *pts,
                         const uint8_t *sc, size_t n, unsigned scalar_bits, size_t poff,
                         size_t soff) {
  char err[512] = "";
  uint8_t res[ZKA_BM_JAC_MAX];
  zka_msm_job job = {g->id, n, scalar_bits};
  int st = ZKA_OK;
  if (n) st = zka_bm_api->write(zka_bm_dev, zka_bm_pbuf, poff, pts, n * g->asz, err, sizeof err);
  if (st == ZKA_OK && n)
    st = zka_bm_api->write(zka_bm_dev, zka_bm_sbuf, soff, sc, n * 32, err, sizeof err);
  memset(res, 0xa5, sizeof res);
  double t0 = zka_bm_now();
  if (st == ZKA_OK)
    st = zka_bm_api->msm(zka_bm_dev, res, zka_bm_pbuf, poff, zka_bm_sbuf, soff, &job, err,
                         sizeof err);
  zka_bm_last_call = zka_bm_now() - t0;
  if (st != ZKA_OK) {
    fprintf(stderr, "  %s %s n %zu: status %d: %s\n", ZKA_BT_BACKEND, g->name, n, st, err);
    return st;
  }
  g->to_affine(out_aff, res);
  return ZKA_OK;
}

/* Device against reference; returns 1 when equal. */
static int zka_bm_check(const zka_bm_group *g, const char *what, const uint8_t *pts,
                        const uint8_t *sc, size_t n, unsigned scalar_bits, size_t poff,
                        size_t soff, int expect_infinity) {
  uint8_t want[ZKA_BM_POINT_MAX], got[ZKA_BM_POINT_MAX];
  zka_bm_reference(want, g, pts, sc, n);
  int st = zka_bm_device(got, g, pts, sc, n, scalar_bits, poff, soff);
  CHECK(st == ZKA_OK, "%s %s (n %zu): status %d", g->name, what, n, st);
  if (st != ZKA_OK) return 0;
  int ok = g->affine_eq(got, want);
  CHECK(ok, "%s %s (n %zu, scalar_bits %u, offsets %zu/%zu): device result differs from the "
        "naive sum", g->name, what, n, scalar_bits, poff, soff);
  if (expect_infinity)
    CHECK(g->is_infinity(got) && g->is_infinity(want), "%s %s: expected infinity", g->name,
          what);
  else
    CHECK(!g->is_infinity(want), "%s %s: the reference is infinity (a weak test)", g->name, what);
  return ok;
}

/* The edge input of n = 24 points. */
static void zka_bm_edge(const zka_bm_group *g, uint8_t *pts, uint8_t *sc) {
  const size_t n = 24, a = g->asz;
  zka_bm_random_points(pts, n, g);
  for (size_t i = 0; i < n; i++) zka_bm_random_scalar(sc + 32 * i, g, 256);
  memset(pts + 0 * a, 0, a);          /* infinity, random scalar */
  memset(sc + 32 * 1, 0, 32);         /* zero scalar */
  zka_bm_r_minus(sc + 32 * 2, g, 1);  /* r - 1 */
  zka_bm_r_minus(sc + 32 * 3, g, 2);  /* r - 2 */
  memset(sc + 32 * 4, 0, 32);
  sc[32 * 4] = 1; /* 1 */
  memset(sc + 32 * 5, 0, 32);
  sc[32 * 5] = 2; /* 2 */
  memset(sc + 32 * 6, 0x80, 31);      /* every digit at the +2^(c-1) boundary (c = 8) */
  memset(sc + 32 * 7, 0xff, 31);      /* 2^248 - 1: carries through every window */
  memset(sc + 32 * 8, 0x7f, 31);
  /* repeated point, equal scalars: P + P in a bucket */
  memcpy(pts + 9 * a, pts + 8 * a, a);
  memcpy(sc + 32 * 9, sc + 32 * 8, 32);
  /* P and -P, equal scalars: P + (-P) in a bucket */
  g->affine_neg(pts + 11 * a, pts + 10 * a);
  memcpy(sc + 32 * 11, sc + 32 * 10, 32);
  /* a point with r - 1 and again with 1: the two terms cancel */
  memcpy(pts + 13 * a, pts + 12 * a, a);
  zka_bm_r_minus(sc + 32 * 12, g, 1);
  memset(sc + 32 * 13, 0, 32);
  sc[32 * 13] = 1;
  /* another infinity with a zero scalar, and three copies of one point */
  memset(pts + 14 * a, 0, a);
  memset(sc + 32 * 14, 0, 32);
  memcpy(pts + 16 * a, pts + 15 * a, a);
  memcpy(pts + 17 * a, pts + 15 * a, a);
  memcpy(sc + 32 * 16, sc + 32 * 15, 32);
}

static void zka_bm_group_run(const zka_bm_group *g, uint8_t *pts, uint8_t *sc) {
  double t0 = zka_bm_now();
  zka_msm_job probe = {g->id, 100, 256};
  CHECK(zka_bm_api->msm_supported == NULL || zka_bm_api->msm_supported(zka_bm_dev, &probe),
        "%s: a 100-point job is not supported", g->name);
  int passed = 0, runs = 0;
  static const size_t sizes[] = {1, 2, 7, 100, 1000};
  double dt_big = 0;
  for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
    const size_t n = sizes[si];
    zka_bm_random_points(pts, n, g);
    for (size_t i = 0; i < n; i++) zka_bm_random_scalar(sc + 32 * i, g, 256);
    const size_t off = n == 100 ? 64 : 0;
    passed += zka_bm_check(g, "random", pts, sc, n, 256, off, off / 2, 0);
    if (n == 1000) dt_big = zka_bm_last_call;
    runs++;
  }
  zka_bm_edge(g, pts, sc);
  passed += zka_bm_check(g, "edge cases", pts, sc, 24, 256, 0, 0, 0);
  runs++;
  /* all scalars zero */
  zka_bm_random_points(pts, 7, g);
  memset(sc, 0, 7 * 32);
  passed += zka_bm_check(g, "zero scalars", pts, sc, 7, 256, 0, 0, 1);
  /* all points at infinity */
  memset(pts, 0, 5 * g->asz);
  for (size_t i = 0; i < 5; i++) zka_bm_random_scalar(sc + 32 * i, g, 256);
  passed += zka_bm_check(g, "infinities", pts, sc, 5, 256, 0, 0, 1);
  /* P and -P alone, equal scalars */
  zka_bm_random_points(pts, 1, g);
  g->affine_neg(pts + g->asz, pts);
  zka_bm_random_scalar(sc, g, 256);
  memcpy(sc + 32, sc, 32);
  passed += zka_bm_check(g, "P and -P", pts, sc, 2, 256, 0, 0, 1);
  /* n = 1 with r - 1: -P */
  zka_bm_r_minus(sc, g, 1);
  passed += zka_bm_check(g, "one point, r-1", pts, sc, 1, 256, 0, 0, 0);
  /* short scalars: 64 bits, and 1 bit */
  zka_bm_random_points(pts, 50, g);
  for (size_t i = 0; i < 50; i++) zka_bm_random_scalar(sc + 32 * i, g, 64);
  passed += zka_bm_check(g, "64-bit scalars", pts, sc, 50, 64, 8, 8, 0);
  for (size_t i = 0; i < 50; i++) {
    memset(sc + 32 * i, 0, 32);
    sc[32 * i] = (uint8_t)(i % 3 != 0);
  }
  passed += zka_bm_check(g, "1-bit scalars", pts, sc, 50, 1, 0, 0, 0);
  runs += 6;
  /* n = 0: infinity, nothing read */
  {
    char err[512] = "";
    uint8_t res[ZKA_BM_JAC_MAX], aff[ZKA_BM_POINT_MAX];
    zka_msm_job job = {g->id, 0, 256};
    memset(res, 0xa5, sizeof res);
    int st = zka_bm_api->msm(zka_bm_dev, res, zka_bm_pbuf, 0, zka_bm_sbuf, 0, &job, err, sizeof err);
    CHECK(st == ZKA_OK, "%s n 0: status %d: %s", g->name, st, err);
    g->to_affine(aff, res);
    CHECK(st == ZKA_OK && g->is_infinity(aff), "%s n 0: not infinity", g->name);
    passed += st == ZKA_OK && g->is_infinity(aff);
    runs++;
  }
  printf("%s %s: %d/%d MSMs equal to the naive sum of mul_var products (n 0, 1, 2, 7, 100, "
         "1000, edge cases, short scalars); the n = 1000 msm call: %.3f s; %.1f s in all, incl. "
         "the program build and the host reference\n",
         ZKA_BT_BACKEND, g->name, passed, runs, dt_big, zka_bm_now() - t0);
}

/* Jobs the plug-in must refuse with a message. */
static void zka_bm_refusals(void) {
  char err[512];
  uint8_t res[ZKA_BM_JAC_MAX];
  zka_msm_job job = {(zka_group_id)9, 10, 256};
  if (zka_bm_api->msm_supported)
    CHECK(!zka_bm_api->msm_supported(zka_bm_dev, &job), "an unknown group is supported");
  err[0] = 0;
  int st = zka_bm_api->msm(zka_bm_dev, res, zka_bm_pbuf, 0, zka_bm_sbuf, 0, &job, err, sizeof err);
  CHECK(st == ZKA_ERR_INVALID_ARGUMENT && err[0], "unknown group: status %d", st);
  job.group = ZKA_GROUP_BN254_G1;
  job.scalar_bits = 257;
  if (zka_bm_api->msm_supported)
    CHECK(!zka_bm_api->msm_supported(zka_bm_dev, &job), "scalar_bits 257 is supported");
  err[0] = 0;
  st = zka_bm_api->msm(zka_bm_dev, res, zka_bm_pbuf, 0, zka_bm_sbuf, 0, &job, err, sizeof err);
  CHECK(st == ZKA_ERR_INVALID_ARGUMENT && err[0], "scalar_bits 257: status %d", st);
  job.scalar_bits = 256;
  err[0] = 0;
  st = zka_bm_api->msm(zka_bm_dev, res, zka_bm_pbuf, 4, zka_bm_sbuf, 0, &job, err, sizeof err);
  CHECK(st == ZKA_ERR_INVALID_ARGUMENT && err[0], "points at byte offset 4: status %d", st);
  err[0] = 0;
  st = zka_bm_api->msm(zka_bm_dev, res, zka_bm_pbuf, 0, zka_bm_sbuf, 12, &job, err, sizeof err);
  CHECK(st == ZKA_ERR_INVALID_ARGUMENT && err[0], "scalars at byte offset 12: status %d", st);
  job.n = 2 * ZKA_BM_MAX_N; /* BN254 G1 points fit (64 bytes each), the scalars do not */
  err[0] = 0;
  st = zka_bm_api->msm(zka_bm_dev, res, zka_bm_pbuf, 0, zka_bm_sbuf, 0, &job, err, sizeof err);
  CHECK(st == ZKA_ERR_INVALID_ARGUMENT && err[0], "scalars past the buffer's end: status %d", st);
  job.group = ZKA_GROUP_BLS12_381_G2;
  job.n = ZKA_BM_MAX_N + 1;
  err[0] = 0;
  st = zka_bm_api->msm(zka_bm_dev, res, zka_bm_pbuf, ZKA_BM_PAD, zka_bm_sbuf, 0, &job, err,
                       sizeof err);
  CHECK(st == ZKA_ERR_INVALID_ARGUMENT && err[0], "points past the buffer's end: status %d", st);
  printf("%s: refusals ok (%.200s)\n", ZKA_BT_BACKEND, err);
}

int main(void) {
  double t_start = zka_bm_now();
  zka_test_rng_init(&zka_bm_rng);
  char why[1200], err[512];
  zka_bm_api = zka_test_load_backend(ZKA_BT_BACKEND, why, sizeof why);
  if (!zka_bm_api) return zka_bm_absent(why);
  CHECK(zka_bm_api->msm != NULL, "the plug-in has no msm entry");
  CHECK(zka_bm_api->msm_host == NULL, "msm_host is set on a device plug-in");
  if (!zka_bm_api->msm) return zka_test_finish(ZKA_BT_TEST_NAME);

  zka_device_info infos[16];
  why[0] = 0;
  int n = zka_bm_api->probe(infos, 16, why, sizeof why);
  CHECK(n >= 0 && n <= 16, "probe returned %d", n);
  int pick = -1;
  for (int i = 0; i < n; i++)
    if (infos[i].available &&
        (pick < 0 || (infos[i].kind == ZKA_DEVICE_GPU && infos[pick].kind != ZKA_DEVICE_GPU)))
      pick = i;
  if (pick < 0) {
    if (zka_test_failures) return zka_test_finish(ZKA_BT_TEST_NAME);
    return zka_bm_absent(why[0] ? why : "no available device");
  }
  int st = zka_bm_api->open(pick, &zka_bm_dev, err, sizeof err);
  CHECK(st == ZKA_OK, "open(%d): %s", pick, err);
  if (st != ZKA_OK) return zka_test_finish(ZKA_BT_TEST_NAME);
  printf("%s: testing device %d (%s)\n", ZKA_BT_BACKEND, pick, infos[pick].name);
  const size_t pbytes = ZKA_BM_MAX_N * ZKA_BM_POINT_MAX + ZKA_BM_PAD;
  const size_t sbytes = ZKA_BM_MAX_N * 32 + ZKA_BM_PAD;
  st = zka_bm_api->alloc(zka_bm_dev, pbytes, &zka_bm_pbuf, err, sizeof err);
  CHECK(st == ZKA_OK, "alloc: %s", err);
  if (st == ZKA_OK) st = zka_bm_api->alloc(zka_bm_dev, sbytes, &zka_bm_sbuf, err, sizeof err);
  CHECK(st == ZKA_OK, "alloc: %s", err);
  uint8_t *pts = malloc(ZKA_BM_MAX_N * ZKA_BM_POINT_MAX), *sc = malloc(ZKA_BM_MAX_N * 32);
  if (!pts || !sc) abort();
  if (st != ZKA_OK) return zka_test_finish(ZKA_BT_TEST_NAME);

  /* ZKA_BM_GROUPS=1,3 limits the groups (debugging); default all four. */
  const char *only = getenv("ZKA_BM_GROUPS");
  for (int gi = 0; gi < 4; gi++) {
    char id[4];
    snprintf(id, sizeof id, "%d", (int)zka_bm_groups[gi].id);
    if (only && !strstr(only, id)) continue;
    zka_bm_group_run(&zka_bm_groups[gi], pts, sc);
  }
  zka_bm_refusals();

  free(pts);
  free(sc);
  zka_bm_api->free(zka_bm_dev, zka_bm_pbuf);
  zka_bm_api->free(zka_bm_dev, zka_bm_sbuf);
  zka_bm_api->close(zka_bm_dev);
  printf("%s: %.1f s\n", ZKA_BT_TEST_NAME, zka_bm_now() - t_start);
  return zka_test_finish(ZKA_BT_TEST_NAME);
}
