// bench_curve.cc — one point operation per iteration, for BN254 and BLS12-381 G1 and G2,
// through the public API (include/zkaccel/curve.h), on the field path in use (MULX/ADX where
// the CPU has it; ZKA_PORTABLE=1 forces the reference).  Dependent chains: the output
// feeds the next call, so the figures are latencies.  Names: BM_<op>/<group>.
//   add        Jacobian + Jacobian (add-2007-bl)
//   add_mixed  Jacobian + affine (madd-2007-bl)
//   dbl        Jacobian doubling (dbl-2009-l)
//   xyzz_add_mixed  XYZZ + affine (madd-2008-s), the MSM bucket step
//   mul_var    wNAF scalar multiplication by a random 255-bit scalar
#include <benchmark/benchmark.h>

#include <cstdint>

#include "zkaccel/curve.h"

namespace {

// Points derived from the generator: G, 2G (so additions are not doublings).
#define ZKA_BENCH_GROUP(G)                                                               \
  void BM_add_##G(benchmark::State &st) {                                                \
    zka_##G##_affine g;                                                                  \
    zka_##G##_jacobian a, b;                                                             \
    zka_##G##_generator(&g);                                                             \
    zka_##G##_affine_to_jacobian(&a, &g);                                                \
    zka_##G##_dbl(&b, &a);                                                               \
    for (auto _ : st) {                                                                  \
      zka_##G##_add(&a, &a, &b);                                                         \
      benchmark::DoNotOptimize(a);                                                       \
    }                                                                                    \
  }                                                                                      \
  BENCHMARK(BM_add_##G)->Name("BM_add/" #G);                                             \
  void BM_add_mixed_##G(benchmark::State &st) {                                          \
    zka_##G##_affine g;                                                                  \
    zka_##G##_jacobian a;                                                                \
    zka_##G##_generator(&g);                                                             \
    zka_##G##_affine_to_jacobian(&a, &g);                                                \
    zka_##G##_dbl(&a, &a);                                                               \
    for (auto _ : st) {                                                                  \
      zka_##G##_add_mixed(&a, &a, &g);                                                   \
      benchmark::DoNotOptimize(a);                                                       \
    }                                                                                    \
  }                                                                                      \
  BENCHMARK(BM_add_mixed_##G)->Name("BM_add_mixed/" #G);                                 \
  void BM_dbl_##G(benchmark::State &st) {                                                \
    zka_##G##_affine g;                                                                  \
    zka_##G##_jacobian a;                                                                \
    zka_##G##_generator(&g);                                                             \
    zka_##G##_affine_to_jacobian(&a, &g);                                                \
    for (auto _ : st) {                                                                  \
      zka_##G##_dbl(&a, &a);                                                             \
      benchmark::DoNotOptimize(a);                                                       \
    }                                                                                    \
  }                                                                                      \
  BENCHMARK(BM_dbl_##G)->Name("BM_dbl/" #G);                                             \
  void BM_xyzz_add_mixed_##G(benchmark::State &st) {                                     \
    zka_##G##_affine g;                                                                  \
    zka_##G##_xyzz a;                                                                    \
    zka_##G##_generator(&g);                                                             \
    zka_##G##_xyzz_from_affine(&a, &g);                                                  \
    zka_##G##_xyzz_dbl(&a, &a);                                                          \
    for (auto _ : st) {                                                                  \
      zka_##G##_xyzz_add_mixed(&a, &a, &g);                                              \
      benchmark::DoNotOptimize(a);                                                       \
    }                                                                                    \
  }                                                                                      \
  BENCHMARK(BM_xyzz_add_mixed_##G)->Name("BM_xyzz_add_mixed/" #G);                       \
  void BM_mul_var_##G(benchmark::State &st) {                                            \
    zka_##G##_affine g;                                                                  \
    zka_##G##_jacobian a;                                                                \
    uint8_t k[32];                                                                       \
    uint64_t x = 0x9e3779b97f4a7c15ULL;                                                  \
    for (int i = 0; i < 32; i++) {                                                       \
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;                                           \
      k[i] = (uint8_t)x;                                                                 \
    }                                                                                    \
    k[31] &= 0x3f; /* below both curves' r */                                            \
    zka_##G##_generator(&g);                                                             \
    zka_##G##_affine_to_jacobian(&a, &g);                                                \
    for (auto _ : st) {                                                                  \
      zka_##G##_mul_var(&a, &a, k);                                                      \
      benchmark::DoNotOptimize(a);                                                       \
    }                                                                                    \
  }                                                                                      \
  BENCHMARK(BM_mul_var_##G)->Name("BM_mul_var/" #G)->Unit(benchmark::kMicrosecond);

ZKA_BENCH_GROUP(bn254_g1)
ZKA_BENCH_GROUP(bn254_g2)
ZKA_BENCH_GROUP(bls12_381_g1)
ZKA_BENCH_GROUP(bls12_381_g2)

}  // namespace

BENCHMARK_MAIN();
