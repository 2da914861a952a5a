/* test_msm_engine.c — zka_msm through the engine: equal to a naive sum of double-and-add
 * products for every group (edge cases listed: n = 0 and 1, zero scalars, r-1, scalars >= r,
 * infinity, repeated points, P and -P), the same point on every available backend and on
 * any split across devices (failures injected too), and plans (precomputation, the on-disk
 * cache: reused, rebuilt when stale or damaged). */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "zkaccel/device.h"
#include "zkaccel/msm.h"

static zka_ctx *ctx;

/* Per group: what the test needs from the public curve API. */
typedef struct {
  zka_group_id id;
  size_t aff, jac;
  void (*gen)(void *aff);
  void (*amul)(void *out, const void *p, const uint8_t k[32]);
  void (*aneg)(void *out, const void *p);
  void (*to_aff)(void *aff, const void *jac);
  void (*from_aff)(void *jac, const void *aff);
  void (*add)(void *out, const void *a, const void *b);
  void (*infinity)(void *jac);
  int (*aeq)(const void *a, const void *b);
  int (*jeq)(const void *a, const void *b);
  const uint8_t *r_le; /* the group order, little-endian */
} grp;

/* r, little-endian: BN254 and BLS12-381 scalar fields. */
static const uint8_t bn254_r[32] = {0x01, 0x00, 0x00, 0xf0, 0x93, 0xf5, 0xe1, 0x43, 0x91, 0x70, 0xb9,
                                    0x79, 0x48, 0xe8, 0x33, 0x28, 0x5d, 0x58, 0x81, 0x81, 0xb6, 0x45,
                                    0x50, 0xb8, 0x29, 0xa0, 0x31, 0xe1, 0x72, 0x4e, 0x64, 0x30};
static const uint8_t bls_r[32] = {0x01, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xfe, 0x5b, 0xfe,
                                  0xff, 0x02, 0xa4, 0xbd, 0x53, 0x05, 0xd8, 0xa1, 0x09, 0x08, 0xd8,
                                  0x39, 0x33, 0x48, 0x7d, 0x9d, 0x29, 0x53, 0xa7, 0xed, 0x73};

#define GRP(G, ID, R)                                                                           \
  static void g_gen_##G(void *o) { zka_##G##_generator(o); }                                    \
  static void g_amul_##G(void *o, const void *p, const uint8_t k[32]) { zka_##G##_affine_mul_var(o, p, k); } \
  static void g_aneg_##G(void *o, const void *p) { zka_##G##_affine_neg(o, p); }                \
  static void g_ta_##G(void *o, const void *p) { zka_##G##_jacobian_to_affine(o, p); }          \
  static void g_fa_##G(void *o, const void *p) { zka_##G##_affine_to_jacobian(o, p); }          \
  static void g_add_##G(void *o, const void *a, const void *b) { zka_##G##_add(o, a, b); }      \
  static void g_inf_##G(void *o) { zka_##G##_infinity(o); }                                     \
  static int g_aeq_##G(const void *a, const void *b) { return zka_##G##_affine_eq(a, b); }      \
  static int g_jeq_##G(const void *a, const void *b) { return zka_##G##_jacobian_eq(a, b); }    \
  static const grp grp_##G = {ID, sizeof(zka_##G##_affine), sizeof(zka_##G##_jacobian), g_gen_##G, g_amul_##G, \
                              g_aneg_##G, g_ta_##G, g_fa_##G, g_add_##G, g_inf_##G, g_aeq_##G, g_jeq_##G, R};
GRP(bn254_g1, ZKA_GROUP_BN254_G1, bn254_r)
GRP(bn254_g2, ZKA_GROUP_BN254_G2, bn254_r)
GRP(bls12_381_g1, ZKA_GROUP_BLS12_381_G1, bls_r)
GRP(bls12_381_g2, ZKA_GROUP_BLS12_381_G2, bls_r)
static const grp *const groups[4] = {&grp_bn254_g1, &grp_bn254_g2, &grp_bls12_381_g1, &grp_bls12_381_g2};

static void random_scalar(uint8_t s[32], zka_test_rng *rng) {
  for (int i = 0; i < 32; i++) s[i] = (uint8_t)zka_test_next(rng);
  s[31] &= 0x1f; /* below r for both curves */
}

/* r - 1 and r + small (>= r: must be reduced). */
static void r_plus(uint8_t s[32], const uint8_t r[32], int delta) {
  int carry = delta;
  for (int i = 0; i < 32; i++) {
    int v = r[i] + carry;
    s[i] = (uint8_t)v;
    carry = v >> 8;
    if (v < 0) carry = -1, s[i] = (uint8_t)(v + 256);
  }
}

/* n points and scalars with the edge cases mixed in. */
static void make_input(const grp *g, uint8_t *pts, uint8_t *sc, size_t n, zka_test_rng *rng) {
  uint8_t k[32], base[192];
  g->gen(base);
  for (size_t i = 0; i < n; i++) {
    uint8_t *p = pts + i * g->aff, *s = sc + 32 * i;
    random_scalar(k, rng);
    switch (i % 11) {
      case 3: memset(p, 0, g->aff); break;                                 /* infinity */
      case 5: if (i >= 1) { memcpy(p, pts + (i - 1) * g->aff, g->aff); break; } /* fall through */
      case 7: if (i >= 2) { g->aneg(p, pts + (i - 2) * g->aff); break; } /* fall through */
      default: g->amul(p, base, k);
    }
    random_scalar(s, rng);
    switch (i % 13) {
      case 2: memset(s, 0, 32); break;          /* zero */
      case 4: r_plus(s, g->r_le, -1); break;     /* r - 1 */
      case 6: r_plus(s, g->r_le, 5); break;      /* r + 5: reduced to 5 */
      case 8: memset(s, 0xff, 32); break;        /* 2^256 - 1 */
      case 9: if (i >= 1) memcpy(s, sc + 32 * (i - 1), 32); break;
    }
  }
}

static void naive(const grp *g, void *out, const uint8_t *pts, const uint8_t *sc, size_t n) {
  uint8_t acc[288], t[288], a[192];
  g->infinity(acc);
  for (size_t i = 0; i < n; i++) {
    g->amul(a, pts + i * g->aff, sc + 32 * i); /* mul_var reduces nothing: r*P = O anyway */
    g->from_aff(t, a);
    g->add(acc, acc, t);
  }
  memcpy(out, acc, g->jac);
}

static zka_engine *make_engine(const char *backends, int strict) {
  zka_engine_options o = zka_engine_options_default();
  o.backends = backends;
  o.strict = strict;
  o.quiet = 1;
  zka_engine *e = NULL;
  if (zka_engine_create(&e, &o, ctx) != ZKA_OK) return NULL;
  return e;
}

/* MSM on e equals the naive sum, as points and as normalized bytes. */
static void check_msm(zka_engine *e, const char *label, const grp *g, size_t n, zka_test_rng *rng) {
  uint8_t *pts = malloc(n * g->aff + 1), *sc = malloc(32 * n + 1), want[288], got[288], wa[192], ga[192];
  make_input(g, pts, sc, n, rng);
  naive(g, want, pts, sc, n);
  zka_status st = zka_msm(e, g->id, got, pts, sc, n, ctx);
  CHECK(st == ZKA_OK, "%s %s n=%zu: %s", label, zka_group_name(g->id), n, zka_ctx_last_error(ctx));
  CHECK(st != ZKA_OK || g->jeq(got, want), "%s %s n=%zu: MSM differs from the naive sum", label, zka_group_name(g->id), n);
  st = zka_msm_affine(e, g->id, ga, pts, sc, n, ctx);
  g->to_aff(wa, want);
  CHECK(st == ZKA_OK && !memcmp(ga, wa, g->aff), "%s %s n=%zu: normalized bytes differ", label, zka_group_name(g->id), n);
  free(pts);
  free(sc);
}

/* The device-resident tier on the first selected device of e. */
static void check_buffer(zka_engine *e, const char *label, const grp *g, zka_test_rng *rng) {
  size_t n = 33, dev = (size_t)-1;
  for (size_t i = 0; i < zka_engine_device_count(e) && dev == (size_t)-1; i++)
    if (zka_engine_device_selected(e, i)) dev = i;
  if (dev == (size_t)-1) return;
  uint8_t *pts = malloc(n * g->aff), *sc = malloc(32 * n), want[288], got[288];
  make_input(g, pts, sc, n, rng);
  for (size_t i = 0; i < n; i++) random_scalar(sc + 32 * i, rng); /* already below r */
  naive(g, want, pts, sc, n);
  zka_buffer *b = NULL;
  size_t off = 64;
  if (zka_buffer_create(&b, e, dev, off + n * (g->aff + 32), ctx) == ZKA_OK) {
    CHECK(zka_buffer_write(b, off, pts, n * g->aff, ctx) == ZKA_OK, "write points");
    CHECK(zka_buffer_write(b, off + n * g->aff, sc, 32 * n, ctx) == ZKA_OK, "write scalars");
    zka_status st = zka_msm_buffer(e, g->id, got, b, off, off + n * g->aff, n, ctx);
    if (st == ZKA_ERR_UNSUPPORTED) {
      printf("  %s: no device-resident MSM for %s (%s)\n", label, zka_group_name(g->id), zka_ctx_last_error(ctx));
    } else {
      CHECK(st == ZKA_OK && g->jeq(got, want), "%s %s: device-resident MSM: %s", label, zka_group_name(g->id),
            zka_ctx_last_error(ctx));
    }
    CHECK(zka_msm_buffer(e, g->id, got, b, off, off + n * g->aff, n + 1, ctx) == ZKA_ERR_INVALID_ARGUMENT,
          "past the buffer refused");
    zka_buffer_destroy(b);
  }
  free(pts);
  free(sc);
}

static void test_plans(zka_engine *e, zka_test_rng *rng) {
  char path[256];
  snprintf(path, sizeof path, "%s/msm_plan_test_%ld.bin", getenv("ZKACCEL_CACHE_DIR") ? getenv("ZKACCEL_CACHE_DIR") : "/tmp",
           (long)getpid());
  const grp *g = &grp_bn254_g1;
  size_t n = 150;
  uint8_t *pts = malloc(n * g->aff), *sc = malloc(32 * n), want[288], got[288];
  make_input(g, pts, sc, n, rng);
  naive(g, want, pts, sc, n);
  for (unsigned k = 1; k <= 5; k += 2) {
    zka_msm_plan *p = NULL;
    zka_msm_plan_options o = zka_msm_plan_options_default();
    o.precompute = k;
    o.cache_path = k == 3 ? path : NULL;
    remove(path);
    CHECK(zka_msm_plan_create(&p, e, g->id, pts, n, &o, ctx) == ZKA_OK, "plan k=%u: %s", k, zka_ctx_last_error(ctx));
    if (!p) continue;
    CHECK(!zka_msm_plan_from_cache(p), "a fresh plan is not from the cache");
    CHECK(zka_msm_plan_run(p, got, sc, ctx) == ZKA_OK && g->jeq(got, want), "plan k=%u gives the naive sum", k);
    zka_msm_plan_destroy(p);
    if (k != 3) continue;
    /* The cache is reused ... */
    CHECK(access(path, R_OK) == 0, "the cache file was written");
    CHECK(zka_msm_plan_create(&p, e, g->id, pts, n, &o, ctx) == ZKA_OK && p && zka_msm_plan_from_cache(p),
          "the second plan loads the cache");
    if (p) CHECK(zka_msm_plan_run(p, got, sc, ctx) == ZKA_OK && g->jeq(got, want), "cached plan gives the naive sum");
    zka_msm_plan_destroy(p);
    /* ... damaged: rebuilt ... */
    FILE *f = fopen(path, "r+b");
    if (f) {
      fseek(f, 200, SEEK_SET);
      int c = fgetc(f);
      fseek(f, 200, SEEK_SET);
      fputc(c ^ 0x40, f);
      fclose(f);
    }
    p = NULL;
    CHECK(zka_msm_plan_create(&p, e, g->id, pts, n, &o, ctx) == ZKA_OK && p && !zka_msm_plan_from_cache(p),
          "a damaged cache is not used");
    if (p) CHECK(zka_msm_plan_run(p, got, sc, ctx) == ZKA_OK && g->jeq(got, want), "rebuilt plan is right");
    zka_msm_plan_destroy(p);
    /* ... and other bases do not match it. */
    uint8_t *other = malloc(n * g->aff);
    memcpy(other, pts, n * g->aff);
    g->gen(other);
    p = NULL;
    CHECK(zka_msm_plan_create(&p, e, g->id, other, n, &o, ctx) == ZKA_OK && p && !zka_msm_plan_from_cache(p),
          "a cache made from other bases is not used");
    zka_msm_plan_destroy(p);
    free(other);
    remove(path);
  }
  printf("plans: precompute 1, 3, 5 equal the naive sum; the cache is reused, and rebuilt when damaged or stale\n");
  free(pts);
  free(sc);
}

int main(void) {
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  zka_engine *cpu = make_engine("cpu", 1);
  if (!cpu) return 1;
  const size_t sizes[] = {0, 1, 2, 3, 13, 64, 257};
  for (int gi = 0; gi < 4; gi++)
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
      if (gi % 2 == 1 && sizes[si] > 64) continue; /* G2 naive sums are slow */
      check_msm(cpu, "cpu", groups[gi], sizes[si], &rng);
    }
  printf("cpu: every group equals the naive sum for n = 0..257 with the edge cases\n");
  for (int gi = 0; gi < 4; gi++) check_buffer(cpu, "cpu", groups[gi], &rng);
  uint8_t out[288];
  CHECK(zka_msm(cpu, (zka_group_id)9, out, NULL, NULL, 0, ctx) == ZKA_ERR_INVALID_ARGUMENT, "unknown group");
  CHECK(zka_msm(cpu, ZKA_GROUP_BN254_G1, out, NULL, NULL, 5, ctx) == ZKA_ERR_INVALID_ARGUMENT, "NULL points");

  const char *backends[] = {"opencl", "fpga-emu", "cuda", "fpga"};
  for (int b = 0; b < 4; b++) {
    zka_engine *e = make_engine(backends[b], 1);
    if (!e) {
      printf("SKIPPED backend %s: %s\n", backends[b], zka_ctx_last_error(ctx));
      continue;
    }
    for (int gi = 0; gi < 4; gi++) {
      check_msm(e, backends[b], groups[gi], gi % 2 ? 9 : 40, &rng);
      zka_job_report rep;
      zka_engine_last_report(e, &rep);
      printf("  %-8s %-13s ran on %s\n", backends[b], zka_group_name(groups[gi]->id), rep.devices);
      check_buffer(e, backends[b], groups[gi], &rng);
    }
    zka_engine_destroy(e);
  }

  setenv("ZKA_SCHED_EQUAL_SPLIT", "1", 1);
  setenv("ZKA_SCHED_CHUNK_ROWS", "7", 1);
  zka_engine *all = make_engine("all", 0);
  if (all) {
    for (int gi = 0; gi < 4; gi++) check_msm(all, "split", groups[gi], gi % 2 ? 20 : 60, &rng);
    setenv("ZKA_INJECT_FAULTS", "cpu:0;opencl:*;fpga-emu:1,2;cuda:*;fpga:*", 1);
    for (int gi = 0; gi < 4; gi += 2) check_msm(all, "faults", groups[gi], 60, &rng);
    zka_job_report rep;
    zka_engine_last_report(all, &rep);
    CHECK(rep.fallbacks > 0, "fallbacks happened: %u", rep.fallbacks);
    unsetenv("ZKA_INJECT_FAULTS");
    printf("split across devices (7 points per chunk) and with injected failures: same points\n");
    zka_engine_destroy(all);
  }
  unsetenv("ZKA_SCHED_EQUAL_SPLIT");
  unsetenv("ZKA_SCHED_CHUNK_ROWS");
  test_plans(cpu, &rng);
  zka_engine_destroy(cpu);
  zka_ctx_destroy(ctx);
  return zka_test_finish("test_msm_engine");
}
