/* zkvm_prove.c — prove and verify an RV32IM run: the executor's trace becomes the chips'
 * tables (zkvm/air/zkvm_air.h), the STARK (zkvm/stark/) proves them together, and the
 * verifier supplies its own side of the buses from the ELF and the claimed results.
 *
 * Proof file (little-endian):
 *   "ZKVM" | version u32 = 1 | program digest (32 bytes, SHA-256 of the statement's program
 *   part: entry, segments, file-backed bytes) | exit code i32 | cycles u64 | output length
 *   u32 | output bytes | code-window length u32 | execution count u32 per instruction of the
 *   window | STARK proof length u32 | STARK proof (zkvm/stark/stark.h).
 * The preamble absorbed by the STARK's transcript holds everything before the STARK proof,
 * so no claimed value can change after the challenges are drawn. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "zkaccel/hash.h"
#include "zkvm/air/zkvm_air.h"
#include "zkvm/prove_internal.h"
#include "zkvm/stark/stark.h"

#define ZKVM_PROOF_VERSION 2u

/* ---- the chips, in hook order ----------------------------------------------------------- */

static size_t chip_list(const zka_chip **out) {
  size_t k = 0;
  out[k++] = &zka_chip_cpu;
  out[k++] = &zka_chip_ecall;
  k += zka_alu_chips(out + k, ZKA_ZKVM_MAX_CHIPS - 3);
  out[k++] = &zka_chip_memory;
  out[k++] = &zka_chip_byte;
  return k;
}

static void tables_free(zka_air_table *t, size_t n) {
  for (size_t i = 0; i < n; i++) zka_air_table_free(&t[i]);
}

static zka_status tables_build(zka_air_table *t, const zka_chip *const *chips, size_t n,
                               zka_ctx *ctx) {
  memset(t, 0, n * sizeof *t);
  for (size_t i = 0; i < n; i++) {
    zka_air_builder *b;
    zka_status s = zka_air_builder_new(&b, chips[i]->name, chips[i]->width, ctx);
    if (s == ZKA_OK) {
      chips[i]->air(b);
      s = zka_air_builder_finish(b, &t[i], ctx);
    }
    if (s != ZKA_OK) {
      tables_free(t, i);
      return s;
    }
  }
  return ZKA_OK;
}

/* ---- the statement ---------------------------------------------------------------------- */

typedef zka_zkvm_statement statement;

void zka_zkvm_program_digest(const zka_zkvm_program *p, uint8_t out[32]) {
  /* entry, then per segment (vaddr, memsz, filesz, flags) and its file bytes */
  size_t len = 4;
  for (size_t i = 0; i < p->nseg; i++) len += 16 + p->seg[i].filesz;
  uint8_t *buf = malloc(len);
  if (!buf) {
    memset(out, 0, 32);
    return;
  }
  size_t k = 0;
  memcpy(buf + k, &p->entry, 4);
  k += 4;
  for (size_t i = 0; i < p->nseg; i++) {
    const zka_zkvm_segment *s = &p->seg[i];
    uint32_t h[4] = {s->vaddr, s->memsz, s->filesz, s->flags};
    memcpy(buf + k, h, 16);
    k += 16;
    memcpy(buf + k, p->file + s->offset, s->filesz);
    k += s->filesz;
  }
  zka_sha256(out, buf, len);
  free(buf);
}

/* The preamble: every claimed value as field elements (16-bit pieces where a value may
 * exceed p). */
static zka_babybear *preamble_make(const statement *st, size_t *n) {
  size_t len = 1 + 16 + 2 + 4 + 2 + st->output_len + 2 + st->n_counts;
  zka_babybear *p = malloc(len * sizeof *p);
  if (!p) return NULL;
  size_t k = 0;
  p[k++] = zka_bb(ZKVM_PROOF_VERSION);
  for (size_t i = 0; i < 16; i++) p[k++] = zka_bb((uint32_t)st->digest[2 * i] | (uint32_t)st->digest[2 * i + 1] << 8);
  p[k++] = zka_bb((uint32_t)st->exit_code & 0xFFFF);
  p[k++] = zka_bb((uint32_t)st->exit_code >> 16);
  for (size_t i = 0; i < 4; i++) p[k++] = zka_bb((uint32_t)(st->cycles >> (16 * i)) & 0xFFFF);
  p[k++] = zka_bb((uint32_t)st->output_len & 0xFFFF);
  p[k++] = zka_bb((uint32_t)(st->output_len >> 16));
  for (size_t i = 0; i < st->output_len; i++) p[k++] = zka_bb(st->output[i]);
  p[k++] = zka_bb((uint32_t)st->n_counts & 0xFFFF);
  p[k++] = zka_bb((uint32_t)(st->n_counts >> 16));
  for (size_t i = 0; i < st->n_counts; i++) p[k++] = zka_bb(st->counts[i]);
  *n = k;
  return p;
}

/* ---- the verifier's side of the buses --------------------------------------------------- */

typedef struct {
  zka_air_emit_fn emit;
  void *acc;
} image_sink;

static void image_emit(void *user, uint32_t addr, uint32_t word) {
  image_sink *x = user;
  zka_babybear t[5] = {zka_bb(addr), zka_bb(word & 255), zka_bb((word >> 8) & 255),
                       zka_bb((word >> 16) & 255), zka_bb(word >> 24)};
  x->emit(x->acc, ZKA_BUS_IMAGE, +1, zka_bb(1), t, 5);
}

zka_status zka_zkvm_external(const zka_zkvm_program *prog, const zka_zkvm_statement *st,
                             zka_air_emit_fn emit, void *acc, zka_ctx *ctx) {
  zka_babybear one = zka_bb(1), t[ZKA_AIR_MAX_TUPLE];
  /* the program: every instruction of the code window, as often as the proof says */
  for (size_t i = 0; i < st->n_counts; i++) {
    if (!st->counts[i]) continue;
    size_t n = 0;
    zka_cpu_program_tuple(prog, i, t, &n);
    emit(acc, ZKA_BUS_PROGRAM, +1, zka_bb(st->counts[i]), t, n);
  }
  /* the initial memory */
  image_sink sink = {emit, acc};
  zka_status s = zka_zkvm_image(prog, image_emit, &sink, ctx);
  if (s != ZKA_OK) return s;
  /* the memory map: code and read-only data below write_lo, nothing at or above mem_end */
  t[0] = zka_bb(ZKA_ZKVM_TEXT_BASE);
  t[1] = zka_bb(prog->write_lo);
  t[2] = zka_bb(ZKA_ZKVM_TEXT_BASE + prog->mem_size);
  emit(acc, ZKA_BUS_LAYOUT, +1, one, t, 3);
  /* the start, the exit and the public output */
  t[0] = zka_bb(prog->entry);
  emit(acc, ZKA_BUS_START, -1, one, t, 1);
  uint32_t e = (uint32_t)st->exit_code;
  for (size_t i = 0; i < 4; i++) t[i] = zka_bb((e >> (8 * i)) & 255);
  t[4] = zka_bb((uint32_t)(st->cycles - 1));
  emit(acc, ZKA_BUS_HALT, -1, one, t, 5);
  for (size_t i = 0; i < st->output_len; i++) {
    t[0] = zka_bb((uint32_t)i);
    t[1] = zka_bb(st->output[i]);
    emit(acc, ZKA_BUS_OUTPUT, -1, one, t, 2);
  }
  return ZKA_OK;
}

typedef struct {
  const zka_zkvm_program *prog;
  const statement *st;
} external_ctx;

static zka_status external_fn(void *user, zka_air_emit_fn emit, void *acc, zka_ctx *ctx) {
  const external_ctx *x = user;
  return zka_zkvm_external(x->prog, x->st, emit, acc, ctx);
}

/* ---- memory ----------------------------------------------------------------------------- */

/* About how many bytes proving tables of 2^log_n rows takes at its peak: every base column
 * (main, the LogUp helpers at most one extension column per interaction plus the running
 * sums, the quotient chunks) held as the trace and its 4x extension, plus scratch —
 * 24 bytes per cell, fitted to the peaks measured at 2^16..2^19 rows (bench/RESULTS.md). */
static double proving_bytes(const zka_air_table *t, size_t n_tables, size_t n) {
  double cols = 8; /* quotient chunks */
  for (size_t i = 0; i < n_tables; i++) cols += (double)t[i].width + 4.0 * ((double)t[i].n_inter / 2 + 1);
  return 24.0 * cols * (double)n;
}

/* The memory the prover may plan on: ZKA_ZKVM_MEM_LIMIT (bytes) when set, else the
 * machine's physical memory (0: unknown, no check). */
static double memory_limit(void) {
  const char *env = getenv("ZKA_ZKVM_MEM_LIMIT");
  if (env && *env) return strtod(env, NULL);
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? (double)pages * (double)page : 0;
}

/* ---- proving ---------------------------------------------------------------------------- */

typedef struct {
  zka_vec steps;
  int oom;
} trace_sink;

static int trace_collect(void *user, const zka_zkvm_step *steps, size_t n) {
  trace_sink *t = user;
  for (size_t i = 0; i < n; i++)
    if (!zka_vec_push(&t->steps, &steps[i])) {
      t->oom = 1;
      return 1;
    }
  return 0;
}

static void progress(const zka_zkvm_prove_options *o, const char *stage) {
  if (o && o->progress) o->progress(o->progress_user, stage);
}

zka_zkvm_prove_options zka_zkvm_prove_options_default(void) {
  zka_zkvm_prove_options o;
  memset(&o, 0, sizeof o);
  o.run = zka_zkvm_options_default();
  o.run.max_cycles = ZKA_ZKVM_PROVE_MAX_CYCLES;
  return o;
}

static zka_stark_params params_from(const zka_zkvm_prove_options *o) {
  zka_stark_params p = zka_stark_params_default();
  if (o && o->log_blowup) p.log_blowup = o->log_blowup;
  if (o && o->num_queries) p.num_queries = o->num_queries;
  if (o && o->pow_bits) p.pow_bits = o->pow_bits;
  return p;
}

static void put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

zka_status zka_zkvm_prove_tables(zka_engine *e, const zka_stark_params *prm,
                                 const zka_zkvm_statement *st,
                                 const zka_air_table *const *tables,
                                 const zka_babybear *const *traces, size_t n_tables,
                                 uint32_t log_n, zka_stark_progress_fn on_stage,
                                 void *progress_user, uint8_t **proof, size_t *proof_len,
                                 zka_ctx *ctx) {
  *proof = NULL;
  *proof_len = 0;
  size_t n_pre = 0, stark_len = 0;
  uint8_t *stark = NULL;
  zka_babybear *pre = preamble_make(st, &n_pre);
  if (!pre) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm prove: out of memory");
  zka_status s = zka_stark_prove(e, prm, tables, traces, n_tables, log_n, pre, n_pre, on_stage,
                                 progress_user, &stark, &stark_len, ctx);
  free(pre);
  if (s != ZKA_OK) return s;
  size_t len = 4 + 4 + 32 + 4 + 8 + 4 + st->output_len + 4 + 4 * st->n_counts + 4 + stark_len;
  uint8_t *p = malloc(len);
  if (!p) {
    free(stark);
    return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm prove: out of memory");
  }
  memcpy(p, "ZKVM", 4);
  put32(p + 4, ZKVM_PROOF_VERSION);
  memcpy(p + 8, st->digest, 32);
  size_t k = 40;
  put32(p + k, (uint32_t)st->exit_code);
  put32(p + k + 4, (uint32_t)st->cycles);
  put32(p + k + 8, (uint32_t)(st->cycles >> 32));
  put32(p + k + 12, (uint32_t)st->output_len);
  k += 16;
  if (st->output_len) memcpy(p + k, st->output, st->output_len);
  k += st->output_len;
  put32(p + k, (uint32_t)st->n_counts);
  k += 4;
  for (size_t i = 0; i < st->n_counts; i++, k += 4) put32(p + k, st->counts[i]);
  put32(p + k, (uint32_t)stark_len);
  k += 4;
  memcpy(p + k, stark, stark_len);
  free(stark);
  *proof = p;
  *proof_len = len;
  return ZKA_OK;
}


zka_status zka_zkvm_prove(zka_engine *e, const zka_zkvm_program *prog, const uint8_t *input,
                          size_t input_len, const zka_zkvm_prove_options *opt,
                          zka_zkvm_result *out, uint8_t **proof, size_t *proof_len,
                          zka_ctx *ctx) {
  if (out) memset(out, 0, sizeof *out);
  if (!prog || !out || !proof || !proof_len)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm prove: NULL argument");
  *proof = NULL;
  *proof_len = 0;
  zka_zkvm_prove_options dflt = zka_zkvm_prove_options_default();
  if (!opt) opt = &dflt;
  /* 1. run, keeping the trace */
  progress(opt, "execute");
  trace_sink sink = {{0}, 0};
  zka_vec_init(&sink.steps, sizeof(zka_zkvm_step));
  zka_zkvm_options run = opt->run;
  if (!run.max_cycles || run.max_cycles > ZKA_ZKVM_PROVE_MAX_CYCLES) run.max_cycles = ZKA_ZKVM_PROVE_MAX_CYCLES;
  run.trace = trace_collect;
  run.trace_user = &sink;
  zka_status s = zka_zkvm_run(out, prog, input, input_len, &run, ctx);
  if (s != ZKA_OK) {
    if (sink.oom) s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm prove: out of memory keeping the trace");
    else if (out->stop == ZKA_ZKVM_TRAP_CYCLE_LIMIT && run.max_cycles == ZKA_ZKVM_PROVE_MAX_CYCLES)
      s = zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                    "zkvm prove: the guest ran past %llu cycles without exiting, the most one "
                    "proof covers (continuations are not implemented yet)",
                    (unsigned long long)run.max_cycles);
    else if (out->stop == ZKA_ZKVM_TRAP_CYCLE_LIMIT)
      s = zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                    "zkvm prove: the guest did not exit within the cycle limit (%llu cycles): "
                    "nothing to prove", (unsigned long long)run.max_cycles);
    zka_vec_free(&sink.steps);
    return s;
  }
  /* 2. the witness: every chip's gen in order */
  progress(opt, "trace tables");
  const zka_chip *chips[ZKA_ZKVM_MAX_CHIPS];
  size_t n_chips = chip_list(chips);
  zka_zkvm_witness w;
  memset(&w, 0, sizeof w);
  w.prog = prog;
  w.steps = sink.steps.p;
  w.n_steps = sink.steps.n;
  w.input = input;
  w.input_len = input_len;
  w.ts = 1;
  zka_vec_init(&w.output, 1);
  zka_vec_init(&w.alu, sizeof(zka_alu_event));
  zka_air_table tables[ZKA_ZKVM_MAX_CHIPS];
  zka_babybear *traces[ZKA_ZKVM_MAX_CHIPS] = {0};
  int have_tables = 0;
  w.program_count = calloc(prog->code_count ? prog->code_count : 1, sizeof *w.program_count);
  s = w.program_count ? zka_memstate_new(&w.mem, prog, ctx)
                      : zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm prove: out of memory");
  for (size_t i = 0; i < n_chips && s == ZKA_OK; i++)
    if (chips[i]->gen) s = chips[i]->gen(&w, i, ctx);
  if (s == ZKA_OK && w.alu.n && !w.alu.p) s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm prove: out of memory");
  if (s == ZKA_OK && w.ts >= ZKA_ZKVM_MAX_TS)
    s = zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                  "zkvm prove: the run needs %u memory timestamps, more than one proof covers "
                  "(%u; continuations are not implemented yet)", w.ts, ZKA_ZKVM_MAX_TS);
  if (s == ZKA_OK && (w.output.n != out->output_len ||
                      (w.output.n && memcmp(w.output.p, out->output, w.output.n)) ||
                      w.exit_code != out->exit_code || !w.halted))
    s = zka_error(ctx, ZKA_ERR_INTERNAL, "zkvm prove: the trace tables disagree with the executor "
                  "(output %zu vs %zu bytes, exit %d vs %d)", w.output.n, out->output_len,
                  (int)w.exit_code, (int)out->exit_code);
  /* 3. the tables' height and contents */
  size_t n = 256;
  for (size_t i = 0; i < n_chips && s == ZKA_OK; i++) {
    size_t r = chips[i]->rows(&w, i);
    while (n < r) n *= 2;
  }
  uint32_t log_n = 0;
  while (((size_t)1 << log_n) < n) log_n++;
  if (s == ZKA_OK) {
    s = tables_build(tables, chips, n_chips, ctx);
    have_tables = s == ZKA_OK;
  }
  if (s == ZKA_OK) {
    /* refuse up front what cannot fit, rather than swap or be killed half-way */
    double need = proving_bytes(tables, n_chips, n), have = memory_limit();
    if (have > 0 && need > have) {
      const int gib = need >= 1073741824.0;
      const double unit = gib ? 1073741824.0 : 1048576.0;
      s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY,
                    "zkvm prove: a run of %llu cycles needs tables of 2^%u rows and about %.1f "
                    "%s of memory to prove in one piece; this machine has %.1f %s "
                    "(continuations, which would bound it, are not implemented yet)",
                    (unsigned long long)out->cycles, log_n, need / unit, gib ? "GiB" : "MiB",
                    have / unit, gib ? "GiB" : "MiB");
    }
  }
  for (size_t i = 0; i < n_chips && s == ZKA_OK; i++) {
    traces[i] = calloc(n * chips[i]->width, sizeof(zka_babybear));
    if (!traces[i]) s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm prove: out of memory (table %s)", chips[i]->name);
    else s = chips[i]->fill(&w, i, traces[i], n, ctx);
  }
  /* optional: the mock checker first (ZKA_ZKVM_CHECK=1), to name a broken constraint */
  statement st;
  memset(&st, 0, sizeof st);
  external_ctx xc = {prog, &st};
  if (s == ZKA_OK) {
    zka_zkvm_program_digest(prog, st.digest);
    st.exit_code = out->exit_code;
    st.cycles = out->cycles;
    st.output = out->output;
    st.output_len = out->output_len;
    st.counts = w.program_count;
    st.n_counts = prog->code_count;
  }
  const char *check = getenv("ZKA_ZKVM_CHECK");
  if (s == ZKA_OK && check && *check && strcmp(check, "0")) {
    progress(opt, "mock check");
    zka_air_trace tr[ZKA_ZKVM_MAX_CHIPS];
    for (size_t i = 0; i < n_chips; i++) {
      tr[i].air = &tables[i];
      tr[i].rows = traces[i];
    }
    s = zka_air_check(tr, n_chips, n, external_fn, &xc, 0, ctx);
  }
  /* 4. the STARK and the proof file */
  if (s == ZKA_OK) {
    zka_stark_params prm = params_from(opt);
    const zka_air_table *tp[ZKA_ZKVM_MAX_CHIPS];
    const zka_babybear *trp[ZKA_ZKVM_MAX_CHIPS];
    for (size_t i = 0; i < n_chips; i++) {
      tp[i] = &tables[i];
      trp[i] = traces[i];
    }
    s = zka_zkvm_prove_tables(e, &prm, &st, tp, trp, n_chips, log_n, opt->progress,
                              opt->progress_user, proof, proof_len, ctx);
  }
  for (size_t i = 0; i < n_chips; i++) {
    free(traces[i]);
    if (chips[i]->free) chips[i]->free(&w, i);
  }
  if (have_tables) tables_free(tables, n_chips);
  zka_memstate_free(w.mem);
  free(w.program_count);
  zka_vec_free(&w.output);
  zka_vec_free(&w.alu);
  zka_vec_free(&sink.steps);
  return s;
}

/* ---- verifying -------------------------------------------------------------------------- */

zka_status zka_zkvm_verify(const zka_zkvm_program *prog, const uint8_t *proof, size_t proof_len,
                           zka_zkvm_result *out, zka_ctx *ctx) {
  if (out) memset(out, 0, sizeof *out);
  if (!prog || !proof || !out) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm verify: NULL argument");
  if (proof_len < 60 || memcmp(proof, "ZKVM", 4))
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: not a zkaccel zkVM proof (bad magic or too short)");
  if (get32(proof + 4) != ZKVM_PROOF_VERSION)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: proof version %u, this build reads %u",
                     get32(proof + 4), ZKVM_PROOF_VERSION);
  statement st;
  memset(&st, 0, sizeof st);
  zka_zkvm_program_digest(prog, st.digest);
  if (memcmp(st.digest, proof + 8, 32))
    return zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "zkvm verify: the proof is for another program "
                     "(its program digest differs from this ELF's)");
  size_t k = 40;
  st.exit_code = (int32_t)get32(proof + k);
  st.cycles = get32(proof + k + 4) | (uint64_t)get32(proof + k + 8) << 32;
  st.output_len = get32(proof + k + 12);
  k += 16;
  if (st.output_len > proof_len - k)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: truncated proof (public output)");
  st.output = proof + k;
  k += st.output_len;
  if (proof_len - k < 4) return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: truncated proof");
  st.n_counts = get32(proof + k);
  k += 4;
  if (st.n_counts != prog->code_count)
    return zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "zkvm verify: the proof counts %zu instructions, the "
                     "program has %u", st.n_counts, prog->code_count);
  if ((proof_len - k) / 4 < st.n_counts + 1)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: truncated proof (execution counts)");
  uint32_t *counts = malloc((st.n_counts ? st.n_counts : 1) * sizeof *counts);
  if (!counts) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm verify: out of memory");
  uint64_t total = 0;
  int bad_count = 0;
  for (size_t i = 0; i < st.n_counts; i++, k += 4) {
    counts[i] = get32(proof + k);
    if (counts[i] >= ZKA_ZKVM_MAX_TS) bad_count = 1;
    total += counts[i];
  }
  st.counts = counts;
  size_t stark_len = get32(proof + k);
  k += 4;
  zka_status s = ZKA_OK;
  if (bad_count || total != st.cycles || st.cycles == 0 || st.cycles >= ZKA_ZKVM_MAX_TS)
    s = zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "zkvm verify: the execution counts (%llu in all) do "
                  "not add up to the claimed %llu cycles", (unsigned long long)total,
                  (unsigned long long)st.cycles);
  else if (stark_len != proof_len - k)
    s = zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm verify: the STARK proof is %zu bytes, the file "
                  "has %zu after the header", stark_len, proof_len - k);
  const zka_chip *chips[ZKA_ZKVM_MAX_CHIPS];
  size_t n_chips = chip_list(chips);
  zka_air_table tables[ZKA_ZKVM_MAX_CHIPS];
  int have_tables = 0;
  zka_babybear *pre = NULL;
  size_t n_pre = 0;
  if (s == ZKA_OK) {
    s = tables_build(tables, chips, n_chips, ctx);
    have_tables = s == ZKA_OK;
  }
  if (s == ZKA_OK) {
    pre = preamble_make(&st, &n_pre);
    if (!pre) s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm verify: out of memory");
  }
  if (s == ZKA_OK) {
    const zka_air_table *tp[ZKA_ZKVM_MAX_CHIPS];
    for (size_t i = 0; i < n_chips; i++) tp[i] = &tables[i];
    zka_stark_params prm = zka_stark_params_default();
    external_ctx xc = {prog, &st};
    s = zka_stark_verify(&prm, tp, n_chips, pre, n_pre, external_fn, &xc, proof + k, stark_len,
                         NULL, ctx);
  }
  if (s == ZKA_OK) {
    out->stop = ZKA_ZKVM_HALTED;
    out->exit_code = st.exit_code;
    out->cycles = st.cycles;
    if (st.output_len) {
      out->output = malloc(st.output_len);
      if (!out->output) s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm verify: out of memory");
      else memcpy(out->output, st.output, st.output_len);
      out->output_len = out->output ? st.output_len : 0;
    }
  }
  free(pre);
  free(counts);
  if (have_tables) tables_free(tables, n_chips);
  return s;
}

void zka_zkvm_proof_free(uint8_t *proof) { free(proof); }
