// bench_pairing.cc — the optimal ate pairings of include/zkaccel/pairing.h: one full pairing,
// one Miller loop and one final exponentiation per curve, and a 4-pair product check (the
// shape of a Groth16 verification), on the generators.  Names: BM_<op>/<curve>, e.g.
// BM_pairing/bls12_381.  The field path is whatever the library picked (fast on a CPU with
// BMI2+ADX unless ZKA_PORTABLE is set).
//
// Run: ./build/bin/zka_bench_pairing --benchmark_repetitions=5 --benchmark_report_aggregates_only
#include <benchmark/benchmark.h>

#include "zkaccel/curve.h"
#include "zkaccel/pairing.h"

namespace {

// One curve's pairing API as function pointers, so one template covers both.
template <typename G1, typename G2, typename GT>
struct PairingApi {
  void (*g1_generator)(G1 *);
  void (*g2_generator)(G2 *);
  void (*g1_neg)(G1 *, const G1 *);
  void (*pairing)(GT *, const G1 *, const G2 *);
  void (*miller_loop)(GT *, const G1 *, const G2 *);
  void (*final_exp)(GT *, const GT *);
  int (*check)(const G1 *, const G2 *, size_t);
};

#define ZKA_BENCH_PAIRING_API(C)                                                         \
  PairingApi<zka_##C##_g1_affine, zka_##C##_g2_affine, zka_##C##_fq12> {                 \
    zka_##C##_g1_generator, zka_##C##_g2_generator, zka_##C##_g1_affine_neg,             \
        zka_##C##_pairing, zka_##C##_miller_loop, zka_##C##_final_exp,                   \
        zka_##C##_pairing_check                                                          \
  }

template <typename G1, typename G2, typename GT>
void BM_pairing(benchmark::State &state, PairingApi<G1, G2, GT> api) {
  G1 p;
  G2 q;
  GT e;
  api.g1_generator(&p);
  api.g2_generator(&q);
  for (auto _ : state) {
    api.pairing(&e, &p, &q);
    benchmark::DoNotOptimize(e);
  }
}

template <typename G1, typename G2, typename GT>
void BM_miller_loop(benchmark::State &state, PairingApi<G1, G2, GT> api) {
  G1 p;
  G2 q;
  GT f;
  api.g1_generator(&p);
  api.g2_generator(&q);
  for (auto _ : state) {
    api.miller_loop(&f, &p, &q);
    benchmark::DoNotOptimize(f);
  }
}

template <typename G1, typename G2, typename GT>
void BM_final_exp(benchmark::State &state, PairingApi<G1, G2, GT> api) {
  G1 p;
  G2 q;
  GT f, e;
  api.g1_generator(&p);
  api.g2_generator(&q);
  api.miller_loop(&f, &p, &q);
  for (auto _ : state) {
    api.final_exp(&e, &f);
    benchmark::DoNotOptimize(e);
  }
}

// prod of 4 pairings = 1: e(P, Q) e(-P, Q) e(P, Q) e(-P, Q), one shared final exponentiation.
template <typename G1, typename G2, typename GT>
void BM_check4(benchmark::State &state, PairingApi<G1, G2, GT> api) {
  G1 p[4];
  G2 q[4];
  api.g1_generator(&p[0]);
  api.g1_neg(&p[1], &p[0]);
  p[2] = p[0];
  p[3] = p[1];
  for (int i = 0; i < 4; i++) api.g2_generator(&q[i]);
  for (auto _ : state) {
    int ok = api.check(p, q, 4);
    benchmark::DoNotOptimize(ok);
    if (!ok) state.SkipWithError("pairing check failed");
  }
}

const auto kBn254 = ZKA_BENCH_PAIRING_API(bn254);
const auto kBls12381 = ZKA_BENCH_PAIRING_API(bls12_381);

BENCHMARK_CAPTURE(BM_pairing, bn254, kBn254)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_miller_loop, bn254, kBn254)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_final_exp, bn254, kBn254)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_check4, bn254, kBn254)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_pairing, bls12_381, kBls12381)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_miller_loop, bls12_381, kBls12381)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_final_exp, bls12_381, kBls12381)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_check4, bls12_381, kBls12381)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
