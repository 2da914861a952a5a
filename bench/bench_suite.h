// bench_suite.h — what every suite driven by `zkaccel bench` shares (protocol:
// host/cli/bench_cli.h): list parsing, the environment, a benchmark-input RNG, one strict
// engine per backend, and the choice of backends to run.  Each suite defines its own
// kSuite name for messages and passes it in.
#ifndef ZKA_BENCH_SUITE_H
#define ZKA_BENCH_SUITE_H
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
}

namespace zka_bench {

inline std::vector<std::string> split_list(const char *s) {
  std::vector<std::string> out;
  std::string cur;
  for (const char *p = s; ; p++) {
    if (*p == ',' || *p == '\0') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
      if (*p == '\0') break;
    } else if (*p != ' ') {
      cur += *p;
    }
  }
  return out;
}

inline const char *env_or(const char *name, const char *fallback) {
  const char *v = std::getenv(name);
  return (v && *v) ? v : fallback;
}

// xorshift64*: benchmark inputs only, not secrets.  ctx points at the 64-bit state.
inline int zka_bench_rng(void *ctx, uint8_t *buf, size_t len) {
  uint64_t *s = static_cast<uint64_t *>(ctx);
  for (size_t i = 0; i < len; i++) {
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    buf[i] = static_cast<uint8_t>((*s * 0x2545F4914F6CDD1DULL) >> 56);
  }
  return 0;
}

// xorshift64*: benchmark inputs only, not secrets.
inline uint64_t next_u64(uint64_t *s) {
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 0x2545F4914F6CDD1DULL;
}

inline void random_bytes(uint8_t *buf, size_t len, uint64_t *rng) {
  for (size_t i = 0; i < len; i++) buf[i] = static_cast<uint8_t>(next_u64(rng) >> 56);
}

// n distinct points [a]G + i[b]G of one group (a, b random 256-bit), through its curve.h
// block: two scalar multiplications, then one mixed addition per point and one batch
// normalization, so that making 2^20 bases does not dominate a run.  out holds n affine points.
template <typename A, typename J>
void walk_points(void (*gen)(A *), void (*mul)(A *, const A *, const uint8_t *),
                 void (*to_j)(J *, const A *), void (*add_mixed)(J *, const J *, const A *),
                 void (*norm)(A *, const J *, size_t), void *out, size_t n, uint64_t *rng) {
  A g, start, step;
  gen(&g);
  uint8_t k[32];
  random_bytes(k, sizeof k, rng);
  mul(&start, &g, k);
  random_bytes(k, sizeof k, rng);
  mul(&step, &g, k);
  std::vector<J> jac(n);
  J p;
  to_j(&p, &start);
  for (size_t i = 0; i < n; i++) {
    jac[i] = p;
    add_mixed(&p, &p, &step);
  }
  norm(static_cast<A *>(out), jac.data(), n);
}

struct ctx_deleter {
  void operator()(zka_ctx *c) const { zka_ctx_destroy(c); }
};
struct engine_deleter {
  void operator()(zka_engine *e) const { zka_engine_destroy(e); }
};
using ctx_ptr = std::unique_ptr<zka_ctx, ctx_deleter>;
using engine_ptr = std::unique_ptr<zka_engine, engine_deleter>;

inline ctx_ptr new_ctx() {
  zka_ctx *c = nullptr;
  if (zka_ctx_create(&c) != ZKA_OK) std::abort();
  return ctx_ptr(c);
}

// One strict engine per backend, made on first use and kept for the whole run (creating
// one loads plug-ins and, for OpenCL, builds kernels).  "cpu" doubles as the reference.
struct engine_slot {
  engine_ptr engine;
  std::string error;  // why it could not be created
};
inline std::map<std::string, engine_slot> &engines() {
  static std::map<std::string, engine_slot> m;
  return m;
}

inline zka_engine *engine_for(const std::string &backend, std::string *error) {
  auto &m = engines();
  auto it = m.find(backend);
  if (it == m.end()) {
    engine_slot slot;
    zka_engine_options opt = zka_engine_options_default();
    opt.backends = backend.c_str();  // copied by zka_engine_create
    opt.strict = 1;
    opt.quiet = 1;
    ctx_ptr ctx = new_ctx();
    zka_engine *e = nullptr;
    if (zka_engine_create(&e, &opt, ctx.get()) != ZKA_OK) slot.error = zka_ctx_last_error(ctx.get());
    slot.engine.reset(e);
    it = m.emplace(backend, std::move(slot)).first;
  }
  *error = it->second.error;
  return it->second.engine.get();
}

// The backends to run: $ZKA_BENCH_BACKENDS (a list or "all") or the engine's default
// selection; the CPU always, first (every row's ratio is to it).
inline std::vector<std::string> pick_backends(const char *kSuite) {
  const char *want = std::getenv("ZKA_BENCH_BACKENDS");
  zka_engine_options opt = zka_engine_options_default();
  opt.backends = "all";
  opt.quiet = 1;
  ctx_ptr ctx = new_ctx();
  zka_engine *probe_raw = nullptr;
  if (zka_engine_create(&probe_raw, &opt, ctx.get()) != ZKA_OK) {
    std::fprintf(stderr, "%s: cannot create an engine: %s\n", kSuite, zka_ctx_last_error(ctx.get()));
    return {};
  }
  engine_ptr probe(probe_raw);
  std::map<std::string, std::string> reason;  // backend -> "" when available, else why not
  std::vector<std::string> order;
  for (size_t i = 0; i < zka_engine_device_count(probe.get()); i++) {
    zka_device_info d;
    if (zka_engine_device_info(probe.get(), i, &d) != ZKA_OK) continue;
    if (!reason.count(d.backend)) {
      order.push_back(d.backend);
      reason[d.backend] = d.available ? "" : d.reason;
    } else if (d.available) {
      reason[d.backend] = "";
    }
  }
  std::vector<std::string> chosen;
  auto add = [&](const std::string &b) {
    for (const auto &x : chosen)
      if (x == b) return;
    chosen.push_back(b);
  };
  add("cpu");  // every row's ratio is to the CPU
  if (!want || !*want) {
    // The engine's default selection: every available backend except the emulator.
    zka_engine_options dopt = zka_engine_options_default();
    dopt.quiet = 1;
    zka_engine *def_raw = nullptr;
    if (zka_engine_create(&def_raw, &dopt, ctx.get()) == ZKA_OK) {
      engine_ptr def(def_raw);
      for (size_t i = 0; i < zka_engine_device_count(def.get()); i++) {
        zka_device_info d;
        if (zka_engine_device_info(def.get(), i, &d) == ZKA_OK && zka_engine_device_selected(def.get(), i))
          add(d.backend);
      }
    }
  } else if (!std::strcmp(want, "all")) {
    for (const auto &b : order)
      if (reason[b].empty()) add(b);
  } else {
    for (const auto &b : split_list(want)) {
      auto it = reason.find(b);
      if (it == reason.end())
        std::fprintf(stderr, "%s: unknown backend '%s' skipped (known: cpu, opencl, cuda, fpga, fpga-emu)\n", kSuite,
                     b.c_str());
      else if (!it->second.empty())
        std::fprintf(stderr, "%s: backend %s unavailable, skipped: %s\n", kSuite, b.c_str(), it->second.c_str());
      else
        add(b);
    }
  }
  // CPU first, then the engine's device order.
  std::vector<std::string> out{"cpu"};
  for (const auto &b : order)
    if (b != "cpu")
      for (const auto &x : chosen)
        if (x == b) out.push_back(b);
  return out;
}

}  // namespace zka_bench

#endif
