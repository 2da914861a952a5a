// bench_hash.cc — batch hashing through the engine (zka_hash_batch, include/zkaccel/hash.h),
// one benchmark per hash x size x backend, named hash/<hash>/<log2 count>/<backend> (Google
// Benchmark appends /real_time).  Each backend gets its own strict engine (only that
// backend's devices, no CPU fallback), so a figure is that backend's and nothing else's.
// One iteration hashes 2^size random messages of a fixed length into 2^size digests; the
// time is wall time (UseRealTime: the engine's own threads and devices do the work).
//
// Message lengths (one per hash, ZKA_BENCH_MSG_LEN overrides them all):
//   sha256, keccak256        1024 bytes: bulk throughput (17 SHA-256 compressions with the
//                            padding block, 8 Keccak-f[1600] permutations at rate 136)
//   poseidon_bn254           2 Fr: circomlib Poseidon t = 3, one permutation, the shape of a
//                            Merkle two-to-one hash
//   poseidon2_*              16 field elements: a typical trace row; permutations per message
//                            = ceil(16 / rate): BabyBear-16 2 (rate 8), BabyBear-24 1 (rate 16),
//                            Goldilocks-8 4 (rate 4), Goldilocks-12 2 (rate 8)
// Poseidon BN254 is slow (some 10^4-10^5 permutations per second on a few cores), so without
// ZKA_BENCH_SIZES its batches stop at 2^16 messages; an explicit ZKA_BENCH_SIZES runs every
// size it lists.
//
// A backend that does not run a hash (the engine puts the job on another device: fpga-emu
// hashes only Poseidon2) gets no benchmark for it and a line on stderr saying so.
//
// Before timing, each benchmark hashes the batch once on its backend and once on a CPU-only
// engine and compares the bytes, and recomputes up to 256 sampled messages one at a time
// with zka_hash (the single-message path, core/hash/) against the batch's digests.
// Counters:
//   check                    1 when the digests equal the CPU engine's byte for byte and
//                            the sampled messages equal zka_hash's; 0 otherwise
//   elements_per_second      messages hashed per second of wall time
//   bytes_per_second         message bytes hashed per second (Google Benchmark's counter)
//   permutations_per_second  permutations (Keccak-f, Poseidon) or compressions (SHA-256) per
//                            second, counting the padding block
//   log_n, msg_len           the size and the units per message
// and the label is the engine's job report ("opencl:0=1": chunks per device).
//
// What to run comes from the environment (host/cli/bench_cli.h, the protocol of `zkaccel
// bench`):
//   ZKA_BENCH_BACKENDS  comma list of backends, or "all"; unset: the engine's default
//                       selection (every available backend but the fpga-emu emulator)
//   ZKA_BENCH_FIELDS    comma list of hash names (sha256, keccak256, poseidon_bn254,
//                       poseidon2_babybear_16, ...) or fields (babybear: the hashes over
//                       BabyBear; a field without one selects nothing); unset: every hash
//   ZKA_BENCH_SIZES     comma list of log2 message counts; unset: 10,14,18 (8,10 quick)
//   ZKA_BENCH_QUICK=1   few short repetitions, so a whole run takes seconds
//   ZKA_BENCH_REPETITIONS, ZKA_BENCH_MIN_TIME (seconds per repetition): override the above
//   ZKA_BENCH_MSG_LEN   units (bytes or elements) per message for every hash
//   ZKA_BENCH_PROGRESS_BASE / _TOTAL  numbering of the "[k/N] hash ..." progress lines
//   ZKA_BENCH_CORRUPT   (tests only) backends whose output gets one bit flipped before the
//                       check, to see a mismatch reported
//
// Run alone: ./build/bin/zka_bench_hash   (or ZKA_BENCH_FIELDS=sha256 ./build/bin/zka_bench_hash)
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

const char kSuite[] = "zka_bench_hash";

// What the suite knows of each hash: its field (0: a byte hash), default message length
// and the sponge rate (Poseidon2: width - capacity, hash.h) for the permutation count.
struct hash_spec {
  zka_hash_id id;
  int field;  // a zka_field_id, 0 for bytes
  size_t len;
  size_t rate;
};
const hash_spec kHashes[] = {
    {ZKA_HASH_SHA256, 0, 1024, 0},
    {ZKA_HASH_KECCAK256, 0, 1024, 0},
    {ZKA_HASH_POSEIDON_BN254, ZKA_FIELD_BN254_FR, 2, 0},
    {ZKA_HASH_POSEIDON2_BABYBEAR_16, ZKA_FIELD_BABYBEAR, 16, 8},
    {ZKA_HASH_POSEIDON2_BABYBEAR_24, ZKA_FIELD_BABYBEAR, 16, 16},
    {ZKA_HASH_POSEIDON2_GOLDILOCKS_8, ZKA_FIELD_GOLDILOCKS, 16, 4},
    {ZKA_HASH_POSEIDON2_GOLDILOCKS_12, ZKA_FIELD_GOLDILOCKS, 16, 8},
};

// The largest default size of Poseidon BN254 batches (see the top of the file).
const uint32_t kPoseidonBn254DefaultMaxLog = 16;

// Permutations (or SHA-256 compressions) one message of len units costs.
double permutations_per_message(const hash_spec &h, size_t len) {
  switch (h.id) {
    case ZKA_HASH_SHA256: return static_cast<double>((len + 9 + 63) / 64);  // 0x80, 64-bit length
    case ZKA_HASH_KECCAK256: return static_cast<double>(len / 136 + 1);     // pad10*1 always adds
    case ZKA_HASH_POSEIDON_BN254: return 1;
    default: return static_cast<double>((len + h.rate - 1) / h.rate);
  }
}

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

// Whether backend's strict engine runs hash h itself: a job no device of it supports goes
// to the CPU (sched_core.c), which would make the row a second CPU figure.  A backend whose
// engine cannot be made is kept: its benchmark then reports the engine's error.
bool backend_runs(const std::string &backend, const hash_spec &h, size_t len, std::string *where) {
  if (backend == "cpu") return true;
  std::string why;
  zka_engine *e = engine_for(backend, &why);
  if (!e) return true;
  const size_t count = 4;
  std::vector<uint8_t> msgs(count * len * zka_hash_unit_size(h.id) + 1);
  std::vector<uint8_t> digests(count * zka_hash_digest_size(h.id));
  uint64_t rng = 0x243f6a8885a308d3ULL;
  if (!random_units(h, msgs.data(), count * len, &rng)) return true;
  ctx_ptr ctx = new_ctx();
  if (zka_hash_batch(e, h.id, digests.data(), msgs.data(), len, count, ctx.get()) != ZKA_OK) return true;
  zka_job_report rep;
  zka_engine_last_report(e, &rep);
  *where = rep.devices;
  return std::string(" ").append(rep.devices).find(" " + backend + ":") != std::string::npos;
}

struct hash_case {
  const hash_spec *hash;
  size_t len;  // units per message
  uint32_t log_n;
  std::string backend;
  std::string title;  // "hash sha256 2^14 opencl"
  size_t index;       // 1-based position in this run (progress lines)
};

// The prepared input and verdict of the case being run: Google Benchmark calls the function
// several times per case (iteration-count probing, repetitions), and only the first call
// should pay for the input and the check.
struct prepared {
  const hash_case *which = nullptr;
  std::vector<uint8_t> input;
  double check = 0;
  std::string report;  // the engine's job report of the checked run
  std::string error;
};
prepared &current() {
  static prepared p;
  return p;
}

size_t g_progress_base = 0, g_progress_total = 0;

void prepare(const hash_case &c, zka_engine *e) {
  prepared &p = current();
  if (p.which == &c) return;
  p = prepared();
  p.which = &c;
  std::fprintf(stderr, "[%zu/%zu] %s ...\n", g_progress_base + c.index, g_progress_total, c.title.c_str());
  const zka_hash_id h = c.hash->id;
  const size_t n = size_t{1} << c.log_n, msg_bytes = c.len * zka_hash_unit_size(h), ds = zka_hash_digest_size(h);
  p.input.resize(n * msg_bytes + 1);  // + 1: never empty, so data() is a real pointer
  uint64_t rng = 0x9e3779b97f4a7c15ULL ^ (static_cast<uint64_t>(h) << 32) ^ c.log_n;
  if (!random_units(*c.hash, p.input.data(), n * c.len, &rng)) {
    p.error = "cannot sample random messages";
    return;
  }
  std::string why;
  zka_engine *cpu = engine_for("cpu", &why);
  if (!cpu) {
    p.error = "the CPU reference engine failed: " + why;
    return;
  }
  std::vector<uint8_t> got(n * ds), want(n * ds);
  ctx_ptr ctx = new_ctx();
  if (zka_hash_batch(e, h, got.data(), p.input.data(), c.len, n, ctx.get()) != ZKA_OK) {
    p.error = std::string("zka_hash_batch failed: ") + zka_ctx_last_error(ctx.get());
    return;
  }
  zka_job_report rep;
  zka_engine_last_report(e, &rep);
  p.report = rep.devices;
  if (zka_hash_batch(cpu, h, want.data(), p.input.data(), c.len, n, ctx.get()) != ZKA_OK) {
    p.error = std::string("the CPU reference zka_hash_batch failed: ") + zka_ctx_last_error(ctx.get());
    return;
  }
  // Test hook: ZKA_BENCH_CORRUPT=<backend list> flips one bit of that backend's output, so
  // the tests can see a mismatch reported (tests/check_bench_output.sh).
  for (const auto &b : split_list(env_or("ZKA_BENCH_CORRUPT", "")))
    if (b == c.backend) got[0] ^= 1;
  bool same = got == want;
  if (!same) {
    size_t i = 0;
    while (i < n && std::memcmp(got.data() + i * ds, want.data() + i * ds, ds) == 0) i++;
    std::fprintf(stderr, "  MISMATCH: %s differs from the cpu, first at message %zu of %zu\n", c.title.c_str(), i, n);
  }
  // The single-message path on sampled messages: the first, the last and a stride between.
  const size_t samples = n < 256 ? n : 256;
  std::vector<uint8_t> one(ds);
  for (size_t k = 0; k < samples; k++) {
    const size_t i = samples > 1 ? k * (n - 1) / (samples - 1) : 0;
    if (zka_hash(h, one.data(), p.input.data() + i * msg_bytes, c.len) != ZKA_OK ||
        std::memcmp(one.data(), got.data() + i * ds, ds) != 0) {
      std::fprintf(stderr, "  MISMATCH: %s: message %zu of %zu differs from zka_hash's digest\n", c.title.c_str(),
                   i, n);
      same = false;
      break;
    }
  }
  p.check = same ? 1 : 0;
}

void bm_hash(benchmark::State &state, const hash_case *c) {
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
  std::vector<uint8_t> digests(n * zka_hash_digest_size(h));
  ctx_ptr ctx = new_ctx();
  for (auto _ : state) {
    if (zka_hash_batch(e, h, digests.data(), p.input.data(), c->len, n, ctx.get()) != ZKA_OK) {
      state.SkipWithError((std::string("zka_hash_batch failed: ") + zka_ctx_last_error(ctx.get())).c_str());
      break;
    }
    benchmark::DoNotOptimize(digests.data());
  }
  const double msgs = static_cast<double>(n) * static_cast<double>(state.iterations());
  state.counters["check"] = p.check;
  state.counters["log_n"] = c->log_n;
  state.counters["msg_len"] = static_cast<double>(c->len);
  state.counters["elements_per_second"] = benchmark::Counter(msgs, benchmark::Counter::kIsRate);
  state.counters["permutations_per_second"] =
      benchmark::Counter(msgs * permutations_per_message(*c->hash, c->len), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(msgs) * static_cast<int64_t>(c->len * zka_hash_unit_size(h)));
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
  for (const auto &s : split_list(env_or("ZKA_BENCH_SIZES", quick ? "8,10" : "10,14,18"))) {
    char *end = nullptr;
    unsigned long v = std::strtoul(s.c_str(), &end, 10);
    if (!end || *end || v > 30) {
      std::fprintf(stderr, "%s: bad size '%s' in ZKA_BENCH_SIZES (log2 of the message count, 0..30)\n", kSuite,
                   s.c_str());
      return 2;
    }
    sizes.push_back(static_cast<uint32_t>(v));
  }
  bool has_len = false;  // ZKA_BENCH_MSG_LEN given (0 is allowed: empty messages)
  size_t len_override = 0;
  if (const char *l = std::getenv("ZKA_BENCH_MSG_LEN")) {
    char *end = nullptr;
    unsigned long v = std::strtoul(l, &end, 10);
    if (!end || *end || end == l || v > (1ul << 20)) {
      std::fprintf(stderr, "%s: bad ZKA_BENCH_MSG_LEN '%s' (units per message, 0..1048576)\n", kSuite, l);
      return 2;
    }
    has_len = true;
    len_override = v;
  }
  const int repetitions = std::atoi(env_or("ZKA_BENCH_REPETITIONS", quick ? "3" : "5"));
  const double min_time = std::atof(env_or("ZKA_BENCH_MIN_TIME", quick ? "0.01" : "0.1"));
  const std::vector<std::string> backends = pick_backends(kSuite);
  if (backends.empty()) return 1;

  // Owned here for the whole run: the registered benchmarks keep pointers to them.
  static std::vector<std::unique_ptr<hash_case>> cases;
  for (const hash_spec *h : hashes) {
    const size_t len = has_len ? len_override : h->len;
    if (h->id == ZKA_HASH_POSEIDON_BN254 && (len < 1 || len > 16)) {
      std::fprintf(stderr, "%s: poseidon_bn254 takes 1 to 16 inputs, not %zu: skipped\n", kSuite, len);
      continue;
    }
    for (const auto &b : backends) {
      std::string where;
      if (!backend_runs(b, *h, len, &where)) {
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
        auto c = std::make_unique<hash_case>();
        c->hash = h;
        c->len = len;
        c->log_n = log_n;
        c->backend = b;
        c->title = std::string("hash ") + zka_hash_name(h->id) + " 2^" + std::to_string(log_n) + " " + b;
        c->index = cases.size() + 1;
        const std::string name =
            std::string("hash/") + zka_hash_name(h->id) + "/" + std::to_string(log_n) + "/" + b;
        benchmark::RegisterBenchmark(name.c_str(), bm_hash, c.get())
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond)
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
