// bench_msm_cpu.cc — the CPU backend's MSM (kernels/cpu/msm_cpu.c): BN254 G1 and BLS12-381
// G1 at 2^16, 2^18, 2^20 points, 1 and 2 threads (host/threadpool.h workers, cache sizes
// from the hwloc topology).  Names: BM_msm_<group>/<log_n>/<threads>.  One iteration is one
// MSM of random points (a walk of additions, normalized) and random full-width scalars;
// items/s counts points.  Counters: window (c), windows, chunks, glv, batch_affine.
//
// Environment (to measure the choices): ZKA_BENCH_MSM_WINDOW=<c>, ZKA_BENCH_MSM_GLV=0|1,
// ZKA_BENCH_MSM_AFFINE=0|1, ZKA_BENCH_MSM_BATCH=<K>, ZKA_BENCH_MSM_CHUNKS=<n>,
// ZKA_BENCH_MSM_SIMD=1 (scalar field code only, no AVX-512 IFMA).
//
// Run: ./build/bin/zka_bench_msm_cpu --benchmark_min_time=0.1
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" {
#include "host/threadpool.h"
#include "host/topology.h"
#include "kernels/cpu/msm_cpu.h"
#include "kernels/cpu/msm_cpu_internal.h"
#include "zkaccel/curve.h"
}

namespace {

uint64_t next(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

// n points P, P + T, P + 2T, ... (normalized) and n scalars below 2^(bits - 1) < r.
template <typename A, typename J>
void make_inputs(void (*gen)(A *), void (*to_j)(J *, const A *),
                 void (*mul)(J *, const J *, const uint8_t *), void (*add)(J *, const J *, const J *),
                 void (*norm)(A *, const J *, size_t), size_t n, unsigned bits,
                 std::vector<A> *pts, std::vector<uint8_t> *sc) {
  uint64_t s = 0x9e3779b97f4a7c15ULL;
  A g;
  gen(&g);
  J gj, p, t;
  to_j(&gj, &g);
  uint8_t k[32];
  for (int i = 0; i < 32; i++) k[i] = static_cast<uint8_t>(next(&s));
  k[31] = 0x0f;
  mul(&p, &gj, k);
  k[0] ^= 0x55;
  mul(&t, &gj, k);
  std::vector<J> tmp(n);
  for (size_t i = 0; i < n; i++) {
    tmp[i] = p;
    add(&p, &p, &t);
  }
  pts->resize(n);
  norm(pts->data(), tmp.data(), n);
  sc->resize(32 * n);
  for (size_t i = 0; i < 32 * n; i++) (*sc)[i] = static_cast<uint8_t>(next(&s));
  for (size_t i = 0; i < n; i++) {  // clear bits >= bits - 1
    uint8_t *b = sc->data() + 32 * i;
    for (unsigned bit = bits - 1; bit < 256; bit++) b[bit / 8] &= static_cast<uint8_t>(~(1u << (bit % 8)));
  }
}

int env_int(const char *name, int dflt) {
  const char *v = std::getenv(name);
  return v ? std::atoi(v) : dflt;
}

void run_bench(benchmark::State &state, zka_group_id g, const void *pts, const uint8_t *sc,
               size_t n) {
  const unsigned threads = static_cast<unsigned>(state.range(1));
  zka_threadpool *pool = nullptr;
  if (zka_threadpool_create(&pool, threads, 1) != ZKA_OK) {
    state.SkipWithError("threadpool_create failed");
    return;
  }
  const zka_topology_info *topo = zka_topology();
  zka_cpu_exec exec = {zka_threadpool_parallel_for, pool, threads, topo->l2_bytes, topo->l3_bytes};
  zka_cpu_msm_opts o = {static_cast<unsigned>(env_int("ZKA_BENCH_MSM_WINDOW", 0)),
                        env_int("ZKA_BENCH_MSM_GLV", -1), env_int("ZKA_BENCH_MSM_AFFINE", -1),
                        static_cast<unsigned>(env_int("ZKA_BENCH_MSM_CHUNKS", 0)),
                        static_cast<size_t>(env_int("ZKA_BENCH_MSM_BATCH", 0)),
                        env_int("ZKA_BENCH_MSM_SIMD", 0)};
  zka_msm_job job = {g, n, 256};
  zka_cpu_msm_plan_info info;
  uint8_t result[3 * 96];
  char err[128];
  for (auto _ : state) {
    if (zka_cpu_msm_ex(result, pts, sc, &job, &exec, &o, &info, err, sizeof err) != ZKA_OK) {
      state.SkipWithError(err);
      break;
    }
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.counters["window"] = info.window;
  state.counters["windows"] = info.windows;
  state.counters["chunks"] = info.chunks;
  state.counters["glv"] = info.glv;
  state.counters["batch_affine"] = info.batch_affine;
  state.counters["ifma"] = info.ifma;
  zka_threadpool_destroy(pool);
}

void BM_msm_bn254_g1(benchmark::State &state) {
  static std::vector<zka_bn254_g1_affine> pts;
  static std::vector<uint8_t> sc;
  const size_t n = size_t{1} << state.range(0);
  if (pts.size() < n)
    make_inputs(zka_bn254_g1_generator, zka_bn254_g1_affine_to_jacobian, zka_bn254_g1_mul_var,
                zka_bn254_g1_add, zka_bn254_g1_batch_normalize, n, 254, &pts, &sc);
  run_bench(state, ZKA_GROUP_BN254_G1, pts.data(), sc.data(), n);
}

void BM_msm_bls12_381_g1(benchmark::State &state) {
  static std::vector<zka_bls12_381_g1_affine> pts;
  static std::vector<uint8_t> sc;
  const size_t n = size_t{1} << state.range(0);
  if (pts.size() < n)
    make_inputs(zka_bls12_381_g1_generator, zka_bls12_381_g1_affine_to_jacobian,
                zka_bls12_381_g1_mul_var, zka_bls12_381_g1_add, zka_bls12_381_g1_batch_normalize,
                n, 255, &pts, &sc);
  run_bench(state, ZKA_GROUP_BLS12_381_G1, pts.data(), sc.data(), n);
}

void sizes(benchmark::internal::Benchmark *b) {
  for (int log_n : {16, 18, 20})
    for (int t : {1, 2}) b->Args({log_n, t});
  b->ArgNames({"log_n", "threads"})->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace

BENCHMARK(BM_msm_bn254_g1)->Apply(sizes);
BENCHMARK(BM_msm_bls12_381_g1)->Apply(sizes);

BENCHMARK_MAIN();
