// bench_merkle.cc — Merkle trees through the engine (zka_merkle_build, include/zkaccel/hash.h),
// one benchmark per hash x size x backend, named merkle/<hash>/<log2 leaves>/<backend>
// (Google Benchmark appends /real_time).  Each backend gets its own strict engine (only that
// backend's devices, no CPU fallback), so a figure is that backend's and nothing else's.
// One iteration builds (and frees) the whole tree over 2^size random leaves, keeping every
// layer (the default, what openings need): 2^size leaf hashes, then 2^size - 1 two-to-one
// compressions, layer by layer.  The time is wall time (UseRealTime).
//
// Leaves (one row per leaf):
//   sha256, keccak256        64 bytes (two digests' worth, one SHA-256 block of data)
//   poseidon_bn254           2 Fr (circomlib Poseidon t = 3)
//   poseidon2_*              8 field elements, as in the issue's target "Poseidon2 BabyBear
//                            Merkle tree over 2^20 leaves of 8 elements <= 0.1 s on two cores"
// Poseidon BN254 is slow (about 2 permutations per leaf at some 10^4-10^5 per second on a
// few cores), so without ZKA_BENCH_SIZES its trees stop at 2^16 leaves; an explicit
// ZKA_BENCH_SIZES runs every size it lists.
//
// A backend that does not run a hash (the engine puts the job on another device: fpga-emu
// hashes only Poseidon2) gets no benchmark for it and a line on stderr saying so.
//
// Before timing, each benchmark builds the tree once on its backend and once on a CPU-only
// engine and compares the roots byte for byte, and opens up to 16 leaves of the backend's
// tree (zka_merkle_open) and checks each path with zka_merkle_verify (single-message
// hashing, core/hash/).  Counters:
//   check                1 when the root equals the CPU engine's and every opened path
//                        verifies; 0 otherwise
//   elements_per_second  leaves per second of wall time
//   bytes_per_second     leaf bytes per second (Google Benchmark's counter)
//   hashes_per_second    hash calls (leaf hashes and compressions, 2^(size+1) - 1 per tree)
//                        per second
//   log_n, leaf_len      the size and the units per leaf
// and the label is the engine's job report over the whole build ("opencl:0=21").
//
// What to run comes from the environment (host/cli/bench_cli.h, the protocol of `zkaccel
// bench`):
//   ZKA_BENCH_BACKENDS  comma list of backends, or "all"; unset: the engine's default
//                       selection (every available backend but the fpga-emu emulator)
//   ZKA_BENCH_FIELDS    comma list of hash names (sha256, keccak256, poseidon_bn254,
//                       poseidon2_babybear_16, ...) or fields (babybear: the hashes over
//                       BabyBear; a field without one selects nothing); unset: every hash
//   ZKA_BENCH_SIZES     comma list of log2 leaf counts; unset: 12,16,20 (8,10 quick)
//   ZKA_BENCH_QUICK=1   few short repetitions, so a whole run takes seconds
//   ZKA_BENCH_REPETITIONS, ZKA_BENCH_MIN_TIME (seconds per repetition): override the above
//   ZKA_BENCH_PROGRESS_BASE / _TOTAL  numbering of the "[k/N] merkle ..." progress lines
//   ZKA_BENCH_CORRUPT   (tests only) backends whose root gets one bit flipped before the
//                       check, to see a mismatch reported
//
// Run alone: ./build/bin/zka_bench_merkle   (or ZKA_BENCH_FIELDS=babybear ZKA_BENCH_SIZES=20 ...)
#include <benchmark/benchmark.h>

#include "bench_suite.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

extern "C" {
#include "zkaccel/device.h"
#include "zkaccel/field.h"
#include "zkaccel/field_small.h"
#include "zkaccel/hash.h"
}

namespace {

using namespace zka_bench;

const char kSuite[] = "zka_bench_merkle";

// What the suite knows of each hash: its field (0: a byte hash) and the leaf length in
// units.
struct hash_spec {
  zka_hash_id id;
  int field;  // a zka_field_id, 0 for bytes
  size_t len;
};
const hash_spec kHashes[] = {
    {ZKA_HASH_SHA256, 0, 64},
    {ZKA_HASH_KECCAK256, 0, 64},
    {ZKA_HASH_POSEIDON_BN254, ZKA_FIELD_BN254_FR, 2},
    {ZKA_HASH_POSEIDON2_BABYBEAR_16, ZKA_FIELD_BABYBEAR, 8},
    {ZKA_HASH_POSEIDON2_BABYBEAR_24, ZKA_FIELD_BABYBEAR, 8},
    {ZKA_HASH_POSEIDON2_GOLDILOCKS_8, ZKA_FIELD_GOLDILOCKS, 8},
    {ZKA_HASH_POSEIDON2_GOLDILOCKS_12, ZKA_FIELD_GOLDILOCKS, 8},
};

// The largest default size of Poseidon BN254 trees (see the top of the file).
const uint32_t kPoseidonBn254DefaultMaxLog = 16;

// Fill buf with n random units of the hash's message type.
bool random_units(const hash_spec &h, uint8_t *buf, size_t n, uint64_t *rng) {
  if (!h.field) return zka_bench_rng(rng, buf, n) == 0;
  void *p = buf;
  for (size_t i = 0; i < n; i++) {
    zka_status st = ZKA_ERR_INVALID_ARGUMENT;
    switch (h.field) {
      case ZKA_FIELD_BN254_FR:
        st = zka_bn254_fr_random(static_cast<zka_bn254_fr *>(p) + i, zka_bench_rng, rng);
        break;
      case ZKA_FIELD_BABYBEAR:
        st = zka_babybear_random(static_cast<zka_babybear *>(p) + i, zka_bench_rng, rng);
        break;
      case ZKA_FIELD_GOLDILOCKS:
        st = zka_goldilocks_random(static_cast<zka_goldilocks *>(p) + i, zka_bench_rng, rng);
        break;
      default: break;
    }
    if (st != ZKA_OK) return false;
  }
  return true;
}

struct tree_deleter {
  void operator()(zka_merkle_tree *t) const { zka_merkle_destroy(t); }
};
using tree_ptr = std::unique_ptr<zka_merkle_tree, tree_deleter>;

// Whether backend's strict engine builds trees of hash h itself: a job no device of it
// supports goes to the CPU (sched_core.c), which would make the row a second CPU figure.  A
// backend whose engine cannot be made is kept: its benchmark then reports the engine's error.
bool backend_runs(const std::string &backend, const hash_spec &h, std::string *where) {
  if (backend == "cpu") return true;
  std::string why;
  zka_engine *e = engine_for(backend, &why);
  if (!e) return true;
  const size_t n = 4;
  std::vector<uint8_t> leaves(n * h.len * zka_hash_unit_size(h.id));
  uint64_t rng = 0x243f6a8885a308d3ULL;
  if (!random_units(h, leaves.data(), n * h.len, &rng)) return true;
  ctx_ptr ctx = new_ctx();
  zka_merkle_tree *t = nullptr;
  if (zka_merkle_build(&t, e, h.id, leaves.data(), h.len, n, nullptr, ctx.get()) != ZKA_OK) return true;
  tree_ptr tree(t);
  zka_job_report rep;
  zka_engine_last_report(e, &rep);
  *where = rep.devices;
  return std::string(" ").append(rep.devices).find(" " + backend + ":") != std::string::npos;
}

struct merkle_case {
  const hash_spec *hash;
  uint32_t log_n;
  std::string backend;
  std::string title;  // "merkle sha256 2^16 opencl"
  size_t index;       // 1-based position in this run (progress lines)
};

// The prepared input and verdict of the case being run: Google Benchmark calls the function
// several times per case (iteration-count probing, repetitions), and only the first call
// should pay for the input and the check.
struct prepared {
  const merkle_case *which = nullptr;
  std::vector<uint8_t> leaves;
  double check = 0;
  std::string report;  // the engine's job report of the checked build
  std::string error;
};
prepared &current() {
  static prepared p;
  return p;
}

size_t g_progress_base = 0, g_progress_total = 0;

std::string hex(const uint8_t *p, size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; i++) {
    s += digits[p[i] >> 4];
    s += digits[p[i] & 15];
  }
  return s;
}

void prepare(const merkle_case &c, zka_engine *e) {
  prepared &p = current();
  if (p.which == &c) return;
  p = prepared();
  p.which = &c;
  std::fprintf(stderr, "[%zu/%zu] %s ...\n", g_progress_base + c.index, g_progress_total, c.title.c_str());
  const zka_hash_id h = c.hash->id;
  const size_t n = size_t{1} << c.log_n, leaf_bytes = c.hash->len * zka_hash_unit_size(h);
  const size_t ds = zka_hash_digest_size(h);
  p.leaves.resize(n * leaf_bytes);
  uint64_t rng = 0x9e3779b97f4a7c15ULL ^ (static_cast<uint64_t>(h) << 32) ^ c.log_n;
  if (!random_units(*c.hash, p.leaves.data(), n * c.hash->len, &rng)) {
    p.error = "cannot sample random leaves";
    return;
  }
  std::string why;
  zka_engine *cpu = engine_for("cpu", &why);
  if (!cpu) {
    p.error = "the CPU reference engine failed: " + why;
    return;
  }
  ctx_ptr ctx = new_ctx();
  zka_merkle_tree *raw = nullptr;
  if (zka_merkle_build(&raw, e, h, p.leaves.data(), c.hash->len, n, nullptr, ctx.get()) != ZKA_OK) {
    p.error = std::string("zka_merkle_build failed: ") + zka_ctx_last_error(ctx.get());
    return;
  }
  tree_ptr tree(raw);
  zka_job_report rep;
  zka_engine_last_report(e, &rep);
  p.report = rep.devices;
  std::vector<uint8_t> got(ds), want(ds);
  zka_merkle_root(tree.get(), got.data());
  {
    raw = nullptr;
    if (zka_merkle_build(&raw, cpu, h, p.leaves.data(), c.hash->len, n, nullptr, ctx.get()) != ZKA_OK) {
      p.error = std::string("the CPU reference zka_merkle_build failed: ") + zka_ctx_last_error(ctx.get());
      return;
    }
    tree_ptr ref(raw);
    zka_merkle_root(ref.get(), want.data());
  }
  // Test hook: ZKA_BENCH_CORRUPT=<backend list> flips one bit of that backend's root, so the
  // tests can see a mismatch reported (tests/check_bench_output.sh).
  for (const auto &b : split_list(env_or("ZKA_BENCH_CORRUPT", "")))
    if (b == c.backend) got[0] ^= 1;
  bool same = got == want;
  if (!same)
    std::fprintf(stderr, "  MISMATCH: %s: root %s, the cpu's %s\n", c.title.c_str(), hex(got.data(), ds).c_str(),
                 hex(want.data(), ds).c_str());
  // Paths of sampled leaves (the first, the last and a stride between) up to the root.
  const size_t depth = zka_merkle_depth(tree.get()), samples = n < 16 ? n : 16;
  std::vector<uint8_t> path(depth * ds + 1);
  for (size_t k = 0; k < samples && same; k++) {
    const size_t i = samples > 1 ? k * (n - 1) / (samples - 1) : 0;
    if (zka_merkle_open(tree.get(), i, path.data(), ctx.get()) != ZKA_OK ||
        zka_merkle_verify(h, got.data(), p.leaves.data() + i * leaf_bytes, c.hash->len, i, n, path.data(),
                          ctx.get()) != ZKA_OK) {
      std::fprintf(stderr, "  MISMATCH: %s: the path of leaf %zu of %zu does not verify: %s\n", c.title.c_str(), i, n,
                   zka_ctx_last_error(ctx.get()));
      same = false;
    }
  }
  p.check = same ? 1 : 0;
}

void bm_merkle(benchmark::State &state, const merkle_case *c) {
  std::string why;
  zka_engine *e = engine_for(c->backend, &why);
  if (!e) {
    if (current().which != c) {
      current() = prepared();
      current().which = c;
      std::fprintf(stderr, "[%zu/%zu] %s ... engine: %s\n", g_progress_base + c->index, g_progress_total,
                   c->title.c_str(), why.c_str());
    }
    state.SkipWithError(("engine: " + why).c_str());
    return;
  }
  prepare(*c, e);
  const prepared &p = current();
  if (!p.error.empty()) {
    state.SkipWithError(p.error.c_str());
    return;
  }
  const zka_hash_id h = c->hash->id;
  const size_t n = size_t{1} << c->log_n;
  ctx_ptr ctx = new_ctx();
  for (auto _ : state) {
    zka_merkle_tree *t = nullptr;
    if (zka_merkle_build(&t, e, h, p.leaves.data(), c->hash->len, n, nullptr, ctx.get()) != ZKA_OK) {
      state.SkipWithError((std::string("zka_merkle_build failed: ") + zka_ctx_last_error(ctx.get())).c_str());
      break;
    }
    zka_merkle_destroy(t);
  }
  const double trees = static_cast<double>(state.iterations()), leaves = static_cast<double>(n) * trees;
  state.counters["check"] = p.check;
  state.counters["log_n"] = c->log_n;
  state.counters["leaf_len"] = static_cast<double>(c->hash->len);
  state.counters["elements_per_second"] = benchmark::Counter(leaves, benchmark::Counter::kIsRate);
  state.counters["hashes_per_second"] =
      benchmark::Counter((2.0 * static_cast<double>(n) - 1.0) * trees, benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(leaves) * static_cast<int64_t>(c->hash->len * zka_hash_unit_size(h)));
  state.SetLabel(p.report);
}

// Backends to run: the listed ones that have an available device (the others get a stderr
// line and no benchmark), in the engine's device order with the CPU first.

// The hashes ZKA_BENCH_FIELDS selects, in kHashes order; false after a message for a name
// that is neither a hash nor a field.
bool pick_hashes(std::vector<const hash_spec *> *out) {
  const char *list = std::getenv("ZKA_BENCH_FIELDS");
  std::vector<bool> on(sizeof kHashes / sizeof kHashes[0], !list || !*list);
  for (const auto &name : split_list(list ? list : "")) {
    zka_hash_id h;
    zka_field_id f;
    if (zka_hash_parse(name.c_str(), &h) == ZKA_OK) {
      for (size_t i = 0; i < on.size(); i++) on[i] = on[i] || kHashes[i].id == h;
    } else if (zka_field_id_parse(name.c_str(), &f) == ZKA_OK) {
      // A field selects the hashes over it (bls12_381_fr: none).
      for (size_t i = 0; i < on.size(); i++) on[i] = on[i] || kHashes[i].field == static_cast<int>(f);
    } else {
      std::fprintf(stderr,
                   "%s: unknown hash '%s' in ZKA_BENCH_FIELDS (sha256, keccak256, poseidon_bn254, "
                   "poseidon2_babybear_16, poseidon2_babybear_24, poseidon2_goldilocks_8, "
                   "poseidon2_goldilocks_12, or a field)\n",
                   kSuite, name.c_str());
      return false;
    }
  }
  for (size_t i = 0; i < on.size(); i++)
    if (on[i]) out->push_back(&kHashes[i]);
  return true;
}

}  // namespace

int main(int argc, char **argv) {
  const bool quick = std::atoi(env_or("ZKA_BENCH_QUICK", "0")) != 0;
  // `zkaccel bench` lists the benchmarks first to count them: the skip notes are for the run.
  bool listing = false;
  for (int i = 1; i < argc; i++) listing = listing || !std::strncmp(argv[i], "--benchmark_list_tests", 22);
  std::vector<const hash_spec *> hashes;
  if (!pick_hashes(&hashes)) return 2;
  const bool default_sizes = !std::getenv("ZKA_BENCH_SIZES") || !*std::getenv("ZKA_BENCH_SIZES");
  std::vector<uint32_t> sizes;
  for (const auto &s : split_list(env_or("ZKA_BENCH_SIZES", quick ? "8,10" : "12,16,20"))) {
    char *end = nullptr;
    unsigned long v = std::strtoul(s.c_str(), &end, 10);
    if (!end || *end || v > 30) {
      std::fprintf(stderr, "%s: bad size '%s' in ZKA_BENCH_SIZES (log2 of the leaf count, 0..30)\n", kSuite,
                   s.c_str());
      return 2;
    }
    sizes.push_back(static_cast<uint32_t>(v));
  }
  const int repetitions = std::atoi(env_or("ZKA_BENCH_REPETITIONS", quick ? "3" : "5"));
  const double min_time = std::atof(env_or("ZKA_BENCH_MIN_TIME", quick ? "0.01" : "0.1"));
  const std::vector<std::string> backends = pick_backends(kSuite);
  if (backends.empty()) return 1;

  // Owned here for the whole run: the registered benchmarks keep pointers to them.
  static std::vector<std::unique_ptr<merkle_case>> cases;
  for (const hash_spec *h : hashes) {
    for (const auto &b : backends) {
      std::string where;
      if (!backend_runs(b, *h, &where)) {
        if (!listing)
          std::fprintf(stderr, "%s: %s does not run %s (the engine ran it on %s), skipped\n", kSuite,
                       b.c_str(), zka_hash_name(h->id), where.c_str());
        continue;
      }
      for (uint32_t log_n : sizes) {
        if (default_sizes && h->id == ZKA_HASH_POSEIDON_BN254 && log_n > kPoseidonBn254DefaultMaxLog) {
          if (b == "cpu" && !listing)
            std::fprintf(stderr, "%s: poseidon_bn254 2^%u skipped by default (slow; ZKA_BENCH_SIZES=%u runs it)\n",
                         kSuite, log_n, log_n);
          continue;
        }
        auto c = std::make_unique<merkle_case>();
        c->hash = h;
        c->log_n = log_n;
        c->backend = b;
        c->title = std::string("merkle ") + zka_hash_name(h->id) + " 2^" + std::to_string(log_n) + " " + b;
        c->index = cases.size() + 1;
        const std::string name =
            std::string("merkle/") + zka_hash_name(h->id) + "/" + std::to_string(log_n) + "/" + b;
        benchmark::RegisterBenchmark(name.c_str(), bm_merkle, c.get())
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond)
            ->MinTime(min_time > 0 ? min_time : 0.01)
            ->Repetitions(repetitions > 0 ? repetitions : 1)
            ->ReportAggregatesOnly(repetitions > 1);
        cases.push_back(std::move(c));
      }
    }
  }
  g_progress_base = static_cast<size_t>(std::strtoull(env_or("ZKA_BENCH_PROGRESS_BASE", "0"), nullptr, 10));
  g_progress_total = static_cast<size_t>(std::strtoull(env_or("ZKA_BENCH_PROGRESS_TOTAL", "0"), nullptr, 10));
  if (g_progress_total < g_progress_base + cases.size()) g_progress_total = g_progress_base + cases.size();

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  engines().clear();
  return 0;
}
