/* test_zkvm_mem.c — the memory chip and the ecall chip (zkvm/chips/memory.c, ecall.c).
 *
 * A witness built by hand: a fake program image (a code and a data segment), a "CPU" that
 * writes registers and memory through zka_memacc_gen (its accesses go to a small test-only
 * table using the same gadget), and ecalls through zka_ecall_gen: write(1) from the image,
 * read(0) into unaligned buffers, a short read and a read at the end of the input, write(2),
 * bad fds, exit.  The test keeps its own byte-level shadow of memory and computes the
 * expected output, input placement and return values independently.
 *
 * The traces of the memory chip, the ecall chip, the access table and the real byte chip
 * pass zka_air_check with an external callback playing the CPU (ECALL sends), the verifier
 * (IMAGE sends, OUTPUT and HALT receives) and the ALU chips (receives of the requests).
 * Then single tampers must fail.  For the tampers the byte table's counts and the ALU
 * receives are recomputed from the tampered traces (every byte sent, every ALU request that
 * is correct), as a cheating prover would, so a tamper fails only when the constraints or
 * the memory / output / chain arguments catch it.
 *
 * Then random ecall sequences (honest traces must pass), and an end-to-end run: the executor
 * on a hand-assembled program, every chip of the prover (CPU, ecall, ALU, memory, byte) in
 * the prover's order, checked against the verifier's side alone.
 */
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "zkaccel/zkaccel.h"
#include "zkvm/chips/cpu_cols.h"
#include "zkvm/stark/stark.h"
#include "zkvm/chips/mem_ecall.h"
#include "zkvm/asm.h"

/* ---- the test's access table (stands in for the CPU's memory accesses) ------------------- */

enum { TA_MULT, TA_WRITE, TA_ADDR, TA_TS, TA_NEW, TA_G = TA_NEW + 4, TA_WIDTH = TA_G + ZKA_MEMACC_COLS };

typedef struct {
  uint32_t addr, ts, write, val;
  zka_babybear g[ZKA_MEMACC_COLS];
} acc_rec;

static void acc_air(zka_air_builder *b) {
  zka_expr mult = zka_air_col(b, TA_MULT), wr = zka_air_col(b, TA_WRITE), nw[4];
  zka_air_assert_bool(b, mult);
  zka_air_assert_bool(b, wr);
  for (size_t i = 0; i < 4; i++) {
    nw[i] = zka_air_col(b, TA_NEW + i);
    zka_air_assert_zero_when(b, zka_air_not(b, wr), zka_air_sub(b, nw[i], zka_air_memacc_old(b, TA_G, i)));
    zka_air_send(b, ZKA_BUS_U8, wr, &nw[i], 1);
  }
  zka_air_mem_access(b, TA_G, mult, zka_air_col(b, TA_ADDR), nw, zka_air_col(b, TA_TS));
}

/* ---- the scenario ----------------------------------------------------------------------- */

#define FAKE_DATA 0x11000u /* the fake program's data segment */
#define MEM_SIZE 0x4000u /* mapped: 0x10000 .. 0x14000 */

typedef struct {
  uint32_t clk, ts, ts_end, halt;
} call_rec;

typedef struct {
  zka_zkvm_program prog;
  uint8_t file[32];
  zka_zkvm_witness w;
  zka_vec acc;   /* acc_rec */
  zka_vec calls; /* call_rec */
  uint32_t ts, clk;
  uint8_t shadow[MEM_SIZE]; /* bytes from 0x10000, the test's own memory model */
  uint32_t regs[32];
  uint8_t out[4096];
  size_t out_len, in_pos;
  const uint8_t *input;
  size_t input_len;
  int32_t exit_code;
  uint32_t exit_clk;
  zka_ctx *ctx;
} scenario;

static const uint8_t input_bytes[] = "HELLOxyz"; /* 8 bytes of private input */

static void cpu_access(scenario *S, uint32_t addr, int write, uint32_t val) {
  acc_rec r;
  memset(&r, 0, sizeof r);
  r.addr = addr;
  r.ts = S->ts++;
  r.write = (uint32_t)write;
  uint32_t old = zka_memacc_gen(&S->w, r.g, addr, write, val, r.ts);
  r.val = write ? val : old;
  if (write) zka_witness_u8_word(&S->w, val);
  CHECK(zka_vec_push(&S->acc, &r) != NULL, "out of memory");
  if (addr < 32) {
    if (write) S->regs[addr] = val;
    CHECK(write || old == S->regs[addr], "register x%u reads 0x%08x, model 0x%08x", addr, old, S->regs[addr]);
  } else {
    uint32_t o = addr - ZKA_ZKVM_TEXT_BASE, model = 0;
    for (int i = 0; i < 4; i++) model |= (uint32_t)S->shadow[o + i] << (8 * i);
    CHECK(old == model, "word 0x%08x reads 0x%08x, model 0x%08x", addr, old, model);
    if (write)
      for (int i = 0; i < 4; i++) S->shadow[o + i] = (uint8_t)(val >> (8 * i));
  }
  S->clk++;
}

/* One ecall with a7, a0, a1, a2 set by the "CPU" first; the result is checked against
 * the test's own model (want_ret) and read back by the CPU. */
static void ecall(scenario *S, uint32_t a7, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t want_ret) {
  cpu_access(S, 17, 1, a7);
  cpu_access(S, 10, 1, a0);
  cpu_access(S, 11, 1, a1);
  cpu_access(S, 12, 1, a2);
  call_rec c = {S->clk, S->ts, 0, 0};
  int halt = 0;
  zka_status st = zka_ecall_gen(&S->w, c.clk, c.ts, &c.ts_end, &halt, S->ctx);
  CHECK(st == ZKA_OK, "ecall a7=%u a0=%u: %s", a7, a0, zka_ctx_last_error(S->ctx));
  c.halt = (uint32_t)halt;
  CHECK(zka_vec_push(&S->calls, &c) != NULL, "out of memory");
  CHECK(c.halt == (a7 == 93), "halt flag %u for a7 %u", c.halt, a7);
  S->ts = c.ts_end;
  S->clk++;
  /* the model: what the executor does */
  if (a7 == 63 && a0 == 0) {
    uint32_t n = a2 < S->input_len - S->in_pos ? a2 : (uint32_t)(S->input_len - S->in_pos);
    if (n) memcpy(S->shadow + (a1 - ZKA_ZKVM_TEXT_BASE), S->input + S->in_pos, n);
    S->in_pos += n;
  } else if (a7 == 64 && a0 == 1) {
    memcpy(S->out + S->out_len, S->shadow + (a1 - ZKA_ZKVM_TEXT_BASE), a2);
    S->out_len += a2;
  } else if (a7 == 93) {
    S->exit_code = (int32_t)a0;
    S->exit_clk = c.clk;
  }
  if (a7 != 93) {
    S->regs[10] = want_ret;
    cpu_access(S, 10, 0, 0); /* checks a0 == want_ret */
  }
}

static void store(scenario *S, uint32_t addr, uint32_t val) { cpu_access(S, addr, 1, val); }

/* The fake program, an empty witness over it, and the private input. */
static void scenario_init(scenario *S, const uint8_t *input, size_t input_len) {
  /* text: 4 words at 0x10000 (filesz 16); data: 10 bytes at 0x11000 (memsz 0x3000) */
  for (size_t i = 0; i < sizeof S->file; i++) S->file[i] = (uint8_t)(0x30 + i);
  S->prog.entry = ZKA_ZKVM_TEXT_BASE;
  S->prog.mem_size = MEM_SIZE;
  S->prog.write_lo = FAKE_DATA;
  S->prog.nseg = 2;
  S->prog.seg[0] = (zka_zkvm_segment){ZKA_ZKVM_TEXT_BASE, 0x1000, 16, 5, 0};
  S->prog.seg[1] = (zka_zkvm_segment){FAKE_DATA, 0x3000, 10, 6, 16};
  S->prog.file = S->file;
  S->prog.file_len = 26;
  for (uint32_t i = 0; i < 16; i++) S->shadow[i] = S->file[i];
  for (uint32_t i = 0; i < 10; i++) S->shadow[FAKE_DATA - ZKA_ZKVM_TEXT_BASE + i] = S->file[16 + i];

  zka_zkvm_witness *w = &S->w;
  w->prog = &S->prog;
  S->input = w->input = input;
  S->input_len = w->input_len = input_len;
  zka_vec_init(&w->output, 1);
  zka_vec_init(&w->alu, sizeof(zka_alu_event));
  zka_vec_init(&S->acc, sizeof(acc_rec));
  zka_vec_init(&S->calls, sizeof(call_rec));
  CHECK(zka_memstate_new(&w->mem, &S->prog, S->ctx) == ZKA_OK, "%s", zka_ctx_last_error(S->ctx));
  S->ts = 1;
}

static void scenario_free(scenario *S) {
  zka_chip_memory.free(&S->w, 0);
  zka_chip_ecall.free(&S->w, 1);
  zka_memstate_free(S->w.mem);
  zka_vec_free(&S->w.output);
  zka_vec_free(&S->w.alu);
  zka_vec_free(&S->acc);
  zka_vec_free(&S->calls);
}

static void scenario_run(scenario *S) {
  scenario_init(S, input_bytes, sizeof input_bytes - 1);
  store(S, 0x12000, 0x64636261);           /* "abcd" */
  ecall(S, 64, 1, FAKE_DATA + 1, 7, 7);    /* output 7 image bytes, unaligned, across words */
  ecall(S, 63, 0, 0x12003, 5, 5);          /* read "HELLO" into 0x12003.. (two words) */
  ecall(S, 64, 1, 0x12002, 7, 7);          /* output "c" "HELLO" and a zero byte */
  ecall(S, 64, 2, 0x12000, 4, 4);          /* debug: returns count, no output */
  ecall(S, 63, 0, 0x12010, 10, 3);         /* short read: "xyz", then end of input */
  ecall(S, 63, 0, 0x12020, 4, 0);          /* at the end: returns 0 */
  ecall(S, 63, 3, 0x12020, 4, 0xFFFFFFF7); /* read on fd 3: -EBADF */
  ecall(S, 64, 0x100, 0x12020, 4, 0xFFFFFFF7); /* write on fd 256: -EBADF */
  ecall(S, 64, 1, 0x12010, 3, 3);          /* output "xyz" */
  ecall(S, 64, 1, 0x12010, 0, 0);          /* empty write */
  ecall(S, 93, 0xFFFFFFFD, 0, 0, 0);       /* exit(-3) */
}

/* ---- tables, fill, check ------------------------------------------------------------------ */

enum { T_MEM, T_EC, T_ACC, T_BYTE, N_T };

typedef struct {
  zka_air_table air[N_T];
  zka_babybear *rows[N_T];
  size_t n;
  /* what the external party claims / plays */
  uint8_t out[4096];
  size_t out_len;
  int32_t exit_code;
  uint32_t layout[3]; /* (text_base, write_lo, mem_end) */
  int cheat_helpers; /* recompute byte counts and ALU receives from the traces */
  scenario *S;
} world;

static int build(zka_air_table *t, const char *name, size_t width, void (*air)(zka_air_builder *),
                 zka_ctx *ctx) {
  zka_air_builder *b;
  if (zka_air_builder_new(&b, name, width, ctx) != ZKA_OK) return 0;
  air(b);
  return zka_air_builder_finish(b, t, ctx) == ZKA_OK;
}

/* The verifier's side of the memory boundary and the streams for a whole run in one
 * segment: every address the honest run touched (mem) with its start value taken from a
 * fresh memory state (the ELF image or 0, never from the tables under test) and its honest
 * final value; the streams from (0, 0) to (out_len, eof). */
static zka_status emit_boundary(const zka_zkvm_program *prog, const zka_memstate *mem,
                                size_t out_len, uint32_t eof, zka_air_emit_fn emit_fn,
                                void *acc, zka_ctx *ctx) {
  zka_memstate *fresh = NULL;
  zka_status st = zka_memstate_new(&fresh, prog, ctx);
  if (st != ZKA_OK) return st;
  size_t n = zka_memstate_entries(mem, NULL);
  zka_mem_entry *e = calloc(n ? n : 1, sizeof *e);
  if (!e) {
    zka_memstate_free(fresh);
    return ZKA_ERR_OUT_OF_MEMORY;
  }
  zka_memstate_entries(mem, e);
  for (size_t i = 0; i < n; i++) {
    zka_babybear v[5] = {zka_bb(e[i].addr)};
    const uint32_t init = zka_memstate_peek(fresh, e[i].addr);
    for (int k = 0; k < 4; k++) v[1 + k] = zka_bb((init >> (8 * k)) & 255);
    emit_fn(acc, ZKA_BUS_MEM_IN, +1, zka_bb(1), v, 5);
    for (int k = 0; k < 4; k++) v[1 + k] = zka_bb((e[i].final >> (8 * k)) & 255);
    emit_fn(acc, ZKA_BUS_MEM_OUT, -1, zka_bb(1), v, 5);
  }
  zka_babybear io[3] = {zka_bb(0), zka_bb(0), zka_bb(0)};
  emit_fn(acc, ZKA_BUS_IOSTATE, +1, zka_bb(1), io, 3);
  io[0] = zka_bb(1);
  io[1] = zka_bb((uint32_t)out_len);
  io[2] = zka_bb(eof);
  emit_fn(acc, ZKA_BUS_IOSTATE, -1, zka_bb(1), io, 3);
  free(e);
  zka_memstate_free(fresh);
  return ZKA_OK;
}

static void emit_alu(zka_air_emit_fn emit_fn, void *acc, uint32_t op, uint32_t a, uint32_t b, uint32_t c) {
  zka_babybear v[13] = {zka_bb(op)};
  for (int i = 0; i < 4; i++) {
    v[1 + i] = zka_bb((a >> (8 * i)) & 255);
    v[5 + i] = zka_bb((b >> (8 * i)) & 255);
    v[9 + i] = zka_bb((c >> (8 * i)) & 255);
  }
  emit_fn(acc, ZKA_BUS_ALU, -1, zka_bb(1), v, 13);
}

/* Visit every interaction of bus `bus` sent (+1) by table t's rows: fn(user, mult, vals, n). */
typedef void (*visit_fn)(void *user, zka_babybear mult, const zka_babybear *vals, size_t n);
static void visit_sends(const zka_air_table *t, const zka_babybear *rows, size_t n, uint32_t bus,
                        visit_fn fn, void *user) {
  zka_babybear *vals = malloc(t->n_nodes * sizeof *vals);
  if (!vals) return;
  const zka_babybear one = zka_bb(1), zero = zka_bb(0);
  for (size_t r = 0; r < n; r++) {
    zka_air_eval_row(t, vals, rows + r * t->width, rows + ((r + 1) % n) * t->width,
                     r == 0 ? one : zero, r == n - 1 ? one : zero, r == n - 1 ? zero : one);
    for (size_t k = 0; k < t->n_inter; k++) {
      const zka_air_interaction *it = &t->inter[k];
      if (it->bus != bus || it->sign != 1 || !vals[it->mult].v) continue;
      zka_babybear tv[ZKA_AIR_MAX_TUPLE];
      for (uint32_t i = 0; i < it->n; i++) tv[i] = vals[it->vals[i]];
      fn(user, vals[it->mult], tv, it->n);
    }
  }
  free(vals);
}

static void count_byte(void *user, zka_babybear mult, const zka_babybear *v, size_t n) {
  (void)n;
  uint64_t *cnt = user;
  uint32_t x = zka_bb_u32(v[0]);
  if (x < 256) cnt[x] += zka_bb_u32(mult);
}

typedef struct {
  zka_air_emit_fn emit_fn;
  void *acc;
} alu_ctx;

static void answer_alu(void *user, zka_babybear mult, const zka_babybear *v, size_t n) {
  alu_ctx *a = user;
  uint32_t w[3] = {0, 0, 0};
  if (n != 13) return;
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < 4; i++) {
      uint32_t x = zka_bb_u32(v[1 + 4 * k + i]);
      if (x > 255) return; /* not a word: no ALU chip receives it */
      w[k] |= x << (8 * i);
    }
  uint32_t op = zka_bb_u32(v[0]);
  if (op == 0 || op >= ZKA_ALU_OP_COUNT || zka_alu_eval(op, w[0], w[1]) != w[2]) return;
  a->emit_fn(a->acc, ZKA_BUS_ALU, -1, mult, v, 13);
}

static zka_status external(void *user, zka_air_emit_fn emit_fn, void *acc, zka_ctx *ctx) {
  world *W = user;
  scenario *S = W->S;
  /* the CPU: one ECALL send per ecall */
  for (size_t i = 0; i < S->calls.n; i++) {
    const call_rec *c = (const call_rec *)S->calls.p + i;
    zka_babybear v[4] = {zka_bb(c->clk), zka_bb(c->ts), zka_bb(c->ts_end), zka_bb(c->halt)};
    emit_fn(acc, ZKA_BUS_ECALL, +1, zka_bb(1), v, 4);
  }
  /* the verifier: the memory boundary, the streams, the claimed output and exit */
  zka_status st = emit_boundary(&S->prog, S->w.mem, S->out_len, (uint32_t)S->w.eof, emit_fn, acc, ctx);
  if (st != ZKA_OK) return st;
  for (size_t i = 0; i < W->out_len; i++) {
    zka_babybear v[2] = {zka_bb((uint32_t)i), zka_bb(W->out[i])};
    emit_fn(acc, ZKA_BUS_OUTPUT, -1, zka_bb(1), v, 2);
  }
  zka_babybear l[3] = {zka_bb(W->layout[0]), zka_bb(W->layout[1]), zka_bb(W->layout[2])};
  emit_fn(acc, ZKA_BUS_LAYOUT, +1, zka_bb(1), l, 3);
  zka_babybear h[5];
  for (int i = 0; i < 4; i++) h[i] = zka_bb(((uint32_t)W->exit_code >> (8 * i)) & 255);
  h[4] = zka_bb(S->exit_clk);
  emit_fn(acc, ZKA_BUS_HALT, -1, zka_bb(1), h, 5);
  /* the ALU chips */
  if (W->cheat_helpers) {
    alu_ctx a = {emit_fn, acc};
    for (int t = 0; t < N_T; t++)
      visit_sends(&W->air[t], W->rows[t], W->n, ZKA_BUS_ALU, answer_alu, &a);
  } else {
    for (size_t i = 0; i < S->w.alu.n; i++) {
      const zka_alu_event *ev = (const zka_alu_event *)S->w.alu.p + i;
      emit_alu(emit_fn, acc, ev->op, ev->a, ev->b, ev->c);
    }
  }
  return ZKA_OK;
}

static zka_status world_check(world *W, unsigned flags) {
  zka_air_trace tr[N_T];
  for (int t = 0; t < N_T; t++) tr[t] = (zka_air_trace){&W->air[t], W->rows[t]};
  if (W->cheat_helpers) { /* the byte table a cheating prover would fill */
    uint64_t cnt[256] = {0};
    for (int t = 0; t < N_T; t++)
      if (t != T_BYTE) visit_sends(&W->air[t], W->rows[t], W->n, ZKA_BUS_U8, count_byte, cnt);
    for (size_t r = 0; r < 256; r++) W->rows[T_BYTE][r * 2 + 1] = zka_bb((uint32_t)(cnt[r] % 0x78000001u));
  }
  return zka_air_check(tr, N_T, W->n, external, W, flags, W->S->ctx);
}

/* ---- tampering ------------------------------------------------------------------------------ */

static zka_babybear *cell(world *W, int t, size_t row, size_t col) {
  return &W->rows[t][row * W->air[t].width + col];
}

static size_t mem_row_of(world *W, uint32_t addr) {
  for (size_t r = 0; r < W->n; r++) {
    uint32_t a = zka_bb_u32(*cell(W, T_MEM, r, ZKA_MEMC_ADDR));
    if (zka_bb_u32(*cell(W, T_MEM, r, ZKA_MEMC_REAL)) && a == addr) return r;
  }
  return (size_t)-1;
}

/* Run `tamper` on a copy of the traces, expect the check to fail, restore. */
typedef void (*tamper_fn)(world *W);
static void expect_fail(world *W, const char *what, tamper_fn tamper, const char *must_say) {
  zka_babybear *saved[N_T];
  for (int t = 0; t < N_T; t++) {
    size_t bytes = W->n * W->air[t].width * sizeof(zka_babybear);
    saved[t] = malloc(bytes);
    memcpy(saved[t], W->rows[t], bytes);
  }
  world keep = *W;
  W->cheat_helpers = 1;
  tamper(W);
  zka_status st = world_check(W, 0);
  const char *msg = zka_ctx_last_error(W->S->ctx);
  CHECK(st == ZKA_ERR_VERIFY_FAILED, "tamper '%s' accepted", what);
  if (st != ZKA_OK && must_say) CHECK(strstr(msg, must_say) != NULL, "tamper '%s': %s", what, msg);
  printf("  rejected: %-48s (%.150s)\n", what, msg);
  for (int t = 0; t < N_T; t++) {
    memcpy(W->rows[t], saved[t], W->n * W->air[t].width * sizeof(zka_babybear));
    free(saved[t]);
  }
  *W = keep;
}

static void t_dup_addr(world *W) {
  size_t r = mem_row_of(W, 0x12000);
  *cell(W, T_MEM, r + 1, ZKA_MEMC_ADDR) = *cell(W, T_MEM, r, ZKA_MEMC_ADDR);
}
/* A duplicate that satisfies the order constraint in the field: the row after 0x12000
 * claims 0x12000 again with diff = p - 1 = 0x78000000 (so next - addr - 1 = diff mod p) and
 * the following diff adjusted; only the diff's range check (top byte < 16) stops it. */
static void bump(world *W, size_t r, size_t col, int delta) {
  *cell(W, T_MEM, r, col) = zka_bb((uint32_t)((int)zka_bb_u32(*cell(W, T_MEM, r, col)) + delta));
}
static void t_dup_addr_wrap(world *W) {
  size_t r = mem_row_of(W, 0x12000);
  *cell(W, T_MEM, r + 1, ZKA_MEMC_ADDR) = *cell(W, T_MEM, r, ZKA_MEMC_ADDR);
  for (int i = 0; i < 4; i++) *cell(W, T_MEM, r, ZKA_MEMC_DIFF + i) = zka_bb(i == 3 ? 0x78 : 0);
  /* row r+1's other differences follow its new address (no carries for these values) */
  bump(W, r + 1, ZKA_MEMC_DIFF, 4);
  bump(W, r + 1, ZKA_MEMC_LO, -4);
}
/* The verifier's layout changed to (tb, wl, me); the prover refills the layout columns and
 * the bound differences as well as bytes allow. */
/* Write the four bytes of v mod p (canonical): the only bytes a prover could use to satisfy
 * a byte decomposition of the field element v; for v < 0 the top byte is >= 16. */
static void field_bytes(zka_babybear *c, int64_t v) {
  const uint32_t u = zka_bb_u32(zka_bb_i64(v));
  for (int i = 0; i < 4; i++) c[i] = zka_bb((u >> (8 * i)) & 255);
}
static void relayout(world *W, uint32_t wl, uint32_t me) {
  W->layout[1] = wl;
  W->layout[2] = me;
  for (size_t r = 0; r < W->n; r++) {
    *cell(W, T_MEM, r, ZKA_MEMC_WL) = zka_bb(wl);
    *cell(W, T_MEM, r, ZKA_MEMC_ME) = zka_bb(me);
    const uint32_t a = zka_bb_u32(*cell(W, T_MEM, r, ZKA_MEMC_ADDR));
    if (zka_bb_u32(*cell(W, T_MEM, r, ZKA_MEMC_RAM))) {
      const int ro = a < wl;
      *cell(W, T_MEM, r, ZKA_MEMC_RO) = zka_bb((uint32_t)ro);
      field_bytes(cell(W, T_MEM, r, ZKA_MEMC_LO), (int64_t)a - (ro ? W->layout[0] : wl));
    }
    if (zka_bb_u32(*cell(W, T_MEM, r, ZKA_MEMC_REAL)) && !zka_bb_u32(*cell(W, T_MEM, r, ZKA_MEMC_HAS_NEXT))) {
      field_bytes(cell(W, T_MEM, r, ZKA_MEMC_DIFF), (int64_t)me - 1 - a); /* the last real row */
    }
  }
}
/* 0x12000 was written: with write_lo above it, it is read-only and changed */
static void t_write_ro(world *W) { relayout(W, 0x13000, W->layout[2]); }
/* the same, with the row claimed writable (its write_lo difference is negative) */
static void t_write_ro_claim_rw(world *W) {
  relayout(W, 0x13000, W->layout[2]);
  for (size_t r = 0; r < W->n; r++) {
    const uint32_t a = zka_bb_u32(*cell(W, T_MEM, r, ZKA_MEMC_ADDR));
    if (!zka_bb_u32(*cell(W, T_MEM, r, ZKA_MEMC_RAM)) || a < 0x12000 || a >= 0x13000) continue;
    *cell(W, T_MEM, r, ZKA_MEMC_RO) = zka_bb(0);
    field_bytes(cell(W, T_MEM, r, ZKA_MEMC_LO), (int64_t)a - 0x13000);
  }
}
/* memory ends before 0x12010, which was accessed */
static void t_outside_map(world *W) { relayout(W, W->layout[1], 0x12010); }
/* The last real row (the highest address, accessed by a read) is dropped. */
static void t_missing_addr(world *W) {
  size_t last = 0;
  while (last + 1 < W->n && zka_bb_u32(*cell(W, T_MEM, last + 1, ZKA_MEMC_REAL))) last++;
  memset(cell(W, T_MEM, last, 0), 0, ZKA_MEMC_TB * sizeof(zka_babybear)); /* keep the layout */
  memset(cell(W, T_MEM, last, ZKA_MEMC_LO), 0, (ZKA_MEMC_WIDTH - ZKA_MEMC_LO) * sizeof(zka_babybear));
  *cell(W, T_MEM, last - 1, ZKA_MEMC_HAS_NEXT) = zka_bb(0); /* the row before is now last */
  const uint32_t hi = W->layout[2] - 1 - zka_bb_u32(*cell(W, T_MEM, last - 1, ZKA_MEMC_ADDR));
  for (int i = 0; i < 4; i++) *cell(W, T_MEM, last - 1, ZKA_MEMC_DIFF + i) = zka_bb((hi >> (8 * i)) & 255);
}
static void t_image_init(world *W) {
  size_t r = mem_row_of(W, FAKE_DATA + 4);
  *cell(W, T_MEM, r, ZKA_MEMC_INIT + 1) = zka_bb(0x99);
}
/* A written word's final value changed: neither its last access's send nor the
 * verifier's claimed end value matches. */
static void t_final_changed(world *W) {
  size_t r = mem_row_of(W, 0x12000);
  *cell(W, T_MEM, r, ZKA_MEMC_FINAL) = zka_bb(0x7A);
}
static void t_claim_byte(world *W) { W->out[3] ^= 1; }
static void t_claim_short(world *W) { W->out_len--; }
static void t_exit_code(world *W) { W->exit_code += 1; }

static size_t first_xfer(world *W, int out, size_t skip) {
  for (size_t r = 0; r < W->n; r++)
    if (zka_bb_u32(*cell(W, T_EC, r, out ? ZKA_ECT_OUT : ZKA_ECT_IN)) && skip-- == 0) return r;
  return 0;
}
static void t_out_byte(world *W) {
  size_t r = first_xfer(W, 1, 2);
  *cell(W, T_EC, r, ZKA_ECT_BYTE) = zka_bb(zka_bb_u32(*cell(W, T_EC, r, ZKA_ECT_BYTE)) ^ 4);
}
/* two output bytes swap places (positions swapped with them) */
static void t_out_swap(world *W) {
  size_t a = first_xfer(W, 1, 1), b = first_xfer(W, 1, 2);
  zka_babybear t = *cell(W, T_EC, a, ZKA_ECT_POS);
  *cell(W, T_EC, a, ZKA_ECT_POS) = *cell(W, T_EC, b, ZKA_ECT_POS);
  *cell(W, T_EC, b, ZKA_ECT_POS) = t;
  W->out[1] = W->S->out[2];
  W->out[2] = W->S->out[1];
}
static void t_out_pos(world *W) {
  size_t r = first_xfer(W, 1, 3);
  *cell(W, T_EC, r, ZKA_ECT_POS) = zka_bb(zka_bb_u32(*cell(W, T_EC, r, ZKA_ECT_POS)) + 1);
}
static void t_skip_byte(world *W) {
  size_t r = first_xfer(W, 1, 4);
  memset(cell(W, T_EC, r, 0), 0, ZKA_EC_WIDTH * sizeof(zka_babybear));
}
static void t_skip_in_byte(world *W) {
  size_t r = first_xfer(W, 0, 1);
  memset(cell(W, T_EC, r, 0), 0, ZKA_EC_WIDTH * sizeof(zka_babybear));
}
/* a non-byte "input byte" chosen by the prover (the new word stays consistent) */
static void t_in_nonbyte(world *W) {
  size_t r = first_xfer(W, 0, 0);
  uint32_t off = 0;
  while (!zka_bb_u32(*cell(W, T_EC, r, ZKA_ECT_OFF + off))) off++;
  *cell(W, T_EC, r, ZKA_ECT_BYTE) = zka_bb(300);
  *cell(W, T_EC, r, ZKA_ECT_NEW + off) = zka_bb(300);
}
/* The exit request's a7 claimed to be 94 */
static void t_a7(world *W) {
  for (size_t r = 0; r < W->n; r++)
    if (zka_bb_u32(*cell(W, T_EC, r, ZKA_ECR_F_EXIT))) *cell(W, T_EC, r, ZKA_ECR_G_A7 + 1) = zka_bb(94);
}
/* write(1) relabelled as write(2): the output would escape the proof */
static void t_out_as_dbg(world *W) {
  for (size_t r = 0; r < W->n; r++)
    if (zka_bb_u32(*cell(W, T_EC, r, ZKA_ECR_F_OUT))) {
      *cell(W, T_EC, r, ZKA_ECR_F_OUT) = zka_bb(0);
      *cell(W, T_EC, r, ZKA_ECR_F_DBG) = zka_bb(1);
      return;
    }
}
/* the read at the end of input claims one more byte than it got */
static void t_read_after_eof(world *W) {
  for (size_t r = 0; r < W->n; r++)
    if (zka_bb_u32(*cell(W, T_EC, r, ZKA_ECR_F_READ)) && zka_bb_u32(*cell(W, T_EC, r, ZKA_ECR_EOF))) {
      *cell(W, T_EC, r, ZKA_ECR_RET) = zka_bb(1);
      return;
    }
}

/* Requests 0 and 2 (both write(1)) trade rows, so the second write's bytes would come
 * first; the ts-order differences are refilled as well as 3 bytes allow. */
static void t_swap_requests(world *W) {
  for (size_t c = 0; c < ZKA_ECR_WIDTH; c++) {
    zka_babybear t = *cell(W, T_EC, 0, c);
    *cell(W, T_EC, 0, c) = *cell(W, T_EC, 2, c);
    *cell(W, T_EC, 2, c) = t;
  }
  for (size_t r = 0; r + 1 < W->n && zka_bb_u32(*cell(W, T_EC, r + 1, ZKA_ECR_REQ)); r++) {
    uint32_t d = zka_bb_u32(*cell(W, T_EC, r + 1, ZKA_ECR_TS)) - zka_bb_u32(*cell(W, T_EC, r, ZKA_ECR_TS)) - 1;
    for (int i = 0; i < 3; i++) *cell(W, T_EC, r, ZKA_ECR_TSD + i) = zka_bb((d >> (8 * i)) & 255);
  }
}
/* After the short read, the end-of-input flag is dropped (and the next read's count kept) */
static void t_eof_reset(world *W) {
  for (size_t r = 0; r < W->n; r++)
    if (zka_bb_u32(*cell(W, T_EC, r, ZKA_ECR_EOF))) *cell(W, T_EC, r, ZKA_ECR_EOF) = zka_bb(0);
}

/* write(2) claims it moved nothing (the debug buffer's bytes unread, so its bounds
 * unchecked): its transfer rows dropped, len 0 (the chain then balances by itself) */
static void t_dbg_unread(world *W) {
  for (size_t r = 0; r < W->n; r++) {
    zka_babybear *c = cell(W, T_EC, r, 0);
    if (zka_bb_u32(c[ZKA_ECR_F_DBG])) {
      c[ZKA_ECR_LEN] = zka_bb(0);
      c[ZKA_ECR_NZ] = zka_bb(0);
    }
    if (zka_bb_u32(c[ZKA_ECT_DBG])) memset(c, 0, ZKA_EC_WIDTH * sizeof *c);
  }
}
/* a read(0) byte claims its word read-only */
static void t_in_ro(world *W) {
  size_t r = first_xfer(W, 0, 0);
  *cell(W, T_EC, r, ZKA_ECT_RO) = zka_bb(1);
}
/* an output byte from writable data claims its word read-only (the memory row says no) */
static void t_out_ro(world *W) {
  for (size_t k = 0; k < W->n; k++) {
    size_t r = first_xfer(W, 1, k);
    if (zka_bb_u32(*cell(W, T_EC, r, ZKA_ECT_ADDR)) >= FAKE_DATA) {
      *cell(W, T_EC, r, ZKA_ECT_RO) = zka_bb(1);
      return;
    }
  }
}

/* A request row that also claims to be a transfer (the kinds share columns and buses) */
static void t_two_kinds(world *W) { *cell(W, T_EC, 1, ZKA_ECT_IN) = zka_bb(1); }

/* ---- end to end: the executor, then every chip (CPU, ecall, ALU, memory, byte) ------------- */

/* The external side is only the verifier here: program, image, entry, layout, output, exit. */
typedef struct {
  const zka_zkvm_program *prog;
  const zka_zkvm_witness *w;
  const uint8_t *out;
  size_t out_len;
  int32_t exit_code;
} e2e_claim;

static zka_status e2e_external(void *user, zka_air_emit_fn emit_fn, void *acc, zka_ctx *ctx) {
  const e2e_claim *c = user;
  zka_babybear v[ZKA_AIR_MAX_TUPLE];
  for (size_t i = 0; i < c->prog->code_count; i++) {
    size_t k = 0;
    zka_cpu_program_tuple(c->prog, i, v, &k);
    emit_fn(acc, ZKA_BUS_PROGRAM, +1, zka_bb(c->w->program_count[i]), v, k);
  }
  zka_status st = emit_boundary(c->prog, c->w->mem, c->w->output.n, (uint32_t)c->w->eof,
                                emit_fn, acc, ctx);
  if (st != ZKA_OK) return st;
  v[0] = zka_bb(c->prog->entry);
  emit_fn(acc, ZKA_BUS_START, -1, zka_bb(1), v, 1);
  v[0] = zka_bb(ZKA_ZKVM_TEXT_BASE);
  v[1] = zka_bb(c->prog->write_lo);
  v[2] = zka_bb(ZKA_ZKVM_TEXT_BASE + c->prog->mem_size);
  emit_fn(acc, ZKA_BUS_LAYOUT, +1, zka_bb(1), v, 3);
  for (size_t i = 0; i < c->out_len; i++) {
    v[0] = zka_bb((uint32_t)i);
    v[1] = zka_bb(c->out[i]);
    emit_fn(acc, ZKA_BUS_OUTPUT, -1, zka_bb(1), v, 2);
  }
  for (int i = 0; i < 4; i++) v[i] = zka_bb(((uint32_t)c->exit_code >> (8 * i)) & 255);
  v[4] = zka_bb((uint32_t)(c->w->n_steps - 1)); /* the exit is the last cycle */
  emit_fn(acc, ZKA_BUS_HALT, -1, zka_bb(1), v, 5);
  return ZKA_OK;
}

static int e2e_on_trace(void *user, const zka_zkvm_step *st, size_t n) {
  zka_vec *v = user;
  for (size_t i = 0; i < n; i++)
    if (!zka_vec_push(v, &st[i])) return 1;
  return 0;
}


#define E2E_MAX_CHIPS 24

/* One end-to-end run: the program, the executor's trace, the witness, every chip's table. */
typedef struct {
  zka_zkvm_program *prog;
  zka_vec steps;
  zka_zkvm_result res;
  zka_zkvm_witness *w;
  const zka_chip *chips[E2E_MAX_CHIPS];
  size_t nc, n;
  zka_air_table air[E2E_MAX_CHIPS];
  zka_babybear *rows[E2E_MAX_CHIPS];
  zka_air_trace tr[E2E_MAX_CHIPS];
} e2e_run;

/* Load p, run it, generate and fill every chip in the prover's order.  relax_wl != 0 plays a
 * cheater: the executor and the CPU's gen (with the ecall chip's) see a copy of the program
 * whose write_lo is relax_wl, so they accept writes to read-only memory that the real
 * executor traps on; the memory chip, and everything after, see the real program.  The
 * cheater then fixes the read-only flags of loads and output transfers as the real
 * write_lo wants them (only the writes are left to refuse).  Returns 1 when the tables are
 * ready (free with e2e_free either way). */
static int e2e_build(e2e_run *E, zka_ctx *ctx, const prog_t *p, const uint8_t *in, size_t in_len,
                     uint32_t relax_wl) {
  memset(E, 0, sizeof *E);
  zka_vec_init(&E->steps, sizeof(zka_zkvm_step));
  size_t elf_len = 0;
  uint8_t *elf = mk_elf(p, &elf_len);
  zka_status st = zka_zkvm_program_load(&E->prog, elf, elf_len, ctx);
  free(elf);
  CHECK(st == ZKA_OK, "load: %s", zka_ctx_last_error(ctx));
  if (st != ZKA_OK) return 0;
  zka_zkvm_program relaxed = *E->prog; /* shallow: same code, segments and file */
  if (relax_wl) relaxed.write_lo = relax_wl;
  zka_zkvm_options opt = zka_zkvm_options_default();
  opt.trace = e2e_on_trace;
  opt.trace_user = &E->steps;
  st = zka_zkvm_run(&E->res, &relaxed, in, in_len, &opt, ctx);
  CHECK(st == ZKA_OK && E->res.stop == ZKA_ZKVM_HALTED, "run: %s", zka_ctx_last_error(ctx));
  if (st != ZKA_OK || E->res.stop != ZKA_ZKVM_HALTED) return 0;

  zka_zkvm_witness *w = E->w = calloc(1, sizeof *w);
  w->prog = &relaxed;
  w->steps = E->steps.p;
  w->n_steps = E->steps.n;
  w->input = in;
  w->input_len = in_len;
  zka_vec_init(&w->output, 1);
  zka_vec_init(&w->alu, sizeof(zka_alu_event));
  w->program_count = calloc(E->prog->code_count, sizeof *w->program_count);
  CHECK(zka_memstate_new(&w->mem, E->prog, ctx) == ZKA_OK, "memstate");

  /* the prover's order: cpu, ecall, ALU chips, memory, byte */
  size_t nc = 0;
  E->chips[nc++] = &zka_chip_cpu;
  E->chips[nc++] = &zka_chip_ecall;
  nc += zka_alu_chips(E->chips + nc, E2E_MAX_CHIPS - 3);
  E->chips[nc++] = &zka_chip_memory;
  E->chips[nc++] = &zka_chip_byte;
  E->nc = nc;
  int ok = 1;
  for (size_t i = 0; i < nc && ok; i++) {
    if (E->chips[i] == &zka_chip_memory) w->prog = E->prog; /* the real layout from here on */
    if (E->chips[i]->gen) {
      st = E->chips[i]->gen(w, i, ctx);
      CHECK(st == ZKA_OK, "gen %s: %s", E->chips[i]->name, zka_ctx_last_error(ctx));
      ok = st == ZKA_OK;
    }
  }
  w->prog = E->prog;
  if (!ok) return 0;
  CHECK(w->output.n == E->res.output_len &&
            (!w->output.n || !memcmp(w->output.p, E->res.output, E->res.output_len)),
        "witness output differs from the executor's (%zu vs %zu bytes)", w->output.n, E->res.output_len);
  CHECK(w->halted && w->exit_code == E->res.exit_code, "witness exit %d", w->exit_code);
  size_t n = 256;
  for (size_t i = 0; i < nc; i++)
    while (n < E->chips[i]->rows(w, i)) n *= 2;
  E->n = n;
  for (size_t i = 0; i < nc && ok; i++) {
    ok = build(&E->air[i], E->chips[i]->name, E->chips[i]->width, E->chips[i]->air, ctx);
    CHECK(ok, "air %s: %s", E->chips[i]->name, zka_ctx_last_error(ctx));
    if (!ok) break;
    E->rows[i] = calloc(n * E->chips[i]->width, sizeof(zka_babybear));
    st = E->chips[i]->fill(w, i, E->rows[i], n, ctx);
    CHECK(st == ZKA_OK, "fill %s: %s", E->chips[i]->name, zka_ctx_last_error(ctx));
    E->tr[i] = (zka_air_trace){&E->air[i], E->rows[i]};
  }
  if (ok && relax_wl) { /* the cheater's read-only flags for reads, as the real map has them */
    const uint32_t wl = E->prog->write_lo;
    for (size_t r = 0; r < n; r++) {
      zka_babybear *c = E->rows[0] + r * ZKA_CPU_WIDTH;
      uint32_t f = 0, addr = 0;
      for (int op = ZKA_OP_LB; op <= ZKA_OP_LHU; op++) f |= zka_bb_u32(c[ZKA_CPU_FLAG + op]);
      for (int i = 0; i < 4; i++) addr |= zka_bb_u32(c[ZKA_CPU_C + i]) << (8 * i);
      if (f) c[ZKA_CPU_MRO] = zka_bb((addr & ~3u) < wl);
      zka_babybear *e = E->rows[1] + r * ZKA_EC_WIDTH;
      if (zka_bb_u32(e[ZKA_ECT_OUT]))
        e[ZKA_ECT_RO] = zka_bb((zka_bb_u32(e[ZKA_ECT_ADDR]) & ~3u) < wl);
    }
  }
  return ok;
}

static void e2e_free(e2e_run *E) {
  zka_zkvm_witness *w = E->w;
  for (size_t i = 0; i < E->nc; i++) {
    if (w && E->chips[i]->free) E->chips[i]->free(w, i);
    if (E->rows[i]) {
      free(E->rows[i]);
      zka_air_table_free(&E->air[i]);
    }
  }
  if (w) {
    zka_memstate_free(w->mem);
    zka_vec_free(&w->output);
    zka_vec_free(&w->alu);
    free(w->program_count);
    free(w);
  }
  zka_vec_free(&E->steps);
  zka_zkvm_result_clear(&E->res);
  if (E->prog) zka_zkvm_program_destroy(E->prog);
  memset(E, 0, sizeof *E);
}

static zka_status e2e_check(e2e_run *E, const uint8_t *out, size_t out_len, int32_t exit_code,
                            zka_ctx *ctx) {
  e2e_claim c = {E->prog, E->w, out, out_len, exit_code};
  return zka_air_check(E->tr, E->nc, E->n, e2e_external, &c, 0, ctx);
}

/* The same tables through the real STARK (cpu engine, default parameters): prove, then
 * verify against the verifier's side alone.  The preamble is a fixed stand-in for
 * prove.c's statement (the external tuples here are fixed by the test).  Returns the
 * verifier's status (the prover's when it refuses to prove). */
static zka_status e2e_stark(e2e_run *E, zka_ctx *ctx, size_t *proof_len) {
  zka_engine_options eo = zka_engine_options_default();
  eo.backends = "cpu";
  eo.strict = 1;
  eo.quiet = 1;
  zka_engine *eng = NULL;
  zka_status st = zka_engine_create(&eng, &eo, ctx);
  if (st != ZKA_OK) return st;
  const zka_air_table *t[E2E_MAX_CHIPS];
  const zka_babybear *tr[E2E_MAX_CHIPS];
  for (size_t i = 0; i < E->nc; i++) {
    t[i] = &E->air[i];
    tr[i] = E->rows[i];
  }
  uint32_t log_n = 0;
  while ((1u << log_n) < E->n) log_n++;
  const zka_babybear pre[2] = {zka_bb((uint32_t)E->res.exit_code), zka_bb((uint32_t)E->res.output_len)};
  const zka_stark_params prm = zka_stark_params_default();
  uint8_t *proof = NULL;
  *proof_len = 0;
  st = zka_stark_prove(eng, &prm, t, tr, E->nc, log_n, pre, 2, NULL, NULL, &proof, proof_len, ctx);
  if (st == ZKA_OK) {
    e2e_claim c = {E->prog, E->w, E->res.output, E->res.output_len, E->res.exit_code};
    st = zka_stark_verify(&prm, t, E->nc, pre, 2, e2e_external, &c, proof, *proof_len, NULL, ctx);
  }
  free(proof);
  zka_engine_destroy(eng);
  return st;
}

static void test_end_to_end(zka_ctx *ctx) {
  prog_t p = {{0}, 0};
  const uint32_t buf = DATA_BASE + 0x101;
  sys(&p, 63, 0, buf, 6);            /* read "secret" */
  sys(&p, 64, 1, buf, 6);            /* write it */
  sys(&p, 64, 1, DATA_BASE + 3, 5);  /* write 5 image bytes, unaligned */
  sys(&p, 63, 0, buf + 40, 10);      /* short read: "!!" */
  sys(&p, 63, 0, buf + 60, 5);       /* at the end: 0 */
  sys(&p, 64, 2, DATA_BASE, 4);      /* debug stream */
  sys(&p, 64, 7, DATA_BASE, 4);      /* bad fd: -9 */
  emit(&p, ADDI(20, 10, 0));             /* x20 = -9 */
  li(&p, 5, buf + 40);
  emit(&p, enc_i(0, 5, 0, 21, 0x03));    /* lb x21, 0(x5) = '!' */
  emit(&p, enc_s(1, 20, 5, 0));          /* sb x20, 1(x5): 0xf7 */
  sys(&p, 64, 1, buf + 40, 2);       /* write "!\xf7" */
  li(&p, 5, ZKA_ZKVM_TEXT_BASE + 4);
  emit(&p, enc_i(0, 5, 2, 22, 0x03));    /* lw x22, 0(x5): a code word (read-only) */
  sys(&p, 64, 1, ZKA_ZKVM_TEXT_BASE + 2, 3); /* write 3 code bytes */
  emit(&p, enc_r(0, 20, 21, 0, 10, 0x33)); /* a0 = '!' + -9 = 24 */
  emit(&p, ADDI(17, 0, 93));
  emit(&p, ECALL);
  static const uint8_t in[] = "secret!!";
  e2e_run *E = calloc(1, sizeof *E);
  if (e2e_build(E, ctx, &p, in, sizeof in - 1, 0)) {
    CHECK(E->res.exit_code == 24, "exit %d", E->res.exit_code);
    zka_status st = e2e_check(E, E->res.output, E->res.output_len, E->res.exit_code, ctx);
    CHECK(st == ZKA_OK, "end to end: %s", zka_ctx_last_error(ctx));
    size_t width = 0;
    for (size_t i = 0; i < E->nc; i++) {
      width += E->chips[i]->width;
      if (getenv("ZKA_MEM_WIDTHS"))
        printf("    %-12s width %3zu, interactions %3zu\n", E->chips[i]->name, E->chips[i]->width,
               E->air[i].n_inter);
    }
    if (st == ZKA_OK)
      printf("  end to end: %zu cycles, %zu chips (%zu columns; ecall %zu, memory %zu), n = %zu, "
             "ecall rows %zu, memory rows %zu: every constraint and bus holds against the "
             "verifier's side alone\n",
             E->w->n_steps, E->nc, width, zka_chip_ecall.width, zka_chip_memory.width, E->n,
             zka_chip_ecall.rows(E->w, 1), zka_chip_memory.rows(E->w, E->nc - 2));
    uint8_t wrong[64];
    memcpy(wrong, E->res.output, E->res.output_len);
    wrong[0] ^= 0x20;
    st = e2e_check(E, wrong, E->res.output_len, E->res.exit_code, ctx);
    CHECK(st == ZKA_ERR_VERIFY_FAILED, "end to end: a wrong output claim accepted");
    st = e2e_check(E, E->res.output, E->res.output_len, 23, ctx);
    CHECK(st == ZKA_ERR_VERIFY_FAILED, "end to end: a wrong exit claim accepted");
    printf("  end to end: a wrong output claim and a wrong exit claim are rejected\n");
  }
  e2e_free(E);
  free(E);
}

/* Writes to read-only memory that end with the word as it was (the memory chip sees only
 * init and final): the executor traps at the first write, so none may be provable.  Each
 * program runs under a cheater's relaxed write_lo (e2e_build); the claim is the relaxed
 * run's own output and exit code.  A control run with the relaxed machinery but no write to
 * read-only memory must pass, so a refusal is the write's. */
static void test_readonly_writes(zka_ctx *ctx) {
  const uint32_t code0 = ZKA_ZKVM_TEXT_BASE;
  static const uint8_t in_abcd[] = "ABCD";
  prog_t p[3];
  memset(p, 0, sizeof p);
  /* 0: sw 0x12345678 over the first code word, lw it back, sw the original back,
   *    exit(loaded & 0xff) = 0x78 */
  li(&p[0], 5, code0);
  emit(&p[0], enc_i(0, 5, 2, 6, 0x03));    /* lw x6, 0(x5): the original */
  li(&p[0], 7, 0x12345678);
  emit(&p[0], enc_s(0, 7, 5, 2));          /* sw x7, 0(x5) */
  emit(&p[0], enc_i(0, 5, 2, 8, 0x03));    /* lw x8, 0(x5) */
  emit(&p[0], enc_s(0, 6, 5, 2));          /* sw x6, 0(x5): restored */
  emit(&p[0], enc_i(0xff, 8, 7, 10, 0x13)); /* andi a0, x8, 0xff */
  emit(&p[0], ADDI(17, 0, 93));
  emit(&p[0], ECALL);
  /* 1: read(0) 4 private bytes over the first code word, then read the same 4 bytes the
   *    code had back over it: the cheater picks the input "ABCD" + the code bytes */
  sys(&p[1], 63, 0, code0, 4);
  li(&p[1], 5, code0);
  emit(&p[1], enc_i(0, 5, 4, 10, 0x03));   /* lbu a0, 0(x5) = 'A' */
  emit(&p[1], ADDI(18, 10, 0));            /* x18 = 'A' */
  sys(&p[1], 63, 0, code0, 4);
  emit(&p[1], ADDI(10, 18, 0));
  emit(&p[1], ADDI(17, 0, 93));
  emit(&p[1], ECALL);
  /* 2 (control): reads code (lw, write(1)) and writes data only */
  li(&p[2], 5, code0);
  emit(&p[2], enc_i(0, 5, 2, 6, 0x03));    /* lw x6, 0(x5) */
  li(&p[2], 5, DATA_BASE);
  emit(&p[2], enc_s(0, 6, 5, 2));          /* sw x6, 0(x5) */
  sys(&p[2], 64, 1, code0 + 1, 6);
  sys(&p[2], 63, 0, DATA_BASE + 5, 4);
  emit(&p[2], ADDI(17, 0, 93));
  emit(&p[2], ECALL);
  /* the input of 1: "ABCD" then the first code word's bytes */
  uint8_t in1[8];
  memcpy(in1, in_abcd, 4);
  for (int i = 0; i < 4; i++) in1[4 + i] = (uint8_t)(p[1].w[0] >> (8 * i));
  const struct {
    const char *what;
    const uint8_t *in;
    size_t in_len;
  } cases[3] = {{"sw to code, restored", NULL, 0},
                {"read(0) into code, restored", in1, 8},
                {"control: code read, data written", in_abcd, 4}};
  for (int k = 0; k < 3; k++) {
    /* the real executor traps on 0 and 1 (and not on the control) */
    size_t elf_len = 0;
    uint8_t *elf = mk_elf(&p[k], &elf_len);
    zka_zkvm_program *prog = NULL;
    zka_status st = zka_zkvm_program_load(&prog, elf, elf_len, ctx);
    free(elf);
    CHECK(st == ZKA_OK, "load: %s", zka_ctx_last_error(ctx));
    if (st != ZKA_OK) continue;
    zka_zkvm_result res;
    memset(&res, 0, sizeof res);
    zka_zkvm_options opt = zka_zkvm_options_default();
    const zka_status rs = zka_zkvm_run(&res, prog, cases[k].in, cases[k].in_len, &opt, ctx);
    const int trapped = rs != ZKA_OK || res.stop != ZKA_ZKVM_HALTED;
    CHECK(trapped == (k < 2), "%s: the executor %s", cases[k].what, trapped ? "traps" : "halts");
    zka_zkvm_result_clear(&res);
    zka_zkvm_program_destroy(prog);

    e2e_run *E = calloc(1, sizeof *E);
    if (e2e_build(E, ctx, &p[k], cases[k].in, cases[k].in_len, code0)) {
      st = e2e_check(E, E->res.output, E->res.output_len, E->res.exit_code, ctx);
      size_t plen = 0;
      const zka_status sv = k == 1 ? ZKA_OK : e2e_stark(E, ctx, &plen); /* 0 and 2 */
      if (k == 2) {
        CHECK(st == ZKA_OK, "%s: %s", cases[k].what, zka_ctx_last_error(ctx));
        CHECK(sv == ZKA_OK, "%s: STARK: %s", cases[k].what, zka_ctx_last_error(ctx));
        printf("  read-only memory: %s passes the cheater's machinery (mock check; STARK proof "
               "of %zu bytes verifies)\n", cases[k].what, plen);
      } else {
        if (k == 0) {
          CHECK(sv == ZKA_ERR_VERIFY_FAILED || sv == ZKA_ERR_INVALID_ARGUMENT,
                "%s: the STARK verifier accepts a proof (%d)", cases[k].what, (int)sv);
          printf("  read-only memory: %s: STARK proof (%zu bytes) refused by zka_stark_verify: %.100s\n",
                 cases[k].what, plen, zka_ctx_last_error(ctx));
        }
        st = e2e_check(E, E->res.output, E->res.output_len, E->res.exit_code, ctx);
        const char *msg = zka_ctx_last_error(ctx);
        CHECK(st == ZKA_ERR_VERIFY_FAILED && strstr(msg, "bus 2 "), "%s (exit %d): accepted or "
              "not refused by the MEM bus: %s", cases[k].what, E->res.exit_code, msg);
        printf("  read-only memory: %s (exit %d claimed) refused (%.120s)\n", cases[k].what,
               E->res.exit_code, msg);
        /* the memory chip claims the code word writable (and so does every read of it):
         * the MEM bus balances, but the row's write_lo bound goes negative */
        const size_t mi = E->nc - 2, mw = E->air[mi].width;
        for (size_t r = 0; r < E->n; r++) {
          zka_babybear *c = E->rows[mi] + r * mw;
          if (zka_bb_u32(c[ZKA_MEMC_REAL]) && zka_bb_u32(c[ZKA_MEMC_ADDR]) == code0) {
            c[ZKA_MEMC_RO] = zka_bb(0);
            field_bytes(c + ZKA_MEMC_LO, (int64_t)code0 - E->prog->write_lo);
          }
          zka_babybear *u = E->rows[0] + r * ZKA_CPU_WIDTH;
          uint32_t addr = 0;
          for (int i = 0; i < 4; i++) addr |= zka_bb_u32(u[ZKA_CPU_C + i]) << (8 * i);
          if ((addr & ~3u) == code0) u[ZKA_CPU_MRO] = zka_bb(0);
          zka_babybear *e = E->rows[1] + r * ZKA_EC_WIDTH;
          if ((zka_bb_u32(e[ZKA_ECT_ADDR]) & ~3u) == code0) e[ZKA_ECT_RO] = zka_bb(0);
        }
        st = e2e_check(E, E->res.output, E->res.output_len, E->res.exit_code, ctx);
        msg = zka_ctx_last_error(ctx);
        CHECK(st == ZKA_ERR_VERIFY_FAILED && strstr(msg, "bus 1 ") && !strstr(msg, "bus 2 "),
              "%s, word claimed writable: accepted or not by the range check: %s", cases[k].what, msg);
        printf("  read-only memory: ... with the word claimed writable refused (%.120s)\n", msg);
      }
    }
    e2e_free(E);
    free(E);
  }
}

static size_t pow2_at_least(size_t x) {
  size_t n = 1;
  while (n < x) n <<= 1;
  return n;
}

/* Run the chips' gen/rows/fill on S's witness and the access table's fill. */
static void world_build(world *W, scenario *S, zka_ctx *ctx) {
  const zka_chip *chips[3] = {&zka_chip_memory, &zka_chip_ecall, &zka_chip_byte};
  const int tix[3] = {T_MEM, T_EC, T_BYTE};
  CHECK(zka_chip_memory.gen(&S->w, 0, ctx) == ZKA_OK, "memory gen: %s", zka_ctx_last_error(ctx));
  size_t need = S->acc.n;
  for (int i = 0; i < 3; i++) {
    CHECK(build(&W->air[tix[i]], chips[i]->name, chips[i]->width, chips[i]->air, ctx), "%s: %s",
          chips[i]->name, zka_ctx_last_error(ctx));
    size_t r = chips[i]->rows(&S->w, (size_t)i);
    if (r > need) need = r;
  }
  CHECK(build(&W->air[T_ACC], "accesses", TA_WIDTH, acc_air, ctx), "%s", zka_ctx_last_error(ctx));
  W->n = pow2_at_least(need);
  W->S = S;
  W->exit_code = S->exit_code;
  W->layout[0] = ZKA_ZKVM_TEXT_BASE;
  W->layout[1] = S->prog.write_lo;
  W->layout[2] = ZKA_ZKVM_TEXT_BASE + S->prog.mem_size;
  memcpy(W->out, S->out, S->out_len);
  W->out_len = S->out_len;
  for (int t = 0; t < N_T; t++) W->rows[t] = calloc(W->n * W->air[t].width, sizeof(zka_babybear));
  for (int i = 0; i < 3; i++)
    CHECK(chips[i]->fill(&S->w, (size_t)i, W->rows[tix[i]], W->n, ctx) == ZKA_OK, "%s fill: %s",
          chips[i]->name, zka_ctx_last_error(ctx));
  for (size_t i = 0; i < S->acc.n; i++) {
    const acc_rec *a = (const acc_rec *)S->acc.p + i;
    zka_babybear *r = W->rows[T_ACC] + i * TA_WIDTH;
    r[TA_MULT] = zka_bb(1);
    r[TA_WRITE] = zka_bb(a->write);
    r[TA_ADDR] = zka_bb(a->addr);
    r[TA_TS] = zka_bb(a->ts);
    for (int k = 0; k < 4; k++) r[TA_NEW + k] = zka_bb((a->val >> (8 * k)) & 255);
    memcpy(r + TA_G, a->g, sizeof a->g);
  }
}

static void world_release(world *W) {
  for (int t = 0; t < N_T; t++) {
    free(W->rows[t]);
    zka_air_table_free(&W->air[t]);
  }
  memset(W, 0, sizeof *W);
}

/* Random ecall sequences (buffers unaligned anywhere in the data, counts 0..40, every fd
 * kind, stores in between, random input): the honest traces always pass. */
static void test_random(zka_ctx *ctx) {
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  const long iters = zka_test_iters(40);
  long passed = 0;
  size_t total_bytes = 0, total_calls = 0;
  for (long it = 0; it < iters; it++) {
    scenario *S = calloc(1, sizeof *S);
    world *W = calloc(1, sizeof *W);
    uint8_t input[256];
    const size_t in_len = zka_test_next(&rng) % 200;
    for (size_t i = 0; i < in_len; i++) input[i] = (uint8_t)zka_test_next(&rng);
    S->ctx = ctx;
    scenario_init(S, input, in_len);
    const int calls = 1 + (int)(zka_test_next(&rng) % 24);
    for (int c = 0; c < calls; c++) {
      const uint32_t kind = (uint32_t)(zka_test_next(&rng) % 7), cnt = (uint32_t)(zka_test_next(&rng) % 41);
      const uint32_t wbuf = FAKE_DATA + (uint32_t)(zka_test_next(&rng) % 0x2F00);
      const uint32_t any = ZKA_ZKVM_TEXT_BASE + (uint32_t)(zka_test_next(&rng) % 0x3F00);
      const uint32_t left = (uint32_t)(S->input_len - S->in_pos);
      switch (kind) {
        case 0: store(S, (wbuf & ~3u), (uint32_t)zka_test_next(&rng)); break;
        case 1: ecall(S, 63, 0, wbuf, cnt, cnt < left ? cnt : left); break;
        case 2: ecall(S, 64, 1, any, cnt, cnt); break;
        case 3: ecall(S, 64, 2, any, cnt, cnt); break;
        case 4: ecall(S, 63, 1 + (uint32_t)(zka_test_next(&rng) % 1000), wbuf, cnt, 0xFFFFFFF7u); break;
        case 5: ecall(S, 64, (uint32_t)zka_test_next(&rng) | 4, any, cnt, 0xFFFFFFF7u); break;
        default: ecall(S, 64, 1, any, 0, 0); break;
      }
    }
    ecall(S, 93, (uint32_t)zka_test_next(&rng), 0, 0, 0);
    CHECK(S->w.output.n == S->out_len && (!S->out_len || !memcmp(S->w.output.p, S->out, S->out_len)),
          "random %ld: output differs from the model", it);
    world_build(W, S, ctx);
    zka_status st = world_check(W, 0);
    CHECK(st == ZKA_OK, "random %ld: %s", it, zka_ctx_last_error(ctx));
    passed += st == ZKA_OK;
    total_bytes += S->out_len + S->in_pos;
    total_calls += S->calls.n;
    world_release(W);
    scenario_free(S);
    free(W);
    free(S);
  }
  printf("  random: %ld of %ld scenarios (%zu ecalls, %zu bytes moved) pass every check\n", passed,
         iters, total_calls, total_bytes);
}

/* ---- main --------------------------------------------------------------------------------- */

int main(void) {
  zka_ctx *ctx = NULL;
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  scenario *S = calloc(1, sizeof *S);
  world *W = calloc(1, sizeof *W);
  if (!S || !W) return 1;
  S->ctx = ctx;
  scenario_run(S);

  /* the witness against the test's own model */
  CHECK(S->w.output.n == S->out_len && (!S->out_len || !memcmp(S->w.output.p, S->out, S->out_len)),
        "output %zu bytes, model %zu", S->w.output.n, S->out_len);
  CHECK(S->w.halted && S->w.exit_code == -3, "exit %d halted %d", S->w.exit_code, S->w.halted);
  CHECK(S->w.input_pos == 8, "input consumed %zu", S->w.input_pos);
  for (uint32_t a = 0x12000; a < 0x12020; a += 4) {
    uint32_t o = a - ZKA_ZKVM_TEXT_BASE, model = 0;
    for (int i = 0; i < 4; i++) model |= (uint32_t)S->shadow[o + i] << (8 * i);
    CHECK(zka_memstate_peek(S->w.mem, a) == model, "memory 0x%08x = 0x%08x, model 0x%08x", a,
          zka_memstate_peek(S->w.mem, a), model);
  }
  printf("  witness: %zu output bytes as modelled, exit %d, input read into memory as modelled\n",
         S->out_len, S->w.exit_code);

  /* an ecall the zkVM cannot prove is refused */
  {
    scenario *U = calloc(1, sizeof *U);
    U->ctx = ctx;
    U->w.input_len = 0;
    zka_vec_init(&U->w.output, 1);
    zka_vec_init(&U->w.alu, sizeof(zka_alu_event));
    CHECK(zka_memstate_new(&U->w.mem, NULL, ctx) == ZKA_OK, "memstate");
    zka_babybear cells[ZKA_MEMACC_COLS];
    zka_memacc_gen(&U->w, cells, 17, 1, 1000, 1);
    uint32_t end = 0;
    int halt = 0;
    zka_status st = zka_ecall_gen(&U->w, 0, 2, &end, &halt, ctx);
    CHECK(st == ZKA_ERR_BAD_ENCODING && strstr(zka_ctx_last_error(ctx), "1000"),
          "unknown ecall: %d %s", (int)st, zka_ctx_last_error(ctx));
    printf("  unknown ecall refused: %s\n", zka_ctx_last_error(ctx));
    /* read(0) into code and write(1) past the end of memory trap in the executor: refused */
    static const uint8_t in[4] = {1, 2, 3, 4};
    U->w.prog = &S->prog;
    U->w.input = in;
    U->w.input_len = sizeof in;
    const uint32_t bad[2][4] = {{63, 0, ZKA_ZKVM_TEXT_BASE, 4},
                                {64, 1, ZKA_ZKVM_TEXT_BASE + MEM_SIZE - 2, 4}};
    uint32_t t = 10;
    for (int k = 0; k < 2; k++) {
      const uint32_t regs[4] = {17, 10, 11, 12};
      for (int i = 0; i < 4; i++) zka_memacc_gen(&U->w, cells, regs[i], 1, bad[k][i], t++);
      st = zka_ecall_gen(&U->w, 1, t, &end, &halt, ctx);
      CHECK(st == ZKA_ERR_BAD_ENCODING && strstr(zka_ctx_last_error(ctx), "outside"),
            "bad buffer %d: %d %s", k, (int)st, zka_ctx_last_error(ctx));
      printf("  refused: %s\n", zka_ctx_last_error(ctx));
      t += 10;
    }
    CHECK(U->w.output.n == 0 && U->w.input_pos == 0, "a refused call moved bytes");
    zka_chip_ecall.free(&U->w, 0);
    zka_memstate_free(U->w.mem);
    zka_vec_free(&U->w.output);
    zka_vec_free(&U->w.alu);
    free(U);
  }

  world_build(W, S, ctx);
  printf("  tables: memory %zu rows (width %zu), ecall %zu rows (width %zu), %zu accesses, n = %zu\n",
         zka_chip_memory.rows(&S->w, 0), W->air[T_MEM].width, zka_chip_ecall.rows(&S->w, 1),
         W->air[T_EC].width, S->acc.n, W->n);
  printf("  max degree: memory %u, ecall %u\n", W->air[T_MEM].max_degree, W->air[T_EC].max_degree);

  zka_status st = world_check(W, ZKA_AIR_CHECK_NO_BUS);
  CHECK(st == ZKA_OK, "constraints: %s", zka_ctx_last_error(ctx));
  st = world_check(W, 0);
  CHECK(st == ZKA_OK, "honest trace with buses: %s", zka_ctx_last_error(ctx));
  if (st == ZKA_OK) printf("  honest traces pass: constraints and every bus (CPU, verifier, ALU, byte table)\n");
  /* the cheater's helpers reproduce the honest ones */
  W->cheat_helpers = 1;
  st = world_check(W, 0);
  CHECK(st == ZKA_OK, "honest trace, recomputed helpers: %s", zka_ctx_last_error(ctx));
  W->cheat_helpers = 0;

  expect_fail(W, "memory: duplicate address", t_dup_addr, NULL);
  expect_fail(W, "memory: duplicate address wrapping mod p", t_dup_addr_wrap, NULL);
  expect_fail(W, "memory: missing (accessed) address", t_missing_addr, "bus 2 ");
  expect_fail(W, "memory: image word's init changed", t_image_init, NULL);
  expect_fail(W, "layout: a read-only word written", t_write_ro, NULL);
  expect_fail(W, "layout: ... and claimed writable", t_write_ro_claim_rw, "bus 1 ");
  expect_fail(W, "layout: an access outside the map", t_outside_map, "bus 1 ");
  expect_fail(W, "memory: a final value other than the claimed one", t_final_changed, NULL);
  expect_fail(W, "verifier: claimed output byte changed", t_claim_byte, "bus 7 ");
  expect_fail(W, "verifier: claimed output one byte short", t_claim_short, "bus 7 ");
  expect_fail(W, "verifier: wrong exit code", t_exit_code, "bus 8 ");
  expect_fail(W, "ecall: output byte changed", t_out_byte, NULL);
  expect_fail(W, "ecall: two output bytes swapped", t_out_swap, NULL);
  expect_fail(W, "ecall: output position changed", t_out_pos, NULL);
  expect_fail(W, "ecall: output transfer byte skipped", t_skip_byte, NULL);
  expect_fail(W, "ecall: input transfer byte skipped", t_skip_in_byte, NULL);
  expect_fail(W, "ecall: input byte not a byte", t_in_nonbyte, NULL);
  expect_fail(W, "ecall: a7 of exit changed to 94", t_a7, NULL);
  expect_fail(W, "ecall: write(1) claimed as write(2)", t_out_as_dbg, NULL);
  expect_fail(W, "ecall: read after end of input returns 1", t_read_after_eof, NULL);
  expect_fail(W, "ecall: two write(1) requests reordered", t_swap_requests, NULL);
  expect_fail(W, "ecall: end-of-input flag dropped", t_eof_reset, "end-of-input");
  expect_fail(W, "ecall: a request row also a transfer", t_two_kinds, NULL);
  expect_fail(W, "ecall: write(2) with its buffer unread", t_dbg_unread, "transfer length");
  expect_fail(W, "ecall: a read(0) byte's word claimed read-only", t_in_ro, "read-only memory");
  expect_fail(W, "ecall: a writable output word claimed read-only", t_out_ro, "bus 2 ");

  world_release(W);
  scenario_free(S);
  free(S);
  test_random(ctx);
  test_end_to_end(ctx);
  test_readonly_writes(ctx);

  free(W);
  zka_ctx_destroy(ctx);
  return zka_test_finish("test_zkvm_mem");
}
