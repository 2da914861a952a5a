// bench_poseidon.cc — circomlib Poseidon over BN254 Fr on the host (one thread):
//   BM_poseidon_bn254/<k>        zka_poseidon_bn254 (core/hash/poseidon_bn254.c, ADX/MULX field
//                                when the CPU has it), one hash per iteration
//   BM_poseidon_bn254_batch/<k>  zka_cpu_poseidon_bn254_batch over 256 messages (the CPU
//                                backend's per-thread body)
//   BM_poseidon_bn254_ref/<k>    the portable zka_poseidon_bn254_hash_ref (what devices run),
//                                compiled for the host: the baseline the fast path must beat
// k = 2 (t = 3, the Merkle two-to-one compression) and k = 16 (t = 17, the widest).
// items/s counts hashes.
//
// Run: ./build/bin/zka_bench_poseidon --benchmark_min_time=0.5
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

extern "C" {
#include "core/hash/poseidon_bn254.h"
#include "kernels/cpu/hash_cpu.h"
#include "zkaccel/hash.h"
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

std::vector<zka_bn254_fr> random_elements(size_t n) {
  std::vector<zka_bn254_fr> v(n);
  uint64_t s = 0x9e3779b97f4a7c15ULL;
  for (auto &x : v) {
    if (zka_bn254_fr_random(&x, bench_rng, &s) != ZKA_OK) std::abort();
  }
  return v;
}

void BM_poseidon_bn254(benchmark::State &state) {
  const size_t k = static_cast<size_t>(state.range(0));
  std::vector<zka_bn254_fr> in = random_elements(k);
  zka_bn254_fr out;
  for (auto _ : state) {
    if (zka_poseidon_bn254(&out, in.data(), k) != ZKA_OK) std::abort();
    in[0] = out;  // a dependent chain: each hash feeds the next
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_poseidon_bn254_batch(benchmark::State &state) {
  const size_t k = static_cast<size_t>(state.range(0)), count = 256;
  std::vector<zka_bn254_fr> in = random_elements(k * count), out(count);
  for (auto _ : state) {
    zka_cpu_poseidon_bn254_batch(out.data(), in.data(), k, count);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(count));
}

void BM_poseidon_bn254_ref(benchmark::State &state) {
  const int k = static_cast<int>(state.range(0));
  std::vector<zka_bn254_fr> in = random_elements(static_cast<size_t>(k));
  for (auto _ : state) {
    zka_bn254_fr out = zka_poseidon_bn254_hash_ref(in.data(), k);
    in[0] = out;
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_poseidon_bn254)->Arg(2)->Arg(16);
BENCHMARK(BM_poseidon_bn254_batch)->Arg(2)->Arg(16);
BENCHMARK(BM_poseidon_bn254_ref)->Arg(2)->Arg(16);

BENCHMARK_MAIN();
