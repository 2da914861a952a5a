// bench_ntt_cpu.cc — the CPU backend's forward NTT (kernels/cpu/ntt_cpu.c) per field and
// size, on 1 and 2 threads (host/threadpool.h workers, L2/L3 sizes from the hwloc topology).
// Names: BM_ntt_forward/<field>/<log_n>/<threads> for the default options (natural order in
// and out, which includes one bit-reversal pass) and BM_ntt_forward_bitrev/... for natural
// in, bit-reversed out (no permutation); BM_ntt_coset_batch_babybear and
// BM_ntt_inverse_batch_babybear/<log_n>/<threads>/<batch> for the zkVM STARK's batched calls.
// One iteration is one in-place transform of 2^log_n random elements (times the batch);
// items/s counts elements.  The SIMD level is the best this CPU
// has (ZKA_PORTABLE=1 in the environment forces the portable kernels).
//
// ZKA_BENCH_L2=<bytes> in the environment overrides the L2 size (to tune the cache plan);
// ZKA_BENCH_SIMD=0|1|2 caps the SIMD level (portable, AVX2, AVX-512).  For the 32-byte
// fields the levels pick the by-value template, the direct MULX/ADX kernels and (with
// AVX-512 IFMA) the IFMA kernels; the label column names the kernels that ran.
//
// Run: ./build/bin/zka_bench_ntt_cpu --benchmark_min_time=0.5
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

extern "C" {
#include "host/threadpool.h"
#include "host/topology.h"
#include "kernels/cpu/ntt_cpu.h"
#include "kernels/cpu/ntt_cpu_internal.h"
#include "zkaccel/field.h"
#include "zkaccel/field_small.h"
}

namespace {

// xorshift64 as a zka_rng_fn: enough for benchmark inputs.
int bench_rng(void *ctx, uint8_t *buf, size_t len) {
  uint64_t *s = static_cast<uint64_t *>(ctx);
  for (size_t i = 0; i < len; i++) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    buf[i] = static_cast<uint8_t>(*s);
  }
  return 0;
}

size_t element_size(zka_field_id f) {
  return (f == ZKA_FIELD_BABYBEAR) ? 4 : (f == ZKA_FIELD_GOLDILOCKS) ? 8 : 32;
}

// Fill with random reduced elements (the field's own sampler).
void fill(zka_field_id f, uint8_t *data, size_t n) {
  uint64_t s = 0x9e3779b97f4a7c15ULL;
  const size_t es = element_size(f);
  for (size_t i = 0; i < n; i++) {
    void *p = data + i * es;
    zka_status st = ZKA_OK;
    switch (f) {
      case ZKA_FIELD_BN254_FR: st = zka_bn254_fr_random(static_cast<zka_bn254_fr *>(p), bench_rng, &s); break;
      case ZKA_FIELD_BLS12_381_FR: st = zka_bls12_381_fr_random(static_cast<zka_bls12_381_fr *>(p), bench_rng, &s); break;
      case ZKA_FIELD_BABYBEAR: st = zka_babybear_random(static_cast<zka_babybear *>(p), bench_rng, &s); break;
      default: st = zka_goldilocks_random(static_cast<zka_goldilocks *>(p), bench_rng, &s); break;
    }
    if (st != ZKA_OK) std::abort();
  }
}

void run(benchmark::State &state, zka_field_id f, zka_ntt_order out_order, size_t batch = 1,
         int coset = 0, zka_ntt_direction dir = ZKA_NTT_FORWARD) {
  const uint32_t log_n = static_cast<uint32_t>(state.range(0));
  const unsigned threads = static_cast<unsigned>(state.range(1));
  const size_t n = size_t{1} << log_n;
  std::vector<uint8_t> data(batch * n * element_size(f));
  fill(f, data.data(), batch * n);
  zka_threadpool *pool = nullptr;
  if (zka_threadpool_create(&pool, threads, 1) != ZKA_OK) {
    state.SkipWithError("threadpool_create failed");
    return;
  }
  const zka_topology_info *topo = zka_topology();
  zka_cpu_exec exec = {zka_threadpool_parallel_for, pool, threads, topo->l2_bytes, topo->l3_bytes};
  // ZKA_BENCH_L2=<bytes> overrides the L2 size the plan is cut to (for tuning the blocking)
  if (const char *l2 = std::getenv("ZKA_BENCH_L2")) exec.l2_bytes = std::strtoull(l2, nullptr, 0);
  // ZKA_BENCH_SIMD=0|1|2 caps the SIMD level (portable, AVX2, AVX-512)
  if (const char *lv = std::getenv("ZKA_BENCH_SIMD")) zka_ntt_cpu_set_simd(std::atoi(lv));
  zka_ntt_job job;
  std::memset(&job, 0, sizeof job);
  job.field = f;
  job.log_n = log_n;
  job.batch = batch;
  job.direction = dir;
  job.input_order = ZKA_ORDER_NATURAL;
  job.output_order = out_order;
  job.coset = coset;
  if (coset) zka_babybear_generator(reinterpret_cast<zka_babybear *>(job.coset_shift));
  char err[256];
  // first call builds the twiddle table; keep it out of the timing
  if (zka_cpu_ntt(data.data(), &job, &exec, err, sizeof err) != ZKA_OK) {
    state.SkipWithError(err);
    zka_threadpool_destroy(pool);
    return;
  }
  for (auto _ : state) {
    zka_status st = zka_cpu_ntt(data.data(), &job, &exec, err, sizeof err);
    benchmark::DoNotOptimize(st);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(batch * n));
  state.SetLabel(zka_ntt_cpu_kernels(f)->name);
  zka_threadpool_destroy(pool);
}

#define ZKA_NTT_BENCH(NAME, F, ORDER)                                              \
  void NAME(benchmark::State &state) { run(state, F, ORDER); }

ZKA_NTT_BENCH(BM_ntt_forward_babybear, ZKA_FIELD_BABYBEAR, ZKA_ORDER_NATURAL)
ZKA_NTT_BENCH(BM_ntt_forward_goldilocks, ZKA_FIELD_GOLDILOCKS, ZKA_ORDER_NATURAL)
ZKA_NTT_BENCH(BM_ntt_forward_bn254_fr, ZKA_FIELD_BN254_FR, ZKA_ORDER_NATURAL)
ZKA_NTT_BENCH(BM_ntt_forward_bls12_381_fr, ZKA_FIELD_BLS12_381_FR, ZKA_ORDER_NATURAL)
ZKA_NTT_BENCH(BM_ntt_forward_bitrev_babybear, ZKA_FIELD_BABYBEAR, ZKA_ORDER_BITREV)
ZKA_NTT_BENCH(BM_ntt_forward_bitrev_bn254_fr, ZKA_FIELD_BN254_FR, ZKA_ORDER_BITREV)

// The zkVM STARK's calls (zkvm/stark/prove.c): a batch of columns, natural order in and out,
// forward on the coset of the generator (the LDE) and inverse without one (interpolation).
// range(2) is the batch; items/s counts elements of the whole batch.
void BM_ntt_coset_batch_babybear(benchmark::State &state) {
  run(state, ZKA_FIELD_BABYBEAR, ZKA_ORDER_NATURAL, static_cast<size_t>(state.range(2)), 1);
}
void BM_ntt_inverse_batch_babybear(benchmark::State &state) {
  run(state, ZKA_FIELD_BABYBEAR, ZKA_ORDER_NATURAL, static_cast<size_t>(state.range(2)), 0,
      ZKA_NTT_INVERSE);
}

void sizes(benchmark::internal::Benchmark *b, std::vector<int> logs) {
  for (int t : {1, 2})
    for (int lg : logs) b->Args({lg, t});
  b->ArgNames({"log_n", "threads"})->Unit(benchmark::kMillisecond)->UseRealTime();
}

void batches(benchmark::internal::Benchmark *b) {
  for (int t : {1, 2})
    for (auto lb : {std::pair<int, int>{16, 64}, std::pair<int, int>{20, 8}})
      b->Args({lb.first, t, lb.second});
  b->ArgNames({"log_n", "threads", "batch"})->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace

BENCHMARK(BM_ntt_forward_babybear)->Apply([](benchmark::internal::Benchmark *b) { sizes(b, {16, 18, 20, 22, 24}); });
BENCHMARK(BM_ntt_forward_goldilocks)->Apply([](benchmark::internal::Benchmark *b) { sizes(b, {16, 18, 20}); });
BENCHMARK(BM_ntt_forward_bn254_fr)->Apply([](benchmark::internal::Benchmark *b) { sizes(b, {16, 18, 20}); });
BENCHMARK(BM_ntt_forward_bls12_381_fr)->Apply([](benchmark::internal::Benchmark *b) { sizes(b, {16, 18, 20}); });
BENCHMARK(BM_ntt_forward_bitrev_babybear)->Apply([](benchmark::internal::Benchmark *b) { sizes(b, {20, 24}); });
BENCHMARK(BM_ntt_forward_bitrev_bn254_fr)->Apply([](benchmark::internal::Benchmark *b) { sizes(b, {20}); });

BENCHMARK(BM_ntt_coset_batch_babybear)->Apply(batches);
BENCHMARK(BM_ntt_inverse_batch_babybear)->Apply(batches);

BENCHMARK_MAIN();
