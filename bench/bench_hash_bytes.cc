// bench_hash_bytes.cc — SHA-256 and Keccak-256 throughput on one core (MB/s in the
// bytes_per_second column): long messages (1 MiB, one message, the single-message path:
// SHA-NI when the CPU has it) and 64-byte messages in batches of 4096 (the Merkle
// compression shape: zka_cpu_*_batch, multi-buffer AVX-512/AVX2 Keccak).  Set
// ZKA_PORTABLE=1 to measure the portable bodies, ZKA_HASH_SIMD=scalar|avx2 to cap the
// batch SIMD level.  Target from the hash issue: SHA-256 >= 1.6 GB/s per core on long
// messages.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

extern "C" {
#include "kernels/cpu/hash_cpu.h"
#include "zkaccel/hash.h"
}

namespace {

std::vector<uint8_t> zka_bench_bytes(size_t n) {
  std::vector<uint8_t> v(n);
  uint32_t x = 0x12345678u;
  for (auto &b : v) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<uint8_t>(x);
  }
  return v;
}

void BM_sha256_long(benchmark::State &state) {
  const size_t len = static_cast<size_t>(state.range(0));
  auto msg = zka_bench_bytes(len);
  uint8_t out[32];
  for (auto _ : state) {
    zka_sha256(out, msg.data(), len);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(len));
}

void BM_keccak256_long(benchmark::State &state) {
  const size_t len = static_cast<size_t>(state.range(0));
  auto msg = zka_bench_bytes(len);
  uint8_t out[32];
  for (auto _ : state) {
    zka_keccak256(out, msg.data(), len);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(len));
}

// count messages of len bytes through the batch function.
template <void (*Batch)(uint8_t *, const uint8_t *, size_t, size_t)>
void BM_batch(benchmark::State &state) {
  const size_t len = static_cast<size_t>(state.range(0));
  const size_t count = static_cast<size_t>(state.range(1));
  auto msgs = zka_bench_bytes(len * count);
  std::vector<uint8_t> out(32 * count);
  for (auto _ : state) {
    Batch(out.data(), msgs.data(), len, count);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(len * count));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(count));
}

// 64-byte messages one call at a time (what a caller without the batch API pays).
void BM_sha256_single64(benchmark::State &state) {
  auto msg = zka_bench_bytes(64);
  uint8_t out[32];
  for (auto _ : state) {
    zka_sha256(out, msg.data(), 64);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * 64);
}

}  // namespace

BENCHMARK(BM_sha256_long)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_sha256_single64);
BENCHMARK_TEMPLATE(BM_batch, zka_cpu_sha256_batch)->Args({64, 4096})->Args({136, 4096})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_keccak256_long)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_batch, zka_cpu_keccak256_batch)->Args({64, 4096})->Args({136, 4096})
    ->Args({1 << 20, 8})->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
