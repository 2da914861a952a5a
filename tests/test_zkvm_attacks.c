/* test_zkvm_attacks — a soundness review of the zkVM prover, as attacks.
 *
 * A proof is accepted when every constraint of every table holds on every row and every bus
 * balances against the verifier's own tuples; zka_air_check decides exactly that.  Each
 * attack here builds the tables the way zkvm/prove.c does (the executor's trace, then gen,
 * rows and fill of every chip in the prover's order), changes cells and/or the claimed
 * statement to a cheater's values, and asks zka_air_check against the verifier's side
 * (prove.c's own zka_zkvm_external: program tuples with the claimed execution counts, the
 * ELF image, the layout, the entry point, the claimed exit and public output).
 *
 *  - "refused" attacks must be rejected: they guard fixes against regressions;
 *  - an attack that is ACCEPTED prints "OPEN HOLE: <name>: <the false statement proven>".
 * The test exits 0 only when no attack is accepted (so it fails while a hole is open).
 *
 * The "trap" attacks need the trace of a run the real executor refuses (it traps).  The
 * cheater gets one by running the executor, and the CPU's trace generator, on a shallow
 * copy of the program with a relaxed memory map (everything writable, or more memory
 * mapped); the memory chip, the statement and the verifier's side all use the REAL
 * program.  Before each such attack the test checks that the real executor traps on it,
 * so the statement the attack proves ("this program halts with exit code X") is false.
 *
 * A cheater also fills the byte table (ZKA_BUS_U8 multiplicities) to match whatever the
 * tampered tables send (rebalance_u8): only values that are not bytes stay unmatched.
 *
 * Each accepted trap attack is also made into a real proof file (zka_zkvm_prove_tables on
 * the tampered tables: prove.c's own preamble and file format) and handed to
 * zka_zkvm_verify with the real ELF, so an OPEN HOLE line says whether the shipped verifier
 * accepts it too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "test_util.h"
#include "zkaccel/zkaccel.h"
#include "zkvm/air/zkvm_air.h"
#include "zkvm/chips/alu_internal.h"
#include "zkvm/chips/cpu_cols.h"
#include "zkvm/chips/mem_ecall.h"
#include "zkvm/asm.h"
#include "zkvm/prove_internal.h"
#include "zkvm/stark/stark.h"

#define ATK_MAX_CHIPS 24
#define ATK_P 0x78000001u /* BabyBear */

static zka_ctx *ctx;
static int n_open, n_refused, n_broken;
static int forge_open; /* make a real proof of each accepted attack (the trap attacks) */
typedef struct world world;
static zka_status forge_and_verify(world *W);

/* ---- instruction encoders beyond zkvm/asm.h ---------------------------------------------- */

#define R_OP(f7, f3, rd, a, b) enc_r(f7, b, a, f3, rd, 0x33)
#define I_OP(f3, rd, a, imm) enc_i(imm, a, f3, rd, 0x13)
#define LOAD(f3, rd, a, imm) enc_i(imm, a, f3, rd, 0x03)
#define STORE(f3, a, b, imm) enc_s(imm, b, a, f3)
#define LW(rd, a, imm) LOAD(2, rd, a, imm)
#define SW(a, b, imm) STORE(2, a, b, imm)


/* ---- the world: program, trace, witness, tables, claims ----------------------------------- */

typedef void (*relax_fn)(zka_zkvm_program *lenient);

struct world {
  zka_zkvm_program *prog;   /* the statement's program: memory chip + verifier */
  zka_zkvm_program lenient; /* the cheater's copy for the executor and the CPU's gen */
  zka_vec steps;
  zka_zkvm_witness *w;
  const zka_chip *chips[ATK_MAX_CHIPS];
  size_t nc, n;
  zka_air_table air[ATK_MAX_CHIPS];
  zka_babybear *rows[ATK_MAX_CHIPS];
  zka_air_trace tr[ATK_MAX_CHIPS];
  int ok;
  /* the claimed statement */
  uint8_t out[512];
  size_t out_len;
  int32_t exit_code;
  uint64_t cycles;
  uint32_t *counts;
  zka_mem_entry *bound; /* the honest memory boundary, start values from the ELF alone */
  size_t n_bound;
  uint32_t eof;
};

enum { C_CPU = 0, C_ECALL = 1 }; /* chip indices; the ALU chips follow, then memory, byte */

static size_t chip_index(const world *W, const zka_chip *c) {
  for (size_t i = 0; i < W->nc; i++)
    if (W->chips[i] == c) return i;
  return (size_t)-1;
}

static zka_babybear *cell(world *W, size_t t, size_t row, size_t col) {
  return &W->rows[t][row * W->chips[t]->width + col];
}
static uint32_t get(world *W, size_t t, size_t row, size_t col) {
  return zka_bb_u32(*cell(W, t, row, col));
}
static void set(world *W, size_t t, size_t row, size_t col, uint32_t v) {
  *cell(W, t, row, col) = zka_bb(v);
}
static void set_word(world *W, size_t t, size_t row, size_t col, uint32_t v) {
  for (size_t i = 0; i < 4; i++) set(W, t, row, col + i, (v >> (8 * i)) & 255);
}
static uint32_t get_word(world *W, size_t t, size_t row, size_t col) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; i++) v |= get(W, t, row, col + i) << (8 * i);
  return v;
}

static int trace_collect(void *user, const zka_zkvm_step *st, size_t n) {
  zka_vec *v = user;
  for (size_t i = 0; i < n; i++)
    if (!zka_vec_push(v, &st[i])) return 1;
  return 0;
}

static zka_zkvm_program *load(const prog_t *p, int data_readonly) {
  size_t len = 0;
  uint8_t *e = mk_elf(p, &len);
  if (data_readonly) put32(e + OFF_PH1 + 24, 4); /* the data segment R only */
  zka_zkvm_program *prog = NULL;
  zka_status s = zka_zkvm_program_load(&prog, e, len, ctx);
  free(e);
  CHECK(s == ZKA_OK, "load: %s", zka_ctx_last_error(ctx));
  return s == ZKA_OK ? prog : NULL;
}

/* The real executor's verdict on prog (the honest answer to "does it halt?"). */
static zka_zkvm_stop real_run(const zka_zkvm_program *prog, const uint8_t *in, size_t in_len,
                              int32_t *exit_code) {
  zka_zkvm_result r;
  memset(&r, 0, sizeof r);
  zka_status s = zka_zkvm_run(&r, prog, in, in_len, NULL, ctx);
  zka_zkvm_stop stop = s == ZKA_OK ? r.stop : (r.stop == ZKA_ZKVM_HALTED ? ZKA_ZKVM_TRAP_ILLEGAL : r.stop);
  if (exit_code) *exit_code = r.exit_code;
  zka_zkvm_result_clear(&r);
  return stop;
}

static void world_free(world *W) {
  for (size_t i = 0; i < W->nc; i++) {
    if (W->w && W->chips[i]->free) W->chips[i]->free(W->w, i);
    if (W->rows[i]) {
      free(W->rows[i]);
      zka_air_table_free(&W->air[i]);
    }
  }
  if (W->w) {
    zka_memstate_free(W->w->mem);
    zka_vec_free(&W->w->output);
    zka_vec_free(&W->w->alu);
    free(W->w->program_count);
    free(W->w);
  }
  free(W->counts);
  free(W->bound);
  zka_vec_free(&W->steps);
  if (W->prog) zka_zkvm_program_destroy(W->prog);
  memset(W, 0, sizeof *W);
}

/* Build every table as zkvm/prove.c does.  relax (may be NULL) relaxes the cheater's copy of
 * the program used by the executor and by the CPU's gen (which calls the ecall chip's);
 * relax_memory: the memory chip's gen sees it too (it refuses addresses outside the real
 * map), after which the attack must put the real layout back into the memory chip's
 * columns (t_real_layout) to match the verifier's ZKA_BUS_LAYOUT. */
static int world_build(world *W, const prog_t *p, int data_readonly, const uint8_t *in,
                       size_t in_len, relax_fn relax, int relax_memory) {
  memset(W, 0, sizeof *W);
  zka_vec_init(&W->steps, sizeof(zka_zkvm_step));
  W->prog = load(p, data_readonly);
  if (!W->prog) return 0;
  W->lenient = *W->prog;
  if (relax) relax(&W->lenient);
  zka_zkvm_result res;
  memset(&res, 0, sizeof res);
  zka_zkvm_options opt = zka_zkvm_options_default();
  opt.trace = trace_collect;
  opt.trace_user = &W->steps;
  zka_status s = zka_zkvm_run(&res, &W->lenient, in, in_len, &opt, ctx);
  int halted = s == ZKA_OK && res.stop == ZKA_ZKVM_HALTED;
  zka_zkvm_result_clear(&res);
  CHECK(halted, "the (relaxed) run: %s", zka_ctx_last_error(ctx));
  if (!halted) return 0;

  zka_zkvm_witness *w = W->w = calloc(1, sizeof *w);
  w->prog = &W->lenient;
  w->steps = W->steps.p;
  w->n_steps = W->steps.n;
  w->input = in;
  w->input_len = in_len;
  w->ts = 1;
  zka_vec_init(&w->output, 1);
  zka_vec_init(&w->alu, sizeof(zka_alu_event));
  w->program_count = calloc(W->prog->code_count, sizeof *w->program_count);
  s = zka_memstate_new(&w->mem, W->prog, ctx);
  CHECK(s == ZKA_OK, "memstate: %s", zka_ctx_last_error(ctx));
  if (s != ZKA_OK) return 0;

  W->chips[W->nc++] = &zka_chip_cpu;
  W->chips[W->nc++] = &zka_chip_ecall;
  W->nc += zka_alu_chips(W->chips + W->nc, ATK_MAX_CHIPS - 3);
  W->chips[W->nc++] = &zka_chip_memory;
  W->chips[W->nc++] = &zka_chip_byte;
  for (size_t i = 0; i < W->nc; i++) {
    /* the CPU's gen (with the ecall chip's inside) on the relaxed copy, the rest on the
     * real program unless relax_memory */
    const int lenient = i == C_CPU || (relax_memory && W->chips[i] == &zka_chip_memory);
    w->prog = lenient ? &W->lenient : W->prog;
    if (W->chips[i]->gen) {
      s = W->chips[i]->gen(w, i, ctx);
      CHECK(s == ZKA_OK, "gen %s: %s", W->chips[i]->name, zka_ctx_last_error(ctx));
      if (s != ZKA_OK) return 0;
    }
  }
  w->prog = W->prog;
  W->n = 256;
  for (size_t i = 0; i < W->nc; i++)
    while (W->n < W->chips[i]->rows(w, i)) W->n *= 2;
  W->n *= 2; /* room for padding rows to tamper with */
  for (size_t i = 0; i < W->nc; i++) {
    zka_air_builder *b = NULL;
    s = zka_air_builder_new(&b, W->chips[i]->name, W->chips[i]->width, ctx);
    if (s == ZKA_OK) {
      W->chips[i]->air(b);
      s = zka_air_builder_finish(b, &W->air[i], ctx);
    }
    CHECK(s == ZKA_OK, "air %s: %s", W->chips[i]->name, zka_ctx_last_error(ctx));
    if (s != ZKA_OK) return 0;
    W->rows[i] = calloc(W->n * W->chips[i]->width, sizeof(zka_babybear));
    s = W->chips[i]->fill(w, i, W->rows[i], W->n, ctx);
    CHECK(s == ZKA_OK, "fill %s: %s", W->chips[i]->name, zka_ctx_last_error(ctx));
    if (s != ZKA_OK) return 0;
    W->tr[i] = (zka_air_trace){&W->air[i], W->rows[i]};
  }
  /* the statement the witness supports */
  W->out_len = w->output.n < sizeof W->out ? w->output.n : sizeof W->out;
  if (W->out_len) memcpy(W->out, w->output.p, W->out_len);
  W->exit_code = w->exit_code;
  W->cycles = w->n_steps;
  W->counts = malloc(W->prog->code_count * sizeof *W->counts);
  memcpy(W->counts, w->program_count, W->prog->code_count * sizeof *W->counts);
  W->n_bound = zka_memstate_entries(w->mem, NULL);
  W->bound = calloc(W->n_bound + 1, sizeof *W->bound);
  zka_memstate_entries(w->mem, W->bound);
  zka_memstate *fresh = NULL;
  s = zka_memstate_new(&fresh, W->prog, ctx);
  CHECK(s == ZKA_OK, "memstate: %s", zka_ctx_last_error(ctx));
  if (s != ZKA_OK) return 0;
  for (size_t i = 0; i < W->n_bound; i++) W->bound[i].init = zka_memstate_peek(fresh, W->bound[i].addr);
  zka_memstate_free(fresh);
  W->eof = (uint32_t)w->eof;
  W->ok = 1;
  return 1;
}

/* ---- the verifier's side: zkvm/prove.c's own (zka_zkvm_external) with W's claims ---------- */

static zka_zkvm_statement claims_of(const world *W) {
  zka_zkvm_statement st;
  memset(&st, 0, sizeof st);
  st.start_pc = W->prog->entry;
  st.exits = 1;
  st.exit_code = W->exit_code;
  st.cycles = W->cycles;
  st.output = W->out;
  st.output_len = W->out_len;
  st.counts = W->counts;
  st.n_counts = W->prog->code_count;
  st.bound = W->bound;
  st.n_bound = W->n_bound;
  st.eof1 = W->eof;
  return st;
}

static zka_status verifier_side(void *user, zka_air_emit_fn emit_fn, void *acc, zka_ctx *c) {
  world *W = user;
  /* zka_zkvm_verify refuses counts >= 2^24, a sum other than cycles, and cycles = 0 */
  uint64_t total = 0;
  for (size_t i = 0; i < W->prog->code_count; i++) total += W->counts[i];
  if (total != W->cycles || !W->cycles || W->cycles >= ZKA_ZKVM_MAX_TS)
    return zka_error(c, ZKA_ERR_VERIFY_FAILED, "counts do not add up to the cycles");
  zka_zkvm_statement st = claims_of(W);
  return zka_zkvm_external(W->prog, &st, emit_fn, acc, c);
}

/* A cheater fills the byte table with exactly the multiplicities the other tables send. */
static void rebalance_u8(world *W) {
  uint64_t cnt[256] = {0};
  size_t bi = chip_index(W, &zka_chip_byte);
  for (size_t t = 0; t < W->nc; t++) {
    if (t == bi) continue;
    const zka_air_table *a = &W->air[t];
    zka_babybear *vals = malloc((a->n_nodes ? a->n_nodes : 1) * sizeof *vals);
    for (size_t r = 0; r < W->n; r++) {
      const zka_babybear *local = W->rows[t] + r * a->width;
      const zka_babybear *next = W->rows[t] + ((r + 1) % W->n) * a->width;
      zka_air_eval_row(a, vals, local, next, zka_bb(r == 0), zka_bb(r == W->n - 1),
                       zka_bb(r != W->n - 1));
      for (size_t k = 0; k < a->n_inter; k++) {
        const zka_air_interaction *it = &a->inter[k];
        if (it->bus != ZKA_BUS_U8 || it->sign != +1) continue;
        uint32_t m = zka_bb_u32(vals[it->mult]), v = zka_bb_u32(vals[it->vals[0]]);
        if (m && v < 256) cnt[v] += m;
      }
    }
    free(vals);
  }
  for (size_t r = 0; r < 256; r++) set(W, bi, r, 1, (uint32_t)(cnt[r] % ATK_P));
}

static zka_status world_check(world *W) {
  return zka_air_check(W->tr, W->nc, W->n, verifier_side, W, 0, ctx);
}

/* ---- running attacks ---------------------------------------------------------------------- */

typedef struct {
  zka_babybear *rows[ATK_MAX_CHIPS];
  uint8_t out[512];
  size_t out_len;
  int32_t exit_code;
  uint64_t cycles;
  uint32_t *counts;
} snapshot;

static void snap_take(world *W, snapshot *S) {
  for (size_t t = 0; t < W->nc; t++) {
    size_t bytes = W->n * W->chips[t]->width * sizeof(zka_babybear);
    S->rows[t] = malloc(bytes);
    memcpy(S->rows[t], W->rows[t], bytes);
  }
  memcpy(S->out, W->out, sizeof S->out);
  S->out_len = W->out_len;
  S->exit_code = W->exit_code;
  S->cycles = W->cycles;
  S->counts = malloc(W->prog->code_count * sizeof *S->counts);
  memcpy(S->counts, W->counts, W->prog->code_count * sizeof *S->counts);
}

static void snap_restore(world *W, snapshot *S) {
  for (size_t t = 0; t < W->nc; t++) {
    memcpy(W->rows[t], S->rows[t], W->n * W->chips[t]->width * sizeof(zka_babybear));
    free(S->rows[t]);
  }
  memcpy(W->out, S->out, sizeof S->out);
  W->out_len = S->out_len;
  W->exit_code = S->exit_code;
  W->cycles = S->cycles;
  memcpy(W->counts, S->counts, W->prog->code_count * sizeof *S->counts);
  free(S->counts);
}

/* Apply tamper (returns 0 when the attack could not be set up), rebalance the byte table,
 * check.  Accepted: an open hole. */
typedef int (*tamper_fn)(world *W);

static void attack(world *W, const char *name, const char *statement, tamper_fn tamper) {
  if (!W->ok) {
    CHECK(0, "%s: no world to attack", name);
    n_broken++;
    return;
  }
  snapshot S;
  snap_take(W, &S);
  int set_up = tamper ? tamper(W) : 1;
  CHECK(set_up, "%s: the attack could not be set up (the trace changed shape?)", name);
  if (!set_up) {
    n_broken++;
  } else {
    rebalance_u8(W);
    zka_status s = world_check(W);
    if (s == ZKA_OK) {
      printf("  OPEN HOLE: %s: %s\n", name, statement);
      fflush(stdout);
      n_open++;
      if (forge_open) (void)forge_and_verify(W);
    } else {
      printf("  refused:   %s (%s)\n", name, zka_ctx_last_error(ctx));
      fflush(stdout);
      n_refused++;
    }
  }
  snap_restore(W, &S);
}

/* ---- finding rows ---------------------------------------------------------------------------- */

/* The CPU row (= cycle) of the k-th (0-based) execution of the instruction word insn. */
static size_t cpu_row_of(world *W, uint32_t insn, int k) {
  const zka_zkvm_step *st = W->steps.p;
  for (size_t i = 0; i < W->steps.n; i++)
    if (st[i].insn == insn && k-- == 0) return i;
  return (size_t)-1;
}

static size_t mem_row_of(world *W, uint32_t addr) {
  size_t mi = chip_index(W, &zka_chip_memory);
  for (size_t r = 0; r < W->n; r++)
    if (get(W, mi, r, ZKA_MEMC_REAL) && get(W, mi, r, ZKA_MEMC_ADDR) == addr) return r;
  return (size_t)-1;
}

/* The row of chip t whose ALU bus tuple (received) is (op, a, b): found by evaluating. */
static size_t alu_row_of(world *W, size_t t, uint32_t op, uint32_t a, uint32_t b) {
  const zka_air_table *at = &W->air[t];
  zka_babybear *vals = malloc(at->n_nodes * sizeof *vals);
  size_t found = (size_t)-1;
  for (size_t r = 0; r < W->n && found == (size_t)-1; r++) {
    const zka_babybear *local = W->rows[t] + r * at->width;
    zka_air_eval_row(at, vals, local, local, zka_bb(r == 0), zka_bb(0), zka_bb(1));
    for (size_t k = 0; k < at->n_inter; k++) {
      const zka_air_interaction *it = &at->inter[k];
      if (it->bus != ZKA_BUS_ALU || !zka_bb_u32(vals[it->mult])) continue;
      uint32_t v[13];
      for (size_t i = 0; i < 13; i++) v[i] = zka_bb_u32(vals[it->vals[i]]);
      uint32_t ra = v[1] | v[2] << 8 | v[3] << 16 | v[4] << 24;
      uint32_t rb = v[5] | v[6] << 8 | v[7] << 16 | v[8] << 24;
      if (v[0] == op && ra == a && rb == b) found = r;
    }
  }
  free(vals);
  return found;
}

/* ---- a real proof file for a world (zkvm/prove.c's zka_zkvm_prove_tables) ---------------- */

/* Prove W's (tampered) tables with the real STARK under W's claims, write the proof file as
 * zka_zkvm_prove does, and return what zka_zkvm_verify says about it for the REAL program. */
static zka_status forge_and_verify(world *W) {
  zka_zkvm_statement st = claims_of(W);
  zka_engine_options eo = zka_engine_options_default();
  eo.backends = "cpu";
  eo.quiet = 1;
  zka_engine *e = NULL;
  zka_status s = zka_engine_create(&e, &eo, ctx);
  uint8_t *proof = NULL;
  size_t len = 0;
  uint32_t log_n = 0;
  while (((size_t)1 << log_n) < W->n) log_n++;
  if (s == ZKA_OK) {
    const zka_air_table *tp[ATK_MAX_CHIPS];
    const zka_babybear *trp[ATK_MAX_CHIPS];
    for (size_t i = 0; i < W->nc; i++) {
      tp[i] = &W->air[i];
      trp[i] = W->rows[i];
    }
    zka_stark_params prm = zka_stark_params_default();
    s = zka_zkvm_prove_tables(e, &prm, W->prog, &st, tp, trp, W->nc, log_n, NULL, NULL, &proof, &len, ctx);
  }
  if (s == ZKA_OK) {
    zka_zkvm_result r;
    s = zka_zkvm_verify(W->prog, proof, len, &r, ctx);
    if (s == ZKA_OK)
      printf("             a real proof file (%zu bytes) of this claim is ACCEPTED by "
             "zka_zkvm_verify: exit %d, %llu cycles\n",
             len, r.exit_code, (unsigned long long)r.cycles);
    else
      printf("             the real proof file is rejected by zka_zkvm_verify: %s\n",
             zka_ctx_last_error(ctx));
    zka_zkvm_result_clear(&r);
  } else {
    printf("             (no STARK proof made: %s)\n", zka_ctx_last_error(ctx));
  }
  fflush(stdout);
  free(proof);
  if (e) zka_engine_destroy(e);
  return s;
}

/* ==== the honest program: every attack on it must be refused ================================ */

/* Words of the honest program the attacks locate by content. */
static uint32_t H_ADD_X0, H_DIVU_X0, H_STORE, H_LOAD, H_JALR;

static void honest_program(prog_t *p) {
  memset(p, 0, sizeof *p);
  li(p, 5, DATA_BASE);
  emit(p, LW(6, 5, 0));                       /* x6 = 0x017fff80 */
  emit(p, LW(7, 5, 4));                       /* x7 = 0x123480fe */
  emit(p, H_ADD_X0 = R_OP(0, 0, 0, 6, 7));    /* add x0, x6, x7: byte 0 carries */
  emit(p, H_DIVU_X0 = R_OP(1, 5, 0, 7, 6));   /* divu x0, x7, x6 = 12 */
  emit(p, R_OP(0, 0, 8, 6, 7));               /* x8 = x6 + x7 */
  emit(p, H_STORE = SW(5, 8, 0x100));         /* [data+0x100] = x8 */
  emit(p, H_LOAD = LW(9, 5, 0x100));          /* x9 = x8 */
  emit(p, I_OP(0, 9, 9, 5));                  /* x9 += 5 */
  emit(p, SW(5, 9, 0x104));
  emit(p, AUIPC(13, 0));
  emit(p, I_OP(0, 13, 13, 4 * 4 + 1));        /* odd: 4 instructions after the auipc */
  emit(p, H_JALR = JALR(14, 13, 0));
  emit(p, I_OP(0, 9, 0, 77));                 /* skipped */
  sys(p, 64, 1, DATA_BASE + 0x100, 8);        /* write(1, data+0x100, 8) */
  emit(p, I_OP(7, 10, 8, 0xff));              /* exit(x8 & 0xff) */
  emit(p, ADDI(17, 0, 93));
  emit(p, ECALL);
}

static int t_none(world *W) {
  (void)W;
  return 1;
}
static int t_exit_claim(world *W) {
  W->exit_code ^= 1;
  return 1;
}
static int t_output_byte(world *W) {
  W->out[2] ^= 0x40;
  return W->out_len > 2;
}
static int t_output_skip(world *W) { /* claim the output without its last byte */
  if (!W->out_len) return 0;
  W->out_len--;
  return 1;
}
static int t_output_extra(world *W) { /* claim one byte more than was written */
  W->out[W->out_len++] = 'x';
  return 1;
}
static int t_output_swap(world *W) {
  for (size_t i = 0; i + 1 < W->out_len; i++)
    if (W->out[i] != W->out[i + 1]) {
      uint8_t t = W->out[i];
      W->out[i] = W->out[i + 1];
      W->out[i + 1] = t;
      return 1;
    }
  return 0;
}
static int t_cycles_claim(world *W) { /* one more cycle, counted on the first instruction */
  W->cycles++;
  W->counts[0]++;
  return 1;
}
static int t_count_moved(world *W) { /* an execution moved to an instruction never run */
  for (size_t i = 0; i < W->prog->code_count; i++)
    if (!W->counts[i]) {
      W->counts[i]++;
      W->counts[0]--;
      return 1;
    }
  return 0;
}
/* The trace stops before the exit: the last real CPU row is not an exit. */
static int t_no_halt(world *W) {
  size_t last = W->steps.n - 1;
  memset(cell(W, C_CPU, last, 0), 0, ZKA_CPU_WIDTH * sizeof(zka_babybear));
  W->cycles--;
  for (size_t i = 0; i < W->prog->code_count; i++) /* un-count the exit ecall */
    if (W->prog->code_lo + 4 * i == ((zka_zkvm_step *)W->steps.p)[last].pc) W->counts[i]--;
  return 1;
}
/* A real row after the exit (the run goes on): a copy of the exit row. */
static int t_after_halt(world *W) {
  size_t last = W->steps.n - 1;
  memcpy(cell(W, C_CPU, last + 1, 0), cell(W, C_CPU, last, 0), ZKA_CPU_WIDTH * sizeof(zka_babybear));
  set(W, C_CPU, last, ZKA_CPU_HALT, 0);
  return last + 1 < W->n;
}
/* x0 written: the add x0 row claims writes_rd with rd = 0. */
static int t_x0_write(world *W) {
  size_t r = cpu_row_of(W, H_ADD_X0, 0);
  if (r == (size_t)-1) return 0;
  set(W, C_CPU, r, ZKA_CPU_WRITES_RD, 1);
  return 1;
}
/* x0 nonzero from the start: register 0's memory row claims an initial value 7. */
static int t_x0_init(world *W) {
  size_t mi = chip_index(W, &zka_chip_memory), r = mem_row_of(W, 0);
  if (r == (size_t)-1) return 0;
  set(W, mi, r, ZKA_MEMC_INIT, 7);
  return 1;
}
/* A field element as a byte: the add x0 result as bytes (c0 + 256, c1 - 1, c2, c3), the
 * same integer, with carry0 = 0: every byte-sum equation still holds, so only the range check
 * of c0 on ZKA_BUS_U8 stands in the way.  The CPU sends the same bytes as the ALU result. */
static int t_add_nonbyte(world *W) {
  size_t r = cpu_row_of(W, H_ADD_X0, 0);
  size_t ai = chip_index(W, &zka_chip_alu_addsub);
  size_t ar = alu_row_of(W, ai, ZKA_ALU_ADD, 0x017fff80u, 0x123480feu);
  if (r == (size_t)-1 || ar == (size_t)-1 || get(W, ai, ar, ZKA_ALU_ADD_CARRY) != 1 ||
      get(W, ai, ar, ZKA_ALU_ADD_C + 1) == 0)
    return 0;
  uint32_t c0 = get(W, ai, ar, ZKA_ALU_ADD_C) + 256, c1 = get(W, ai, ar, ZKA_ALU_ADD_C + 1) - 1;
  set(W, ai, ar, ZKA_ALU_ADD_C, c0);
  set(W, ai, ar, ZKA_ALU_ADD_C + 1, c1);
  set(W, ai, ar, ZKA_ALU_ADD_CARRY, 0);
  set(W, C_CPU, r, ZKA_CPU_C, c0);
  set(W, C_CPU, r, ZKA_CPU_C + 1, c1);
  set(W, C_CPU, r, ZKA_CPU_RDV, c0); /* rd = x0: the value goes nowhere */
  set(W, C_CPU, r, ZKA_CPU_RDV + 1, c1);
  return 1;
}
/* Wrap-around mod p: c0 + 1 with carry0 = 1 - 1/256 (a field element): c0' + 256·carry0'
 * equals the honest c0 + 256 in the field; only the boolean carry stands in the way. */
static int t_add_carry_field(world *W) {
  size_t ai = chip_index(W, &zka_chip_alu_addsub);
  size_t ar = alu_row_of(W, ai, ZKA_ALU_ADD, 0x017fff80u, 0x123480feu);
  if (ar == (size_t)-1) return 0;
  uint32_t c0 = get(W, ai, ar, ZKA_ALU_ADD_C);
  zka_babybear inv256 = zka_babybear_inv_ref(zka_bb(256));
  zka_babybear carry = zka_babybear_sub_ref(zka_bb(1), inv256);
  set(W, ai, ar, ZKA_ALU_ADD_C, (c0 + 1) & 255);
  *cell(W, ai, ar, ZKA_ALU_ADD_CARRY) = carry;
  size_t r = cpu_row_of(W, H_ADD_X0, 0);
  set(W, C_CPU, r, ZKA_CPU_C, (c0 + 1) & 255);
  set(W, C_CPU, r, ZKA_CPU_RDV, (c0 + 1) & 255);
  return 1;
}
/* A wrong division: divu x0 claims q - 1 with r + b (r >= b), as the CPU's ALU result. */
static int t_divu_wrong(world *W) {
  size_t di = chip_index(W, &zka_chip_alu_divrem);
  uint32_t a = 0x123480feu, b = 0x017fff80u, q = a / b, r = a % b;
  size_t ar = alu_row_of(W, di, ZKA_ALU_DIVU, a, b);
  size_t cr = cpu_row_of(W, H_DIVU_X0, 0);
  if (ar == (size_t)-1 || cr == (size_t)-1) return 0;
  uint32_t cells[ZKA_ALU_MAX_WIDTH] = {0};
  uint64_t save[256];
  memcpy(save, W->w->u8_count, sizeof save);
  zka_alu_divrem_row_claim(W->w, ZKA_ALU_DIVU, a, b, q - 1, r + b, cells);
  memcpy(W->w->u8_count, save, sizeof save);
  for (size_t c = 0; c < ZKA_ALU_DIV_WIDTH; c++) set(W, di, ar, c, cells[c]);
  set_word(W, C_CPU, cr, ZKA_CPU_C, q - 1);
  set_word(W, C_CPU, cr, ZKA_CPU_RDV, q - 1); /* rd = x0 */
  return 1;
}
/* The byte / half-word views of an aligned word load (offset 0) of v. */
static void load_views(world *W, size_t r, uint32_t v) {
  set(W, C_CPU, r, ZKA_CPU_LB, v & 255);
  set(W, C_CPU, r, ZKA_CPU_LH0, v & 255);
  set(W, C_CPU, r, ZKA_CPU_LH1, (v >> 8) & 255);
}

/* A load that returns something other than the last store: the load's old word, its rd value
 * and the word it leaves all say x8 ^ 1. */
static int t_load_stale(world *W) {
  size_t r = cpu_row_of(W, H_LOAD, 0);
  if (r == (size_t)-1) return 0;
  uint32_t v = get_word(W, C_CPU, r, ZKA_CPU_ACC_MEM + 1) ^ 1;
  set_word(W, C_CPU, r, ZKA_CPU_ACC_MEM + 1, v);
  set_word(W, C_CPU, r, ZKA_CPU_NW, v);
  set_word(W, C_CPU, r, ZKA_CPU_RDV, v);
  load_views(W, r, v);
  return 1;
}
/* The load reads the word's value from BEFORE the store (the image's), with that older
 * prev_ts: the store's send is left unconsumed. */
static int t_load_before_store(world *W) {
  size_t r = cpu_row_of(W, H_LOAD, 0), s = cpu_row_of(W, H_STORE, 0);
  if (r == (size_t)-1 || s == (size_t)-1) return 0;
  /* copy the store row's old value and prev_ts (what the store itself received) */
  for (size_t i = 0; i < 5; i++)
    *cell(W, C_CPU, r, ZKA_CPU_ACC_MEM + i) = *cell(W, C_CPU, s, ZKA_CPU_ACC_MEM + i);
  uint32_t ts = get(W, C_CPU, r, ZKA_CPU_TS) + 2, prev = get(W, C_CPU, r, ZKA_CPU_ACC_MEM);
  uint32_t gap = ts - prev - 1;
  for (size_t i = 0; i < 3; i++) set(W, C_CPU, r, ZKA_CPU_ACC_MEM + 5 + i, (gap >> (8 * i)) & 255);
  uint32_t v = get_word(W, C_CPU, r, ZKA_CPU_ACC_MEM + 1);
  set_word(W, C_CPU, r, ZKA_CPU_NW, v);
  set_word(W, C_CPU, r, ZKA_CPU_RDV, v);
  load_views(W, r, v);
  return 1;
}
/* An instruction not in the ELF: "add x0, x6, x7" executed as "sub x0, x6, x7" — the CPU's op
 * flag, its ALU request and result and the ALU row all say SUB consistently (rd = x0, so the
 * result goes nowhere); only the instruction's ZKA_BUS_PROGRAM tuple can tell. */
static int t_insn_not_in_elf(world *W) {
  size_t r = cpu_row_of(W, H_ADD_X0, 0);
  size_t ai = chip_index(W, &zka_chip_alu_addsub);
  const uint32_t a = 0x017fff80u, b = 0x123480feu, c = a - b;
  size_t ar = alu_row_of(W, ai, ZKA_ALU_ADD, a, b);
  if (r == (size_t)-1 || ar == (size_t)-1) return 0;
  set(W, C_CPU, r, ZKA_CPU_FLAG + ZKA_OP_ADD, 0);
  set(W, C_CPU, r, ZKA_CPU_FLAG + ZKA_OP_SUB, 1);
  set_word(W, C_CPU, r, ZKA_CPU_C, c);
  set_word(W, C_CPU, r, ZKA_CPU_RDV, c);
  set(W, ai, ar, 0, 0); /* is_add */
  set(W, ai, ar, 1, 1); /* is_sub: c + b = a */
  set_word(W, ai, ar, ZKA_ALU_ADD_C, c);
  uint32_t carry = 0;
  for (unsigned i = 0; i < 4; i++) {
    carry = (((c >> (8 * i)) & 255) + ((b >> (8 * i)) & 255) + carry) >> 8;
    set(W, ai, ar, ZKA_ALU_ADD_CARRY + i, carry);
  }
  return 1;
}
/* A jump to a misaligned address: the jalr goes to target + 2 and the next row claims it. */
static int t_jalr_misaligned(world *W) {
  size_t r = cpu_row_of(W, H_JALR, 0);
  if (r == (size_t)-1) return 0;
  uint32_t t = get(W, C_CPU, r, ZKA_CPU_NEXT_PC) + 2;
  set(W, C_CPU, r, ZKA_CPU_NEXT_PC, t);
  set(W, C_CPU, r + 1, ZKA_CPU_PC, t);
  return 1;
}
/* A padding row that sends: an ecall-chip padding row posing as an output transfer. */
static int t_padding_output(world *W) {
  size_t r = W->n - 1;
  set(W, C_ECALL, r, ZKA_ECT_OUT, 1);
  set(W, C_ECALL, r, ZKA_ECT_POS, (uint32_t)W->out_len);
  set(W, C_ECALL, r, ZKA_ECT_BYTE, '!');
  W->out[W->out_len++] = '!';
  return 1;
}
/* A multiplicity that is a large field element: an ALU padding row whose flag is -1
 * "un-receives" a tuple nobody sent (here: it cancels the add x0's request, so the ADD row
 * can be dropped). */
static int t_mult_negative(world *W) {
  size_t ai = chip_index(W, &zka_chip_alu_addsub);
  size_t ar = alu_row_of(W, ai, ZKA_ALU_ADD, 0x017fff80u, 0x123480feu);
  if (ar == (size_t)-1) return 0;
  /* the ADD row becomes a wrong result received twice... instead: copy it to padding with
   * flag p - 1 and change the real one's result (net: the wrong tuple once, right once - 1) */
  size_t pr = W->n - 1;
  memcpy(cell(W, ai, pr, 0), cell(W, ai, ar, 0), ZKA_ALU_ADD_WIDTH * sizeof(zka_babybear));
  *cell(W, ai, pr, 0) = zka_bb(ATK_P - 1);
  return 1;
}
/* The byte table claims a 257th value (val steps by 2 somewhere) to absorb a non-byte. */
static int t_byte_table_gap(world *W) {
  size_t bi = chip_index(W, &zka_chip_byte);
  set(W, bi, 255, 0, 256);
  return 1;
}
/* A memory word the run accessed vanishes from the memory chip (its chain never closed). */
static int t_memory_row_dropped(world *W) {
  size_t mi = chip_index(W, &zka_chip_memory), r = mem_row_of(W, DATA_BASE + 0x104);
  if (r == (size_t)-1) return 0;
  set(W, mi, r, ZKA_MEMC_REAL, 0);
  set(W, mi, r, ZKA_MEMC_RAM, 0);
  if (r) set(W, mi, r - 1, ZKA_MEMC_HAS_NEXT, 0);
  return 1;
}

/* Wrap-around in the memory chip's address order: the row after the write's row repeats
 * its address (a second chain for the same word), the difference claimed as p - 1. */
static int t_memory_address_wrap(world *W) {
  size_t mi = chip_index(W, &zka_chip_memory), r = mem_row_of(W, DATA_BASE + 0x100);
  if (r == (size_t)-1 || !get(W, mi, r, ZKA_MEMC_HAS_NEXT)) return 0;
  set(W, mi, r + 1, ZKA_MEMC_ADDR, DATA_BASE + 0x100);
  set_word(W, mi, r + 1, ZKA_MEMC_LO, DATA_BASE + 0x100 - W->prog->write_lo);
  set_word(W, mi, r, ZKA_MEMC_DIFF, ATK_P - 1);
  return 1;
}
/* The public write(1) request claims to be a debug write(2), hiding its output. */
static int t_output_as_debug(world *W) {
  for (size_t r = 0; r < W->n; r++)
    if (get(W, C_ECALL, r, ZKA_ECR_REQ) && get(W, C_ECALL, r, ZKA_ECR_F_OUT)) {
      set(W, C_ECALL, r, ZKA_ECR_F_OUT, 0);
      set(W, C_ECALL, r, ZKA_ECR_F_DBG, 1);
      return 1;
    }
  return 0;
}

/* ==== open holes? the trap attacks ============================================================ */

static void relax_all_writable(zka_zkvm_program *p) { p->write_lo = ZKA_ZKVM_TEXT_BASE; }
static void relax_more_memory(zka_zkvm_program *p) { p->mem_size += 0x10000u; }

/* The statement an attack proves is false only while the real executor traps on the
 * program.  If the executor's semantics change so that it halts (a fix on the executor's
 * side), the attack proves a true statement: say so and skip it. */
static int executor_traps(const char *name, zka_zkvm_stop stop, zka_zkvm_stop want,
                          const char *why) {
  if (stop == ZKA_ZKVM_HALTED) {
    printf("  %s: the executor now halts on this program: the statement is true, attack "
           "skipped\n", name);
    return 0;
  }
  CHECK(stop == want, "%s: the executor stops with %d, expected %d", name, (int)stop, (int)want);
  printf("  %s: the executor traps (stop %d, %s)\n", name, (int)stop, why);
  return 1;
}

/* The cheater's best answer to the writable flag on ZKA_BUS_MEM (zka_air_mem_access_wr): make
 * every access to a RAM word below the REAL write_lo carry wr = 0, as the memory chip's row
 * for that word does (CPU loads and stores: ZKA_CPU_MRO = 1; ecall transfers: ZKA_ECT_RO = 1),
 * so the chains balance again; only the rules "a store / a read(0) byte needs wr = 1" are
 * left to refuse. */
static int t_accesses_readonly(world *W) {
  const uint32_t wl = W->prog->write_lo;
  int changed = 0;
  for (size_t r = 0; r < W->steps.n; r++) {
    int mem = 0;
    for (int op = ZKA_OP_LB; op <= ZKA_OP_SW; op++) mem |= get(W, C_CPU, r, ZKA_CPU_FLAG + (size_t)op) != 0;
    if (!mem) continue;
    uint32_t addr = 4 * get(W, C_CPU, r, ZKA_CPU_Q) + (get(W, C_CPU, r, ZKA_CPU_C + 1) << 8) +
                    (get(W, C_CPU, r, ZKA_CPU_C + 2) << 16) + (get(W, C_CPU, r, ZKA_CPU_C + 3) << 24);
    if (addr >= wl) continue;
    set(W, C_CPU, r, ZKA_CPU_MRO, 1);
    changed = 1;
  }
  for (size_t r = 0; r < W->n; r++) {
    if (!get(W, C_ECALL, r, ZKA_ECT_IN) && !get(W, C_ECALL, r, ZKA_ECT_OUT)) continue;
    if ((get(W, C_ECALL, r, ZKA_ECT_ADDR) & ~3u) >= wl) continue;
    set(W, C_ECALL, r, ZKA_ECT_RO, 1);
    changed = 1;
  }
  return changed;
}

/* The other answer: the memory chip's row for the code word claims it writable (ro = 0, so
 * the chain's flag is 1 like the stores'), its bound addr - write_lo redone as bytes of the
 * (negative) difference: only that bound stands in the way. */
static int t_rom_row_writable(world *W) {
  size_t mi = chip_index(W, &zka_chip_memory), r = mem_row_of(W, ZKA_ZKVM_TEXT_BASE);
  if (r == (size_t)-1) return 0;
  set(W, mi, r, ZKA_MEMC_RO, 0);
  set_word(W, mi, r, ZKA_MEMC_LO, ZKA_ZKVM_TEXT_BASE - W->prog->write_lo);
  return 1;
}

/* A1: a store to read-only memory (the program's own code), a load of the stored value,
 * and a store that puts the old word back.  The executor traps at the first store; the
 * memory chip only checks that a read-only word ENDS with its initial value. */
static void attack_rom_store(void) {
  prog_t p;
  memset(&p, 0, sizeof p);
  li(&p, 5, ZKA_ZKVM_TEXT_BASE);
  emit(&p, LW(6, 5, 0));          /* the code word */
  li(&p, 7, 0x12345678u);
  emit(&p, SW(5, 7, 0));          /* store to R X memory: the executor traps here */
  emit(&p, LW(8, 5, 0));          /* loads 0x12345678 */
  emit(&p, SW(5, 6, 0));          /* restore */
  emit(&p, I_OP(7, 10, 8, 0xff)); /* exit(0x78) */
  emit(&p, ADDI(17, 0, 93));
  emit(&p, ECALL);
  zka_zkvm_program *real = load(&p, 0);
  if (!real) return;
  zka_zkvm_stop stop = real_run(real, NULL, 0, NULL);
  zka_zkvm_program_destroy(real);
  if (!executor_traps("rom_store", stop, ZKA_ZKVM_TRAP_ACCESS, "store to read-only memory")) return;
  world W;
  if (world_build(&W, &p, 0, NULL, 0, relax_all_writable, 0)) {
    CHECK(W.exit_code == 0x78, "rom_store: relaxed exit %d", W.exit_code);
    attack(&W, "rom_store_restore",
           "a program that stores to its own code (the executor traps: store to R X memory) "
           "is proven to halt with exit code 0x78, a value loaded from ROM that the ELF does "
           "not hold",
           t_none);
    attack(&W, "rom_store_restore_flagged",
           "the same, with every access to the code word carrying the read-only flag",
           t_accesses_readonly);
    attack(&W, "rom_store_restore_row_writable",
           "the same, with the code word's memory row claimed writable", t_rom_row_writable);
  }
  world_free(&W);
}

/* A2: read(0) into read-only memory, a load of the input bytes from there, and a second
 * read that puts the old bytes back (the input is private: the cheater picks it). */
static void attack_rom_read(void) {
  prog_t p;
  memset(&p, 0, sizeof p);
  sys(&p, 63, 0, ZKA_ZKVM_TEXT_BASE, 4); /* read 4 bytes over the first code word */
  li(&p, 5, ZKA_ZKVM_TEXT_BASE);
  emit(&p, LW(8, 5, 0));                 /* the input bytes, from "ROM" */
  sys(&p, 63, 0, ZKA_ZKVM_TEXT_BASE, 4); /* read the original bytes back */
  emit(&p, I_OP(7, 10, 8, 0xff));
  emit(&p, ADDI(17, 0, 93));
  emit(&p, ECALL);
  uint8_t in[8] = {'A', 'B', 'C', 'D'};
  for (int i = 0; i < 4; i++) in[4 + i] = (uint8_t)(p.w[0] >> (8 * i));
  zka_zkvm_program *real = load(&p, 0);
  if (!real) return;
  zka_zkvm_stop stop = real_run(real, in, sizeof in, NULL);
  zka_zkvm_program_destroy(real);
  if (!executor_traps("rom_read", stop, ZKA_ZKVM_TRAP_ECALL, "read buffer outside writable memory"))
    return;
  world W;
  if (world_build(&W, &p, 0, in, sizeof in, relax_all_writable, 0)) {
    CHECK(W.exit_code == 'A', "rom_read: relaxed exit %d", W.exit_code);
    attack(&W, "rom_read_restore",
           "a program that read(0)s into its own code (the executor traps: buffer outside "
           "writable memory) is proven to halt with exit code 'A' loaded from ROM",
           t_none);
    attack(&W, "rom_read_restore_flagged",
           "the same, with every access to the code word carrying the read-only flag",
           t_accesses_readonly);
  }
  world_free(&W);
}

/* The memory chip's layout columns back to the real program's (text_base, write_lo, mem_end):
 * what the verifier sends on ZKA_BUS_LAYOUT. */
static int t_real_layout(world *W) {
  size_t mi = chip_index(W, &zka_chip_memory);
  const uint32_t me = ZKA_ZKVM_TEXT_BASE + W->prog->mem_size;
  for (size_t r = 0; r < W->n; r++) {
    set(W, mi, r, ZKA_MEMC_TB, ZKA_ZKVM_TEXT_BASE);
    set(W, mi, r, ZKA_MEMC_WL, W->prog->write_lo);
    set(W, mi, r, ZKA_MEMC_ME, me);
    /* the last real row's bound mem_end - 1 - addr, redone where it is still >= 0 */
    uint32_t a = get(W, mi, r, ZKA_MEMC_ADDR);
    if (get(W, mi, r, ZKA_MEMC_REAL) && !get(W, mi, r, ZKA_MEMC_HAS_NEXT) && a < me)
      set_word(W, mi, r, ZKA_MEMC_DIFF, me - 1 - a);
  }
  return 1;
}

/* A3: write(2, buf, n) with buf outside guest memory.  The executor traps (the debug stream
 * is checked like the public one); the ecall chip reads a1 but never checks it for fd 2. */
static void attack_dbg_buffer(void) {
  prog_t p;
  memset(&p, 0, sizeof p);
  const uint32_t bad = 0x00030000u; /* past the map (0x22000); the relaxed map ends at 0x32000 */
  sys(&p, 64, 2, bad, 5); /* write(2, unmapped, 5) returns 5 in the relaxed run */
  emit(&p, ADDI(17, 0, 93));
  emit(&p, ECALL);        /* exit(a0 = 5) */
  zka_zkvm_program *real = load(&p, 0);
  if (!real) return;
  CHECK(bad >= ZKA_ZKVM_TEXT_BASE + real->mem_size, "dbg_buffer: 0x%08x is mapped", bad);
  zka_zkvm_stop stop = real_run(real, NULL, 0, NULL);
  zka_zkvm_program_destroy(real);
  if (!executor_traps("dbg_buffer", stop, ZKA_ZKVM_TRAP_ECALL, "write(2) buffer outside memory"))
    return;
  world W;
  if (world_build(&W, &p, 0, NULL, 0, relax_more_memory, 1)) {
    CHECK(W.exit_code == 5, "dbg_buffer: relaxed exit %d", W.exit_code);
    attack(&W, "dbg_write_unmapped_buffer",
           "a program whose write(2, buf, 5) has buf outside guest memory (the executor "
           "traps) is proven to halt with exit code 5",
           t_real_layout);
  }
  world_free(&W);
}

/* A4 (control): a store to a read-only word that is NOT put back is refused.  Under the real
 * layout every RAM row below write_lo is (re)claimed read-only with its bound redone, so the
 * only rule left in the way is "read-only words keep their value". */
static int t_rows_readonly(world *W) {
  size_t mi = chip_index(W, &zka_chip_memory);
  for (size_t r = 0; r < W->n; r++) {
    set(W, mi, r, ZKA_MEMC_WL, W->prog->write_lo);
    uint32_t a = get(W, mi, r, ZKA_MEMC_ADDR);
    if (!get(W, mi, r, ZKA_MEMC_RAM) || a >= W->prog->write_lo) continue;
    set(W, mi, r, ZKA_MEMC_RO, 1);
    set_word(W, mi, r, ZKA_MEMC_LO, a - ZKA_ZKVM_TEXT_BASE);
  }
  return 1;
}

static void attack_rom_store_kept(void) {
  prog_t p;
  memset(&p, 0, sizeof p);
  li(&p, 5, DATA_BASE); /* the data segment, loaded read-only */
  li(&p, 7, 0x12345678u);
  emit(&p, SW(5, 7, 0));
  emit(&p, LW(10, 5, 0));
  emit(&p, ADDI(17, 0, 93));
  emit(&p, ECALL);
  zka_zkvm_program *real = load(&p, 1);
  if (!real) return;
  zka_zkvm_stop stop = real_run(real, NULL, 0, NULL);
  zka_zkvm_program_destroy(real);
  CHECK(stop == ZKA_ZKVM_TRAP_ACCESS, "rom_store_kept: the executor should trap (stop %d)", (int)stop);
  /* the memory chip's gen itself refuses (a read-only word changed): build the world with
   * the relaxed layout for the memory chip too, then present the REAL layout to the check */
  world W;
  int built = world_build(&W, &p, 0, NULL, 0, NULL, 0); /* data writable in this world */
  if (built) {
    /* swap the statement's program for the read-only-data one: the verifier now sends
     * write_lo = the end of memory, while the memory chip's rows say rw */
    zka_zkvm_program *ro = load(&p, 1);
    if (ro) {
      zka_zkvm_program *keep = W.prog;
      W.prog = ro;
      attack(&W, "rom_store_kept",
             "a store to read-only data that changes it for good (its memory row read-only "
             "under the real write_lo)",
             t_rows_readonly);
      W.prog = keep;
      zka_zkvm_program_destroy(ro);
    }
  }
  world_free(&W);
}

/* Completeness guard for fixes of finding 3: the executor checks a write's buffer only when
 * it moves bytes, so write(2, unmapped, 0) and write(1, unmapped, 0) halt normally and must
 * stay provable. */
static void completeness_zero_length_writes(void) {
  prog_t p;
  memset(&p, 0, sizeof p);
  sys(&p, 64, 2, 0x00030000u, 0);
  sys(&p, 64, 1, 0x00030000u, 0);
  sys(&p, 64, 2, 0xFFFFFFF0u, 0);
  emit(&p, ADDI(17, 0, 93));
  emit(&p, ECALL);
  zka_zkvm_program *real = load(&p, 0);
  if (!real) return;
  int32_t code = -1;
  zka_zkvm_stop stop = real_run(real, NULL, 0, &code);
  zka_zkvm_program_destroy(real);
  CHECK(stop == ZKA_ZKVM_HALTED, "zero-length writes: the executor stops with %d", (int)stop);
  world W;
  if (world_build(&W, &p, 0, NULL, 0, NULL, 0)) {
    zka_status s = world_check(&W);
    CHECK(s == ZKA_OK, "zero-length writes to unmapped buffers are not provable: %s",
          zka_ctx_last_error(ctx));
    if (s == ZKA_OK)
      printf("  completeness: write(2|1, unmapped, 0) then exit(%d) is provable, as the executor "
             "allows it\n", code);
  }
  world_free(&W);
}

int main(void) {
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  printf("test_zkvm_attacks: soundness attacks on the zkVM tables (zka_air_check + the "
         "verifier's side of zkvm/prove.c)\n");

  /* the honest world must pass, else no attack means anything */
  prog_t hp;
  honest_program(&hp);
  world H;
  if (world_build(&H, &hp, 0, NULL, 0, NULL, 0)) {
    zka_status s = world_check(&H);
    CHECK(s == ZKA_OK, "the honest tables fail: %s", zka_ctx_last_error(ctx));
    rebalance_u8(&H);
    s = world_check(&H);
    CHECK(s == ZKA_OK, "the honest tables with a recounted byte table fail: %s", zka_ctx_last_error(ctx));
    printf("  honest run: %zu cycles, n = %zu, exit %d, %zu output bytes: accepted\n", H.steps.n,
           H.n, H.exit_code, H.out_len);
    H.ok = s == ZKA_OK;
  }
  if (H.ok) { /* the proof-file forger itself: an honest file passes, a false claim does not */
    printf("  control: the proof-file builder on the honest tables:\n");
    CHECK(forge_and_verify(&H) == ZKA_OK, "honest proof file: %s", zka_ctx_last_error(ctx));
    H.exit_code ^= 1;
    printf("  control: the same with the exit code claim changed:\n");
    CHECK(forge_and_verify(&H) != ZKA_OK, "a wrong exit claim verified");
    H.exit_code ^= 1;
  }
  printf(" attacks that must be refused (regression guards):\n");
  attack(&H, "exit_code_claim", "a wrong exit code", t_exit_claim);
  attack(&H, "output_byte_claim", "a wrong public output byte", t_output_byte);
  attack(&H, "output_skipped_byte", "the output without its last byte", t_output_skip);
  attack(&H, "output_extra_byte", "an output byte never written", t_output_extra);
  attack(&H, "output_reordered", "two output bytes swapped", t_output_swap);
  attack(&H, "cycles_claim", "one cycle more than ran", t_cycles_claim);
  attack(&H, "count_moved", "an execution count moved to an instruction never run", t_count_moved);
  attack(&H, "no_halt", "a run cut before its exit", t_no_halt);
  attack(&H, "run_after_halt", "a real row after the exit", t_after_halt);
  attack(&H, "x0_written", "add x0 writes x0", t_x0_write);
  attack(&H, "x0_initial_value", "x0 starts at 7", t_x0_init);
  attack(&H, "add_result_not_a_byte", "an ADD result byte c0 + 256 (a field element)", t_add_nonbyte);
  attack(&H, "add_carry_field_element", "an ADD carry that is a field element", t_add_carry_field);
  attack(&H, "divu_wrong_quotient", "divu with q - 1 and r + b", t_divu_wrong);
  attack(&H, "load_not_last_store", "a load returns x8 ^ 1 after storing x8", t_load_stale);
  attack(&H, "load_before_store", "a load returns the value from before the last store",
         t_load_before_store);
  attack(&H, "insn_not_in_elf", "sub x0, x6, x7 executed where the ELF has add", t_insn_not_in_elf);
  attack(&H, "jalr_misaligned", "a jalr landing 2 bytes past its target", t_jalr_misaligned);
  attack(&H, "padding_row_output", "an ecall padding row sends an output byte", t_padding_output);
  attack(&H, "alu_mult_minus_one", "an ALU row with flag p - 1", t_mult_negative);
  attack(&H, "byte_table_gap", "the byte table holds 256", t_byte_table_gap);
  attack(&H, "memory_row_dropped", "an accessed word without a memory row", t_memory_row_dropped);
  attack(&H, "memory_address_wrap", "two memory rows for one word (difference p - 1)",
         t_memory_address_wrap);
  attack(&H, "output_as_debug", "write(1) claimed as write(2)", t_output_as_debug);
  world_free(&H);
  attack_rom_store_kept();
  completeness_zero_length_writes();

  printf(" attacks on runs the executor refuses (traps):\n");
  forge_open = 1;
  attack_rom_store();
  attack_rom_read();
  attack_dbg_buffer();

  printf("test_zkvm_attacks: %d attack(s) refused, %d OPEN HOLE(s), %d could not be set up\n",
         n_refused, n_open, n_broken);
  CHECK(n_open == 0, "%d attack(s) accepted: open soundness holes (see OPEN HOLE lines)", n_open);
  zka_ctx_destroy(ctx);
  return zka_test_finish("test_zkvm_attacks");
}
