// bench_zkvm.cc — the zkVM: the executor's speed and the prover's throughput on the example
// guests (zkvm/examples/), one benchmark per guest x size x backend, named
//   zkvm/<guest>/<size>/<backend>           one proof (zka_zkvm_prove) of a run of the guest
//   zkvm/<guest>-exec/<size>/cpu            one run on the executor (zka_zkvm_run), no proof
// (Google Benchmark appends /real_time).  size is the log2 of the run's target length: the
// guest's input is chosen so the run takes about 2^size cycles (fibonacci: n; sha256: the
// message length; sort: the element count; bignum: the limb count); the counter "cycles"
// has the exact count.
//
// Counters:
//   elements_per_second  cycles per second (proving or executing): the figures
//   mhz                  (execute rows) the executor's speed in MHz
//   cycles, proof_bytes  the run's length and the proof's size
//   check                prove rows: 1 when the proof verifies (zka_zkvm_verify), its claims
//                        (exit code, output) equal the executor's and, on a backend other
//                        than the CPU, its bytes equal the CPU engine's proof; execute rows:
//                        1 when the guest exited 0
// and the label is the engine's job report of the last proof.
//
// Environment (host/cli/bench_cli.h):
//   ZKA_BENCH_BACKENDS, ZKA_BENCH_QUICK, ZKA_BENCH_PROGRESS_BASE/_TOTAL as every suite;
//   ZKA_BENCH_FIELDS      guest names (fibonacci, sha256, sort, bignum); unset: all four
//   ZKA_BENCH_SIZES       log2 target cycle counts; unset: 12,14,16 (quick: 10)
//   ZKA_BENCH_ZKVM_GUESTS the directory of the guest ELFs; unset: ../zkvm/guests beside this
//                         executable's directory (build/zkvm/guests)
//   ZKA_BENCH_REPETITIONS, ZKA_BENCH_MIN_TIME   override the repetitions / seconds
#include <benchmark/benchmark.h>

#include "bench_suite.h"

#include <unistd.h>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

extern "C" {
#include "zkaccel/zkvm.h"
}

using namespace zka_bench;

namespace {

const char *const kSuite = "zka_bench_zkvm";
const char *const kGuests[] = {"fibonacci", "sha256", "sort", "bignum"};

struct program_deleter {
  void operator()(zka_zkvm_program *p) const { zka_zkvm_program_destroy(p); }
};
using program_ptr = std::unique_ptr<zka_zkvm_program, program_deleter>;

// The guest's input for a run of about 2^log_cycles cycles (rates measured on the guests:
// fibonacci ~11 cycles per step, sha256 ~90 per byte, sort (heapsort) ~40 n log2 n,
// bignum (schoolbook) ~12 per limb product).
std::vector<uint8_t> make_input(const std::string &guest, uint32_t log_cycles, uint64_t *rng) {
  const uint64_t target = uint64_t{1} << log_cycles;
  std::vector<uint8_t> in;
  auto put32 = [&in](uint32_t v) {
    for (int i = 0; i < 4; i++) in.push_back(static_cast<uint8_t>(v >> (8 * i)));
  };
  if (guest == "fibonacci") {
    put32(static_cast<uint32_t>(target / 11 + 1));
  } else if (guest == "sha256") {
    size_t n = static_cast<size_t>(target / 90 + 3);
    in.resize(n);
    random_bytes(in.data(), n, rng);
  } else if (guest == "sort") {
    uint32_t n = 2, lg = 1;  // heapsort: about 40 n log2 n cycles
    while (uint64_t{40} * (n * 2) * (lg + 1) < target) n *= 2, lg++;
    put32(n);
    for (uint32_t i = 0; i < n; i++) put32(static_cast<uint32_t>(next_u64(rng)));
  } else {  // bignum: a and b of m limbs each, m^2 limb products
    uint32_t m = 1;
    while (uint64_t{12} * (m * 2) * (m * 2) < target && m < 4096) m *= 2;
    put32(m);
    put32(m);
    for (uint32_t i = 0; i < 2 * m; i++) put32(static_cast<uint32_t>(next_u64(rng)));
  }
  return in;
}

struct zkvm_case {
  std::string guest, backend, title;
  uint32_t log_n = 0;
  bool execute = false;  // executor only
  size_t index = 0;
};

struct prepared {
  const zkvm_case *which = nullptr;
  program_ptr prog;
  std::vector<uint8_t> input;
  double check = 0, cycles = 0, proof_bytes = 0;
  std::string report, error;
};
prepared &current() {
  static prepared p;
  return p;
}

size_t g_progress_base = 0, g_progress_total = 0;
std::string g_guest_dir;

std::string default_guest_dir() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "zkvm/guests";
  buf[n] = '\0';
  std::string exe(buf);
  std::string dir = exe.substr(0, exe.rfind('/'));
  return dir + "/../zkvm/guests";
}

// Proves once and checks; keeps the CPU's proof bytes per guest and size for the others.
std::map<std::string, std::vector<uint8_t>> &cpu_proofs() {
  static std::map<std::string, std::vector<uint8_t>> m;
  return m;
}

void prepare(const zkvm_case &c, zka_engine *e) {
  prepared &p = current();
  if (p.which == &c) return;
  p = prepared();
  p.which = &c;
  std::fprintf(stderr, "[%zu/%zu] %s ...\n", g_progress_base + c.index, g_progress_total, c.title.c_str());
  ctx_ptr ctx = new_ctx();
  const std::string path = g_guest_dir + "/" + c.guest + ".elf";
  zka_zkvm_program *raw = nullptr;
  if (zka_zkvm_program_load_file(&raw, path.c_str(), ctx.get()) != ZKA_OK) {
    p.error = std::string("cannot load ") + path + ": " + zka_ctx_last_error(ctx.get());
    return;
  }
  p.prog.reset(raw);
  uint64_t rng = 0x243F6A8885A308D3ULL ^ c.log_n;
  p.input = make_input(c.guest, c.log_n, &rng);
  zka_zkvm_result ref;
  if (zka_zkvm_run(&ref, p.prog.get(), p.input.data(), p.input.size(), nullptr, ctx.get()) != ZKA_OK) {
    p.error = std::string("the guest did not exit: ") + zka_ctx_last_error(ctx.get());
    zka_zkvm_result_clear(&ref);
    return;
  }
  p.cycles = static_cast<double>(ref.cycles);
  if (c.execute) {
    p.check = ref.exit_code == 0 ? 1 : 0;
    zka_zkvm_result_clear(&ref);
    return;
  }
  zka_zkvm_prove_options o = zka_zkvm_prove_options_default();
  zka_zkvm_result res;
  uint8_t *proof = nullptr;
  size_t len = 0;
  if (zka_zkvm_prove(e, p.prog.get(), p.input.data(), p.input.size(), &o, &res, &proof, &len, ctx.get()) != ZKA_OK) {
    p.error = std::string("zka_zkvm_prove failed: ") + zka_ctx_last_error(ctx.get());
    zka_zkvm_result_clear(&ref);
    zka_zkvm_result_clear(&res);
    return;
  }
  zka_job_report rep;
  zka_engine_last_report(e, &rep);
  p.report = rep.devices;
  p.proof_bytes = static_cast<double>(len);
  // Test hook: ZKA_BENCH_CORRUPT=<backend list> flips one bit in the middle of that backend's
  // proof before it is verified and compared (tests/check_bench_output.sh).
  for (const auto &b : split_list(env_or("ZKA_BENCH_CORRUPT", "")))
    if (b == c.backend && len) proof[len / 2] ^= 1;
  zka_zkvm_result v;
  bool ok = zka_zkvm_verify(p.prog.get(), proof, len, &v, ctx.get()) == ZKA_OK && v.exit_code == ref.exit_code &&
            v.output_len == ref.output_len && (!ref.output_len || !std::memcmp(v.output, ref.output, ref.output_len));
  if (!ok) std::fprintf(stderr, "  MISMATCH: %s: the proof does not verify: %s\n", c.title.c_str(), zka_ctx_last_error(ctx.get()));
  const std::string key = c.guest + "/" + std::to_string(c.log_n);
  std::vector<uint8_t> bytes(proof, proof + len);
  if (c.backend == "cpu") {
    cpu_proofs()[key] = bytes;
  } else {
    auto it = cpu_proofs().find(key);
    if (it != cpu_proofs().end() && it->second != bytes) {
      std::fprintf(stderr, "  MISMATCH: %s: the proof bytes differ from the cpu's\n", c.title.c_str());
      ok = false;
    }
  }
  p.check = ok ? 1 : 0;
  zka_zkvm_result_clear(&v);
  zka_zkvm_result_clear(&res);
  zka_zkvm_result_clear(&ref);
  zka_zkvm_proof_free(proof);
}

void bm_zkvm(benchmark::State &state, const zkvm_case *c) {
  std::string why;
  zka_engine *e = engine_for(c->backend, &why);
  if (!e) {
    state.SkipWithError(("engine: " + why).c_str());
    return;
  }
  prepare(*c, e);
  const prepared &p = current();
  if (!p.error.empty()) {
    state.SkipWithError(p.error.c_str());
    return;
  }
  ctx_ptr ctx = new_ctx();
  zka_zkvm_prove_options o = zka_zkvm_prove_options_default();
  for (auto _ : state) {
    zka_zkvm_result res;
    if (c->execute) {
      if (zka_zkvm_run(&res, p.prog.get(), p.input.data(), p.input.size(), nullptr, ctx.get()) != ZKA_OK) {
        state.SkipWithError((std::string("zka_zkvm_run failed: ") + zka_ctx_last_error(ctx.get())).c_str());
        zka_zkvm_result_clear(&res);
        break;
      }
    } else {
      uint8_t *proof = nullptr;
      size_t len = 0;
      if (zka_zkvm_prove(e, p.prog.get(), p.input.data(), p.input.size(), &o, &res, &proof, &len, ctx.get()) != ZKA_OK) {
        state.SkipWithError((std::string("zka_zkvm_prove failed: ") + zka_ctx_last_error(ctx.get())).c_str());
        zka_zkvm_result_clear(&res);
        break;
      }
      zka_zkvm_proof_free(proof);
    }
    zka_zkvm_result_clear(&res);
  }
  const double runs = static_cast<double>(state.iterations());
  state.counters["check"] = p.check;
  state.counters["log_n"] = c->log_n;
  state.counters["cycles"] = p.cycles;
  state.counters["elements_per_second"] = benchmark::Counter(p.cycles * runs, benchmark::Counter::kIsRate);
  if (c->execute) state.counters["mhz"] = benchmark::Counter(p.cycles * runs / 1e6, benchmark::Counter::kIsRate);
  else state.counters["proof_bytes"] = p.proof_bytes;
  state.SetLabel(c->execute ? "executor" : p.report);
}

}  // namespace

int main(int argc, char **argv) {
  const bool quick = std::atoi(env_or("ZKA_BENCH_QUICK", "0")) != 0;
  std::vector<std::string> guests;
  const char *list = std::getenv("ZKA_BENCH_FIELDS");
  for (const char *g : kGuests)
    if (!list || !*list) guests.push_back(g);
  for (const auto &name : split_list(list ? list : "")) {
    bool known = false;
    for (const char *g : kGuests) known = known || name == g;
    if (!known) {
      std::fprintf(stderr, "%s: unknown guest '%s' in ZKA_BENCH_FIELDS (fibonacci, sha256, sort, bignum)\n", kSuite,
                   name.c_str());
      return 2;
    }
    guests.push_back(name);
  }
  std::vector<uint32_t> sizes;
  for (const auto &s : split_list(env_or("ZKA_BENCH_SIZES", quick ? "10" : "12,14,16"))) {
    char *end = nullptr;
    unsigned long v = std::strtoul(s.c_str(), &end, 10);
    if (!end || *end || v < 6 || v > 22) {
      std::fprintf(stderr, "%s: bad size '%s' in ZKA_BENCH_SIZES (log2 of the cycle count, 6..22)\n", kSuite,
                   s.c_str());
      return 2;
    }
    sizes.push_back(static_cast<uint32_t>(v));
  }
  g_guest_dir = env_or("ZKA_BENCH_ZKVM_GUESTS", default_guest_dir().c_str());
  if (access((g_guest_dir + "/fibonacci.elf").c_str(), R_OK) != 0) {
    std::fprintf(stderr,
                 "%s: no guest ELFs in %s (they need the RISC-V cross compiler, gcc-riscv64-unknown-elf; "
                 "or set ZKA_BENCH_ZKVM_GUESTS): nothing to run\n",
                 kSuite, g_guest_dir.c_str());
    guests.clear();
  }
  const int repetitions = std::atoi(env_or("ZKA_BENCH_REPETITIONS", quick ? "1" : "3"));
  const double min_time = std::atof(env_or("ZKA_BENCH_MIN_TIME", quick ? "0.01" : "0.1"));
  const std::vector<std::string> backends = pick_backends(kSuite);
  if (backends.empty()) return 1;

  static std::vector<std::unique_ptr<zkvm_case>> cases;
  auto add = [&](const std::string &guest, uint32_t log_n, const std::string &backend, bool execute) {
    auto c = std::make_unique<zkvm_case>();
    c->guest = guest;
    c->backend = backend;
    c->log_n = log_n;
    c->execute = execute;
    c->title = std::string("zkvm ") + guest + (execute ? " execute" : " prove") + " 2^" + std::to_string(log_n) +
               " " + backend;
    c->index = cases.size() + 1;
    const std::string name = std::string("zkvm/") + guest + (execute ? "-exec" : "") + "/" + std::to_string(log_n) +
                             "/" + backend;
    benchmark::RegisterBenchmark(name.c_str(), bm_zkvm, c.get())
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond)
        ->MinTime(min_time > 0 ? min_time : 0.01)
        ->Repetitions(repetitions > 0 ? repetitions : 1)
        ->ReportAggregatesOnly(repetitions > 1);
    cases.push_back(std::move(c));
  };
  for (const auto &g : guests)
    for (uint32_t log_n : sizes) {
      add(g, log_n, "cpu", true);
      for (const auto &b : backends) add(g, log_n, b, false);
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
