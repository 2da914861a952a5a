/* test_zkvm_cpu.c — the zkVM's CPU chip (zkvm/chips/cpu.c): traces of real executions
 * (hand-assembled programs covering every instruction class and its edge cases, and the
 * guests of <build>/zkvm/guests/ when they were built) pass the mock checker, constraints
 * alone and with every bus balanced against an external side that plays the other chips
 * from the witness; single changed cells (a result byte, next_pc, a flag, a timestamp, a
 * loaded byte, ...) are refused.
 *
 * The ecall chip (zkvm/chips/ecall.c, another engineer's) does the ecalls during the CPU's
 * gen.  The CPU's checks run the CPU table alone, with the ecall chip's bus traffic played
 * from its real trace (every interaction of its table evaluated row by row), so they do not
 * depend on the ecall chip's own constraints; a second check runs both tables together. */
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "zkaccel/zkaccel.h"
#include "zkvm/air/zkvm_air.h"
#include "zkvm/asm.h"
#include "zkvm/chips/cpu_cols.h"

/* ---- programs: zkvm/asm.h (encoders, prog_t, li, the ELF writer), plus ---------------------- */
#define LOAD(f3, rd, rs1, imm) enc_i(imm, rs1, f3, rd, 0x03)
#define STORE(f3, rs2, rs1, imm) enc_s(imm, rs2, rs1, f3)
#define BR(f3, rs1, rs2, imm) enc_b(imm, rs2, rs1, f3)


/* ---- running a program into a CPU trace ----------------------------------------------------- */

typedef struct {
  zka_vec steps; /* zka_zkvm_step */
} trace_buf;

static int on_trace(void *user, const zka_zkvm_step *s, size_t n) {
  trace_buf *t = user;
  for (size_t i = 0; i < n; i++)
    if (!zka_vec_push(&t->steps, &s[i])) return 1;
  return 0;
}

/* Tables: the CPU and the ecall chip (its state lives in w->chip[ZKA_ZKVM_MAX_CHIPS - 1]). */
enum { T_CPU, T_ECALL, N_TABLES };

typedef struct {
  zka_zkvm_program *prog;
  trace_buf tb;
  zka_zkvm_witness w;
  zka_air_table air[N_TABLES];
  zka_babybear *trace[N_TABLES];
  zka_babybear *rows; /* = trace[T_CPU] */
  size_t n, real, ecall_rows;
  int both; /* the check runs both tables (else the ecall chip is played) */
  zka_zkvm_result res;
} cpu_run;

static const zka_chip *chip_of(int t) { return t == T_CPU ? &zka_chip_cpu : &zka_chip_ecall; }

static void word_vals(zka_babybear *v, uint32_t x) {
  for (int i = 0; i < 4; i++) v[i] = zka_bb((x >> (8 * i)) & 255);
}

/* Emit every interaction of table t on its trace, as the table itself would add it to the
 * buses: the check of the CPU alone then balances against the ecall chip's real traffic
 * without depending on the ecall chip's own constraints. */
static zka_status play_table(const zka_air_table *t, const zka_babybear *rows, size_t n,
                             zka_air_emit_fn emit_fn, void *acc) {
  zka_babybear *vals = malloc(t->n_nodes * sizeof *vals);
  if (!vals) return ZKA_ERR_OUT_OF_MEMORY;
  const zka_babybear one = zka_bb(1), zero = zka_bb(0);
  for (size_t r = 0; r < n; r++) {
    zka_air_eval_row(t, vals, rows + r * t->width, rows + ((r + 1) % n) * t->width,
                     r == 0 ? one : zero, r == n - 1 ? one : zero, r != n - 1 ? one : zero);
    for (size_t i = 0; i < t->n_inter; i++) {
      const zka_air_interaction *it = &t->inter[i];
      if (zka_bb_u32(vals[it->mult]) == 0) continue;
      zka_babybear v[ZKA_AIR_MAX_TUPLE];
      for (uint32_t k = 0; k < it->n; k++) v[k] = vals[it->vals[k]];
      emit_fn(acc, it->bus, it->sign, vals[it->mult], v, it->n);
    }
  }
  free(vals);
  return ZKA_OK;
}

/* The other chips, played from the witness: the ALU chips receive every request, the memory
 * chip sends every address's initial value and receives its final one, the byte chip
 * receives the counts, the ecall chip receives the ecalls and does its own accesses, and the
 * verifier sends the program (with the execution counts) and receives the entry point. */
static zka_status external(void *user, zka_air_emit_fn emit_fn, void *acc, zka_ctx *ctx) {
  cpu_run *r = user;
  zka_zkvm_witness *w = &r->w;
  const zka_babybear one = zka_bb(1);
  zka_babybear v[ZKA_AIR_MAX_TUPLE];
  const zka_alu_event *ev = w->alu.p;
  for (size_t i = 0; i < w->alu.n; i++) {
    v[0] = zka_bb(ev[i].op);
    word_vals(v + 1, ev[i].a);
    word_vals(v + 5, ev[i].b);
    word_vals(v + 9, ev[i].c);
    emit_fn(acc, ZKA_BUS_ALU, -1, one, v, 13);
  }
  size_t n = zka_memstate_entries(w->mem, NULL);
  zka_mem_entry *e = calloc(n ? n : 1, sizeof *e);
  if (!e) return ZKA_ERR_OUT_OF_MEMORY;
  zka_memstate_entries(w->mem, e);
  for (size_t i = 0; i < n; i++) {
    v[0] = zka_bb(e[i].addr);
    word_vals(v + 1, e[i].init);
    v[5] = zka_bb(0);
    /* the memory chip's writable flag: 0 for words below write_lo */
    v[6] = zka_bb(e[i].addr >= 32 && e[i].addr < w->prog->write_lo ? 0 : 1);
    emit_fn(acc, ZKA_BUS_MEM, +1, one, v, 7);
    word_vals(v + 1, e[i].final);
    v[5] = zka_bb(e[i].final_ts);
    emit_fn(acc, ZKA_BUS_MEM, -1, one, v, 7);
  }
  free(e);
  if (!r->both) {
    zka_status st = play_table(&r->air[T_ECALL], r->trace[T_ECALL], r->n, emit_fn, acc);
    if (st != ZKA_OK) return st;
  }
  /* the verifier: the claimed output, exit and stream states */
  const uint8_t *out = w->output.p;
  for (size_t i = 0; i < w->output.n; i++) {
    v[0] = zka_bb((uint32_t)i);
    v[1] = zka_bb(out[i]);
    emit_fn(acc, ZKA_BUS_OUTPUT, -1, one, v, 2);
  }
  word_vals(v, (uint32_t)w->exit_code);
  v[4] = zka_bb((uint32_t)(w->n_steps - 1));
  emit_fn(acc, ZKA_BUS_HALT, -1, one, v, 5);
  /* the streams: from nothing written and the input not ended, to the run's end */
  v[0] = zka_bb(0);
  v[1] = zka_bb(0);
  v[2] = zka_bb(0);
  emit_fn(acc, ZKA_BUS_IOSTATE, +1, one, v, 3);
  v[0] = zka_bb(1);
  v[1] = zka_bb((uint32_t)w->output.n);
  v[2] = zka_bb((uint32_t)w->eof);
  emit_fn(acc, ZKA_BUS_IOSTATE, -1, one, v, 3);
  for (uint32_t x = 0; x < 256; x++) {
    v[0] = zka_bb(x);
    if (w->u8_count[x]) emit_fn(acc, ZKA_BUS_U8, -1, zka_bb((uint32_t)w->u8_count[x]), v, 1);
  }
  const uint32_t code_count = r->prog->code_count;
  for (uint32_t i = 0; i < code_count; i++) {
    if (!w->program_count[i]) continue;
    size_t k;
    zka_cpu_program_tuple(r->prog, i, v, &k);
    emit_fn(acc, ZKA_BUS_PROGRAM, +1, zka_bb(w->program_count[i]), v, k);
  }
  v[0] = zka_bb(zka_zkvm_program_entry(r->prog));
  emit_fn(acc, ZKA_BUS_START, -1, one, v, 1);
  (void)ctx;
  return ZKA_OK;
}

static zka_ctx *ctx;

static void run_free(cpu_run *r) {
  for (int t = 0; t < N_TABLES; t++) {
    chip_of(t)->free(&r->w, (size_t)t);
    free(r->trace[t]);
    zka_air_table_free(&r->air[t]);
  }
  zka_memstate_free(r->w.mem);
  zka_vec_free(&r->w.alu);
  zka_vec_free(&r->w.output);
  free(r->w.program_count);
  zka_vec_free(&r->tb.steps);
  zka_zkvm_result_clear(&r->res);
  zka_zkvm_program_destroy(r->prog);
  memset(r, 0, sizeof *r);
}

/* Run prog (owned by r from here) on input, generate the CPU trace; 1 on success. */
static int run_prog(cpu_run *r, zka_zkvm_program *prog, const uint8_t *in, size_t in_len,
                    const char *name) {
  memset(r, 0, sizeof *r);
  r->prog = prog;
  zka_vec_init(&r->tb.steps, sizeof(zka_zkvm_step));
  zka_zkvm_options opt = zka_zkvm_options_default();
  opt.trace = on_trace;
  opt.trace_user = &r->tb;
  opt.max_cycles = 1u << 20;
  zka_status st = zka_zkvm_run(&r->res, prog, in, in_len, &opt, ctx);
  CHECK(st == ZKA_OK, "%s: run: %s", name, zka_ctx_last_error(ctx));
  if (st != ZKA_OK) return 0;
  zka_zkvm_witness *w = &r->w;
  w->prog = prog;
  w->steps = r->tb.steps.p;
  w->n_steps = r->tb.steps.n;
  w->input = in;
  w->input_len = in_len;
  zka_vec_init(&w->output, 1);
  zka_vec_init(&w->alu, sizeof(zka_alu_event));
  w->program_count = calloc(prog->code_count, sizeof *w->program_count);
  CHECK(zka_memstate_new(&w->mem, prog, ctx) == ZKA_OK, "memstate");
  st = zka_chip_cpu.gen(w, 0, ctx);
  CHECK(st == ZKA_OK, "%s: gen: %s", name, zka_ctx_last_error(ctx));
  if (st != ZKA_OK) return 0;
  CHECK(w->halted && w->exit_code == r->res.exit_code, "%s: exit code %d, executor %d", name,
        w->exit_code, r->res.exit_code);
  CHECK(w->output.n == r->res.output_len &&
            (!w->output.n || !memcmp(w->output.p, r->res.output, w->output.n)),
        "%s: output differs from the executor's", name);
  r->real = zka_chip_cpu.rows(w, T_CPU);
  r->ecall_rows = zka_chip_ecall.rows(w, T_ECALL);
  CHECK(r->real == w->n_steps, "%s: %zu rows for %zu steps", name, r->real, w->n_steps);
  r->n = 1;
  while (r->n < r->real || r->n < r->ecall_rows) r->n *= 2;
  for (int t = 0; t < N_TABLES; t++) {
    r->trace[t] = calloc(r->n * chip_of(t)->width, sizeof(zka_babybear));
    if (!r->trace[t]) abort();
    CHECK(chip_of(t)->fill(w, (size_t)t, r->trace[t], r->n, ctx) == ZKA_OK, "fill %s: %s",
          chip_of(t)->name, zka_ctx_last_error(ctx));
    zka_air_builder *b;
    CHECK(zka_air_builder_new(&b, chip_of(t)->name, chip_of(t)->width, ctx) == ZKA_OK, "builder");
    chip_of(t)->air(b);
    st = zka_air_builder_finish(b, &r->air[t], ctx);
    CHECK(st == ZKA_OK, "air %s: %s", chip_of(t)->name, zka_ctx_last_error(ctx));
    if (st != ZKA_OK) return 0;
  }
  r->rows = r->trace[T_CPU];
  return 1;
}

/* The CPU table alone (the ecall chip's bus traffic played by the external side), or with
 * both = 1 the CPU and ecall tables together. */
static zka_status check_tables(cpu_run *r, unsigned flags, int both) {
  zka_air_trace tr[N_TABLES];
  for (int t = 0; t < N_TABLES; t++) tr[t] = (zka_air_trace){&r->air[t], r->trace[t]};
  r->both = both;
  return zka_air_check(tr, both ? N_TABLES : 1, r->n, flags ? NULL : external, r, flags, ctx);
}
static zka_status check(cpu_run *r, unsigned flags) { return check_tables(r, flags, 0); }

static void check_honest(cpu_run *r, const char *name) {
  zka_status s1 = check(r, ZKA_AIR_CHECK_NO_BUS);
  CHECK(s1 == ZKA_OK, "%s: constraints: %s", name, zka_ctx_last_error(ctx));
  zka_status s2 = check(r, 0);
  CHECK(s2 == ZKA_OK, "%s: buses: %s", name, zka_ctx_last_error(ctx));
  zka_status s3 = check_tables(r, 0, 1);
  CHECK(s3 == ZKA_OK, "%s: with the ecall chip's table: %s", name, zka_ctx_last_error(ctx));
  printf(
      "  %s: %zu cycles (%zu rows), %zu ALU requests, %zu ecall-chip rows: CPU constraints %s, "
      "buses %s; with the ecall chip's table %s\n",
      name, r->real, r->n, r->w.alu.n, r->ecall_rows, s1 == ZKA_OK ? "hold" : "FAIL",
      s2 == ZKA_OK ? "balance" : "FAIL", s3 == ZKA_OK ? "OK" : "FAIL");
}

static zka_zkvm_program *load(const prog_t *p) {
  size_t len;
  uint8_t *e = mk_elf(p, &len);
  zka_zkvm_program *prog = NULL;
  zka_status st = zka_zkvm_program_load(&prog, e, len, ctx);
  free(e);
  CHECK(st == ZKA_OK, "load: %s", zka_ctx_last_error(ctx));
  return st == ZKA_OK ? prog : NULL;
}

/* ---- the hand-assembled program ----------------------------------------------------------- */

static void build_main(prog_t *p) {
  p->n = 0;
  li(p, 5, DATA_BASE); /* x5: data */
  li(p, 6, 0x80000000u);
  li(p, 7, 0xffffffffu);
  li(p, 8, 0x12345678u);
  emit(p, ADDI(9, 0, -7)); /* negative immediate */
  emit(p, AUIPC(20, 0x3000));
  emit(p, LUI(0, 0x5000)); /* x0 as rd */
  emit(p, ADDI(0, 8, 5));
  emit(p, FENCE);
  /* I-type ALU */
  emit(p, enc_i(-1, 9, 2, 21, 0x13));        /* slti */
  emit(p, enc_i(-1, 9, 3, 21, 0x13));        /* sltiu x9 < 0xffffffff */
  emit(p, enc_i(5, 9, 3, 21, 0x13));         /* sltiu */
  emit(p, enc_i(-2048, 8, 4, 21, 0x13));     /* xori */
  emit(p, enc_i(0x7ff, 8, 6, 21, 0x13));     /* ori */
  emit(p, enc_i(-16, 8, 7, 21, 0x13));       /* andi */
  emit(p, enc_i(31, 8, 1, 21, 0x13));        /* slli */
  emit(p, enc_i(4, 6, 5, 21, 0x13));         /* srli */
  emit(p, enc_i(0x400 | 4, 6, 5, 21, 0x13)); /* srai */
  /* R-type: every base and M operation on edge values */
  static const uint32_t rr[18][2] = {{0, 0}, {0x20, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 4},
                                     {0, 5}, {0x20, 5}, {0, 6}, {0, 7}, {1, 0}, {1, 1},
                                     {1, 2}, {1, 3},    {1, 4}, {1, 5}, {1, 6}, {1, 7}};
  const uint32_t srcs[5][2] = {{6, 7}, {8, 9}, {9, 0}, {6, 9}, {7, 8}};
  for (int k = 0; k < 18; k++)
    for (int s = 0; s < 5; s++)
      emit(p, enc_r(rr[k][0], srcs[s][1], srcs[s][0], rr[k][1], 22, 0x33));
  emit(p, enc_r(0, 8, 9, 0, 0, 0x33)); /* add x0 */
  /* loads at every offset (data: 80 ff 7f 01 fe 80 34 12 ...) */
  for (int off = 0; off < 4; off++) {
    emit(p, LOAD(0, 23, 5, off)); /* lb */
    emit(p, LOAD(4, 23, 5, off)); /* lbu */
  }
  for (int off = 0; off < 8; off += 2) {
    emit(p, LOAD(1, 23, 5, off)); /* lh */
    emit(p, LOAD(5, 23, 5, off)); /* lhu */
  }
  emit(p, LOAD(2, 23, 5, 4)); /* lw */
  emit(p, LOAD(2, 0, 5, 8));  /* lw to x0 */
  emit(p, ADDI(24, 5, 64));
  emit(p, LOAD(2, 23, 24, -60)); /* negative offset */
  /* stores at every offset, then read back */
  for (int off = 0; off < 4; off++) emit(p, STORE(0, 8, 24, off + 16)); /* sb */
  emit(p, LOAD(2, 23, 24, 16));
  emit(p, STORE(1, 8, 24, 20)); /* sh at 0 */
  emit(p, STORE(1, 9, 24, 22)); /* sh at 2 */
  emit(p, LOAD(2, 23, 24, 20));
  emit(p, STORE(2, 6, 24, -4)); /* sw, negative offset */
  emit(p, LOAD(1, 23, 24, -2));
  emit(p, STORE(0, 0, 5, 1)); /* sb of x0 */
  emit(p, LOAD(2, 23, 5, 0));
  /* branches: each taken and not taken; a taken branch skips the ADDI after it */
  static const uint32_t f3s[6] = {0, 1, 4, 5, 6, 7};
  const uint32_t pairs[4][2] = {{8, 8}, {6, 9}, {9, 6}, {9, 7}};
  for (int k = 0; k < 6; k++)
    for (int s = 0; s < 4; s++) {
      emit(p, BR(f3s[k], pairs[s][0], pairs[s][1], 8));
      emit(p, ADDI(25, 25, 1));
    }
  /* a backward loop: x26 = 3; do { x26-- } while (x26 != 0) */
  emit(p, ADDI(26, 0, 3));
  emit(p, ADDI(26, 26, -1));
  emit(p, BR(1, 26, 0, -4));
  /* jal forward over one instruction, jal x0, jalr with an odd target */
  emit(p, JAL(1, 8));
  emit(p, ADDI(25, 25, 100));
  emit(p, JAL(0, 8));
  emit(p, ADDI(25, 25, 100));
  emit(p, AUIPC(27, 0));
  emit(p, JALR(1, 27, 13)); /* (pc + 13) & ~1 = pc + 12: skips one */
  emit(p, ADDI(25, 25, 100));
  emit(p, AUIPC(27, 0));
  emit(p, JALR(0, 27, 12)); /* rd = x0 */
  emit(p, ADDI(25, 25, 100));
  /* a call and a return through ra */
  emit(p, JAL(1, 12));
  emit(p, JAL(0, 12));
  emit(p, ADDI(25, 25, 100));
  emit(p, JALR(0, 1, 0)); /* ret */
  /* ecalls: write 6 bytes from an unaligned buffer, read 5 input bytes to an unaligned
   * buffer, a bad fd, then exit with x25 */
  sys(p, 64, 1, DATA_BASE + 1, 6);
  sys(p, 63, 0, DATA_BASE + 0x103, 5);
  emit(p, LOAD(2, 23, 5, 0x104));
  sys(p, 64, 7, DATA_BASE, 4);
  emit(p, ADDI(10, 25, 0));
  emit(p, ADDI(17, 0, 93));
  emit(p, ECALL);
}

/* Row index of the first real row with op flag `op` (and, when want_off >= 0, byte offset
 * want_off), or SIZE_MAX. */
static size_t find_row(const cpu_run *r, int op, int want_off) {
  for (size_t i = 0; i < r->real; i++) {
    const zka_babybear *row = r->rows + i * ZKA_CPU_WIDTH;
    if (zka_bb_u32(row[ZKA_CPU_FLAG + op]) != 1) continue;
    if (want_off >= 0 && zka_bb_u32(row[ZKA_CPU_OFF + want_off]) != 1) continue;
    return i;
  }
  return (size_t)-1;
}

static zka_babybear *cell(cpu_run *r, size_t row, size_t col) {
  return &r->rows[row * ZKA_CPU_WIDTH + col];
}

/* Tampering: apply k (col, new value) changes to one row, expect the check to fail (with
 * flags), restore, expect it to pass again. */
typedef struct {
  size_t col;
  int64_t val;
} edit;

static void tamper(cpu_run *r, const char *what, size_t row, const edit *ed, size_t k,
                   unsigned flags, const char *expect) {
  CHECK(row < r->n && k <= 8, "%s: no such row", what);
  if (row >= r->n) return;
  zka_babybear save[8];
  for (size_t i = 0; i < k; i++) {
    save[i] = *cell(r, row, ed[i].col);
    *cell(r, row, ed[i].col) = zka_bb_i64(ed[i].val);
  }
  zka_status st = check(r, flags);
  CHECK(st == ZKA_ERR_VERIFY_FAILED, "%s: accepted", what);
  CHECK(!expect || strstr(zka_ctx_last_error(ctx), expect),
        "%s: refused for another reason than '%s'", what, expect);
  printf("  refused (%s): %s\n    -> %s\n", flags ? "constraints" : "buses", what,
         zka_ctx_last_error(ctx));
  for (size_t i = 0; i < k; i++) *cell(r, row, ed[i].col) = save[i];
}

static int64_t get(cpu_run *r, size_t row, size_t col) { return zka_bb_u32(*cell(r, row, col)); }

static void test_main_program(void) {
  prog_t p;
  build_main(&p);
  zka_zkvm_program *prog = load(&p);
  if (!prog) return;
  const uint8_t in[7] = {0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07};
  cpu_run r;
  if (!run_prog(&r, prog, in, sizeof in, "hand-assembled RV32IM program")) {
    run_free(&r);
    return;
  }
  printf("  cpu table: %zu columns, %zu constraints, %zu interactions, max degree %u\n",
         r.air[T_CPU].width, r.air[T_CPU].n_constraints, r.air[T_CPU].n_inter, r.air[T_CPU].max_degree);
  CHECK(r.air[T_CPU].max_degree <= ZKA_AIR_MAX_DEGREE, "degree %u", r.air[T_CPU].max_degree);
  check_honest(&r, "hand-assembled RV32IM program");
  /* every provable op was executed at least once */
  for (int op = 0; op < ZKA_CPU_NFLAGS; op++)
    CHECK(find_row(&r, op, -1) != (size_t)-1, "op %d never executed", op);

  /* every branch both taken and not taken */
  static const int brs[6] = {ZKA_OP_BEQ, ZKA_OP_BNE,  ZKA_OP_BLT,
                             ZKA_OP_BGE, ZKA_OP_BLTU, ZKA_OP_BGEU};
  for (int k = 0; k < 6; k++) {
    int taken = 0, not_taken = 0;
    for (size_t i = 0; i < r.real; i++) {
      const zka_babybear *row = r.rows + i * ZKA_CPU_WIDTH;
      if (zka_bb_u32(row[ZKA_CPU_FLAG + brs[k]]) != 1) continue;
      if (zka_bb_u32(row[ZKA_CPU_NEXT_PC]) == zka_bb_u32(row[ZKA_CPU_PC]) + 4)
        not_taken++;
      else
        taken++;
    }
    CHECK(taken && not_taken, "branch op %d: %d taken, %d not taken", brs[k], taken, not_taken);
  }

  const unsigned NB = ZKA_AIR_CHECK_NO_BUS;
  size_t add = find_row(&r, ZKA_OP_ADD, -1);
  int64_t c0 = get(&r, add, ZKA_CPU_C);
  edit e1[] = {{ZKA_CPU_C, (c0 + 1) & 255}};
  tamper(&r, "ADD result byte", add, e1, 1, NB, "rd = alu result");
  edit e2[] = {{ZKA_CPU_C, (c0 + 1) & 255}, {ZKA_CPU_RDV, (c0 + 1) & 255}};
  tamper(&r, "ADD result byte and rd value together", add, e2, 2, 0, "unbalanced");
  edit e3[] = {{ZKA_CPU_NEXT_PC, get(&r, add, ZKA_CPU_NEXT_PC) + 4}};
  tamper(&r, "next_pc of an ADD", add, e3, 1, NB, "next pc");
  edit e4[] = {{ZKA_CPU_FLAG + ZKA_OP_ADD, 0}, {ZKA_CPU_FLAG + ZKA_OP_SUB, 1}};
  tamper(&r, "ADD flag turned into SUB", add, e4, 2, 0, "unbalanced");
  edit e5[] = {{ZKA_CPU_FLAG + ZKA_OP_ADD, 0}};
  tamper(&r, "ADD flag cleared (row no longer real)", add, e5, 1, NB, "real rows end");
  edit e6[] = {{ZKA_CPU_TS, get(&r, add, ZKA_CPU_TS) + 1}};
  tamper(&r, "timestamp of an ADD row", add, e6, 1, NB, "next ts");
  edit e7[] = {{ZKA_CPU_ACC_RS1, get(&r, add, ZKA_CPU_TS)}};
  tamper(&r, "rs1's previous time = its own time", add, e7, 1, 0, "rs1 read");

  /* a loaded byte: LB at offset 1 (0xff, sign-extended) */
  size_t lb = find_row(&r, ZKA_OP_LB, 1);
  int64_t byte = get(&r, lb, ZKA_CPU_LB);
  CHECK(byte == 0xff && get(&r, lb, ZKA_CPU_RDV + 3) == 0xff, "LB row: byte %lld", (long long)byte);
  edit e8[] = {{ZKA_CPU_RDV, byte ^ 1}};
  tamper(&r, "LB loaded byte", lb, e8, 1, NB, "rd = loaded value");
  edit e9[] = {{ZKA_CPU_RDV, byte ^ 1},
               {ZKA_CPU_LB, byte ^ 1},
               {ZKA_CPU_ACC_MEM + 1 + 1, byte ^ 1},
               {ZKA_CPU_NW + 1, byte ^ 1}};
  tamper(&r, "LB loaded byte with the memory word changed to match", lb, e9, 4, 0, "unbalanced");
  edit e10[] = {{ZKA_CPU_RDV + 1, 0}, {ZKA_CPU_RDV + 2, 0}, {ZKA_CPU_RDV + 3, 0}, {ZKA_CPU_SGN, 0}};
  tamper(&r, "LB of 0xff zero-extended instead of sign-extended", lb, e10, 4, 0, "unbalanced");
  /* a half-word load at the wrong offset */
  size_t lh = find_row(&r, ZKA_OP_LH, 2);
  edit e11[] = {{ZKA_CPU_OFF + 2, 0}, {ZKA_CPU_OFF + 3, 1}};
  tamper(&r, "LH offset moved to 3 (misaligned)", lh, e11, 2, NB, "c0 = 4q");
  /* LW: claim offset 1 with q kept: c0 no longer matches */
  size_t lw = find_row(&r, ZKA_OP_LW, -1);
  edit e12[] = {{ZKA_CPU_OFF + 0, 0}, {ZKA_CPU_OFF + 1, 1}};
  tamper(&r, "LW offset 0 -> 1", lw, e12, 2, NB, "c0 = 4q");
  /* misaligned: the address really moved by one (c0 + 1, offset 1) */
  edit e21[] = {
      {ZKA_CPU_C, get(&r, lw, ZKA_CPU_C) + 1}, {ZKA_CPU_OFF + 0, 0}, {ZKA_CPU_OFF + 1, 1}};
  tamper(&r, "LW at address + 1", lw, e21, 3, NB, "aligned access");
  size_t lh0 = find_row(&r, ZKA_OP_LHU, 0);
  edit e22[] = {
      {ZKA_CPU_C, get(&r, lh0, ZKA_CPU_C) + 1}, {ZKA_CPU_OFF + 0, 0}, {ZKA_CPU_OFF + 1, 1}};
  tamper(&r, "LHU at address + 1", lh0, e22, 3, NB, "aligned access");
  /* an address below the memory map (the registers live at MEM addresses 0..31) */
  edit e23[] = {{ZKA_CPU_C + 2, 0}, {ZKA_CPU_C + 3, 0}};
  tamper(&r, "LW address with its top half cleared (below 0x10000)", lw, e23, 2, NB,
         "address >= 0x10000");
  /* SB: a different merged byte */
  size_t sb = find_row(&r, ZKA_OP_SB, 2);
  edit e13[] = {{ZKA_CPU_NW + 2, (get(&r, sb, ZKA_CPU_NW + 2) + 1) & 255}};
  tamper(&r, "SB stored byte", sb, e13, 1, NB, "stored word");
  edit e14[] = {{ZKA_CPU_NW + 1, (get(&r, sb, ZKA_CPU_NW + 1) + 1) & 255}};
  tamper(&r, "SB changed a neighbouring byte", sb, e14, 1, NB, "stored word");
  /* The read-only flag of the memory word (the MEM tuples' wr = 1 - mro): a store must
   * find its word writable, and a load's flag must be the word's. */
  CHECK(get(&r, sb, ZKA_CPU_MRO) == 0 && get(&r, lw, ZKA_CPU_MRO) == 0, "data access flagged read-only");
  edit e24[] = {{ZKA_CPU_MRO, 1}};
  tamper(&r, "SB claiming its word read-only", sb, e24, 1, NB, "stores only to writable memory");
  tamper(&r, "LW of a writable word claiming it read-only", lw, e24, 1, 0, "unbalanced");
  /* branch: flip the outcome */
  size_t beq = find_row(&r, ZKA_OP_BEQ, -1);
  edit e15[] = {{ZKA_CPU_C, 1 - get(&r, beq, ZKA_CPU_C)}};
  tamper(&r, "BEQ condition flipped", beq, e15, 1, NB, "branch target");
  /* halt and padding */
  size_t last = r.real - 1;
  edit e16[] = {{ZKA_CPU_HALT, 0}};
  tamper(&r, "exit without halt", last, e16, 1, NB, "real rows end");
  if (r.real < r.n) {
    edit e17[] = {{ZKA_CPU_WRITES_RD, 1}};
    tamper(&r, "padding row writing a register", r.real, e17, 1, NB, "writes_rd only on real rows");
  }
  edit e18[] = {{ZKA_CPU_CLK, get(&r, add, ZKA_CPU_CLK) + 1}};
  tamper(&r, "clk of an ADD row", add, e18, 1, NB, "clk");
  /* writes_rd of a real row cleared: the program tuple no longer matches */
  edit e19[] = {{ZKA_CPU_WRITES_RD, 0}};
  tamper(&r, "writes_rd cleared on an ADD row", add, e19, 1, 0, "unbalanced");
  /* jalr target: the odd bit kept */
  size_t jalr = find_row(&r, ZKA_OP_JALR, -1);
  edit e20[] = {{ZKA_CPU_NEXT_PC, get(&r, jalr, ZKA_CPU_NEXT_PC) + 1}};
  tamper(&r, "JALR target with bit 0", jalr, e20, 1, NB, NULL);
  run_free(&r);
}

/* A load that the executor would refuse must not be provable: an LW at 0x100 below the
 * memory map is caught by the generator, and its row (made by hand) by the constraints. */
static void test_small_programs(void) {
  prog_t p;
  p.n = 0;
  li(&p, 5, 0xfffffff0u);
  emit(&p, ADDI(5, 5, 1));
  emit(&p, ADDI(10, 5, 0));
  emit(&p, ADDI(17, 0, 93));
  emit(&p, ECALL);
  zka_zkvm_program *prog = load(&p);
  if (!prog) return;
  cpu_run r;
  if (run_prog(&r, prog, NULL, 0, "exit with -15")) {
    check_honest(&r, "exit with -15");
    CHECK(r.w.exit_code == -15, "exit code %d", r.w.exit_code);
    /* the first row must be the entry point (START bus) */
    edit e[] = {{ZKA_CPU_PC, get(&r, 0, ZKA_CPU_PC) + 4}};
    tamper(&r, "first pc moved", 0, e, 1, 0, NULL);
  }
  run_free(&r);
}

/* The CPU's gen on given steps (a fresh witness); returns its status. */
static zka_status gen_steps(const zka_zkvm_program *prog, const zka_zkvm_step *steps, size_t n,
                            const uint8_t *in, size_t in_len) {
  zka_zkvm_witness w;
  memset(&w, 0, sizeof w);
  w.prog = prog;
  w.steps = steps;
  w.n_steps = n;
  w.input = in;
  w.input_len = in_len;
  zka_vec_init(&w.output, 1);
  zka_vec_init(&w.alu, sizeof(zka_alu_event));
  w.program_count = calloc(prog->code_count, sizeof *w.program_count);
  zka_status st = zka_memstate_new(&w.mem, prog, ctx);
  if (st == ZKA_OK) st = zka_chip_cpu.gen(&w, T_CPU, ctx);
  zka_chip_cpu.free(&w, T_CPU);
  zka_chip_ecall.free(&w, T_ECALL);
  zka_memstate_free(w.mem);
  zka_vec_free(&w.alu);
  zka_vec_free(&w.output);
  free(w.program_count);
  return st;
}

/* The generator checks its recomputation against the executor's trace and refuses runs that
 * did not exit. */
static void test_gen_refuses(void) {
  prog_t p;
  build_main(&p);
  zka_zkvm_program *prog = load(&p);
  if (!prog) return;
  const uint8_t in[7] = {1, 2, 3, 4, 5, 6, 7};
  trace_buf tb;
  zka_vec_init(&tb.steps, sizeof(zka_zkvm_step));
  zka_zkvm_options opt = zka_zkvm_options_default();
  opt.trace = on_trace;
  opt.trace_user = &tb;
  zka_zkvm_result res;
  CHECK(zka_zkvm_run(&res, prog, in, sizeof in, &opt, ctx) == ZKA_OK, "run");
  zka_zkvm_result_clear(&res);
  zka_zkvm_step *st = tb.steps.p;
  const size_t n = tb.steps.n;
  CHECK(gen_steps(prog, st, n, in, sizeof in) == ZKA_OK, "honest steps: %s", zka_ctx_last_error(ctx));
  size_t k = 0; /* a step that writes a register */
  while (k < n && !st[k].rd_val) k++;
  CHECK(k < n, "no step writes a register");
  if (k < n) {
    st[k].rd_val ^= 1;
    CHECK(gen_steps(prog, st, n, in, sizeof in) == ZKA_ERR_INTERNAL, "a wrong rd value accepted");
    printf("  gen refuses a trace step with a wrong rd value: %s\n", zka_ctx_last_error(ctx));
    st[k].rd_val ^= 1;
    st[k].next_pc += 4;
    CHECK(gen_steps(prog, st, n, in, sizeof in) != ZKA_OK, "a wrong next pc accepted");
    printf("  gen refuses a trace step with a wrong next pc: %s\n", zka_ctx_last_error(ctx));
    st[k].next_pc -= 4;
  }
  CHECK(gen_steps(prog, st, n - 1, in, sizeof in) == ZKA_ERR_INVALID_ARGUMENT,
        "a run without its exit accepted");
  printf("  gen refuses a run that did not exit: %s\n", zka_ctx_last_error(ctx));
  zka_vec_free(&tb.steps);
  zka_zkvm_program_destroy(prog);
}

/* The program tuple: a JAL whose target lies outside the address space is sent with target 1
 * (no instruction's pc), the trap operations with op ids that no flag has. */
static void test_program_tuple(void) {
  zka_zkvm_insn code[3];
  uint32_t words[3] = {JAL(1, -0x20000), 0x00100073u /* ebreak */, ADDI(0, 5, -1)};
  zka_zkvm_program prog;
  memset(&prog, 0, sizeof prog);
  prog.code_lo = ZKA_ZKVM_TEXT_BASE;
  prog.code_count = 3;
  prog.code = code;
  prog.words = words;
  for (uint32_t i = 0; i < 3; i++) code[i] = zka_zkvm_decode(words[i], ZKA_ZKVM_TEXT_BASE + 4 * i);
  zka_babybear v[ZKA_AIR_MAX_TUPLE];
  size_t n;
  zka_cpu_program_tuple(&prog, 0, v, &n);
  CHECK(n == 14 && zka_bb_u32(v[0]) == ZKA_ZKVM_TEXT_BASE && zka_bb_u32(v[1]) == ZKA_OP_JAL &&
            zka_bb_u32(v[2]) == 1 && zka_bb_u32(v[5]) == 1,
        "jal tuple");
  CHECK(zka_bb_u32(v[6]) == 1 && zka_bb_u32(v[7]) == 0 && zka_bb_u32(v[8]) == 0 &&
            zka_bb_u32(v[9]) == 0,
        "a jal to 0x%08x must be sent with target 1", code[0].imm);
  CHECK(zka_bb_u32(v[10]) == 4 && zka_bb_u32(v[11]) == 0 && zka_bb_u32(v[12]) == 1,
        "link = pc + 4");
  zka_cpu_program_tuple(&prog, 1, v, &n);
  CHECK(zka_bb_u32(v[1]) >= ZKA_CPU_NFLAGS, "ebreak's op id %u has a flag", zka_bb_u32(v[1]));
  zka_cpu_program_tuple(&prog, 2, v, &n);
  CHECK(zka_bb_u32(v[2]) == 0 && zka_bb_u32(v[5]) == 0 && zka_bb_u32(v[3]) == 5 &&
            zka_bb_u32(v[6]) == 255 && zka_bb_u32(v[9]) == 255,
        "addi x0, x5, -1: rd 0, no write, imm bytes ff");
  printf(
      "  program tuple: out-of-range jal target sent as 1, ebreak has no flag, x0 is never "
      "written\n");
}

static void test_guests(void) {
  const char *bd = getenv("ZKACCEL_BACKEND_DIR");
  if (!bd) {
    printf("  guests: ZKACCEL_BACKEND_DIR unset, guests not looked for\n");
    return;
  }
  static const struct {
    const char *name;
    uint8_t in[64];
    size_t in_len;
  } guests[] = {
      {"fibonacci", {50, 0, 0, 0}, 4},
      {"sort",
       {6,    0,    0, 0, 9, 0, 0, 0, 3, 0, 0, 0, 0xff, 0xff,
        0xff, 0xff, 0, 0, 0, 0, 7, 0, 0, 0, 3, 0, 0,    0},
       28},
      {"sha256", {'a', 'b', 'c'}, 3},
      {"bignum",
       {2, 0, 0, 0, 2,    0,    0,    0,    0xff, 0xff, 0xff, 0xff,
        1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
       24},
      {"alu_mix", {7, 0, 0, 0, 0xf9, 0xff, 0xff, 0xff, 0, 0, 0, 0x80, 0xff, 0xff, 0xff, 0xff}, 16},
  };
  int found = 0;
  for (size_t g = 0; g < sizeof guests / sizeof guests[0]; g++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/../../zkvm/guests/%s.elf", bd, guests[g].name);
    FILE *f = fopen(path, "rb");
    if (!f) continue;
    fclose(f);
    found++;
    zka_zkvm_program *prog = NULL;
    zka_status st = zka_zkvm_program_load_file(&prog, path, ctx);
    CHECK(st == ZKA_OK, "%s: %s", path, zka_ctx_last_error(ctx));
    if (st != ZKA_OK) continue;
    cpu_run r;
    if (run_prog(&r, prog, guests[g].in, guests[g].in_len, guests[g].name))
      check_honest(&r, guests[g].name);
    run_free(&r);
  }
  if (!found) printf("  guests: none built in %s/../../zkvm/guests (no RISC-V compiler?)\n", bd);
}

int main(void) {
  CHECK(zka_ctx_create(&ctx) == ZKA_OK, "ctx");
  printf("test_zkvm_cpu: CPU chip, %d columns\n", (int)zka_chip_cpu.width);
  CHECK(zka_chip_cpu.width == ZKA_CPU_WIDTH, "width");
  test_main_program();
  test_small_programs();
  test_program_tuple();
  test_gen_refuses();
  test_guests();
  zka_ctx_destroy(ctx);
  return zka_test_finish("test_zkvm_cpu");
}
