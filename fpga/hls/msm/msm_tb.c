/* msm_tb.c — C-simulation bench of the HLS MSM bucket kernels (msm_kernel.c): what `make csim`
 * (vitis_hls csim_design) runs, and, as a plain host program, the ctest test_hls_msm_csim.
 * main() returns 0 when every check passes.
 *
 * Reference: each bucket recomputed as a naive sum in Jacobian coordinates with the
 * portable add-2007-bl / madd-2007-bl formulas (core/curve/point_template.h), independent of
 * the kernel's XYZZ madd-2008-s; and, per call, sum_k (k + 1)·B_k against sum_i d_i·P_i by
 * plain double-and-add (mul_limbs_naive).  Points: small random multiples of the generator,
 * drawn from a pool of 24 so that points repeat, with their negatives and infinity mixed in
 * (the P + P and P + (-P) cases inside a bucket).  The bench also asserts, through the
 * emulation-only zka_hls_msm_last_stats(), that the hazard path ran: points parked in the
 * FIFO, the FIFO full, and the pipeline always drained.
 */
#if defined(__GNUC__) && !defined(__SYNTHESIS__)
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpga/hls/msm/msm_kernel.h"

#define ZKA_TB_MAX_COUNT 600
#define ZKA_TB_POOL 24

static int zka_tb_failures = 0;
static uint64_t zka_tb_state = 0x2545f4914f6cdd1dULL;

static uint64_t zka_tb_rand(void) { /* xorshift64* */
  zka_tb_state ^= zka_tb_state >> 12;
  zka_tb_state ^= zka_tb_state << 25;
  zka_tb_state ^= zka_tb_state >> 27;
  return zka_tb_state * 0x2545f4914f6cdd1dULL;
}

#define ZKA_TB_CHECK(cond, ...)                                  \
  do {                                                           \
    if (!(cond)) {                                               \
      if (zka_tb_failures < 20) {                                \
        fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
        fprintf(stderr, __VA_ARGS__);                            \
        fprintf(stderr, "\n");                                   \
      }                                                          \
      zka_tb_failures++;                                         \
    }                                                            \
  } while (0)

/* Kinds of digit streams a case feeds the kernel. */
enum { ZKA_TB_RANDOM = 0, ZKA_TB_SAME = 1, ZKA_TB_PM = 2 };

/* One group's bench: G the group prefix, W words per coordinate, TOP the kernel. */
#define ZKA_TB_GROUP(G, W, TOP)                                                                \
  static zka_u64 zka_tb_points_##G[ZKA_TB_MAX_COUNT * 2 * (W)];                                \
  static zka_u64 zka_tb_buckets_##G[ZKA_HLS_MSM_MAX_BUCKETS * 4 * (W)];                        \
  static zka_##G##_jacobian zka_tb_ref_##G[ZKA_HLS_MSM_MAX_BUCKETS];                          \
  static zka_u32 zka_tb_digits_##G[ZKA_TB_MAX_COUNT];                                         \
  static zka_##G##_affine zka_tb_pool_##G[ZKA_TB_POOL];                                       \
                                                                                               \
  static void zka_tb_pool_init_##G(void) {                                                     \
    const zka_##G##_jacobian g = zka_##G##_from_affine_ref(zka_##G##_generator_ref());          \
    for (int i = 0; i < ZKA_TB_POOL; i++) {                                                    \
      zka_u64 k = zka_tb_rand() >> 40; /* small multiples: fast, and distinct */              \
      zka_tb_pool_##G[i] = zka_##G##_to_affine_ref(zka_##G##_mul_limbs_var_ref(g, &k, 1));      \
    }                                                                                          \
  }                                                                                            \
                                                                                               \
  /* Fill `count` inputs from `first`; the reference buckets get them too. */                  \
  static void zka_tb_fill_##G(zka_u32 first, zka_u32 count, zka_u32 c, int kind) {            \
    const int32_t nb = 1 << (c - 1);                                                           \
    for (zka_u32 i = first; i < first + count; i++) {                                          \
      zka_##G##_affine p = zka_tb_pool_##G[zka_tb_rand() % ZKA_TB_POOL];                        \
      int32_t d;                                                                               \
      if (kind == ZKA_TB_SAME) {                                                               \
        d = 3;                                                                                 \
      } else if (kind == ZKA_TB_PM) { /* P, -P, P, ...: all into bucket 0 */                   \
        p = zka_tb_pool_##G[0];                                                                \
        d = (i & 1) ? -1 : 1;                                                                  \
      } else {                                                                                 \
        d = (int32_t)(zka_tb_rand() % (uint64_t)(2 * nb + 1)) - nb;                           \
        if (zka_tb_rand() % 16 == 0) p = zka_##G##_affine_infinity_ref();                       \
        if (zka_tb_rand() % 16 == 0) p = zka_##G##_affine_neg_ref(p);                          \
      }                                                                                        \
      memcpy(zka_tb_points_##G + (size_t)i * 2 * (W), &p, sizeof p);                           \
      zka_tb_digits_##G[i] = (zka_u32)d;                                                       \
      if (d != 0) {                                                                            \
        const int32_t m = d < 0 ? -d : d;                                                      \
        const zka_##G##_affine q = d < 0 ? zka_##G##_affine_neg_ref(p) : p;                    \
        zka_tb_ref_##G[m - 1] = zka_##G##_add_mixed_ref(zka_tb_ref_##G[m - 1], q);             \
      }                                                                                        \
    }                                                                                          \
  }                                                                                            \
                                                                                               \
  /* Kernel buckets against the reference buckets, and the window sum against sum d_i P_i  \
   * over inputs [0, total). */                                                                \
  static void zka_tb_compare_##G(const char *what, zka_u32 c, zka_u32 total) {                 \
    const zka_u32 nb = 1u << (c - 1);                                                          \
    int bad = 0;                                                                               \
    zka_##G##_jacobian window = zka_##G##_infinity_ref();                                       \
    for (zka_u32 k = 0; k < nb; k++) {                                                         \
      zka_##G##_xyzz b;                                                                        \
      memcpy(&b, zka_tb_buckets_##G + (size_t)k * 4 * (W), sizeof b);                          \
      const zka_##G##_jacobian bj = zka_##G##_xyzz_to_jacobian_ref(b);                          \
      if (!zka_##G##_eq_ref(bj, zka_tb_ref_##G[k])) bad++;                                     \
      zka_u64 m = k + 1;                                                                       \
      window = zka_##G##_add_ref(window, zka_##G##_mul_limbs_naive_ref(bj, &m, 1));             \
    }                                                                                          \
    ZKA_TB_CHECK(bad == 0, "%s %s: %d of %u buckets differ from the naive sums", #G, what,     \
                 bad, nb);                                                                     \
    zka_##G##_jacobian naive = zka_##G##_infinity_ref();                                        \
    for (zka_u32 i = 0; i < total; i++) {                                                      \
      const int32_t d = (int32_t)zka_tb_digits_##G[i];                                         \
      zka_##G##_affine p;                                                                      \
      memcpy(&p, zka_tb_points_##G + (size_t)i * 2 * (W), sizeof p);                          \
      if (d < 0) p = zka_##G##_affine_neg_ref(p);                                              \
      zka_u64 m = (zka_u64)(d < 0 ? -d : d);                                                   \
      naive = zka_##G##_add_ref(naive,                                                         \
                                zka_##G##_mul_limbs_naive_ref(zka_##G##_from_affine_ref(p), &m, 1)); \
    }                                                                                          \
    ZKA_TB_CHECK(zka_##G##_eq_ref(window, naive), "%s %s: sum (k+1) B_k != sum d_i P_i", #G,  \
                 what);                                                                        \
  }                                                                                            \
                                                                                               \
  static void zka_tb_reset_ref_##G(void) {                                                     \
    for (zka_u32 k = 0; k < ZKA_HLS_MSM_MAX_BUCKETS; k++)                                      \
      zka_tb_ref_##G[k] = zka_##G##_infinity_ref();                                             \
  }                                                                                            \
                                                                                               \
  static void zka_tb_run_##G(void) {                                                           \
    zka_hls_msm_stats st;                                                                      \
    zka_tb_pool_init_##G();                                                                    \
    /* 1. random digits, c = 4 (8 buckets: conflicts are common), one call */                 \
    zka_tb_reset_ref_##G();                                                                    \
    zka_tb_fill_##G(0, 300, 4, ZKA_TB_RANDOM);                                                 \
    TOP(zka_tb_buckets_##G, zka_tb_points_##G, zka_tb_digits_##G, 300, 4, ZKA_HLS_MSM_CLEAR); \
    st = zka_hls_msm_last_stats();                                                             \
    ZKA_TB_CHECK(st.complete == 1, "%s random c=4: pipeline did not drain", #G);              \
    zka_tb_compare_##G("random c=4", 4, 300);                                                  \
    printf("%s: c=4, 300 random digits: %llu cycles, %llu additions, %llu parked\n", #G,       \
           (unsigned long long)st.cycles, (unsigned long long)st.issued,                       \
           (unsigned long long)st.parked);                                                     \
    /* 2. a second chunk into the same window (no CLEAR): buckets carry over */               \
    zka_tb_fill_##G(300, 120, 4, ZKA_TB_RANDOM);                                               \
    TOP(zka_tb_buckets_##G, zka_tb_points_##G + 300 * 2 * (W), zka_tb_digits_##G + 300, 120, 4, \
        0u);                                                                                   \
    zka_tb_compare_##G("two chunks c=4", 4, 420);                                              \
    /* 3. one digit for all: every point conflicts; the FIFO fills and the pipeline stalls */ \
    zka_tb_reset_ref_##G();                                                                    \
    zka_tb_fill_##G(0, 100, 3, ZKA_TB_SAME);                                                   \
    TOP(zka_tb_buckets_##G, zka_tb_points_##G, zka_tb_digits_##G, 100, 3, ZKA_HLS_MSM_CLEAR); \
    st = zka_hls_msm_last_stats();                                                             \
    ZKA_TB_CHECK(st.complete == 1 && st.parked > 0 &&                                          \
                     st.max_fifo == ZKA_HLS_MSM_FIFO_DEPTH && st.issued == 100,               \
                 "%s same digit: complete %llu parked %llu max_fifo %llu issued %llu", #G,      \
                 (unsigned long long)st.complete, (unsigned long long)st.parked,               \
                 (unsigned long long)st.max_fifo, (unsigned long long)st.issued);              \
    zka_tb_compare_##G("same digit c=3", 3, 100);                                              \
    printf("%s: 100 equal digits: %llu cycles (depth %u), %llu parked, FIFO peak %llu\n", #G,  \
           (unsigned long long)st.cycles, ZKA_HLS_MSM_PIPE_DEPTH,                              \
           (unsigned long long)st.parked, (unsigned long long)st.max_fifo);                    \
    /* 4. P, -P, P, ... into one bucket: P + (-P) = infinity and infinity + P inside it */    \
    zka_tb_reset_ref_##G();                                                                    \
    zka_tb_fill_##G(0, 41, 2, ZKA_TB_PM);                                                      \
    TOP(zka_tb_buckets_##G, zka_tb_points_##G, zka_tb_digits_##G, 41, 2, ZKA_HLS_MSM_CLEAR);  \
    zka_tb_compare_##G("P and -P", 2, 41);                                                     \
    /* 5. the largest window, c = 12 (2048 buckets) */                                        \
    zka_tb_reset_ref_##G();                                                                    \
    zka_tb_fill_##G(0, ZKA_TB_MAX_COUNT, 12, ZKA_TB_RANDOM);                                   \
    TOP(zka_tb_buckets_##G, zka_tb_points_##G, zka_tb_digits_##G, ZKA_TB_MAX_COUNT, 12,        \
        ZKA_HLS_MSM_CLEAR);                                                                    \
    st = zka_hls_msm_last_stats();                                                             \
    ZKA_TB_CHECK(st.complete == 1, "%s c=12: pipeline did not drain", #G);                    \
    zka_tb_compare_##G("random c=12", 12, ZKA_TB_MAX_COUNT);                                   \
    /* 6. count 0 with CLEAR: every bucket infinity */                                        \
    zka_tb_reset_ref_##G();                                                                    \
    TOP(zka_tb_buckets_##G, zka_tb_points_##G, zka_tb_digits_##G, 0, 5, ZKA_HLS_MSM_CLEAR);   \
    zka_tb_compare_##G("count 0", 5, 0);                                                       \
    /* 7. an out-of-range window: the kernel returns without touching the buckets */          \
    zka_tb_buckets_##G[0] = 0x1234u;                                                           \
    TOP(zka_tb_buckets_##G, zka_tb_points_##G, zka_tb_digits_##G, 10, ZKA_HLS_MSM_MAX_WINDOW + 1, \
        ZKA_HLS_MSM_CLEAR);                                                                    \
    ZKA_TB_CHECK(zka_tb_buckets_##G[0] == 0x1234u, "%s: window 13 touched the buckets", #G);  \
    printf("%s: checked\n", #G);                                                               \
  }

ZKA_TB_GROUP(bn254_g1, ZKA_HLS_MSM_WORDS_BN254_G1, zka_hls_msm_bn254_g1)
ZKA_TB_GROUP(bn254_g2, ZKA_HLS_MSM_WORDS_BN254_G2, zka_hls_msm_bn254_g2)
ZKA_TB_GROUP(bls12_381_g1, ZKA_HLS_MSM_WORDS_BLS12_381_G1, zka_hls_msm_bls12_381_g1)
ZKA_TB_GROUP(bls12_381_g2, ZKA_HLS_MSM_WORDS_BLS12_381_G2, zka_hls_msm_bls12_381_g2)

int main(void) {
  zka_tb_run_bn254_g1();
  zka_tb_run_bn254_g2();
  zka_tb_run_bls12_381_g1();
  zka_tb_run_bls12_381_g2();
  if (zka_tb_failures) {
    fprintf(stderr, "msm_tb: %d check(s) FAILED\n", zka_tb_failures);
    return 1;
  }
  printf("msm_tb: all checks passed (4 groups, pipeline depth %u, FIFO %u)\n",
         ZKA_HLS_MSM_PIPE_DEPTH, ZKA_HLS_MSM_FIFO_DEPTH);
  return 0;
}
