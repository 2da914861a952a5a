// bench_msm.cc — multi-scalar multiplication through the engine (zka_msm, include/zkaccel/
// msm.h), one benchmark per group x size x backend, named msm/<group>/<log2 n>/<backend>
// (Google Benchmark appends /real_time).  Each backend gets its own strict engine (only that
// backend's devices, no CPU fallback), so a figure is that backend's and nothing else's.
// One iteration is one MSM of 2^size random points and scalars, to a Jacobian result; the
// time is wall time (UseRealTime: the engine's threads and devices do the work).
//
// Inputs, made cheaply so that generation does not dominate a quick run: P_0 = [a]G and
// P_i = P_{i-1} + [b]G for two random 256-bit a, b (affine_mul_var twice, then one mixed
// addition per point in Jacobian and one batch normalization: distinct points in the
// prime-order subgroup); scalars are random 253-bit integers (the top three bits cleared:
// below 2^253 < r for both curves, BN254 r ~ 2^253.6, BLS12-381 r ~ 2^254.9), so nearly full
// width and never reduced by the scheduler.
//
// Before timing, each benchmark runs the MSM once on its backend and once on a CPU-only
// engine, both through zka_msm_affine (normalized: the bytes are the same on every
// backend, msm.h), and compares the bytes.  Counters:
//   check                1 when the normalized result equals the CPU engine's byte for byte
//   elements_per_second  points per second of wall time
//   log_n                the size
// and the label is the engine's job report ("opencl:0=1": chunks per device).
//
// A backend whose strict engine does not run MSM of a group itself (the engine puts the job
// on another device) gets no benchmark for it and a line on stderr saying so.
//
// What to run comes from the environment (host/cli/bench_cli.h, the protocol of `zkaccel
// bench`):
//   ZKA_BENCH_BACKENDS  comma list of backends, or "all"; unset: the engine's default
//                       selection (every available backend but the fpga-emu emulator)
//   ZKA_BENCH_FIELDS    comma list of groups (bn254_g1, bn254_g2, bls12_381_g1,
//                       bls12_381_g2) or scalar fields (bn254_fr: both BN254 groups,
//                       bls12_381_fr: both BLS12-381 groups; other fields select nothing);
//                       unset: every group
//   ZKA_BENCH_SIZES     comma list of log2 point counts; unset: 12,16,18 for G1 and 12,14 for
//                       G2 (8,10 quick)
//   ZKA_BENCH_QUICK=1   few short repetitions, so a whole run takes seconds
//   ZKA_BENCH_REPETITIONS, ZKA_BENCH_MIN_TIME (seconds per repetition): override the above
//   ZKA_BENCH_PROGRESS_BASE / _TOTAL  numbering of the "[k/N] msm ..." progress lines
//   ZKA_BENCH_CORRUPT   (tests only) backends whose result gets one bit flipped before the
//                       check, to see a mismatch reported
//
// Run alone: ./build/bin/zka_bench_msm   (or ZKA_BENCH_FIELDS=bn254_g1 ./build/bin/zka_bench_msm)
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
#include "zkaccel/curve.h"
#include "zkaccel/device.h"
#include "zkaccel/field.h"
#include "zkaccel/msm.h"
}

namespace {

using namespace zka_bench;

const char kSuite[] = "zka_bench_msm";

// Random scalars below 2^253 < r (see the top of the file).
void random_scalars(uint8_t *buf, size_t n, uint64_t *rng) {
  random_bytes(buf, 32 * n, rng);
  for (size_t i = 0; i < n; i++) buf[32 * i + 31] &= 0x1f;
}

#define ZKA_BENCH_WALK(G)                                                                   \
  [](void *out, size_t n, uint64_t *rng) {                                                  \
    walk_points<zka_##G##_affine, zka_##G##_jacobian>(                                      \
        zka_##G##_generator, zka_##G##_affine_mul_var, zka_##G##_affine_to_jacobian,        \
        zka_##G##_add_mixed, zka_##G##_batch_normalize, out, n, rng);                       \
  }

struct group_spec {
  zka_group_id id;
  zka_field_id scalar_field;  // a field in ZKA_BENCH_FIELDS selects the groups it is r of
  void (*points)(void *out, size_t n, uint64_t *rng);
  const char *default_sizes;
  const char *quick_sizes;
};
const group_spec kGroups[] = {
    {ZKA_GROUP_BN254_G1, ZKA_FIELD_BN254_FR, ZKA_BENCH_WALK(bn254_g1), "12,16,18", "8,10"},
    {ZKA_GROUP_BN254_G2, ZKA_FIELD_BN254_FR, ZKA_BENCH_WALK(bn254_g2), "12,14", "8,10"},
    {ZKA_GROUP_BLS12_381_G1, ZKA_FIELD_BLS12_381_FR, ZKA_BENCH_WALK(bls12_381_g1), "12,16,18", "8,10"},
    {ZKA_GROUP_BLS12_381_G2, ZKA_FIELD_BLS12_381_FR, ZKA_BENCH_WALK(bls12_381_g2), "12,14", "8,10"},
};

// Whether backend's strict engine runs MSM over g itself: a job no device of it supports
// goes to the CPU (sched_core.c), which would make the row a second CPU figure.  A backend
// whose engine cannot be made is kept: its benchmark then reports the engine's error.
bool backend_runs(const std::string &backend, const group_spec &g, std::string *where) {
  if (backend == "cpu") return true;
  std::string why;
  zka_engine *e = engine_for(backend, &why);
  if (!e) return true;
  const size_t n = 4;
  uint64_t rng = 0x243f6a8885a308d3ULL;
  std::vector<uint8_t> pts(n * zka_group_affine_size(g.id)), sc(32 * n);
  std::vector<uint8_t> res(zka_group_jacobian_size(g.id));
  g.points(pts.data(), n, &rng);
  random_scalars(sc.data(), n, &rng);
  ctx_ptr ctx = new_ctx();
  if (zka_msm(e, g.id, res.data(), pts.data(), sc.data(), n, ctx.get()) != ZKA_OK) return true;
  zka_job_report rep;
  zka_engine_last_report(e, &rep);
  *where = rep.devices;
  return std::string(" ").append(rep.devices).find(" " + backend + ":") != std::string::npos;
}

struct msm_case {
  const group_spec *group;
  uint32_t log_n;
  std::string backend;
  std::string title;  // "msm bn254_g1 2^16 opencl"
  size_t index;       // 1-based position in this run (progress lines)
};

// The input and CPU reference of one group and size: cases are registered group, size,
// backend, so consecutive cases share them and each is made once.
struct shared_input {
  const group_spec *group = nullptr;
  uint32_t log_n = 0;
  std::vector<uint8_t> points, scalars;
  std::vector<uint8_t> want;  // the CPU engine's normalized result
  std::string error;
};
shared_input &input() {
  static shared_input s;
  return s;
}

// The verdict of the case being run: Google Benchmark calls the function several times per
// case (iteration-count probing, repetitions), and only the first call should pay for the
// check.
struct prepared {
  const msm_case *which = nullptr;
  double check = 0;
  std::string report;  // the engine's job report of the checked run
  std::string error;
};
prepared &current() {
  static prepared p;
  return p;
}

size_t g_progress_base = 0, g_progress_total = 0;

const shared_input &make_input(const msm_case &c) {
  shared_input &s = input();
  if (s.group == c.group && s.log_n == c.log_n) return s;
  s = shared_input();
  s.group = c.group;
  s.log_n = c.log_n;
  const zka_group_id g = c.group->id;
  const size_t n = size_t{1} << c.log_n;
  uint64_t rng = 0x9e3779b97f4a7c15ULL ^ (static_cast<uint64_t>(g) << 32) ^ c.log_n;
  s.points.resize(n * zka_group_affine_size(g));
  s.scalars.resize(32 * n);
  c.group->points(s.points.data(), n, &rng);
  random_scalars(s.scalars.data(), n, &rng);
  std::string why;
  zka_engine *cpu = engine_for("cpu", &why);
  if (!cpu) {
    s.error = "the CPU reference engine failed: " + why;
    return s;
  }
  s.want.resize(zka_group_affine_size(g));
  ctx_ptr ctx = new_ctx();
  if (zka_msm_affine(cpu, g, s.want.data(), s.points.data(), s.scalars.data(), n, ctx.get()) != ZKA_OK)
    s.error = std::string("the CPU reference zka_msm_affine failed: ") + zka_ctx_last_error(ctx.get());
  return s;
}

void prepare(const msm_case &c, zka_engine *e) {
  prepared &p = current();
  if (p.which == &c) return;
  p = prepared();
  p.which = &c;
  std::fprintf(stderr, "[%zu/%zu] %s ...\n", g_progress_base + c.index, g_progress_total, c.title.c_str());
  const shared_input &s = make_input(c);
  if (!s.error.empty()) {
    p.error = s.error;
    return;
  }
  const zka_group_id g = c.group->id;
  const size_t n = size_t{1} << c.log_n;
  std::vector<uint8_t> got(zka_group_affine_size(g));
  ctx_ptr ctx = new_ctx();
  if (zka_msm_affine(e, g, got.data(), s.points.data(), s.scalars.data(), n, ctx.get()) != ZKA_OK) {
    p.error = std::string("zka_msm_affine failed: ") + zka_ctx_last_error(ctx.get());
    return;
  }
  zka_job_report rep;
  zka_engine_last_report(e, &rep);
  p.report = rep.devices;
  // Test hook: ZKA_BENCH_CORRUPT=<backend list> flips one bit of that backend's result, so
  // the tests can see a mismatch reported (tests/check_bench_output.sh).
  for (const auto &b : split_list(env_or("ZKA_BENCH_CORRUPT", "")))
    if (b == c.backend) got[0] ^= 1;
  p.check = got == s.want ? 1 : 0;
  if (!p.check) std::fprintf(stderr, "  MISMATCH: %s: the normalized result differs from the cpu's\n", c.title.c_str());
}

void bm_msm(benchmark::State &state, const msm_case *c) {
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
  const shared_input &s = input();
  const zka_group_id g = c->group->id;
  const size_t n = size_t{1} << c->log_n;
  std::vector<uint8_t> result(zka_group_jacobian_size(g));
  ctx_ptr ctx = new_ctx();
  for (auto _ : state) {
    if (zka_msm(e, g, result.data(), s.points.data(), s.scalars.data(), n, ctx.get()) != ZKA_OK) {
      state.SkipWithError((std::string("zka_msm failed: ") + zka_ctx_last_error(ctx.get())).c_str());
      break;
    }
    benchmark::DoNotOptimize(result.data());
  }
  state.counters["check"] = p.check;
  state.counters["log_n"] = c->log_n;
  state.counters["elements_per_second"] = benchmark::Counter(
      static_cast<double>(n) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.SetItemsProcessed(static_cast<int64_t>(n) * static_cast<int64_t>(state.iterations()));
  state.SetLabel(p.report);
}

// Backends to run: the listed ones that have an available device (the others get a stderr
// line and no benchmark), in the engine's device order with the CPU first.

// The groups ZKA_BENCH_FIELDS selects, in kGroups order; false after a message for a name
// that is neither a group nor a field.
bool pick_groups(std::vector<const group_spec *> *out) {
  const char *list = std::getenv("ZKA_BENCH_FIELDS");
  const size_t count = sizeof kGroups / sizeof kGroups[0];
  std::vector<bool> on(count, !list || !*list);
  for (const auto &name : split_list(list ? list : "")) {
    zka_group_id g;
    zka_field_id f;
    if (zka_group_parse(name.c_str(), &g) == ZKA_OK) {
      for (size_t i = 0; i < count; i++) on[i] = on[i] || kGroups[i].id == g;
    } else if (zka_field_id_parse(name.c_str(), &f) == ZKA_OK) {
      // A scalar field selects its curve's groups (babybear: none).
      for (size_t i = 0; i < count; i++) on[i] = on[i] || kGroups[i].scalar_field == f;
    } else {
      std::fprintf(stderr,
                   "%s: unknown group '%s' in ZKA_BENCH_FIELDS (bn254_g1, bn254_g2, bls12_381_g1, "
                   "bls12_381_g2, or a scalar field: bn254_fr, bls12_381_fr)\n",
                   kSuite, name.c_str());
      return false;
    }
  }
  for (size_t i = 0; i < count; i++)
    if (on[i]) out->push_back(&kGroups[i]);
  return true;
}

bool parse_sizes(const char *list, std::vector<uint32_t> *out) {
  for (const auto &s : split_list(list)) {
    char *end = nullptr;
    unsigned long v = std::strtoul(s.c_str(), &end, 10);
    if (!end || *end || v > 28) {
      std::fprintf(stderr, "%s: bad size '%s' in ZKA_BENCH_SIZES (log2 of the point count, 0..28)\n", kSuite,
                   s.c_str());
      return false;
    }
    out->push_back(static_cast<uint32_t>(v));
  }
  return true;
}

}  // namespace

int main(int argc, char **argv) {
  const bool quick = std::atoi(env_or("ZKA_BENCH_QUICK", "0")) != 0;
  // `zkaccel bench` lists the benchmarks first to count them: the skip notes are for the run.
  bool listing = false;
  for (int i = 1; i < argc; i++) listing = listing || !std::strncmp(argv[i], "--benchmark_list_tests", 22);
  std::vector<const group_spec *> groups;
  if (!pick_groups(&groups)) return 2;
  const char *sizes_env = std::getenv("ZKA_BENCH_SIZES");
  std::vector<uint32_t> explicit_sizes;
  if (sizes_env && *sizes_env && !parse_sizes(sizes_env, &explicit_sizes)) return 2;
  // MSM iterations are long (tens of ms at 2^16 on a CPU): fewer repetitions than the
  // throughput suites, still enough for a median.
  const int repetitions = std::atoi(env_or("ZKA_BENCH_REPETITIONS", quick ? "3" : "5"));
  const double min_time = std::atof(env_or("ZKA_BENCH_MIN_TIME", quick ? "0.01" : "0.1"));
  const std::vector<std::string> backends = pick_backends(kSuite);
  if (backends.empty()) return 1;

  // Owned here for the whole run: the registered benchmarks keep pointers to them.
  static std::vector<std::unique_ptr<msm_case>> cases;
  for (const group_spec *g : groups) {
    std::vector<std::string> runs;  // the backends that run this group
    for (const auto &b : backends) {
      std::string where;
      if (backend_runs(b, *g, &where)) {
        runs.push_back(b);
      } else if (!listing) {
        std::fprintf(stderr, "%s: %s does not run msm %s (the engine ran it on %s), skipped\n", kSuite, b.c_str(),
                     zka_group_name(g->id), where.c_str());
      }
    }
    std::vector<uint32_t> sizes = explicit_sizes;
    if (sizes.empty() && !parse_sizes(quick ? g->quick_sizes : g->default_sizes, &sizes)) return 2;
    // Size before backend: the cases of one size share the input and the CPU reference.
    for (uint32_t log_n : sizes) {
      for (const auto &b : runs) {
        auto c = std::make_unique<msm_case>();
        c->group = g;
        c->log_n = log_n;
        c->backend = b;
        c->title = std::string("msm ") + zka_group_name(g->id) + " 2^" + std::to_string(log_n) + " " + b;
        c->index = cases.size() + 1;
        const std::string name = std::string("msm/") + zka_group_name(g->id) + "/" + std::to_string(log_n) + "/" + b;
        benchmark::RegisterBenchmark(name.c_str(), bm_msm, c.get())
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
