// bench_field.cc — latency of one field multiplication, squaring and inversion for the four
// 64-bit-limb prime fields, on each arithmetic path, through the public API
// (include/zkaccel/field.h).  Each benchmark is a dependent chain (x = x*y, x = x^2,
// x = 1/x), so the figure is the latency of one operation including the call, not the
// throughput of independent ones.  Names: BM_<op>/<field>/<path>, e.g.
// BM_mul/bls12_381_fq/fast.  A path this CPU or build cannot run is reported as an error
// ("skipped: ...") instead of a number.
//
// BM_mul_kernel/<field> and BM_sqr_kernel/<field> time the MULX/ADX routines of
// core/field/mont_x86_64.h called directly on limb arrays: the difference to BM_mul/.../fast
// is what the by-value API wrapper costs.
//
// Run: ./build/bin/zka_bench_field --benchmark_repetitions=5 --benchmark_report_aggregates_only
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "zkaccel/field.h"

#if defined(__x86_64__) && !defined(ZKA_PORTABLE)
#define ZKA_BENCH_KERNELS 1
extern "C" {
#include "core/field/mont_x86_64.h"
}
#endif

namespace {

// The public API of one field, as function pointers, so one template covers all four.
template <typename T>
struct FieldApi {
  const char *name;
  void (*from_u64)(T *, uint64_t);
  void (*mul)(T *, const T *, const T *);
  void (*sqr)(T *, const T *);
  zka_status (*inv)(T *, const T *);
};

#define ZKA_BENCH_API(F) \
  FieldApi<zka_##F> { #F, zka_##F##_from_u64, zka_##F##_mul, zka_##F##_sqr, zka_##F##_inv }

const FieldApi<zka_bn254_fq> kBn254Fq = ZKA_BENCH_API(bn254_fq);
const FieldApi<zka_bn254_fr> kBn254Fr = ZKA_BENCH_API(bn254_fr);
const FieldApi<zka_bls12_381_fq> kBls12381Fq = ZKA_BENCH_API(bls12_381_fq);
const FieldApi<zka_bls12_381_fr> kBls12381Fr = ZKA_BENCH_API(bls12_381_fr);

// Full-width operands: small integers pushed through a few squarings.
template <typename T>
T operand(const FieldApi<T> &api, uint64_t seed) {
  T x;
  api.from_u64(&x, seed);
  for (int i = 0; i < 5; i++) api.sqr(&x, &x);
  return x;
}

bool use_path(benchmark::State &state, zka_field_path path) {
  if (zka_field_set_path(path) != ZKA_OK) {
    state.SkipWithError(path == ZKA_FIELD_PATH_FAST
                            ? "skipped: no MULX/ADX fast path (CPU without BMI2+ADX, or ZKA_PORTABLE build)"
                            : "skipped: cannot select the portable path");
    return false;
  }
  return true;
}

template <typename T>
void bm_mul(benchmark::State &state, const FieldApi<T> *api, zka_field_path path) {
  if (!use_path(state, path)) return;
  T x = operand(*api, 0x0123456789abcdefu), y = operand(*api, 0xfedcba9876543210u);
  for (auto _ : state) {
    api->mul(&x, &x, &y);
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(state.iterations());
}

template <typename T>
void bm_sqr(benchmark::State &state, const FieldApi<T> *api, zka_field_path path) {
  if (!use_path(state, path)) return;
  T x = operand(*api, 0x0123456789abcdefu);
  for (auto _ : state) {
    api->sqr(&x, &x);
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(state.iterations());
}

template <typename T>
void bm_inv(benchmark::State &state, const FieldApi<T> *api, zka_field_path path) {
  if (!use_path(state, path)) return;
  T x = operand(*api, 0x0123456789abcdefu);  // nonzero, and so is every inverse
  for (auto _ : state) {
    if (api->inv(&x, &x) != ZKA_OK) {
      state.SkipWithError("inverse of zero");
      return;
    }
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(state.iterations());
}

template <typename T>
void register_field(const FieldApi<T> *api) {
  const struct {
    const char *name;
    zka_field_path path;
  } paths[] = {{"portable", ZKA_FIELD_PATH_PORTABLE}, {"fast", ZKA_FIELD_PATH_FAST}};
  for (const auto &p : paths) {
    const std::string suffix = std::string("/") + api->name + "/" + p.name;
    benchmark::RegisterBenchmark(("BM_mul" + suffix).c_str(), bm_mul<T>, api, p.path);
    benchmark::RegisterBenchmark(("BM_sqr" + suffix).c_str(), bm_sqr<T>, api, p.path);
    benchmark::RegisterBenchmark(("BM_inv" + suffix).c_str(), bm_inv<T>, api, p.path)
        ->Unit(benchmark::kMicrosecond);
  }
}

#ifdef ZKA_BENCH_KERNELS
template <typename T>
void bm_mul_kernel(benchmark::State &state, const FieldApi<T> *api,
                   void (*kernel)(uint64_t *, const uint64_t *, const uint64_t *)) {
  if (!zka_field_fast_available()) {
    state.SkipWithError("skipped: CPU without BMI2+ADX");
    return;
  }
  T x = operand(*api, 0x0123456789abcdefu), y = operand(*api, 0xfedcba9876543210u);
  for (auto _ : state) {
    kernel(x.l, x.l, y.l);
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(state.iterations());
}

template <typename T>
void bm_sqr_kernel(benchmark::State &state, const FieldApi<T> *api,
                   void (*kernel)(uint64_t *, const uint64_t *)) {
  if (!zka_field_fast_available()) {
    state.SkipWithError("skipped: CPU without BMI2+ADX");
    return;
  }
  T x = operand(*api, 0x0123456789abcdefu);
  for (auto _ : state) {
    kernel(x.l, x.l);
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(state.iterations());
}

#define ZKA_BENCH_KERNEL(F, API)                                                         \
  benchmark::RegisterBenchmark("BM_mul_kernel/" #F, bm_mul_kernel<zka_##F>, &API,      \
                               zka_##F##_mul_adx);                                       \
  benchmark::RegisterBenchmark("BM_sqr_kernel/" #F, bm_sqr_kernel<zka_##F>, &API,      \
                               zka_##F##_sqr_adx)
#endif

}  // namespace

int main(int argc, char **argv) {
  register_field(&kBn254Fq);
  register_field(&kBn254Fr);
  register_field(&kBls12381Fr);
  register_field(&kBls12381Fq);
#ifdef ZKA_BENCH_KERNELS
  ZKA_BENCH_KERNEL(bn254_fq, kBn254Fq);
  ZKA_BENCH_KERNEL(bn254_fr, kBn254Fr);
  ZKA_BENCH_KERNEL(bls12_381_fr, kBls12381Fr);
  ZKA_BENCH_KERNEL(bls12_381_fq, kBls12381Fq);
#endif
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
