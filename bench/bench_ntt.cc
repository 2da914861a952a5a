// bench_ntt.cc — the NTT through the engine (include/zkaccel/ntt.h), one benchmark per
// field x size x backend, named ntt/<field>/<log_n>/<backend> (Google Benchmark appends
// /real_time).  Each backend gets its own strict engine (only that backend's devices, no CPU
// fallback), so a figure is that backend's and nothing else's.  One iteration is one
// forward transform, natural order in and out, of 2^log_n random elements, in place; the
// time is wall time (UseRealTime: the engine's own threads and devices do the work).
//
// Before timing, each benchmark runs the transform once on its backend and once on a
// CPU-only engine from the same input and compares the bytes.  Counters:
//   check                1 when the outputs are identical, 0 when they differ
//   elements_per_second  elements transformed per second of wall time (a rate)
//   log_n                the size
// and the label is the engine's job report ("opencl:0=1": chunks per device).
//
// What to run comes from the environment (`zkaccel bench` sets it; host/cli/bench_cli.h
// describes the protocol every bench suite driven by that tool follows):
//   ZKA_BENCH_BACKENDS  comma list of backends, or "all"; unset: the engine's default
//                       selection (every available backend but the fpga-emu emulator).
//                       A backend without an available device is skipped with a message.
//   ZKA_BENCH_FIELDS    comma list (bn254_fr, bls12_381_fr, babybear, goldilocks); unset: all
//   ZKA_BENCH_SIZES     comma list of log_n; unset: 12,16,20 (10,12 with ZKA_BENCH_QUICK=1)
//   ZKA_BENCH_QUICK=1   few short repetitions, so a whole run takes seconds
//   ZKA_BENCH_REPETITIONS, ZKA_BENCH_MIN_TIME (seconds per repetition): override the above
//   ZKA_BENCH_PROGRESS_BASE / _TOTAL  numbering of the "[k/N] ntt ..." progress lines on
//                       stderr when several suites make one run
//   ZKA_BENCH_CORRUPT   (tests only) backends whose output gets one bit flipped before the
//                       check, to see a mismatch reported
//
// Run alone: ./build/bin/zka_bench_ntt   (or ZKA_BENCH_SIZES=10,14 ./build/bin/zka_bench_ntt)
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
#include "zkaccel/ntt.h"
}

namespace {

using namespace zka_bench;

const char kSuite[] = "zka_bench_ntt";

bool random_element(zka_field_id f, uint8_t *out, uint64_t *rng) {
  zka_status st = ZKA_ERR_INVALID_ARGUMENT;
  void *p = out;
  switch (f) {
    case ZKA_FIELD_BN254_FR: st = zka_bn254_fr_random(static_cast<zka_bn254_fr *>(p), zka_bench_rng, rng); break;
    case ZKA_FIELD_BLS12_381_FR:
      st = zka_bls12_381_fr_random(static_cast<zka_bls12_381_fr *>(p), zka_bench_rng, rng);
      break;
    case ZKA_FIELD_BABYBEAR: st = zka_babybear_random(static_cast<zka_babybear *>(p), zka_bench_rng, rng); break;
    case ZKA_FIELD_GOLDILOCKS: st = zka_goldilocks_random(static_cast<zka_goldilocks *>(p), zka_bench_rng, rng); break;
  }
  return st == ZKA_OK;
}

// Two-adicity of each field's multiplicative group (core/params): the largest NTT it has.
unsigned two_adicity(zka_field_id f) {
  switch (f) {
    case ZKA_FIELD_BN254_FR: return 28;
    case ZKA_FIELD_BLS12_381_FR: return 32;
    case ZKA_FIELD_BABYBEAR: return 27;
    case ZKA_FIELD_GOLDILOCKS: return 32;
  }
  return 0;
}

struct ntt_case {
  zka_field_id field;
  uint32_t log_n;
  std::string backend;
  std::string title;  // "ntt babybear 2^16 opencl"
  size_t index;       // 1-based position in this run (progress lines)
};

// The prepared input and verdict of the case being run: Google Benchmark calls the function
// several times per case (iteration-count probing, repetitions), and only the first call
// should pay for the input and the check.
struct prepared {
  const ntt_case *which = nullptr;
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

void prepare(const ntt_case &c, zka_engine *e) {
  prepared &p = current();
  if (p.which == &c) return;
  p = prepared();
  p.which = &c;
  std::fprintf(stderr, "[%zu/%zu] %s ...\n", g_progress_base + c.index, g_progress_total, c.title.c_str());
  const size_t es = zka_field_id_element_size(c.field), n = size_t{1} << c.log_n;
  p.input.resize(n * es);
  uint64_t rng = 0x9e3779b97f4a7c15ULL ^ (static_cast<uint64_t>(c.field) << 32) ^ c.log_n;
  for (size_t i = 0; i < n; i++)
    if (!random_element(c.field, p.input.data() + i * es, &rng)) {
      p.error = "cannot sample random field elements";
      return;
    }
  std::string why;
  zka_engine *cpu = engine_for("cpu", &why);
  if (!cpu) {
    p.error = "the CPU reference engine failed: " + why;
    return;
  }
  const zka_ntt_options opt = zka_ntt_options_default();
  std::vector<uint8_t> got = p.input, want = p.input;
  ctx_ptr ctx = new_ctx();
  if (zka_ntt(e, c.field, got.data(), c.log_n, &opt, ctx.get()) != ZKA_OK) {
    p.error = std::string("zka_ntt failed: ") + zka_ctx_last_error(ctx.get());
    return;
  }
  zka_job_report rep;
  zka_engine_last_report(e, &rep);
  p.report = rep.devices;
  if (zka_ntt(cpu, c.field, want.data(), c.log_n, &opt, ctx.get()) != ZKA_OK) {
    p.error = std::string("the CPU reference zka_ntt failed: ") + zka_ctx_last_error(ctx.get());
    return;
  }
  // Test hook: ZKA_BENCH_CORRUPT=<backend list> flips one bit of that backend's output, so
  // the tests can see a mismatch reported (tests/check_bench_output.sh).
  for (const auto &b : split_list(env_or("ZKA_BENCH_CORRUPT", "")))
    if (b == c.backend) got[0] ^= 1;
  p.check = (got == want) ? 1 : 0;
  if (!p.check) {
    size_t i = 0;
    while (i < n && std::memcmp(got.data() + i * es, want.data() + i * es, es) == 0) i++;
    std::fprintf(stderr, "  MISMATCH: %s differs from the cpu, first at element %zu of %zu\n", c.title.c_str(), i, n);
  }
}

void bm_ntt(benchmark::State &state, const ntt_case *c) {
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
  std::vector<uint8_t> data = p.input;
  const zka_ntt_options opt = zka_ntt_options_default();
  ctx_ptr ctx = new_ctx();
  for (auto _ : state) {
    // The transform of the previous iteration's output: still reduced, same cost.
    if (zka_ntt(e, c->field, data.data(), c->log_n, &opt, ctx.get()) != ZKA_OK) {
      state.SkipWithError((std::string("zka_ntt failed: ") + zka_ctx_last_error(ctx.get())).c_str());
      break;
    }
  }
  const double n = static_cast<double>(size_t{1} << c->log_n);
  state.counters["check"] = p.check;
  state.counters["log_n"] = c->log_n;
  state.counters["elements_per_second"] =
      benchmark::Counter(n * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.SetLabel(p.report);
}

// Backends to run: the listed ones that have an available device (the others get a stderr
// line and no benchmark), in the engine's device order with the CPU first.

}  // namespace

int main(int argc, char **argv) {
  const bool quick = std::atoi(env_or("ZKA_BENCH_QUICK", "0")) != 0;
  std::vector<zka_field_id> fields;
  for (const auto &name : split_list(env_or("ZKA_BENCH_FIELDS", "bn254_fr,bls12_381_fr,babybear,goldilocks"))) {
    zka_field_id f;
    if (zka_field_id_parse(name.c_str(), &f) != ZKA_OK) {
      std::fprintf(stderr, "%s: unknown field '%s' (bn254_fr, bls12_381_fr, babybear, goldilocks)\n", kSuite,
                   name.c_str());
      return 2;
    }
    fields.push_back(f);
  }
  std::vector<uint32_t> sizes;
  for (const auto &s : split_list(env_or("ZKA_BENCH_SIZES", quick ? "10,12" : "12,16,20"))) {
    char *end = nullptr;
    unsigned long v = std::strtoul(s.c_str(), &end, 10);
    if (!end || *end || v < 1 || v > ZKA_NTT_MAX_LOG_N) {
      std::fprintf(stderr, "%s: bad size '%s' in ZKA_BENCH_SIZES (log_n, 1..%d)\n", kSuite, s.c_str(),
                   ZKA_NTT_MAX_LOG_N);
      return 2;
    }
    sizes.push_back(static_cast<uint32_t>(v));
  }
  const int repetitions = std::atoi(env_or("ZKA_BENCH_REPETITIONS", quick ? "3" : "5"));
  const double min_time = std::atof(env_or("ZKA_BENCH_MIN_TIME", quick ? "0.01" : "0.1"));
  const std::vector<std::string> backends = pick_backends(kSuite);
  if (backends.empty()) return 1;

  // Owned here for the whole run: the registered benchmarks keep pointers to them.
  static std::vector<std::unique_ptr<ntt_case>> cases;
  for (zka_field_id f : fields)
    for (uint32_t log_n : sizes) {
      if (log_n > two_adicity(f)) {
        std::fprintf(stderr, "%s: %s has no NTT of size 2^%u (two-adicity %u), skipped\n", kSuite,
                     zka_field_id_name(f), log_n, two_adicity(f));
        continue;
      }
      for (const auto &b : backends) {
        auto c = std::make_unique<ntt_case>();
        c->field = f;
        c->log_n = log_n;
        c->backend = b;
        c->title = std::string("ntt ") + zka_field_id_name(f) + " 2^" + std::to_string(log_n) + " " + b;
        c->index = cases.size() + 1;
        const std::string name = std::string("ntt/") + zka_field_id_name(f) + "/" + std::to_string(log_n) + "/" + b;
        benchmark::RegisterBenchmark(name.c_str(), bm_ntt, c.get())
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond)
            ->MinTime(min_time > 0 ? min_time : 0.01)
            ->Repetitions(repetitions > 0 ? repetitions : 1)
            ->ReportAggregatesOnly(repetitions > 1);
        cases.push_back(std::move(c));
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
