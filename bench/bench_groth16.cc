// bench_groth16.cc — the Groth16 prover (zka_groth16_prove, include/zkaccel/groth16.h), one
// benchmark per curve x domain size x backend, named groth16/<curve's scalar field>/<log2
// domain>/<backend>.  One iteration is one whole proof (evaluations, six NTTs of the domain
// size, four G1 MSMs and one G2 MSM, blinding) on a prover made once per case; wall time.
//
// Input: a synthetic .zkey of the real layout, built in memory and read back through
// zka_zkey_from_bytes (so the file checks run too): domain 2^k filled with constraints
// (nConstraints = 2^k − nPublic − 1, nVars = nConstraints + 2, nPublic = 2), three A entries
// per constraint on signals of the first half and two B entries on signals of the next 30%
// (about the shares of the circom Poseidon circuits measured: 53% of their A points and 69%
// of their B points are infinity), random coefficients, points that are distinct multiples
// of the generators, infinity for a signal the matrix does not use; a witness of random
// values below 2^253.  Such a key proves nothing (no setup made it), but the prover does the
// work of a circuit of that size and shape; random full-width witness values are the MSMs'
// worst case (real circom witnesses hold some 0/1 values, which Pippenger skips or adds once).  For real
// circuits timed against `snarkjs groth16 prove` on the same files, see
// bench/groth16_compare.sh (and bench/RESULTS.md).
//
// Before timing, each case proves once with seed 7 on its backend and once on a CPU-only
// engine and compares the proofs byte for byte (with a seed, zka_groth16_prove is
// deterministic and identical on every backend).  Counters: check (1 when equal), log_n,
// elements_per_second (constraints per second).  Label: the engine's last job report.
//
// Real circuits, and snarkjs on the same files in the same run: ZKA_BENCH_G16_CIRCUITS is a
// comma list of directories, each holding circuit.zkey and witness.wtns as snarkjs made them
// (tests/groth16/make_fixture.sh and bench/groth16_compare.sh make such folders). Each is a
// row group named groth16/circom_<folder name>/<log2 domain>/<backend>, proved on every
// backend like the synthetic keys, plus one row whose backend is "snarkjs": the wall time
// of `node <snarkjs cli> groth16 prove` on the same two files (one process per iteration,
// node start-up included, as a user runs it), whose check is 1 when zkaccel's verifier
// accepts snarkjs's proof with the folder's verification_key.json.  The snarkjs CLI is
// $ZKA_BENCH_SNARKJS (default: build/groth16-work/node_modules/snarkjs/build/cli.cjs under
// the source tree, where the end-to-end test installs it); without node or that file the
// snarkjs rows are left out with a note.  The ratio column of `zkaccel bench` then gives
// snarkjs's time over the cpu backend's.
//
// Environment (the protocol of `zkaccel bench`, host/cli/bench_cli.h): ZKA_BENCH_BACKENDS,
// ZKA_BENCH_FIELDS (bn254_fr, bls12_381_fr: the curve), ZKA_BENCH_SIZES (log2 domain;
// default 12,14,16, quick 8,10), ZKA_BENCH_QUICK, ZKA_BENCH_REPETITIONS,
// ZKA_BENCH_MIN_TIME, ZKA_BENCH_PROGRESS_BASE/_TOTAL, ZKA_BENCH_CORRUPT (tests only).
#include <benchmark/benchmark.h>

#include "bench_suite.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

extern "C" {
#include "zkaccel/curve.h"
#include "zkaccel/device.h"
#include "zkaccel/field.h"
#include "zkaccel/groth16.h"
}

namespace {

using namespace zka_bench;

const char kSuite[] = "zka_bench_groth16";

void put32(std::vector<uint8_t> *b, uint32_t v) {
  for (int i = 0; i < 4; i++) b->push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put64(std::vector<uint8_t> *b, uint64_t v) {
  for (int i = 0; i < 8; i++) b->push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put(std::vector<uint8_t> *b, const void *p, size_t n) {
  const uint8_t *q = static_cast<const uint8_t *>(p);
  b->insert(b->end(), q, q + n);
}
void section(std::vector<uint8_t> *file, uint32_t id, const std::vector<uint8_t> &payload) {
  put32(file, id);
  put64(file, payload.size());
  put(file, payload.data(), payload.size());
}

// p as little-endian bytes from -1 (the field's to_bytes of p - 1, plus one).
template <typename F>
std::vector<uint8_t> modulus(void (*one)(F *), void (*neg)(F *, const F *), void (*to_le)(uint8_t *, const F *),
                             size_t bytes) {
  F o, m;
  one(&o);
  neg(&m, &o);
  std::vector<uint8_t> v(bytes);
  to_le(v.data(), &m);
  for (size_t i = 0; i < bytes; i++)
    if (++v[i] != 0) break;
  return v;
}

// n points of one group appended to out (bench_suite.h's walk_points).
template <typename A, typename J>
void walk(void (*gen)(A *), void (*mul)(A *, const A *, const uint8_t *), void (*to_j)(J *, const A *),
          void (*add_mixed)(J *, const J *, const A *), void (*norm)(A *, const J *, size_t), std::vector<uint8_t> *out,
          size_t n, uint64_t *rng) {
  const size_t old = out->size();
  out->resize(old + n * sizeof(A));
  walk_points<A, J>(gen, mul, to_j, add_mixed, norm, out->data() + old, n, rng);
}

struct curve_spec {
  const char *field;  // the scalar field's name: the row's field column
  zka_field_id fr;
  void (*make)(uint32_t log_n, std::vector<uint8_t> *zkey, std::vector<uint8_t> *wtns);
};

#define ZKA_BENCH_G16_WALK(G, out, n, rng)                                                                   \
  walk<zka_##G##_affine, zka_##G##_jacobian>(zka_##G##_generator, zka_##G##_affine_mul_var,                \
                                             zka_##G##_affine_to_jacobian, zka_##G##_add_mixed,            \
                                             zka_##G##_batch_normalize, out, n, rng)

// The synthetic zkey and witness of one curve C (prefix), described at the top.
#define ZKA_BENCH_G16_MAKER(C)                                                                               \
  [](uint32_t log_n, std::vector<uint8_t> *zkey, std::vector<uint8_t> *wtns) {                              \
    uint64_t rng = 0x853c49e6748fea9bULL ^ log_n;                                                           \
    const uint32_t domain = 1u << log_n, n_pub = 2, n_con = domain - n_pub - 1, n_vars = n_con + 2;       \
    const std::vector<uint8_t> q = modulus<zka_##C##_fq>(zka_##C##_fq_one, zka_##C##_fq_neg,               \
                                                         zka_##C##_fq_to_bytes_le, sizeof(zka_##C##_fq)); \
    const std::vector<uint8_t> r = modulus<zka_##C##_fr>(zka_##C##_fr_one, zka_##C##_fr_neg,               \
                                                         zka_##C##_fr_to_bytes_le, 32);                   \
    std::vector<uint8_t> s1, s2, s3, s4, s5, s6, s7, s8, s9;                                                \
    put32(&s1, 1);                                                                                          \
    put32(&s2, static_cast<uint32_t>(q.size()));                                                            \
    put(&s2, q.data(), q.size());                                                                           \
    put32(&s2, 32);                                                                                         \
    put(&s2, r.data(), 32);                                                                                 \
    put32(&s2, n_vars);                                                                                     \
    put32(&s2, n_pub);                                                                                      \
    put32(&s2, domain);                                                                                     \
    ZKA_BENCH_G16_WALK(C##_g1, &s2, 2, &rng); /* alpha1, beta1 */                                          \
    ZKA_BENCH_G16_WALK(C##_g2, &s2, 2, &rng); /* beta2, gamma2 */                                          \
    ZKA_BENCH_G16_WALK(C##_g1, &s2, 1, &rng); /* delta1 */                                                 \
    ZKA_BENCH_G16_WALK(C##_g2, &s2, 1, &rng); /* delta2 */                                                 \
    ZKA_BENCH_G16_WALK(C##_g1, &s3, n_pub + 1, &rng);                                                       \
    std::vector<uint8_t> entries;                                                                           \
    uint32_t count = 0;                                                                                     \
    auto coef = [&](uint32_t m, uint32_t row, uint32_t sig) {                                               \
      zka_##C##_fr v;                                                                                       \
      if (zka_##C##_fr_random(&v, zka_bench_rng, &rng) != ZKA_OK) std::abort();                            \
      put32(&entries, m);                                                                                   \
      put32(&entries, row);                                                                                 \
      put32(&entries, sig);                                                                                 \
      put(&entries, &v, 32);                                                                                \
      count++;                                                                                              \
    };                                                                                                      \
    /* A uses the first half of the signals, B the next 30% (see the top of the file) */                  \
    const uint32_t a_end = n_vars / 2, b_begin = a_end, b_len = n_vars * 3 / 10 + 1;                       \
    for (uint32_t c = 0; c < n_con; c++) {                                                                  \
      for (int k = 0; k < 3; k++) coef(0, c, static_cast<uint32_t>(next_u64(&rng) % a_end));              \
      for (int k = 0; k < 2; k++) coef(1, c, b_begin + static_cast<uint32_t>(next_u64(&rng) % b_len));    \
    }                                                                                                       \
    for (uint32_t s = 0; s <= n_pub; s++) coef(0, n_con + s, s);                                            \
    put32(&s4, count);                                                                                      \
    put(&s4, entries.data(), entries.size());                                                               \
    ZKA_BENCH_G16_WALK(C##_g1, &s5, n_vars, &rng);                                                          \
    ZKA_BENCH_G16_WALK(C##_g1, &s6, n_vars, &rng);                                                          \
    ZKA_BENCH_G16_WALK(C##_g2, &s7, n_vars, &rng);                                                          \
    /* a signal a matrix never uses has infinity (all zero) as its point there */                          \
    for (uint32_t i = 0; i < n_vars; i++) {                                                                 \
      const size_t g1 = sizeof(zka_##C##_g1_affine), g2 = sizeof(zka_##C##_g2_affine);                      \
      if (i >= a_end && i > n_pub) std::memset(s5.data() + i * g1, 0, g1);                                  \
      if (i < b_begin || i >= b_begin + b_len) {                                                            \
        std::memset(s6.data() + i * g1, 0, g1);                                                             \
        std::memset(s7.data() + i * g2, 0, g2);                                                             \
      }                                                                                                     \
    }                                                                                                       \
    ZKA_BENCH_G16_WALK(C##_g1, &s8, n_vars - n_pub - 1, &rng);                                              \
    ZKA_BENCH_G16_WALK(C##_g1, &s9, domain, &rng);                                                          \
    zkey->clear();                                                                                          \
    put(zkey, "zkey", 4);                                                                                   \
    put32(zkey, 1);                                                                                         \
    put32(zkey, 9);                                                                                         \
    const std::vector<uint8_t> *secs[9] = {&s1, &s2, &s3, &s4, &s5, &s6, &s7, &s8, &s9};                    \
    for (uint32_t i = 0; i < 9; i++) section(zkey, i + 1, *secs[i]);                                       \
    std::vector<uint8_t> w1, w2;                                                                            \
    put32(&w1, 32);                                                                                         \
    put(&w1, r.data(), 32);                                                                                 \
    put32(&w1, n_vars);                                                                                     \
    for (uint32_t i = 0; i < n_vars; i++) {                                                                 \
      uint8_t v[32];                                                                                        \
      for (auto &x : v) x = static_cast<uint8_t>(next_u64(&rng));                                           \
      v[31] &= 0x1f; /* below 2^253 < r */                                                                  \
      if (i == 0) {                                                                                         \
        std::memset(v, 0, 32);                                                                              \
        v[0] = 1;                                                                                           \
      }                                                                                                     \
      put(&w2, v, 32);                                                                                      \
    }                                                                                                       \
    wtns->clear();                                                                                          \
    put(wtns, "wtns", 4);                                                                                   \
    put32(wtns, 2);                                                                                         \
    put32(wtns, 2);                                                                                         \
    section(wtns, 1, w1);                                                                                   \
    section(wtns, 2, w2);                                                                                   \
  }

const curve_spec kCurves[] = {
    {"bn254_fr", ZKA_FIELD_BN254_FR, ZKA_BENCH_G16_MAKER(bn254)},
    {"bls12_381_fr", ZKA_FIELD_BLS12_381_FR, ZKA_BENCH_G16_MAKER(bls12_381)},
};

struct g16_case {
  const curve_spec *curve;  // synthetic key; nullptr for a real circuit
  std::string circuit_dir;  // real circuit: its folder
  uint32_t log_n;
  std::string backend, title;
  size_t index;
};

std::string read_text(const std::string &path) {
  std::string out;
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

std::vector<uint8_t> read_bytes(const std::string &path, bool *ok) {
  std::string t = read_text(path);
  *ok = !t.empty();
  return std::vector<uint8_t>(t.begin(), t.end());
}

// The files and the CPU's proof of one curve and size, shared by its backends' cases.
struct shared_input {
  const curve_spec *curve = nullptr;
  uint32_t log_n = 0;
  zka_zkey *zkey = nullptr;
  zka_wtns *wtns = nullptr;
  std::string dir;
  zka_groth16_proof want;
  std::string error;
  ~shared_input() {
    zka_zkey_close(zkey);
    zka_wtns_close(wtns);
  }
};
std::unique_ptr<shared_input> &input() {
  static std::unique_ptr<shared_input> s;
  return s;
}

struct prover_deleter {
  void operator()(zka_groth16_prover *p) const { zka_groth16_prover_destroy(p); }
};
using prover_ptr = std::unique_ptr<zka_groth16_prover, prover_deleter>;

prover_ptr make_prover(zka_engine *e, const zka_zkey *z, std::string *error) {
  zka_groth16_prove_options o = zka_groth16_prove_options_default();
  o.use_seed = 1;
  o.seed = 7;
  ctx_ptr ctx = new_ctx();
  zka_groth16_prover *p = nullptr;
  if (zka_groth16_prover_create(&p, e, z, &o, ctx.get()) != ZKA_OK) *error = zka_ctx_last_error(ctx.get());
  return prover_ptr(p);
}

const shared_input &make_input(const g16_case &c) {
  auto &s = input();
  if (s && s->curve == c.curve && s->log_n == c.log_n && s->dir == c.circuit_dir) return *s;
  s.reset(new shared_input());
  s->curve = c.curve;
  s->log_n = c.log_n;
  s->dir = c.circuit_dir;
  std::vector<uint8_t> zkey, wtns;
  if (c.curve) {
    c.curve->make(c.log_n, &zkey, &wtns);
  } else {
    bool ok1 = false, ok2 = false;
    zkey = read_bytes(c.circuit_dir + "/circuit.zkey", &ok1);
    wtns = read_bytes(c.circuit_dir + "/witness.wtns", &ok2);
    if (!ok1 || !ok2) {
      s->error = "cannot read circuit.zkey and witness.wtns in " + c.circuit_dir;
      return *s;
    }
  }
  ctx_ptr ctx = new_ctx();
  if (zka_zkey_from_bytes(&s->zkey, zkey.data(), zkey.size(), "synthetic.zkey", ctx.get()) != ZKA_OK ||
      zka_wtns_from_bytes(&s->wtns, wtns.data(), wtns.size(), "synthetic.wtns", ctx.get()) != ZKA_OK) {
    s->error = std::string("synthetic files: ") + zka_ctx_last_error(ctx.get());
    return *s;
  }
  std::string why;
  zka_engine *cpu = engine_for("cpu", &why);
  if (!cpu) {
    s->error = "the CPU reference engine failed: " + why;
    return *s;
  }
  prover_ptr p = make_prover(cpu, s->zkey, &why);
  if (!p || zka_groth16_prove(p.get(), &s->want, s->wtns, nullptr, ctx.get()) != ZKA_OK)
    s->error = "the CPU reference proof failed: " + (p ? std::string(zka_ctx_last_error(ctx.get())) : why);
  return *s;
}

struct prepared {
  const g16_case *which = nullptr;
  prover_ptr prover;
  double check = 0;
  std::string report, error;
};
prepared &current() {
  static prepared p;
  return p;
}

size_t g_progress_base = 0, g_progress_total = 0;

void prepare(const g16_case &c, zka_engine *e) {
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
  p.prover = make_prover(e, s.zkey, &p.error);
  if (!p.prover) return;
  zka_groth16_proof got;
  ctx_ptr ctx = new_ctx();
  if (zka_groth16_prove(p.prover.get(), &got, s.wtns, nullptr, ctx.get()) != ZKA_OK) {
    p.error = std::string("zka_groth16_prove failed: ") + zka_ctx_last_error(ctx.get());
    return;
  }
  zka_job_report rep;
  zka_engine_last_report(e, &rep);
  p.report = rep.devices;
  for (const auto &b : split_list(env_or("ZKA_BENCH_CORRUPT", "")))
    if (b == c.backend) reinterpret_cast<uint8_t *>(&got)[sizeof got - 1] ^= 1;
  p.check = std::memcmp(&got, &s.want, sizeof got) == 0 ? 1 : 0;
  if (!p.check) std::fprintf(stderr, "  MISMATCH: %s: the proof differs from the cpu's\n", c.title.c_str());
}

// The snarkjs CLI to time, or "" (and why not in *why).
std::string snarkjs_cli(std::string *why) {
  const char *env = std::getenv("ZKA_BENCH_SNARKJS");
  std::string cli = env && *env ? env : std::string(ZKA_SOURCE_DIR) + "/build/groth16-work/node_modules/snarkjs/build/cli.cjs";
  if (std::system("node --version > /dev/null 2>&1") != 0) {
    *why = "node is not installed";
    return "";
  }
  if (read_text(cli).empty()) {
    *why = cli + " is missing (set ZKA_BENCH_SNARKJS, or run the Groth16 end-to-end test once)";
    return "";
  }
  return cli;
}

std::string shell_quote(const std::string &s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return q + "'";
}

// snarkjs's groth16 prove on the case's files, timed per process (manual time).
void bm_snarkjs(benchmark::State &state, const g16_case *c) {
  std::string why;
  const std::string cli = snarkjs_cli(&why);
  const std::string out = c->circuit_dir + "/bench-snarkjs";
  const std::string cmd = "node " + shell_quote(cli) + " groth16 prove " + shell_quote(c->circuit_dir + "/circuit.zkey") +
                          " " + shell_quote(c->circuit_dir + "/witness.wtns") + " " + shell_quote(out + "-proof.json") +
                          " " + shell_quote(out + "-public.json") + " > /dev/null 2>&1";
  prepared &p = current();
  if (p.which != c) {
    p = prepared();
    p.which = c;
    std::fprintf(stderr, "[%zu/%zu] %s ...\n", g_progress_base + c->index, g_progress_total, c->title.c_str());
    if (std::system(cmd.c_str()) != 0) {
      p.error = "snarkjs groth16 prove failed: " + cmd;
    } else {
      // zkaccel's verifier on snarkjs's proof: the row's check
      std::string vk = read_text(c->circuit_dir + "/verification_key.json"),
                  pr = read_text(out + "-proof.json"), pu = read_text(out + "-public.json");
      ctx_ptr ctx = new_ctx();
      zka_groth16_vkey *key = nullptr;
      zka_groth16_proof proof;
      uint8_t *vals = nullptr;
      size_t count = 0;
      zka_status st = zka_groth16_vkey_from_json(&key, vk.c_str(), vk.size(), ctx.get());
      if (st == ZKA_OK) st = zka_groth16_proof_from_json(&proof, zka_groth16_vkey_curve(key), pr.c_str(), pr.size(), ctx.get());
      if (st == ZKA_OK)
        st = zka_groth16_public_from_json(&vals, &count, zka_groth16_vkey_curve(key), pu.c_str(), pu.size(), ctx.get());
      if (st == ZKA_OK) st = zka_groth16_verify(key, &proof, vals, count, ctx.get());
      std::free(vals);
      zka_groth16_vkey_destroy(key);
      p.check = st == ZKA_OK ? 1 : 0;
      if (!p.check) std::fprintf(stderr, "  MISMATCH: %s: zkaccel does not verify snarkjs's proof: %s\n", c->title.c_str(), zka_ctx_last_error(ctx.get()));
      p.report = "snarkjs";
    }
  }
  if (!p.error.empty()) {
    state.SkipWithError(p.error.c_str());
    return;
  }
  for (auto _ : state) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    int rc = std::system(cmd.c_str());
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (rc != 0) {
      state.SkipWithError("snarkjs groth16 prove failed");
      break;
    }
    state.SetIterationTime(static_cast<double>(b.tv_sec - a.tv_sec) + 1e-9 * static_cast<double>(b.tv_nsec - a.tv_nsec));
  }
  state.counters["check"] = p.check;
  state.counters["log_n"] = c->log_n;
  state.SetLabel(p.report);
}

void bm_groth16(benchmark::State &state, const g16_case *c) {
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
  const shared_input &s = *input();
  zka_groth16_proof proof;
  ctx_ptr ctx = new_ctx();
  for (auto _ : state) {
    if (zka_groth16_prove(p.prover.get(), &proof, s.wtns, nullptr, ctx.get()) != ZKA_OK) {
      state.SkipWithError((std::string("zka_groth16_prove failed: ") + zka_ctx_last_error(ctx.get())).c_str());
      break;
    }
    benchmark::DoNotOptimize(&proof);
  }
  zka_zkey_info info;
  zka_zkey_get_info(s.zkey, &info);
  state.counters["check"] = p.check;
  state.counters["log_n"] = c->log_n;
  state.counters["elements_per_second"] = benchmark::Counter(
      static_cast<double>(info.n_constraints) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.SetItemsProcessed(static_cast<int64_t>(info.n_constraints) * static_cast<int64_t>(state.iterations()));
  state.SetLabel(p.report);
}

bool parse_sizes(const char *list, std::vector<uint32_t> *out) {
  for (const auto &s : split_list(list)) {
    char *end = nullptr;
    unsigned long v = std::strtoul(s.c_str(), &end, 10);
    if (!end || *end || v < 2 || v > 22) {
      std::fprintf(stderr, "%s: bad size '%s' in ZKA_BENCH_SIZES (log2 of the domain, 2..22)\n", kSuite, s.c_str());
      return false;
    }
    out->push_back(static_cast<uint32_t>(v));
  }
  return true;
}

}  // namespace

int main(int argc, char **argv) {
  const bool quick = std::atoi(env_or("ZKA_BENCH_QUICK", "0")) != 0;
  std::vector<const curve_spec *> curves;
  const char *fields = std::getenv("ZKA_BENCH_FIELDS");
  for (const auto &c : kCurves) {
    bool on = !fields || !*fields;
    for (const auto &name : split_list(fields ? fields : ""))
      on = on || name == c.field;
    if (on) curves.push_back(&c);
  }
  const char *sizes_env = std::getenv("ZKA_BENCH_SIZES");
  std::vector<uint32_t> sizes;
  if (!parse_sizes(sizes_env && *sizes_env ? sizes_env : quick ? "8,10" : "12,14,16", &sizes)) return 2;
  const int repetitions = std::atoi(env_or("ZKA_BENCH_REPETITIONS", "3"));
  const double min_time = std::atof(env_or("ZKA_BENCH_MIN_TIME", quick ? "0.01" : "0.1"));
  const std::vector<std::string> backends = pick_backends(kSuite);
  if (backends.empty()) return 1;
  static std::vector<std::unique_ptr<g16_case>> cases;
  for (const curve_spec *cv : curves)
    for (uint32_t log_n : sizes)
      for (const auto &b : backends) {
        auto c = std::make_unique<g16_case>();
        c->curve = cv;
        c->log_n = log_n;
        c->backend = b;
        c->title = std::string("groth16 ") + cv->field + " 2^" + std::to_string(log_n) + " " + b;
        c->index = cases.size() + 1;
        const std::string name = std::string("groth16/") + cv->field + "/" + std::to_string(log_n) + "/" + b;
        benchmark::RegisterBenchmark(name.c_str(), bm_groth16, c.get())
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond)
            ->MinTime(min_time > 0 ? min_time : 0.01)
            ->Repetitions(repetitions > 0 ? repetitions : 1)
            ->ReportAggregatesOnly(repetitions > 1);
        cases.push_back(std::move(c));
      }
  // Real circuits (ZKA_BENCH_G16_CIRCUITS) and snarkjs on them.
  std::string snarkjs_why;
  const std::string cli = snarkjs_cli(&snarkjs_why);
  for (const auto &dir : split_list(env_or("ZKA_BENCH_G16_CIRCUITS", ""))) {
    bool ok = false;
    std::vector<uint8_t> zk = read_bytes(dir + "/circuit.zkey", &ok);
    zka_zkey *z = nullptr;
    ctx_ptr ctx = new_ctx();
    if (!ok || zka_zkey_from_bytes(&z, zk.data(), zk.size(), "circuit.zkey", ctx.get()) != ZKA_OK) {
      std::fprintf(stderr, "%s: %s/circuit.zkey: %s; skipped\n", kSuite, dir.c_str(),
                   ok ? zka_ctx_last_error(ctx.get()) : "cannot read it");
      continue;
    }
    zka_zkey_info info;
    zka_zkey_get_info(z, &info);
    zka_zkey_close(z);
    const char *field = info.curve == ZKA_CURVE_BN254 ? "bn254_fr" : "bls12_381_fr";
    bool on = !fields || !*fields;
    for (const auto &name : split_list(fields ? fields : "")) on = on || name == field;
    if (!on) continue;
    std::string base = dir;
    while (!base.empty() && base.back() == '/') base.pop_back();
    base = base.substr(base.find_last_of('/') + 1);
    const std::string label = "circom_" + base;
    std::vector<std::string> rows = backends;
    if (!cli.empty()) rows.push_back("snarkjs");
    else std::fprintf(stderr, "%s: no snarkjs rows: %s\n", kSuite, snarkjs_why.c_str());
    for (const auto &b : rows) {
      auto c = std::make_unique<g16_case>();
      c->curve = nullptr;
      c->circuit_dir = dir;
      c->log_n = info.log_domain;
      c->backend = b;
      c->title = "groth16 " + label + " (" + std::to_string(info.n_constraints) + " constraints) " + b;
      c->index = cases.size() + 1;
      const std::string name = "groth16/" + label + "/" + std::to_string(info.log_domain) + "/" + b;
      auto *bm = benchmark::RegisterBenchmark(name.c_str(), b == "snarkjs" ? bm_snarkjs : bm_groth16, c.get());
      if (b == "snarkjs") bm->UseManualTime()->Iterations(1);
      else bm->UseRealTime()->MinTime(min_time > 0 ? min_time : 0.01);
      bm->Unit(benchmark::kMillisecond)->Repetitions(repetitions > 0 ? repetitions : 1)->ReportAggregatesOnly(repetitions > 1);
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
  current() = prepared();
  input().reset();
  engines().clear();
  return 0;
}
