// bench_poseidon2.cc — Poseidon2 permutations per second on one core, per instance
// (BabyBear t = 16, 24; Goldilocks t = 8, 12) and per code path:
//   BM_poseidon2_permute/<instance>/<level>   the bare permutation: level 0 = the portable
//       reference (core/hash/poseidon2.h through zka_poseidon2_*_permute), 1 = AVX2 lanes,
//       2 = AVX-512 lanes (kernels/cpu/poseidon2_x86.c on a transposed state, no loads or
//       transposition); items/s = permutations/s.
//   BM_poseidon2_compress_batch/<instance>/<level>   zka_cpu_poseidon2_compress_batch on
//       4096 digest pairs, with the transposition into lanes; items/s = compressions/s.
// Levels the CPU does not have are skipped with a message.  Single-threaded by design: the
// CPU backend multiplies this by its worker count (kernels/cpu/hash_cpu.c).
//
// Run: ./build/bin/zka_bench_poseidon2 --benchmark_min_time=0.5
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <vector>

extern "C" {
#include "kernels/cpu/hash_cpu.h"
#include "kernels/cpu/poseidon2_cpu_internal.h"
#include "zkaccel/hash.h"
}

namespace {

const zka_hash_id kIds[4] = {ZKA_HASH_POSEIDON2_BABYBEAR_16, ZKA_HASH_POSEIDON2_BABYBEAR_24,
                             ZKA_HASH_POSEIDON2_GOLDILOCKS_8, ZKA_HASH_POSEIDON2_GOLDILOCKS_12};

size_t width_of(zka_hash_id h) {
  switch (h) {
    case ZKA_HASH_POSEIDON2_BABYBEAR_16: return 16;
    case ZKA_HASH_POSEIDON2_BABYBEAR_24: return 24;
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_8: return 8;
    default: return 12;
  }
}
bool is_babybear(zka_hash_id h) {
  return h == ZKA_HASH_POSEIDON2_BABYBEAR_16 || h == ZKA_HASH_POSEIDON2_BABYBEAR_24;
}

// Valid field elements (BabyBear Montgomery words < p, Goldilocks canonical), xorshift64.
void fill(zka_hash_id h, uint8_t *dst, size_t n) {
  uint64_t s = 0x9e3779b97f4a7c15ULL;
  for (size_t i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    if (is_babybear(h)) {
      uint32_t v = static_cast<uint32_t>(s % 0x78000001u);
      std::memcpy(dst + 4 * i, &v, 4);
    } else {
      uint64_t v = s % 0xffffffff00000001ULL;
      std::memcpy(dst + 8 * i, &v, 8);
    }
  }
}

#ifdef ZKA_P2_HAVE_X86
zka_p2_lanes_fn lanes_fn(zka_hash_id h, int level, size_t *lanes) {
  bool gl = !is_babybear(h);
  if (level == ZKA_P2_SIMD_AVX512) {
    *lanes = gl ? 8 : 16;
    switch (h) {
      case ZKA_HASH_POSEIDON2_BABYBEAR_16: return zka_p2_babybear16_x16_avx512;
      case ZKA_HASH_POSEIDON2_BABYBEAR_24: return zka_p2_babybear24_x16_avx512;
      case ZKA_HASH_POSEIDON2_GOLDILOCKS_8: return zka_p2_goldilocks8_x8_avx512;
      default: return zka_p2_goldilocks12_x8_avx512;
    }
  }
  *lanes = gl ? 4 : 8;
  switch (h) {
    case ZKA_HASH_POSEIDON2_BABYBEAR_16: return zka_p2_babybear16_x8_avx2;
    case ZKA_HASH_POSEIDON2_BABYBEAR_24: return zka_p2_babybear24_x8_avx2;
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_8: return zka_p2_goldilocks8_x4_avx2;
    default: return zka_p2_goldilocks12_x4_avx2;
  }
}
#endif

void BM_poseidon2_permute(benchmark::State &state) {
  zka_hash_id h = kIds[state.range(0)];
  int level = static_cast<int>(state.range(1));
  if (level > zka_cpu_poseidon2_simd_available()) {
    state.SkipWithError("this CPU/build lacks that SIMD level");
    return;
  }
  size_t t = width_of(h), esz = is_babybear(h) ? 4 : 8;
  state.SetLabel(zka_hash_name(h));
  if (level == ZKA_P2_SIMD_SCALAR) {
    std::vector<uint8_t> st(t * esz);
    fill(h, st.data(), t);
    for (auto _ : state) {
      switch (h) {
        case ZKA_HASH_POSEIDON2_BABYBEAR_16: zka_poseidon2_babybear16_permute(reinterpret_cast<zka_babybear *>(st.data())); break;
        case ZKA_HASH_POSEIDON2_BABYBEAR_24: zka_poseidon2_babybear24_permute(reinterpret_cast<zka_babybear *>(st.data())); break;
        case ZKA_HASH_POSEIDON2_GOLDILOCKS_8: zka_poseidon2_goldilocks8_permute(reinterpret_cast<zka_goldilocks *>(st.data())); break;
        default: zka_poseidon2_goldilocks12_permute(reinterpret_cast<zka_goldilocks *>(st.data())); break;
      }
      benchmark::DoNotOptimize(st.data());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
    return;
  }
#ifdef ZKA_P2_HAVE_X86
  size_t lanes = 1;
  zka_p2_lanes_fn fn = lanes_fn(h, level, &lanes);
  alignas(64) uint8_t st[24 * 16 * 4];
  fill(h, st, t * lanes);
  for (auto _ : state) {
    fn(st);
    benchmark::DoNotOptimize(st);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * lanes));
#endif
}

void BM_poseidon2_compress_batch(benchmark::State &state) {
  zka_hash_id h = kIds[state.range(0)];
  int level = static_cast<int>(state.range(1));
  if (level > zka_cpu_poseidon2_simd_available()) {
    state.SkipWithError("this CPU/build lacks that SIMD level");
    return;
  }
  const size_t count = 4096, dig = zka_hash_digest_size(h), esz = zka_hash_unit_size(h);
  std::vector<uint8_t> in(2 * count * dig), out(count * dig);
  fill(h, in.data(), 2 * count * dig / esz);
  int saved = zka_cpu_poseidon2_set_simd(level);
  state.SetLabel(zka_hash_name(h));
  for (auto _ : state) {
    zka_cpu_poseidon2_compress_batch(h, out.data(), in.data(), count);
    benchmark::DoNotOptimize(out.data());
  }
  zka_cpu_poseidon2_set_simd(saved);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * count));
}

void args(benchmark::internal::Benchmark *b) {
  b->ArgNames({"instance", "level"});
  for (int i = 0; i < 4; i++)
    for (int l = 0; l <= 2; l++) b->Args({i, l});
}

}  // namespace

BENCHMARK(BM_poseidon2_permute)->Apply(args);
BENCHMARK(BM_poseidon2_compress_batch)->Apply(args);

BENCHMARK_MAIN();
