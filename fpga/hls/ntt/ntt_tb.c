/* ntt_tb.c — C-simulation test bench of the HLS NTT kernels (Vitis style: main() returns 0
 * when every check passes).  Run by `make csim` (vitis_hls csim_design, run_hls.tcl) and, on
 * machines without Vitis, by the test_hls_ntt_csim ctest as a host program.
 *
 * For each of the four top functions zka_hls_ntt_<field>, with the twiddle buffer the hosts
 * build (fpga/host/fpga_ntt_host.h) and the kernel called directly as the board would run it:
 *   1. every direction x input order x output order x coset, log_n 1..8, a batch of 3 in one
 *      call, against a naive O(n^2) DFT written here from the definition in
 *      include/zkaccel/ntt.h (omega computed independently as g^((p-1)/n) from the field's
 *      multiplicative generator g, not from the ROOT_OF_UNITY constant); every output fully
 *      reduced;
 *   2. log_n = ZKA_HLS_NTT_MAX_LOG_N: forward then inverse (plain, and on a coset) gives the
 *      input back, and 8 sampled outputs of the forward equal the definition's sum;
 *   3. scalars out of range (log_n 0 and MAX+1, batch MAX+1) leave the data untouched.
 * The bench uses the host (__int128) arithmetic for its reference while the kernel file
 * compiles the HLS arithmetic (ZKA_TARGET_HLS), so the two 64x64 products differ too.
 * ZKA_TB_SEED (environment) changes the random inputs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpga/host/fpga_ntt_host.h"

static int zka_tb_failures = 0;
static long zka_tb_checks = 0;

#define ZKA_TB_CHECK(cond, ...)                                         \
  do {                                                                  \
    zka_tb_checks++;                                                    \
    if (!(cond)) {                                                      \
      if (zka_tb_failures < 20) {                                       \
        fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
        fprintf(stderr, __VA_ARGS__);                                   \
        fprintf(stderr, "\n");                                          \
      }                                                                 \
      zka_tb_failures++;                                                \
    }                                                                   \
  } while (0)

/* splitmix64 (Steele, Lea, Flood 2014): enough for test inputs. */
static uint64_t zka_tb_state = 1;
static uint64_t zka_tb_next(void) {
  uint64_t z = (zka_tb_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* ---- per-field operations on elements as bytes (the in-memory form) ---------------- */

typedef struct {
  zka_field_id id;
  const char *name;
  size_t size;
  void (*random)(uint8_t *out);
  void (*add)(uint8_t *out, const uint8_t *a, const uint8_t *b);
  void (*mul)(uint8_t *out, const uint8_t *a, const uint8_t *b);
  void (*from_u64)(uint8_t *out, uint64_t v);
  void (*inv)(uint8_t *out, const uint8_t *a);
  void (*root)(uint8_t *out, unsigned log_n);
  int (*canonical)(const uint8_t *a);
  void (*kernel)(uint8_t *data, const uint8_t *tw, const zka_fpga_ntt_args *a);
} zka_tb_field;

#define ZKA_TB_COMMON(F)                                                                   \
  static void zka_tb_add_##F(uint8_t *o, const uint8_t *a, const uint8_t *b) {             \
    zka_##F x, y;                                                                          \
    memcpy(&x, a, sizeof x);                                                               \
    memcpy(&y, b, sizeof y);                                                               \
    x = zka_##F##_add_ref(x, y);                                                           \
    memcpy(o, &x, sizeof x);                                                               \
  }                                                                                        \
  static void zka_tb_mul_##F(uint8_t *o, const uint8_t *a, const uint8_t *b) {             \
    zka_##F x, y;                                                                          \
    memcpy(&x, a, sizeof x);                                                               \
    memcpy(&y, b, sizeof y);                                                               \
    x = zka_##F##_mul_ref(x, y);                                                           \
    memcpy(o, &x, sizeof x);                                                               \
  }                                                                                        \
  static void zka_tb_inv_##F(uint8_t *o, const uint8_t *a) {                               \
    zka_##F x;                                                                             \
    memcpy(&x, a, sizeof x);                                                               \
    x = zka_##F##_inv_ref(x);                                                              \
    memcpy(o, &x, sizeof x);                                                               \
  }

/* 64-bit-limb Montgomery fields: a random canonical integer is a random element (the
 * Montgomery map is a bijection on [0, p)). */
#define ZKA_TB_BIG(F, P, W)                                                                \
  ZKA_TB_COMMON(F)                                                                         \
  static void zka_tb_random_##F(uint8_t *o) {                                              \
    zka_##F x;                                                                             \
    do {                                                                                   \
      for (int i = 0; i < 4; i++) x.l[i] = zka_tb_next();                                  \
      x.l[3] &= (UINT64_C(1) << (P##_BITS - 192)) - 1;                                     \
    } while (!zka_##F##_is_canonical_ref(x));                                              \
    memcpy(o, &x, sizeof x);                                                               \
  }                                                                                        \
  static void zka_tb_from_u64_##F(uint8_t *o, uint64_t v) {                                \
    zka_##F x = zka_##F##_zero_ref();                                                      \
    x.l[0] = v;                                                                            \
    x = zka_##F##_to_mont_ref(x);                                                          \
    memcpy(o, &x, sizeof x);                                                               \
  }                                                                                        \
  /* g^((p-1)/n) = (g^q)^(2^(s - log_n)), q = 2 * ((q-1)/2) + 1 */                         \
  static void zka_tb_root_##F(uint8_t *o, unsigned log_n) {                                \
    const zka_##F g = {{P##_GENERATOR}}, e = {{P##_Q_MINUS_1_HALF}};                       \
    zka_##F t = zka_##F##_mul_ref(zka_##F##_sqr_ref(zka_##F##_pow_var_ref(g, e)), g);      \
    for (unsigned i = log_n; i < P##_TWO_ADICITY; i++) t = zka_##F##_sqr_ref(t);           \
    memcpy(o, &t, sizeof t);                                                               \
  }                                                                                        \
  static int zka_tb_canonical_##F(const uint8_t *a) {                                      \
    zka_##F x;                                                                             \
    memcpy(&x, a, sizeof x);                                                               \
    return (int)zka_##F##_is_canonical_ref(x);                                             \
  }                                                                                        \
  static void zka_tb_kernel_##F(uint8_t *d, const uint8_t *tw, const zka_fpga_ntt_args *a) { \
    zka_hls_ntt_##F((zka_u64 *)(void *)d, (const zka_u64 *)(const void *)tw, a->log_n,     \
                    a->batch, a->direction, a->input_order, a->output_order, a->coset);    \
  }                                                                                        \
  static const zka_tb_field zka_tb_##F = {                                                 \
      W, #F, sizeof(zka_##F), zka_tb_random_##F, zka_tb_add_##F, zka_tb_mul_##F,           \
      zka_tb_from_u64_##F, zka_tb_inv_##F, zka_tb_root_##F, zka_tb_canonical_##F,          \
      zka_tb_kernel_##F};

ZKA_TB_BIG(bn254_fr, ZKA_BN254_FR, ZKA_FIELD_BN254_FR)
ZKA_TB_BIG(bls12_381_fr, ZKA_BLS12_381_FR, ZKA_FIELD_BLS12_381_FR)

/* BabyBear (Montgomery, uint32) and Goldilocks (canonical, uint64). */
#define ZKA_TB_SMALL(F, P, W, WORD, BITS)                                                  \
  ZKA_TB_COMMON(F)                                                                         \
  static void zka_tb_random_##F(uint8_t *o) {                                              \
    WORD v;                                                                                \
    do v = (WORD)zka_tb_next();                                                            \
    while (v >= P##_P);                                                                    \
    memcpy(o, &v, sizeof v);                                                               \
  }                                                                                        \
  static void zka_tb_from_u64_##F(uint8_t *o, uint64_t v) {                                \
    zka_##F x = zka_##F##_from_u64_ref(v);                                                 \
    memcpy(o, &x, sizeof x);                                                               \
  }                                                                                        \
  static void zka_tb_root_##F(uint8_t *o, unsigned log_n) {                                \
    const zka_##F g = zka_##F##_make_ref(P##_GENERATOR);                                   \
    zka_##F t = zka_##F##_exp_ref(g, 2 * (zka_u64)P##_Q_MINUS_1_HALF + 1, BITS);           \
    for (unsigned i = log_n; i < P##_TWO_ADICITY; i++) t = zka_##F##_sqr_ref(t);           \
    memcpy(o, &t, sizeof t);                                                               \
  }                                                                                        \
  static int zka_tb_canonical_##F(const uint8_t *a) {                                      \
    WORD v;                                                                                \
    memcpy(&v, a, sizeof v);                                                               \
    return v < P##_P;                                                                      \
  }                                                                                        \
  static void zka_tb_kernel_##F(uint8_t *d, const uint8_t *tw, const zka_fpga_ntt_args *a) { \
    zka_hls_ntt_##F((WORD *)(void *)d, (const WORD *)(const void *)tw, a->log_n, a->batch, \
                    a->direction, a->input_order, a->output_order, a->coset);              \
  }                                                                                        \
  static const zka_tb_field zka_tb_##F = {                                                 \
      W, #F, sizeof(zka_##F), zka_tb_random_##F, zka_tb_add_##F, zka_tb_mul_##F,           \
      zka_tb_from_u64_##F, zka_tb_inv_##F, zka_tb_root_##F, zka_tb_canonical_##F,          \
      zka_tb_kernel_##F};

ZKA_TB_SMALL(babybear, ZKA_BABYBEAR, ZKA_FIELD_BABYBEAR, zka_u32, 32)
ZKA_TB_SMALL(goldilocks, ZKA_GOLDILOCKS, ZKA_FIELD_GOLDILOCKS, zka_u64, 64)

static const zka_tb_field *const zka_tb_fields[4] = {&zka_tb_bn254_fr, &zka_tb_bls12_381_fr,
                                                     &zka_tb_babybear, &zka_tb_goldilocks};

/* ---- the reference ------------------------------------------------------------------ */

static size_t zka_tb_bitrev(size_t i, unsigned log_n) {
  size_t r = 0;
  for (unsigned b = 0; b < log_n; b++) r |= ((i >> b) & 1u) << (log_n - 1 - b);
  return r;
}

static void zka_tb_pow(const zka_tb_field *f, uint8_t *out, const uint8_t *x, uint64_t e) {
  uint8_t acc[32], base[32];
  f->from_u64(acc, 1);
  memcpy(base, x, f->size);
  for (; e; e >>= 1) {
    if (e & 1) f->mul(acc, acc, base);
    f->mul(base, base, base);
  }
  memcpy(out, acc, f->size);
}

/* The constants of one transform: w (omega, or omega^-1 for the inverse), s, s^-1, n^-1. */
typedef struct {
  uint8_t w[32], shift[32], sinv[32], ninv[32];
  unsigned log_n;
  int inverse;
} zka_tb_consts;

static zka_tb_consts zka_tb_make_consts(const zka_tb_field *f, unsigned log_n, int inverse,
                                        const uint8_t *shift) {
  zka_tb_consts c;
  c.log_n = log_n;
  c.inverse = inverse;
  f->root(c.w, log_n);
  if (inverse) f->inv(c.w, c.w);
  memcpy(c.shift, shift, f->size);
  f->inv(c.sinv, shift);
  f->from_u64(c.ninv, (uint64_t)1 << log_n);
  f->inv(c.ninv, c.ninv);
  return c;
}

/* Output k (natural index) of one transform of the natural-order input in[], from the
 * definition: forward Y[k] = sum_j X[j] (s w^k)^j; inverse X[k] = n^-1 s^-k sum_j Y[j] w^-jk. */
static void zka_tb_dft_at(const zka_tb_field *f, uint8_t *out, const uint8_t *in,
                          const zka_tb_consts *c, size_t k) {
  const size_t n = (size_t)1 << c->log_n, sz = f->size;
  uint8_t pt[32], pj[32], acc[32], term[32];
  zka_tb_pow(f, pt, c->w, k);
  if (!c->inverse) f->mul(pt, pt, c->shift); /* evaluation point s w^k */
  f->from_u64(acc, 0);
  f->from_u64(pj, 1);
  for (size_t j = 0; j < n; j++) {
    f->mul(term, in + j * sz, pj);
    f->add(acc, acc, term);
    f->mul(pj, pj, pt);
  }
  if (c->inverse) {
    uint8_t sk[32];
    zka_tb_pow(f, sk, c->sinv, k);
    f->mul(acc, acc, sk);
    f->mul(acc, acc, c->ninv);
  }
  memcpy(out, acc, sz);
}

/* ---- driving the kernel as the board's host would ------------------------------------ */

static zka_ntt_job zka_tb_job(const zka_tb_field *f, unsigned log_n, size_t batch, int inverse,
                              int in_bitrev, int out_bitrev, int coset, const uint8_t *shift) {
  zka_ntt_job job;
  memset(&job, 0, sizeof job);
  job.field = f->id;
  job.log_n = log_n;
  job.batch = batch;
  job.direction = inverse ? ZKA_NTT_INVERSE : ZKA_NTT_FORWARD;
  job.input_order = in_bitrev ? ZKA_ORDER_BITREV : ZKA_ORDER_NATURAL;
  job.output_order = out_bitrev ? ZKA_ORDER_BITREV : ZKA_ORDER_NATURAL;
  job.coset = coset;
  if (coset) memcpy(job.coset_shift, shift, f->size);
  return job;
}

/* One kernel call on data (job.batch <= ZKA_HLS_NTT_MAX_BATCH), twiddles from the host
 * code the plug-ins use. */
static void zka_tb_call(const zka_tb_field *f, uint8_t *data, const zka_ntt_job *job) {
  uint8_t *tw = malloc(zka_fpga_ntt_table_bytes(job->field, job->log_n));
  if (!tw) abort();
  zka_fpga_ntt_table(tw, job);
  zka_fpga_ntt_args a = {job->log_n, (zka_u32)job->batch, job->direction == ZKA_NTT_INVERSE,
                         job->input_order == ZKA_ORDER_BITREV,
                         job->output_order == ZKA_ORDER_BITREV, job->coset != 0};
  f->kernel(data, tw, &a);
  free(tw);
}

/* 1. The full matrix against the naive DFT. */
static void zka_tb_matrix(const zka_tb_field *f) {
  enum { BATCH = 3, MAX_LOG = 8 };
  const size_t sz = f->size;
  uint8_t *data = malloc(((size_t)BATCH << MAX_LOG) * sz);
  uint8_t *orig = malloc(((size_t)BATCH << MAX_LOG) * sz);
  uint8_t *nat = malloc(((size_t)1 << MAX_LOG) * sz);
  uint8_t *want = malloc(((size_t)1 << MAX_LOG) * sz);
  if (!data || !orig || !nat || !want) abort();
  long cases = 0;
  for (unsigned log_n = 1; log_n <= MAX_LOG; log_n++) {
    const size_t n = (size_t)1 << log_n;
    for (int cfg = 0; cfg < 16; cfg++) {
      const int inverse = cfg & 1, in_br = (cfg >> 1) & 1, out_br = (cfg >> 2) & 1,
                coset = (cfg >> 3) & 1;
      uint8_t shift[32];
      if (coset) {
        do f->random(shift);
        while (!memcmp(shift, (const uint8_t[32]){0}, sz));
      } else {
        f->from_u64(shift, 1);
      }
      for (size_t i = 0; i < BATCH * n; i++) f->random(orig + i * sz);
      memcpy(data, orig, BATCH * n * sz);
      zka_ntt_job job = zka_tb_job(f, log_n, BATCH, inverse, in_br, out_br, coset, shift);
      zka_tb_call(f, data, &job);
      const zka_tb_consts c = zka_tb_make_consts(f, log_n, inverse, shift);
      for (size_t b = 0; b < BATCH; b++) {
        const uint8_t *in = orig + b * n * sz, *got = data + b * n * sz;
        for (size_t j = 0; j < n; j++)
          memcpy(nat + j * sz, in + (in_br ? zka_tb_bitrev(j, log_n) : j) * sz, sz);
        for (size_t k = 0; k < n; k++) zka_tb_dft_at(f, want + k * sz, nat, &c, k);
        int bad = 0;
        for (size_t i = 0; i < n; i++) {
          const uint8_t *g = got + i * sz;
          const uint8_t *w = want + (out_br ? zka_tb_bitrev(i, log_n) : i) * sz;
          if (memcmp(g, w, sz) != 0 || !f->canonical(g)) bad++;
        }
        ZKA_TB_CHECK(bad == 0, "%s log_n %u %s in %s out %s coset %d row %zu: %d of %zu wrong",
                     f->name, log_n, inverse ? "inverse" : "forward", in_br ? "bitrev" : "natural",
                     out_br ? "bitrev" : "natural", coset, b, bad, n);
      }
      cases++;
    }
  }
  printf("  %-13s matrix: log_n 1..%d x 2 directions x 2x2 orders x coset on/off, batch %d "
         "(%ld kernel calls) vs naive DFT\n", f->name, MAX_LOG, BATCH, cases);
  free(data);
  free(orig);
  free(nat);
  free(want);
}

/* 2. The largest size: round trips and sampled outputs. */
static void zka_tb_largest(const zka_tb_field *f) {
  const unsigned log_n = ZKA_HLS_NTT_MAX_LOG_N;
  const size_t n = (size_t)1 << log_n, sz = f->size;
  uint8_t *orig = malloc(n * sz), *data = malloc(n * sz), want[32], shift[32];
  if (!orig || !data) abort();
  for (size_t i = 0; i < n; i++) f->random(orig + i * sz);
  for (int coset = 0; coset < 2; coset++) {
    if (coset) f->from_u64(shift, 7 + (uint64_t)(zka_tb_next() % 1000));
    else f->from_u64(shift, 1);
    memcpy(data, orig, n * sz);
    zka_ntt_job fwd = zka_tb_job(f, log_n, 1, 0, 0, 0, coset, shift);
    zka_tb_call(f, data, &fwd);
    const size_t ks[8] = {0, 1, 2, n / 2, n - 1, zka_tb_next() % n, zka_tb_next() % n,
                          zka_tb_next() % n};
    const zka_tb_consts c = zka_tb_make_consts(f, log_n, 0, shift);
    for (int t = 0; t < 8; t++) {
      zka_tb_dft_at(f, want, orig, &c, ks[t]);
      ZKA_TB_CHECK(!memcmp(data + ks[t] * sz, want, sz), "%s log_n %u coset %d: Y[%zu] wrong",
                   f->name, log_n, coset, ks[t]);
    }
    zka_ntt_job inv = zka_tb_job(f, log_n, 1, 1, 0, 0, coset, shift);
    zka_tb_call(f, data, &inv);
    ZKA_TB_CHECK(!memcmp(data, orig, n * sz), "%s log_n %u coset %d: inverse(forward(x)) != x",
                 f->name, log_n, coset);
  }
  printf("  %-13s log_n %u: forward/inverse round trip (plain, coset), 8 sampled outputs\n",
         f->name, log_n);
  free(orig);
  free(data);
}

/* 3. Scalars out of range leave memory alone. */
static void zka_tb_refusals(const zka_tb_field *f) {
  const size_t sz = f->size, words = (ZKA_HLS_NTT_MAX_BATCH + 1) * 4;
  uint8_t *data = malloc(words * sz), *orig = malloc(words * sz);
  uint8_t *tw = malloc(zka_fpga_ntt_table_bytes(f->id, ZKA_HLS_NTT_MAX_LOG_N));
  if (!data || !orig || !tw) abort();
  for (size_t i = 0; i < words; i++) f->random(orig + i * sz);
  memset(tw, 0, zka_fpga_ntt_table_bytes(f->id, ZKA_HLS_NTT_MAX_LOG_N));
  const zka_fpga_ntt_args bad[3] = {{0, 1, 0, 0, 0, 0},
                                    {ZKA_HLS_NTT_MAX_LOG_N + 1, 1, 0, 0, 0, 0},
                                    {2, ZKA_HLS_NTT_MAX_BATCH + 1, 0, 0, 0, 0}};
  for (int t = 0; t < 3; t++) {
    memcpy(data, orig, words * sz);
    f->kernel(data, tw, &bad[t]);
    ZKA_TB_CHECK(!memcmp(data, orig, words * sz), "%s: log_n %u batch %u changed the data",
                 f->name, bad[t].log_n, bad[t].batch);
  }
  printf("  %-13s log_n 0, log_n %d, batch %u: refused, data untouched\n", f->name,
         ZKA_HLS_NTT_MAX_LOG_N + 1, ZKA_HLS_NTT_MAX_BATCH + 1);
  free(data);
  free(orig);
  free(tw);
}

int main(void) {
  const char *seed = getenv("ZKA_TB_SEED");
  zka_tb_state = seed ? strtoull(seed, NULL, 0) : 1;
  printf("ntt_tb: HLS NTT kernels (max log_n %d, max batch %u per call), seed %llu\n",
         ZKA_HLS_NTT_MAX_LOG_N, ZKA_HLS_NTT_MAX_BATCH, (unsigned long long)zka_tb_state);
  for (int i = 0; i < 4; i++) {
    zka_tb_matrix(zka_tb_fields[i]);
    zka_tb_largest(zka_tb_fields[i]);
    zka_tb_refusals(zka_tb_fields[i]);
  }
  if (zka_tb_failures) {
    fprintf(stderr, "ntt_tb: %d of %ld checks FAILED\n", zka_tb_failures, zka_tb_checks);
    return 1;
  }
  printf("ntt_tb: all %ld checks passed\n", zka_tb_checks);
  return 0;
}
