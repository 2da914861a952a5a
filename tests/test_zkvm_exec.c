/* test_zkvm_exec — the zkVM executor (include/zkaccel/zkvm.h).
 *
 * Parts (argv[1]; none = "core"):
 *   core    every RV32IM instruction and its edge cases, on programs assembled here with
 *           small encoders into ELF files built here, against a reference model written
 *           independently (64-bit host arithmetic); traps and their messages; the trace
 *           hook; the ELF loader's refusals (this x86-64 test binary, a crafted RV64
 *           header, RVC, truncations, bad segments); limits; random ELF mutations.
 *   guests DIR   the example guests built by zkvm/CMakeLists.txt against natively computed
 *           results (SHA-256 NIST vectors and an independent SHA-256, qsort, GMP), the
 *           cross-compiled RV64 and RVC ELFs, a guest that never halts, the CLI, MHz.
 *   qemu DIR     differential: each guest under qemu-riscv32 and the executor gives the
 *           same exit code and public output (skipped when qemu-riscv32 is absent).
 */
/* The CLI is compiled into this test (it is not in the library): include it first, since
 * it sets _POSIX_C_SOURCE. */
#include "host/cli/zkvm.c"
#include "host/cli/engine_args.c"
#include "host/cli/cli_files.c"

#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_util.h"
#include "zkaccel/zkvm.h"

#include "zkvm/asm.h"

static zka_ctx *ctx;

/* Assemble, load and run p; returns the run's status (or the load's). */
static zka_status run_opt(const prog_t *p, const uint8_t *in, size_t in_len,
                          const zka_zkvm_options *opt, zka_zkvm_result *res) {
  size_t len;
  uint8_t *e = mk_elf(p, &len);
  zka_zkvm_program *prog = NULL;
  zka_status st = zka_zkvm_program_load(&prog, e, len, ctx);
  free(e);
  memset(res, 0, sizeof *res);
  if (st != ZKA_OK) return st;
  st = zka_zkvm_run(res, prog, in, in_len, opt, ctx);
  zka_zkvm_program_destroy(prog);
  return st;
}
static zka_status run(const prog_t *p, zka_zkvm_result *res) { return run_opt(p, NULL, 0, NULL, res); }

/* ---- the reference model (host 64-bit arithmetic, written apart from zkvm/exec.c) ----- */
typedef struct {
  const char *name;
  uint32_t f7, f3;
} rr_op;
static const rr_op rr_ops[] = {
    {"add", 0, 0},    {"sub", 0x20, 0},  {"sll", 0, 1},    {"slt", 0, 2},    {"sltu", 0, 3},
    {"xor", 0, 4},    {"srl", 0, 5},     {"sra", 0x20, 5}, {"or", 0, 6},     {"and", 0, 7},
    {"mul", 1, 0},    {"mulh", 1, 1},    {"mulhsu", 1, 2}, {"mulhu", 1, 3},  {"div", 1, 4},
    {"divu", 1, 5},   {"rem", 1, 6},     {"remu", 1, 7}};

static int64_t s64(uint32_t v) { return v >= 0x80000000u ? (int64_t)v - 0x100000000LL : (int64_t)v; }
static uint32_t lo32(int64_t v) { return (uint32_t)((uint64_t)v & 0xffffffffu); }
static uint32_t hi32(int64_t v) {
  /* floor(v / 2^32) mod 2^32, computed without shifting a negative number */
  int64_t q = v / 4294967296LL;
  if (v % 4294967296LL < 0) q--;
  return lo32(q);
}

static uint32_t ref_rr(const char *op, uint32_t a, uint32_t b) {
  const int64_t sa = s64(a), sb = s64(b);
  const unsigned sh = b % 32;
  if (!strcmp(op, "add")) return lo32(sa + sb);
  if (!strcmp(op, "sub")) return lo32(sa - sb);
  if (!strcmp(op, "sll")) return lo32((int64_t)((uint64_t)a << sh));
  if (!strcmp(op, "slt")) return sa < sb;
  if (!strcmp(op, "sltu")) return a < b;
  if (!strcmp(op, "xor")) return a ^ b;
  if (!strcmp(op, "srl")) return a >> sh;
  if (!strcmp(op, "sra")) return lo32(sa >= 0 ? sa >> sh : -((-sa - 1) >> sh) - 1);
  if (!strcmp(op, "or")) return a | b;
  if (!strcmp(op, "and")) return a & b;
  if (!strcmp(op, "mul")) return lo32((int64_t)((uint64_t)a * b));
  if (!strcmp(op, "mulh")) return hi32(sa * sb);
  if (!strcmp(op, "mulhsu")) return hi32(sa * (int64_t)b);
  if (!strcmp(op, "mulhu")) return (uint32_t)(((uint64_t)a * b) >> 32);
  /* M chapter, table 7.1: x/0 = -1 (all ones), x%0 = x, -2^31 / -1 = -2^31, rem 0. */
  if (!strcmp(op, "div")) return b == 0 ? 0xffffffffu : lo32(sa / sb);
  if (!strcmp(op, "divu")) return b == 0 ? 0xffffffffu : a / b;
  if (!strcmp(op, "rem")) return b == 0 ? a : lo32(sa % sb);
  if (!strcmp(op, "remu")) return b == 0 ? a : a % b;
  abort();
}

static const uint32_t edge[] = {0,          1,          2,          3,          31,
                                32,         33,         0x7fffffff, 0x80000000, 0x80000001,
                                0xffffffff, 0xfffffffe, 0xdeadbeef, 0x00010000, 0x0000ffff,
                                0x12345678, 0xfffff800, 0x7ff};
#define NEDGE (sizeof edge / sizeof edge[0])

static void test_rr(zka_test_rng *rng) {
  long checks = 0;
  for (size_t k = 0; k < sizeof rr_ops / sizeof rr_ops[0]; k++) {
    const rr_op *op = &rr_ops[k];
    const long nrand = zka_test_iters(40);
    for (long t = 0; t < (long)(NEDGE * NEDGE) + nrand; t++) {
      uint32_t a, b;
      if (t < (long)(NEDGE * NEDGE)) a = edge[t / NEDGE], b = edge[t % NEDGE];
      else a = (uint32_t)zka_test_next(rng), b = (uint32_t)zka_test_next(rng);
      prog_t p = {.n = 0};
      li(&p, 5, a);
      li(&p, 6, b);
      emit(&p, enc_r(op->f7, 6, 5, op->f3, 7, 0x33));  /* x7 = x5 op x6 */
      emit(&p, enc_r(op->f7, 6, 5, op->f3, 0, 0x33));  /* x0 = ...: discarded */
      emit(&p, enc_r(op->f7, 6, 5, op->f3, 5, 0x33));  /* rd = rs1 */
      emit(&p, ADDI(17, 0, 93));
      emit(&p, ECALL);
      zka_zkvm_result r;
      zka_status st = run(&p, &r);
      const uint32_t want = ref_rr(op->name, a, b);
      CHECK(st == ZKA_OK, "%s: %s", op->name, zka_ctx_last_error(ctx));
      CHECK(r.regs[7] == want, "%s 0x%08x, 0x%08x = 0x%08x, want 0x%08x", op->name, a, b,
            r.regs[7], want);
      CHECK(r.regs[5] == want, "%s with rd = rs1", op->name);
      CHECK(r.regs[0] == 0, "%s x0 written", op->name);
      CHECK(r.cycles == 9, "%s: %llu cycles", op->name, (unsigned long long)r.cycles);
      zka_zkvm_result_clear(&r);
      checks++;
    }
  }
  /* rs1 = rs2 = rd, and x0 as a source. */
  prog_t p = {.n = 0};
  li(&p, 5, 0x40000001);
  emit(&p, enc_r(1, 5, 5, 0, 5, 0x33)); /* mul x5, x5, x5 */
  emit(&p, enc_r(0, 0, 0, 0, 6, 0x33)); /* add x6, x0, x0 */
  emit(&p, enc_r(0x20, 5, 0, 0, 7, 0x33)); /* sub x7, x0, x5 */
  exit_with(&p, 0);
  zka_zkvm_result r;
  CHECK(run(&p, &r) == ZKA_OK, "%s", zka_ctx_last_error(ctx));
  CHECK(r.regs[5] == 0x80000001u && r.regs[6] == 0 && r.regs[7] == 0x7fffffffu,
        "mul x5,x5,x5 = 0x%08x", r.regs[5]);
  zka_zkvm_result_clear(&r);
  printf("register-register: %zu operations x %ld operand pairs (edge values and random) "
         "against the model\n", sizeof rr_ops / sizeof rr_ops[0], checks / 18);
}

typedef struct {
  const char *name;
  uint32_t f3, f7; /* f7: shifts only */
} ri_op;

static void test_ri(zka_test_rng *rng) {
  static const ri_op ops[] = {{"add", 0, 0}, {"slt", 2, 0}, {"sltu", 3, 0}, {"xor", 4, 0},
                              {"or", 6, 0},  {"and", 7, 0}};
  static const int32_t imms[] = {0, 1, -1, 2047, -2048, 0x555, -0x555, 31, 32};
  long n = 0;
  for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
    for (size_t i = 0; i < NEDGE + 8; i++)
      for (size_t j = 0; j < sizeof imms / sizeof imms[0]; j++) {
        const uint32_t a = i < NEDGE ? edge[i] : (uint32_t)zka_test_next(rng);
        prog_t p = {.n = 0};
        li(&p, 5, a);
        emit(&p, enc_i(imms[j], 5, ops[k].f3, 7, 0x13));
        exit_with(&p, 7);
        zka_zkvm_result r;
        CHECK(run(&p, &r) == ZKA_OK, "%s", zka_ctx_last_error(ctx));
        /* the immediate is sign-extended to 32 bits, also for sltiu (2.4) */
        const uint32_t want = ref_rr(ops[k].name, a, (uint32_t)imms[j]);
        CHECK(r.regs[7] == want, "%si 0x%08x, %d = 0x%08x, want 0x%08x", ops[k].name, a,
              imms[j], r.regs[7], want);
        zka_zkvm_result_clear(&r);
        n++;
      }
  static const ri_op shifts[] = {{"sll", 1, 0}, {"srl", 5, 0}, {"sra", 5, 0x20}};
  for (size_t k = 0; k < 3; k++)
    for (size_t i = 0; i < NEDGE; i++)
      for (uint32_t sh = 0; sh < 32; sh++) {
        prog_t p = {.n = 0};
        li(&p, 5, edge[i]);
        emit(&p, enc_r(shifts[k].f7, sh, 5, shifts[k].f3, 7, 0x13));
        exit_with(&p, 7);
        zka_zkvm_result r;
        CHECK(run(&p, &r) == ZKA_OK, "%s", zka_ctx_last_error(ctx));
        const uint32_t want = ref_rr(shifts[k].name, edge[i], sh);
        CHECK(r.regs[7] == want, "%si 0x%08x, %u = 0x%08x, want 0x%08x", shifts[k].name,
              edge[i], sh, r.regs[7], want);
        zka_zkvm_result_clear(&r);
        n++;
      }
  printf("register-immediate: addi slti sltiu xori ori andi slli srli srai, %ld cases\n", n);
}

static void test_upper_and_jumps(void) {
  zka_zkvm_result r;
  prog_t p = {.n = 0};
  emit(&p, LUI(5, 0xfffff000u));  /* 0x10000 */
  emit(&p, LUI(6, 0x80000000u));  /* 0x10004 */
  emit(&p, AUIPC(7, 0x00001000u));  /* 0x10008: x7 = 0x11008 */
  emit(&p, AUIPC(8, 0xfffff000u));  /* 0x1000c: x8 = 0x1000c - 0x1000 */
  emit(&p, LUI(0, 0x12345000u));  /* x0 stays 0 */
  exit_with(&p, 0);
  CHECK(run(&p, &r) == ZKA_OK, "%s", zka_ctx_last_error(ctx));
  CHECK(r.regs[5] == 0xfffff000u && r.regs[6] == 0x80000000u, "lui");
  CHECK(r.regs[7] == 0x11008u && r.regs[8] == 0x0000f00cu, "auipc: 0x%08x 0x%08x", r.regs[7],
        r.regs[8]);
  CHECK(r.regs[0] == 0, "lui x0");
  zka_zkvm_result_clear(&r);

  /* jal forward over one instruction, link = pc + 4; jal backward; jalr clears bit 0;
   * jalr with rd = rs1 uses the old rs1. */
  p.n = 0;
  emit(&p, JAL(1, 8));                  /* 0x10000 -> 0x10008, x1 = 0x10004 */
  emit(&p, ADDI(9, 0, 1));              /* 0x10004: skipped (and target of the jalr below) */
  li(&p, 5, ZKA_ZKVM_TEXT_BASE + 0x21); /* 0x10008, 0x1000c */
  emit(&p, JALR(2, 5, -1));             /* 0x10010: -> 0x10020, x2 = 0x10014 */
  emit(&p, ADDI(9, 9, 2));              /* 0x10014: skipped */
  emit(&p, ADDI(9, 9, 4));              /* 0x10018: skipped */
  emit(&p, ADDI(9, 9, 8));              /* 0x1001c: skipped */
  li(&p, 6, ZKA_ZKVM_TEXT_BASE + 0x31); /* 0x10020, 0x10024: x6 = 0x10031 */
  emit(&p, JALR(6, 6, 0));              /* 0x10028: -> 0x10030 (bit 0 cleared), x6 = 0x1002c */
  emit(&p, ADDI(9, 9, 16));             /* 0x1002c: skipped */
  emit(&p, JAL(0, 8));                  /* 0x10030: -> 0x10038, no link */
  emit(&p, ADDI(9, 9, 32));             /* 0x10034: skipped */
  exit_with(&p, 9);                     /* 0x10038 */
  CHECK(run(&p, &r) == ZKA_OK, "%s", zka_ctx_last_error(ctx));
  CHECK(r.regs[1] == 0x10004u, "jal link 0x%08x", r.regs[1]);
  CHECK(r.regs[2] == 0x10014u, "jalr link 0x%08x", r.regs[2]);
  CHECK(r.regs[6] == 0x1002cu, "jalr rd = rs1 link 0x%08x", r.regs[6]);
  CHECK(r.regs[9] == 0 && r.exit_code == 0, "a skipped instruction ran: x9 = %u", r.regs[9]);
  CHECK(r.cycles == 11, "jump program ran %llu cycles, want 11", (unsigned long long)r.cycles);
  zka_zkvm_result_clear(&r);

  /* A backward loop: sum 1..10 with bne. */
  p.n = 0;
  emit(&p, ADDI(5, 0, 10));
  emit(&p, ADDI(6, 0, 0));
  emit(&p, enc_r(0, 5, 6, 0, 6, 0x33)); /* loop: add x6, x6, x5 */
  emit(&p, ADDI(5, 5, -1));
  emit(&p, enc_b(-8, 0, 5, 1));         /* bne x5, x0, loop */
  exit_with(&p, 6);
  CHECK(run(&p, &r) == ZKA_OK && r.exit_code == 55, "loop sum %d", r.exit_code);
  CHECK(r.cycles == 2 + 30 + 3, "loop cycles %llu", (unsigned long long)r.cycles);
  zka_zkvm_result_clear(&r);
  printf("lui, auipc, jal, jalr (link, bit 0, rd = rs1), backward branch loop: ok\n");
}

static void test_branches(zka_test_rng *rng) {
  static const struct {
    const char *name;
    uint32_t f3;
  } br[] = {{"beq", 0}, {"bne", 1}, {"blt", 4}, {"bge", 5}, {"bltu", 6}, {"bgeu", 7}};
  long n = 0;
  for (size_t k = 0; k < 6; k++)
    for (size_t t = 0; t < NEDGE * NEDGE / 3 + 20; t++) {
      uint32_t a, b;
      if (t < NEDGE * NEDGE / 3) a = edge[(3 * t) / NEDGE], b = edge[(3 * t + t / NEDGE) % NEDGE];
      else if (t % 2) a = b = (uint32_t)zka_test_next(rng);
      else a = (uint32_t)zka_test_next(rng), b = (uint32_t)zka_test_next(rng);
      const int64_t sa = s64(a), sb = s64(b);
      const int want = br[k].f3 == 0 ? a == b : br[k].f3 == 1 ? a != b : br[k].f3 == 4 ? sa < sb
                     : br[k].f3 == 5 ? sa >= sb : br[k].f3 == 6 ? a < b : a >= b;
      prog_t p = {.n = 0};
      li(&p, 5, a);
      li(&p, 6, b);
      emit(&p, ADDI(7, 0, 1));
      emit(&p, enc_b(8, 6, 5, br[k].f3)); /* taken: skip the next */
      emit(&p, ADDI(7, 0, 0));
      exit_with(&p, 7);
      zka_zkvm_result r;
      CHECK(run(&p, &r) == ZKA_OK, "%s", zka_ctx_last_error(ctx));
      CHECK(r.exit_code == want, "%s 0x%08x, 0x%08x: taken %d, want %d", br[k].name, a, b,
            r.exit_code, want);
      CHECK(r.cycles == (uint64_t)(want ? 9 : 10), "%s cycles", br[k].name);
      zka_zkvm_result_clear(&r);
      n++;
    }
  printf("branches: beq bne blt bge bltu bgeu, %ld cases (signed/unsigned edges)\n", n);
}

static void test_memory(void) {
  zka_zkvm_result r;
  prog_t p = {.n = 0};
  li(&p, 5, DATA_BASE);
  /* data_init: 80 ff 7f 01 | fe 80 34 12 | 78 56 34 12 | ef be ad de */
  emit(&p, enc_i(0, 5, 0, 6, 0x03));   /* lb  x6  = [0] = 0x80 -> 0xffffff80 */
  emit(&p, enc_i(3, 5, 0, 7, 0x03));   /* lb  x7  = [3] = 0x01 */
  emit(&p, enc_i(1, 5, 4, 8, 0x03));   /* lbu x8  = [1] = 0xff */
  emit(&p, enc_i(0, 5, 1, 9, 0x03));   /* lh  x9  = [0] = 0xff80 -> 0xffffff80 */
  emit(&p, enc_i(2, 5, 1, 11, 0x03));  /* lh  x11 = [2] = 0x017f */
  emit(&p, enc_i(4, 5, 5, 12, 0x03));  /* lhu x12 = [4] = 0x80fe */
  emit(&p, enc_i(8, 5, 2, 13, 0x03));  /* lw  x13 = 0x12345678 */
  emit(&p, enc_i(12, 5, 2, 14, 0x03)); /* lw  x14 = 0xdeadbeef */
  emit(&p, enc_i(6, 5, 1, 15, 0x03));  /* lh  x15 = [6] = 0x1234 */
  emit(&p, enc_i(5, 5, 0, 0, 0x03));   /* lb  x0: discarded */
  /* stores: sw, then sh/sb over it, read back with lw; negative offsets */
  li(&p, 16, 0xa1b2c3d4);
  li(&p, 17, 0x00000100); /* base + 0x100 */
  emit(&p, enc_r(0, 5, 17, 0, 17, 0x33)); /* x17 = x5 + 0x100 */
  emit(&p, enc_s(-4, 16, 17, 2));      /* sw [x17 - 4] = 0xa1b2c3d4 */
  emit(&p, enc_s(-3, 16, 17, 0));      /* sb [x17 - 3] = 0xd4 */
  emit(&p, enc_s(-2, 0, 17, 1));       /* sh [x17 - 2] = 0 */
  emit(&p, enc_i(-4, 17, 2, 18, 0x03)); /* lw x18 = 0x0000d4d4 */
  emit(&p, enc_s(0, 16, 17, 1));       /* sh [x17] = 0xc3d4 */
  emit(&p, enc_i(0, 17, 2, 19, 0x03));  /* lw x19 = 0x0000c3d4 */
  emit(&p, enc_i(0, 17, 1, 20, 0x03));  /* lh x20 = 0xffffc3d4 */
  li(&p, 21, DATA_BASE + DATA_MEMSZ - 4);
  emit(&p, enc_s(0, 16, 21, 2));       /* the last word of the segment's zero part */
  emit(&p, enc_i(0, 21, 2, 22, 0x03));
  emit(&p, enc_i(DATA_FILESZ, 5, 2, 23, 0x03)); /* bss: zero */
  li(&p, 24, ZKA_ZKVM_TEXT_BASE);
  emit(&p, enc_i(0, 24, 2, 25, 0x03));  /* loads from the code are allowed */
  exit_with(&p, 0);
  CHECK(run(&p, &r) == ZKA_OK, "%s", zka_ctx_last_error(ctx));
  CHECK(r.regs[6] == 0xffffff80u, "lb sign-extends: 0x%08x", r.regs[6]);
  CHECK(r.regs[7] == 1u, "lb positive");
  CHECK(r.regs[8] == 0xffu, "lbu zero-extends: 0x%08x", r.regs[8]);
  CHECK(r.regs[9] == 0xffffff80u, "lh sign-extends: 0x%08x", r.regs[9]);
  CHECK(r.regs[11] == 0x017fu, "lh positive 0x%08x", r.regs[11]);
  CHECK(r.regs[12] == 0x80feu, "lhu zero-extends 0x%08x", r.regs[12]);
  CHECK(r.regs[13] == 0x12345678u && r.regs[14] == 0xdeadbeefu, "lw little-endian");
  CHECK(r.regs[15] == 0x1234u, "lh at 6");
  CHECK(r.regs[0] == 0, "load into x0");
  CHECK(r.regs[18] == 0x0000d4d4u, "sw/sb/sh/lw: 0x%08x", r.regs[18]);
  CHECK(r.regs[19] == 0x0000c3d4u && r.regs[20] == 0xffffc3d4u, "sh/lh");
  CHECK(r.regs[22] == 0xa1b2c3d4u, "last word of the segment");
  CHECK(r.regs[23] == 0, "bss reads zero");
  CHECK(r.regs[25] == p.w[0], "load from code: 0x%08x", r.regs[25]);
  zka_zkvm_result_clear(&r);

  /* Each run starts from the loaded image: a store in one run is gone in the next. */
  size_t len;
  p.n = 0;
  li(&p, 5, DATA_BASE);
  emit(&p, enc_i(0, 5, 2, 6, 0x03));
  emit(&p, ADDI(7, 6, 1));
  emit(&p, enc_s(0, 7, 5, 2));
  exit_with(&p, 6);
  uint8_t *e = mk_elf(&p, &len);
  zka_zkvm_program *prog = NULL;
  CHECK(zka_zkvm_program_load(&prog, e, len, ctx) == ZKA_OK, "%s", zka_ctx_last_error(ctx));
  for (int i = 0; i < 2 && prog; i++) {
    CHECK(zka_zkvm_run(&r, prog, NULL, 0, NULL, ctx) == ZKA_OK, "run %d", i);
    CHECK((uint32_t)r.exit_code == 0x017fff80u, "run %d saw 0x%08x", i, (uint32_t)r.exit_code);
    zka_zkvm_result_clear(&r);
  }
  zka_zkvm_program_destroy(prog);
  free(e);
  printf("loads and stores: sign/zero extension, little-endian, x0, bss, code readable, "
         "fresh memory per run: ok\n");
}

static void test_misc(void) {
  zka_zkvm_result r;
  prog_t p = {.n = 0};
  emit(&p, FENCE);
  emit(&p, FENCE_I);
  emit(&p, 0x8330000fu); /* fence.tso */
  emit(&p, ADDI(0, 0, 5)); /* a HINT: writes x0 */
  emit(&p, ADDI(5, 0, -7));
  exit_with(&p, 5);
  CHECK(run(&p, &r) == ZKA_OK, "%s", zka_ctx_last_error(ctx));
  CHECK(r.exit_code == -7 && r.regs[0] == 0, "fence/hint: exit %d", r.exit_code);
  CHECK(r.stop == ZKA_ZKVM_HALTED && r.cycles == 8 && r.pc == ZKA_ZKVM_TEXT_BASE + 28,
        "stop %d cycles %llu pc 0x%08x", r.stop, (unsigned long long)r.cycles, r.pc);
  zka_zkvm_result_clear(&r);
  printf("fence, fence.i, fence.tso, hints, exit code -7, cycle count and pc of exit: ok\n");
}

/* ---- ecalls: read, write, exit, unknown ---------------------------------------------- */
static void test_ecalls(void) {
  zka_zkvm_result r;
  prog_t p = {.n = 0};
  li(&p, 20, DATA_BASE + 0x100);
  /* read(0, buf, 5) -> 5 */
  emit(&p, ADDI(10, 0, 0)), emit(&p, ADDI(11, 20, 0)), emit(&p, ADDI(12, 0, 5));
  emit(&p, ADDI(17, 0, 63)), emit(&p, ECALL), emit(&p, ADDI(21, 10, 0));
  /* read(0, buf + 5, 100) -> 3 (the rest) */
  emit(&p, ADDI(10, 0, 0)), emit(&p, ADDI(11, 20, 5)), emit(&p, ADDI(12, 0, 100));
  emit(&p, ECALL), emit(&p, ADDI(22, 10, 0));
  /* read(0, buf, 4) -> 0 at the end */
  emit(&p, ADDI(10, 0, 0)), emit(&p, ADDI(11, 20, 0)), emit(&p, ADDI(12, 0, 4));
  emit(&p, ECALL), emit(&p, ADDI(23, 10, 0));
  /* read(3, ...) -> -EBADF */
  emit(&p, ADDI(10, 0, 3)), emit(&p, ECALL), emit(&p, ADDI(24, 10, 0));
  /* write(1, buf, 8); write(2, buf + 1, 2); write(1, buf, 0); write(7, ...) -> -EBADF */
  emit(&p, ADDI(17, 0, 64));
  emit(&p, ADDI(10, 0, 1)), emit(&p, ADDI(11, 20, 0)), emit(&p, ADDI(12, 0, 8)), emit(&p, ECALL);
  emit(&p, ADDI(25, 10, 0));
  emit(&p, ADDI(10, 0, 2)), emit(&p, ADDI(11, 20, 1)), emit(&p, ADDI(12, 0, 2)), emit(&p, ECALL);
  emit(&p, ADDI(10, 0, 1)), emit(&p, ADDI(12, 0, 0)), emit(&p, ECALL);
  emit(&p, ADDI(10, 0, 7)), emit(&p, ECALL), emit(&p, ADDI(26, 10, 0));
  emit(&p, ADDI(10, 0, 3)), emit(&p, ADDI(17, 0, 93)), emit(&p, ECALL);
  CHECK(run_opt(&p, (const uint8_t *)"zkvm-abc", 8, NULL, &r) == ZKA_OK, "%s",
        zka_ctx_last_error(ctx));
  CHECK(r.regs[21] == 5 && r.regs[22] == 3 && r.regs[23] == 0, "read returns %u %u %u",
        r.regs[21], r.regs[22], r.regs[23]);
  CHECK(r.regs[24] == (uint32_t)-9 && r.regs[26] == (uint32_t)-9, "bad fd: %d %d",
        (int)r.regs[24], (int)r.regs[26]);
  CHECK(r.regs[25] == 8, "write returns %u", r.regs[25]);
  CHECK(r.output_len == 8 && !memcmp(r.output, "zkvm-abc", 8), "public output");
  CHECK(r.debug_len == 2 && !memcmp(r.debug, "kv", 2), "debug output");
  CHECK(r.exit_code == 3, "exit code %d", r.exit_code);
  zka_zkvm_result_clear(&r);

  /* read into read-only memory, write from outside memory, unknown ecall numbers */
  static const struct {
    uint32_t num, fd, buf, count;
    const char *msg;
  } bad[] = {{63, 0, ZKA_ZKVM_TEXT_BASE, 4, "outside writable"},
             {64, 1, 0x100, 4, "outside"},
             {64, 1, DATA_BASE + DATA_MEMSZ - 2, 4, "outside"},
             {64, 1, 0xfffffffe, 4, "outside"},
             {1000, 0, 0, 0, "unknown ecall a7 = 1000"},
             {ZKA_ZKVM_ECALL_BASE, 0, 0, 0, "unknown ecall"}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    p.n = 0;
    li(&p, 10, bad[i].fd), li(&p, 11, bad[i].buf), li(&p, 12, bad[i].count);
    li(&p, 17, bad[i].num);
    emit(&p, ECALL);
    exit_with(&p, 0);
    zka_status st = run_opt(&p, (const uint8_t *)"abcd", 4, NULL, &r);
    CHECK(st == ZKA_ERR_BAD_ENCODING && r.stop == ZKA_ZKVM_TRAP_ECALL, "bad ecall %zu: %d", i, st);
    CHECK(strstr(zka_ctx_last_error(ctx), bad[i].msg) && strstr(zka_ctx_last_error(ctx), "pc 0x00010020"),
          "message '%s'", zka_ctx_last_error(ctx));
    CHECK(r.pc == 0x10020u && r.cycles == 8, "trap pc 0x%08x cycles %llu", r.pc,
          (unsigned long long)r.cycles);
    zka_zkvm_result_clear(&r);
  }
  printf("ecalls: read (partial, end, bad fd), write (public, debug, empty, bad fd), exit "
         "code, bad buffers and unknown numbers trap: ok\n");
}

/* ---- traps --------------------------------------------------------------------------- */
static void expect_trap(const char *what, const prog_t *p, zka_zkvm_stop stop, zka_status want,
                        uint32_t pc, const char *needle, const zka_zkvm_options *opt) {
  zka_zkvm_result r;
  zka_status st = run_opt(p, NULL, 0, opt, &r);
  const char *msg = zka_ctx_last_error(ctx);
  char pcs[32];
  snprintf(pcs, sizeof pcs, "pc 0x%08x", pc);
  CHECK(st == want, "%s: status %d (%s), want %d", what, st, msg, want);
  CHECK(r.stop == stop, "%s: stop %d (%s), want %d", what, r.stop, zka_zkvm_stop_str(r.stop), stop);
  CHECK(r.pc == pc, "%s: trap pc 0x%08x, want 0x%08x", what, r.pc, pc);
  CHECK(strstr(msg, pcs) != NULL, "%s: message '%s' lacks '%s'", what, msg, pcs);
  CHECK(strstr(msg, needle) != NULL, "%s: message '%s' lacks '%s'", what, msg, needle);
  printf("  trap %-28s -> %s\n", what, msg);
  zka_zkvm_result_clear(&r);
}

static void test_traps(void) {
  prog_t p;
  const uint32_t B = ZKA_ZKVM_TEXT_BASE;
#define ONE(word)              \
  do {                         \
    p.n = 0;                   \
    emit(&p, ADDI(5, 0, 1));   \
    emit(&p, (word));          \
    exit_with(&p, 0);          \
  } while (0)
  ONE(0xffffffffu);
  expect_trap("all-ones word", &p, ZKA_ZKVM_TRAP_ILLEGAL, ZKA_ERR_BAD_ENCODING, B + 4, "illegal instruction 0xffffffff", NULL);
  ONE(0x00000000u);
  expect_trap("zero word", &p, ZKA_ZKVM_TRAP_ILLEGAL, ZKA_ERR_BAD_ENCODING, B + 4, "illegal", NULL);
  ONE(0xc0002573u); /* csrr a0, cycle: Zicsr is not RV32IM */
  expect_trap("csrr (Zicsr)", &p, ZKA_ZKVM_TRAP_ILLEGAL, ZKA_ERR_BAD_ENCODING, B + 4, "illegal", NULL);
  ONE(0x30200073u); /* mret */
  expect_trap("mret", &p, ZKA_ZKVM_TRAP_ILLEGAL, ZKA_ERR_BAD_ENCODING, B + 4, "illegal", NULL);
  ONE(0x00004501u | (0x4501u << 16)); /* two c.li a0, 0 */
  expect_trap("compressed c.li", &p, ZKA_ZKVM_TRAP_ILLEGAL, ZKA_ERR_BAD_ENCODING, B + 4, "compressed", NULL);
  ONE(enc_r(1, 7, 5, 1, 7, 0x13)); /* slli with shamt[5] = 1 (RV64 only) */
  expect_trap("slli shamt 33", &p, ZKA_ZKVM_TRAP_ILLEGAL, ZKA_ERR_BAD_ENCODING, B + 4, "illegal", NULL);
  ONE(enc_r(0x20, 6, 5, 1, 7, 0x33)); /* funct7 0x20 with sll */
  expect_trap("sll funct7 0x20", &p, ZKA_ZKVM_TRAP_ILLEGAL, ZKA_ERR_BAD_ENCODING, B + 4, "illegal", NULL);
  ONE(enc_i(0, 5, 3, 6, 0x03)); /* ld: RV64 */
  expect_trap("ld (RV64 load)", &p, ZKA_ZKVM_TRAP_ILLEGAL, ZKA_ERR_BAD_ENCODING, B + 4, "illegal", NULL);
  ONE(enc_i(0, 5, 1, 6, 0x67)); /* jalr funct3 1 */
  expect_trap("jalr funct3 1", &p, ZKA_ZKVM_TRAP_ILLEGAL, ZKA_ERR_BAD_ENCODING, B + 4, "illegal", NULL);
  ONE(enc_b(8, 6, 5, 2)); /* branch funct3 2 */
  expect_trap("branch funct3 2", &p, ZKA_ZKVM_TRAP_ILLEGAL, ZKA_ERR_BAD_ENCODING, B + 4, "illegal", NULL);
  ONE(0x00000053u); /* fadd.s: F */
  expect_trap("fadd.s (F)", &p, ZKA_ZKVM_TRAP_ILLEGAL, ZKA_ERR_BAD_ENCODING, B + 4, "illegal", NULL);
  ONE(0x0000202fu); /* amoadd.w: A */
  expect_trap("amoadd.w (A)", &p, ZKA_ZKVM_TRAP_ILLEGAL, ZKA_ERR_BAD_ENCODING, B + 4, "illegal", NULL);
  ONE(EBREAK);
  expect_trap("ebreak", &p, ZKA_ZKVM_TRAP_EBREAK, ZKA_ERR_BAD_ENCODING, B + 4, "ebreak", NULL);

  /* misaligned and out-of-map accesses */
#define MEM(what, base, insn, stop, needle)        \
  do {                                             \
    p.n = 0;                                       \
    li(&p, 5, (base));                             \
    emit(&p, (insn));                              \
    exit_with(&p, 0);                              \
    expect_trap(what, &p, stop, ZKA_ERR_BAD_ENCODING, B + 8, needle, NULL); \
  } while (0)
  MEM("lw misaligned", DATA_BASE + 2, enc_i(0, 5, 2, 6, 0x03), ZKA_ZKVM_TRAP_MISALIGNED, "misaligned 4-byte load");
  MEM("lh misaligned", DATA_BASE, enc_i(1, 5, 1, 6, 0x03), ZKA_ZKVM_TRAP_MISALIGNED, "misaligned 2-byte load");
  MEM("lhu misaligned", DATA_BASE, enc_i(3, 5, 5, 6, 0x03), ZKA_ZKVM_TRAP_MISALIGNED, "misaligned 2-byte load");
  MEM("sw misaligned", DATA_BASE + 1, enc_s(0, 0, 5, 2), ZKA_ZKVM_TRAP_MISALIGNED, "misaligned 4-byte store");
  MEM("sh misaligned", DATA_BASE + 1, enc_s(0, 0, 5, 1), ZKA_ZKVM_TRAP_MISALIGNED, "misaligned 2-byte store");
  MEM("lw into x0 misaligned", DATA_BASE + 1, enc_i(0, 5, 2, 0, 0x03), ZKA_ZKVM_TRAP_MISALIGNED, "misaligned");
  MEM("lw NULL", 0, enc_i(0, 5, 2, 6, 0x03), ZKA_ZKVM_TRAP_ACCESS, "outside guest memory");
  MEM("lb below the map", 0xffff, enc_i(0, 5, 0, 6, 0x03), ZKA_ZKVM_TRAP_ACCESS, "address 0x0000ffff outside");
  MEM("lb past the end", DATA_BASE + DATA_MEMSZ + 4096, enc_i(0, 5, 0, 6, 0x03), ZKA_ZKVM_TRAP_ACCESS, "outside");
  MEM("lw at 0xfffffffc", 0xfffffffc, enc_i(0, 5, 2, 6, 0x03), ZKA_ZKVM_TRAP_ACCESS, "outside");
  MEM("sw to code", B, enc_s(0, 0, 5, 2), ZKA_ZKVM_TRAP_ACCESS, "read-only");
  MEM("sb past the end", DATA_BASE + DATA_MEMSZ + 4096, enc_s(0, 0, 5, 0), ZKA_ZKVM_TRAP_ACCESS, "outside");
  MEM("sb NULL", 0, enc_s(0, 0, 5, 0), ZKA_ZKVM_TRAP_ACCESS, "outside");

  /* jumps: misaligned targets trap on the jump (which does not write rd), jumps outside
   * the code trap at the target. */
  p.n = 0;
  li(&p, 5, B + 0x102);
  emit(&p, JALR(1, 5, 0));
  exit_with(&p, 0);
  expect_trap("jalr misaligned target", &p, ZKA_ZKVM_TRAP_MISALIGNED, ZKA_ERR_BAD_ENCODING, B + 8, "misaligned target 0x00010102", NULL);
  {
    zka_zkvm_result r;
    (void)run(&p, &r);
    CHECK(r.regs[1] == 0 && r.cycles == 2, "misaligned jalr wrote rd (0x%08x) or retired", r.regs[1]);
    zka_zkvm_result_clear(&r);
  }
  p.n = 0;
  emit(&p, ADDI(5, 0, 1));
  emit(&p, JAL(1, 6));
  exit_with(&p, 0);
  expect_trap("jal misaligned target", &p, ZKA_ZKVM_TRAP_MISALIGNED, ZKA_ERR_BAD_ENCODING, B + 4, "misaligned target 0x0001000a", NULL);
  p.n = 0;
  emit(&p, ADDI(5, 0, 1));
  emit(&p, enc_b(6, 0, 0, 0)); /* beq x0, x0, +6 */
  exit_with(&p, 0);
  expect_trap("beq misaligned target", &p, ZKA_ZKVM_TRAP_MISALIGNED, ZKA_ERR_BAD_ENCODING, B + 4, "misaligned target", NULL);
  {
    zka_zkvm_result r;
    (void)run(&p, &r);
    CHECK(r.cycles == 1, "a misaligned taken branch retired: %llu cycles", (unsigned long long)r.cycles);
    zka_zkvm_result_clear(&r);
  }
  p.n = 0;
  emit(&p, ADDI(5, 0, 1));
  emit(&p, enc_b(6, 0, 5, 0)); /* beq x5, x0, +6: not taken, no trap */
  exit_with(&p, 5);
  {
    zka_zkvm_result r;
    CHECK(run(&p, &r) == ZKA_OK && r.exit_code == 1, "untaken misaligned branch trapped: %s",
          zka_ctx_last_error(ctx));
    zka_zkvm_result_clear(&r);
  }
  p.n = 0;
  li(&p, 5, DATA_BASE);
  emit(&p, JALR(0, 5, 0));
  exit_with(&p, 0);
  expect_trap("jump into data", &p, ZKA_ZKVM_TRAP_FETCH, ZKA_ERR_BAD_ENCODING, DATA_BASE, "jump outside the program", NULL);
  p.n = 0;
  emit(&p, JALR(0, 0, 0));
  expect_trap("jump to NULL", &p, ZKA_ZKVM_TRAP_FETCH, ZKA_ERR_BAD_ENCODING, 0, "reached from pc 0x00010000", NULL);
  p.n = 0;
  emit(&p, ADDI(5, 0, 1));
  emit(&p, ADDI(5, 0, 2));
  expect_trap("falling off the end", &p, ZKA_ZKVM_TRAP_FETCH, ZKA_ERR_BAD_ENCODING, B + 8, "jump outside the program", NULL);
  p.n = 0;
  emit(&p, JAL(0, -4));
  expect_trap("jal before the code", &p, ZKA_ZKVM_TRAP_FETCH, ZKA_ERR_BAD_ENCODING, B - 4, "outside", NULL);

  /* cycle limit: an endless loop */
  zka_zkvm_options opt = zka_zkvm_options_default();
  opt.max_cycles = 1000;
  p.n = 0;
  emit(&p, ADDI(5, 5, 1));
  emit(&p, JAL(0, -4));
  expect_trap("endless loop", &p, ZKA_ZKVM_TRAP_CYCLE_LIMIT, ZKA_ERR_INVALID_ARGUMENT, B, "cycle limit of 1000", &opt);
  {
    zka_zkvm_result r;
    (void)run_opt(&p, NULL, 0, &opt, &r);
    CHECK(r.cycles == 1000 && r.regs[5] == 500, "cycle limit: %llu cycles, x5 = %u",
          (unsigned long long)r.cycles, r.regs[5]);
    zka_zkvm_result_clear(&r);
  }
  /* exactly enough cycles: exit is the 4th instruction */
  opt.max_cycles = 4;
  p.n = 0;
  emit(&p, ADDI(5, 0, 9));
  exit_with(&p, 5);
  {
    zka_zkvm_result r;
    CHECK(run_opt(&p, NULL, 0, &opt, &r) == ZKA_OK && r.exit_code == 9, "4 cycles suffice");
    zka_zkvm_result_clear(&r);
    opt.max_cycles = 3;
    CHECK(run_opt(&p, NULL, 0, &opt, &r) == ZKA_ERR_INVALID_ARGUMENT &&
              r.stop == ZKA_ZKVM_TRAP_CYCLE_LIMIT, "3 cycles do not");
    zka_zkvm_result_clear(&r);
  }
#undef ONE
#undef MEM
  printf("traps: illegal/compressed/ebreak, misaligned and out-of-map accesses, store to "
         "code, misaligned and outside jumps, cycle limit: ok\n");
}

/* ---- limits ---------------------------------------------------------------------------- */
static void test_limits(void) {
  prog_t p = {.n = 0};
  /* echo: read 64 bytes into data, write them to fd 1, exit */
  li(&p, 11, DATA_BASE + 0x200);
  emit(&p, ADDI(10, 0, 0)), emit(&p, ADDI(12, 0, 64)), emit(&p, ADDI(17, 0, 63)), emit(&p, ECALL);
  emit(&p, ADDI(12, 10, 0)), emit(&p, ADDI(10, 0, 1)), emit(&p, ADDI(17, 0, 64)), emit(&p, ECALL);
  exit_with(&p, 0);
  zka_zkvm_options opt = zka_zkvm_options_default();
  opt.max_input = 16;
  uint8_t in[17];
  memset(in, 'x', sizeof in);
  zka_zkvm_result r;
  zka_status st = run_opt(&p, in, 17, &opt, &r);
  CHECK(st == ZKA_ERR_INVALID_ARGUMENT && strstr(zka_ctx_last_error(ctx), "larger than the limit"),
        "input too large: %d %s", st, zka_ctx_last_error(ctx));
  CHECK(r.cycles == 0 && r.output == NULL, "a refused input ran");
  printf("  input too large -> %s\n", zka_ctx_last_error(ctx));
  zka_zkvm_result_clear(&r);
  CHECK(run_opt(&p, in, 16, &opt, &r) == ZKA_OK && r.output_len == 16, "16 bytes accepted");
  zka_zkvm_result_clear(&r);
  opt.max_output = 15;
  st = run_opt(&p, in, 16, &opt, &r);
  CHECK(st == ZKA_ERR_INVALID_ARGUMENT && r.stop == ZKA_ZKVM_TRAP_OUTPUT_LIMIT &&
            strstr(zka_ctx_last_error(ctx), "limit of 15 bytes"),
        "output limit: %d %s", st, zka_ctx_last_error(ctx));
  printf("  output too large -> %s\n", zka_ctx_last_error(ctx));
  zka_zkvm_result_clear(&r);
  /* NULL arguments */
  CHECK(zka_zkvm_run(NULL, NULL, NULL, 0, NULL, ctx) == ZKA_ERR_INVALID_ARGUMENT, "NULL result");
  CHECK(zka_zkvm_run(&r, NULL, NULL, 0, NULL, ctx) == ZKA_ERR_INVALID_ARGUMENT, "NULL program");
  CHECK(zka_zkvm_program_load(NULL, in, 1, ctx) == ZKA_ERR_INVALID_ARGUMENT, "NULL out");
  zka_zkvm_program *prog = (zka_zkvm_program *)1;
  CHECK(zka_zkvm_program_load(&prog, NULL, 0, ctx) == ZKA_ERR_BAD_ENCODING && prog == NULL,
        "empty ELF");
  CHECK(zka_zkvm_program_load_file(&prog, "/nonexistent/zkvm.elf", ctx) == ZKA_ERR_IO,
        "missing file");
  printf("limits: input and output limits, NULL arguments, missing file: ok\n");
}

/* ---- trace hook -------------------------------------------------------------------- */
typedef struct {
  zka_zkvm_step *steps;
  size_t n, cap, calls, stop_after;
} trace_sink;

static int trace_collect(void *user, const zka_zkvm_step *s, size_t n) {
  trace_sink *t = user;
  t->calls++;
  for (size_t i = 0; i < n; i++) {
    if (t->n == t->cap) {
      t->cap = t->cap ? 2 * t->cap : 1024;
      t->steps = realloc(t->steps, t->cap * sizeof *t->steps);
    }
    t->steps[t->n++] = s[i];
  }
  return t->stop_after && t->n >= t->stop_after;
}

static void test_trace(void) {
  prog_t p = {.n = 0};
  li(&p, 5, DATA_BASE);                   /* 0, 1 */
  emit(&p, enc_i(8, 5, 2, 6, 0x03));      /* 2: lw x6 = 0x12345678 */
  emit(&p, enc_s(16, 6, 5, 1));           /* 3: sh [base + 16] = 0x5678 */
  emit(&p, ADDI(7, 0, 3));                /* 4 */
  emit(&p, ADDI(7, 7, -1));               /* 5: loop */
  emit(&p, enc_b(-4, 0, 7, 1));           /* 6: bne x7, x0, loop */
  exit_with(&p, 7);                       /* 7, 8, 9 */
  zka_zkvm_options opt = zka_zkvm_options_default();
  trace_sink t = {0};
  opt.trace = trace_collect;
  opt.trace_user = &t;
  zka_zkvm_result r, r0;
  CHECK(run_opt(&p, NULL, 0, &opt, &r) == ZKA_OK, "%s", zka_ctx_last_error(ctx));
  CHECK(run(&p, &r0) == ZKA_OK, "untraced");
  CHECK(t.n == r.cycles && r.cycles == r0.cycles && r.cycles == 14, "trace %zu steps, %llu cycles",
        t.n, (unsigned long long)r.cycles);
  CHECK(!memcmp(r.regs, r0.regs, sizeof r.regs), "traced and untraced registers differ");
  for (size_t i = 0; i < t.n; i++) {
    CHECK(t.steps[i].cycle == i, "step %zu cycle", i);
    CHECK(t.steps[i].insn == p.w[(t.steps[i].pc - ZKA_ZKVM_TEXT_BASE) / 4], "step %zu insn", i);
    if (i + 1 < t.n) CHECK(t.steps[i].next_pc == t.steps[i + 1].pc, "step %zu next_pc", i);
  }
  if (t.n == 14) {
    CHECK(t.steps[2].mem_addr == DATA_BASE + 8 && t.steps[2].mem_val == 0x12345678u &&
              t.steps[2].rd_val == 0x12345678u && t.steps[2].rs1_val == DATA_BASE,
          "lw step");
    CHECK(t.steps[3].mem_addr == DATA_BASE + 16 && t.steps[3].mem_val == 0x5678u &&
              t.steps[3].rs2_val == 0x12345678u && t.steps[3].rd_val == 0,
          "sh step");
    CHECK(t.steps[6].next_pc == ZKA_ZKVM_TEXT_BASE + 20 && t.steps[10].next_pc == ZKA_ZKVM_TEXT_BASE + 28,
          "branch next_pc");
    CHECK(t.steps[13].pc == ZKA_ZKVM_TEXT_BASE + 36 && t.steps[13].insn == ECALL, "exit ecall traced");
  }
  zka_zkvm_result_clear(&r);
  zka_zkvm_result_clear(&r0);
  /* a long run arrives in batches; the callback can stop it */
  p.n = 0;
  li(&p, 5, 100000);
  emit(&p, ADDI(5, 5, -1));
  emit(&p, enc_b(-4, 0, 5, 1));
  exit_with(&p, 5);
  t.n = t.calls = 0;
  CHECK(run_opt(&p, NULL, 0, &opt, &r) == ZKA_OK && t.n == r.cycles && t.calls > 1,
        "batched trace: %zu steps in %zu calls, %llu cycles", t.n, t.calls,
        (unsigned long long)r.cycles);
  zka_zkvm_result_clear(&r);
  t.n = t.calls = 0;
  t.stop_after = 5000;
  CHECK(run_opt(&p, NULL, 0, &opt, &r) == ZKA_ERR_INVALID_ARGUMENT &&
            r.stop == ZKA_ZKVM_TRAP_TRACE_ABORT && r.cycles < 20000,
        "trace abort: stop %d after %llu cycles", r.stop, (unsigned long long)r.cycles);
  zka_zkvm_result_clear(&r);
  free(t.steps);
  printf("trace hook: one step per cycle, pc/insn/operands/rd/memory fields, batches, "
         "abort, same result as untraced: ok\n");
}

/* ---- the ELF loader ------------------------------------------------------------------ */
static void expect_load_error(const char *what, const uint8_t *e, size_t len, zka_status want,
                              const char *needle) {
  zka_zkvm_program *prog = NULL;
  zka_status st = zka_zkvm_program_load(&prog, e, len, ctx);
  const char *msg = zka_ctx_last_error(ctx);
  CHECK(st == want && prog == NULL, "%s: status %d (want %d): %s", what, st, want, msg);
  CHECK(strstr(msg, needle) != NULL, "%s: message '%s' lacks '%s'", what, msg, needle);
  printf("  refuse %-34s -> %s\n", what, msg);
  zka_zkvm_program_destroy(prog);
}

static uint8_t *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *b = malloc(n > 0 ? (size_t)n : 1);
  *len = fread(b, 1, (size_t)(n > 0 ? n : 0), f);
  fclose(f);
  return b;
}

static void test_loader(void) {
  prog_t p = {.n = 0};
  emit(&p, ADDI(5, 0, 1));
  exit_with(&p, 5);
  size_t len;
  uint8_t *good = mk_elf(&p, &len);
  uint8_t *e = malloc(len);
#define FRESH() memcpy(e, good, len)
  size_t self_len = 0;
  uint8_t *self = read_file("/proc/self/exe", &self_len);
  CHECK(self != NULL, "cannot read /proc/self/exe");
  if (self) {
    expect_load_error("this test binary (x86-64 ELF64)", self, self_len, ZKA_ERR_UNSUPPORTED, "64-bit");
    /* the same with the class byte forced to 32 bits: refused for its machine */
    self[4] = 1;
    expect_load_error("x86-64 machine, ELFCLASS32", self, self_len, ZKA_ERR_UNSUPPORTED, "x86-64");
    free(self);
  }
  FRESH(), e[4] = 2;
  expect_load_error("crafted RV64 (ELFCLASS64)", e, len, ZKA_ERR_UNSUPPORTED, "64-bit");
  FRESH(), put16(e + 18, 3);
  expect_load_error("i386 machine", e, len, ZKA_ERR_UNSUPPORTED, "machine 3");
  FRESH(), put32(e + 36, 1);
  expect_load_error("EF_RISCV_RVC", e, len, ZKA_ERR_UNSUPPORTED, "compressed");
  FRESH(), put32(e + 36, 4);
  expect_load_error("double-float ABI", e, len, ZKA_ERR_UNSUPPORTED, "floating-point");
  FRESH(), put16(e + 16, 3);
  expect_load_error("ET_DYN", e, len, ZKA_ERR_UNSUPPORTED, "shared object or PIE");
  FRESH(), put16(e + 16, 1);
  expect_load_error("ET_REL", e, len, ZKA_ERR_UNSUPPORTED, "relocatable");
  FRESH(), e[5] = 2;
  expect_load_error("big-endian", e, len, ZKA_ERR_UNSUPPORTED, "little-endian");
  FRESH(), e[0] = 'X';
  expect_load_error("bad magic", e, len, ZKA_ERR_BAD_ENCODING, "not an ELF");
  FRESH(), put16(e + 42, 56);
  expect_load_error("phentsize 56", e, len, ZKA_ERR_BAD_ENCODING, "program header size");
  FRESH(), put16(e + 44, 0);
  expect_load_error("no program headers", e, len, ZKA_ERR_BAD_ENCODING, "no program headers");
  FRESH(), put16(e + 44, 1000);
  expect_load_error("phnum past the end", e, len, ZKA_ERR_BAD_ENCODING, "truncated");
  FRESH(), put32(e + 28, 0xfffffff0u);
  expect_load_error("phoff overflow", e, len, ZKA_ERR_BAD_ENCODING, "truncated");
  FRESH(), put32(e + OFF_PH1 + 24, 7);
  expect_load_error("RWX data segment", e, len, ZKA_ERR_BAD_ENCODING, "writable and executable");
  FRESH(), put32(e + OFF_PH1 + 8, ZKA_ZKVM_TEXT_BASE);
  expect_load_error("data overlapping text", e, len, ZKA_ERR_BAD_ENCODING, "writable segment overlaps an executable");
  FRESH(), put32(e + OFF_PH1 + 8, ZKA_ZKVM_TEXT_BASE - 8192);
  expect_load_error("segment below 0x10000", e, len, ZKA_ERR_BAD_ENCODING, "outside the zkVM address space");
  FRESH(), put32(e + OFF_PH1 + 8, ZKA_ZKVM_MEM_END - 4096);
  expect_load_error("segment past 0x10000000", e, len, ZKA_ERR_BAD_ENCODING, "outside the zkVM address space");
  FRESH(), put32(e + OFF_PH1 + 8, 0xfffff000u);
  expect_load_error("segment wrapping 2^32", e, len, ZKA_ERR_BAD_ENCODING, "outside");
  FRESH(), put32(e + OFF_PH1 + 20, DATA_FILESZ - 1);
  expect_load_error("filesz > memsz", e, len, ZKA_ERR_BAD_ENCODING, "p_filesz");
  FRESH(), put32(e + OFF_PH1 + 4, 0xffffff00u);
  expect_load_error("segment offset overflow", e, len, ZKA_ERR_BAD_ENCODING, "truncated");
  FRESH(), put32(e + OFF_PH0 + 8, 0x00030000u), put32(e + 24, 0x00030000u);
  expect_load_error("code above data", e, len, ZKA_ERR_BAD_ENCODING, "code must precede data");
  FRESH(), put32(e + OFF_PH1 + 24, 5), put32(e + OFF_PH1 + 8, 0x08000000u);
  expect_load_error("code spread over 128 MiB", e, len, ZKA_ERR_UNSUPPORTED, "the limit is");
  FRESH(), put32(e + 24, DATA_BASE);
  expect_load_error("entry in data", e, len, ZKA_ERR_BAD_ENCODING, "entry point");
  FRESH(), put32(e + 24, ZKA_ZKVM_TEXT_BASE + 2);
  expect_load_error("entry misaligned", e, len, ZKA_ERR_BAD_ENCODING, "not 4-byte aligned");
  FRESH(), put32(e + OFF_PH1 + 8, DATA_BASE + 2), put32(e + OFF_PH1 + 12, DATA_BASE + 2);
  expect_load_error("writable segment misaligned", e, len, ZKA_ERR_UNSUPPORTED, "writable ELF segment 1 at 0x00020002 is not 4-byte aligned");
  FRESH(), put32(e + OFF_PH1, 2);
  expect_load_error("PT_DYNAMIC", e, len, ZKA_ERR_UNSUPPORTED, "dynamically linked");
  FRESH(), put32(e + OFF_PH0 + 24, 4);
  expect_load_error("no executable segment", e, len, ZKA_ERR_BAD_ENCODING, "no executable segment");
  /* every truncation of a valid file is refused cleanly */
  int all = 1;
  for (size_t cut = 0; cut < len; cut++) {
    zka_zkvm_program *prog = NULL;
    zka_status st = zka_zkvm_program_load(&prog, good, cut, ctx);
    if (st == ZKA_OK || prog != NULL) all = 0;
    if (cut >= 52 && !strstr(zka_ctx_last_error(ctx), "truncated")) all = 0;
    if (st == ZKA_OK && cut < 52) all = 0;
    zka_zkvm_program_destroy(prog);
  }
  CHECK(all, "a truncated file was accepted or not called truncated");
  {
    zka_zkvm_program *prog = NULL;
    CHECK(zka_zkvm_program_load(&prog, good, len, ctx) == ZKA_OK, "the valid file: %s",
          zka_ctx_last_error(ctx));
    CHECK(zka_zkvm_program_entry(prog) == ZKA_ZKVM_TEXT_BASE, "entry");
    zka_zkvm_program_destroy(prog);
  }
  printf("loader: %zu truncations of a %zu-byte ELF refused as truncated\n", len, len);
  free(e);
  free(good);
#undef FRESH
}

/* Random byte mutations of a valid ELF: loading (and running what loads, briefly) never
 * crashes; under the ASan/UBSan build it is also clean. */
static void fuzz_elf_bytes(const uint8_t *good, size_t len, long iters, zka_test_rng *rng) {
  uint8_t *e = malloc(len);
  long loaded = 0, ran = 0;
  zka_zkvm_options opt = zka_zkvm_options_default();
  opt.max_cycles = 2000;
  for (long it = 0; it < iters; it++) {
    memcpy(e, good, len);
    const int muts = 1 + (int)(zka_test_next(rng) % 8);
    for (int k = 0; k < muts; k++) {
      uint64_t r = zka_test_next(rng);
      /* half the mutations hit the headers, where the loader's decisions are */
      size_t at = (r & 1) ? (size_t)((r >> 8) % (len < 160 ? len : 160)) : (size_t)((r >> 8) % len);
      switch ((r >> 1) % 4) {
        case 0: e[at] ^= (uint8_t)(1u << ((r >> 40) % 8)); break;
        case 1: e[at] = (uint8_t)(r >> 48); break;
        case 2: e[at] = (r >> 48) & 1 ? 0xff : 0; break;
        default:
          if (at + 4 <= len) put32(e + at, get32(e + at) + (uint32_t)((int32_t)((r >> 48) % 9) - 4) * 4096u);
      }
    }
    size_t cut = (zka_test_next(rng) % 16 == 0) ? (size_t)(zka_test_next(rng) % len) : len;
    zka_zkvm_program *prog = NULL;
    if (zka_zkvm_program_load(&prog, e, cut, ctx) == ZKA_OK) {
      loaded++;
      zka_zkvm_result r;
      zka_status rs = zka_zkvm_run(&r, prog, (const uint8_t *)"\x05\0\0\0", 4, &opt, ctx);
      CHECK(rs == ZKA_OK || zka_ctx_last_error(ctx)[0], "a failed run without a message");
      zka_zkvm_result_clear(&r);
      ran++;
    } else {
      CHECK(prog == NULL && zka_ctx_last_error(ctx)[0], "refusal without a message");
    }
    zka_zkvm_program_destroy(prog);
  }
  printf("fuzz: %ld mutated ELFs (%zu bytes), %ld loaded and ran <= 2000 cycles, the rest "
         "refused with a message, no crash\n", iters, len, loaded);
  (void)ran;
  free(e);
}

static int part_core(void) {
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  test_rr(&rng);
  test_ri(&rng);
  test_upper_and_jumps();
  test_branches(&rng);
  test_memory();
  test_misc();
  test_ecalls();
  test_traps();
  test_limits();
  test_trace();
  test_loader();
  prog_t p = {.n = 0};
  li(&p, 5, DATA_BASE);
  emit(&p, enc_i(0, 5, 2, 6, 0x03));
  emit(&p, enc_b(8, 0, 6, 1));
  emit(&p, JAL(0, -8));
  exit_with(&p, 6);
  size_t len;
  uint8_t *e = mk_elf(&p, &len);
  fuzz_elf_bytes(e, len, zka_test_iters(20000), &rng);
  free(e);
  return zka_test_finish("test_zkvm_exec (core)");
}

/* ---- guests ------------------------------------------------------------------------------ */
static const char *guest_dir;

static char *guest_path(const char *name) {
  static char buf[4096];
  snprintf(buf, sizeof buf, "%s/%s.elf", guest_dir, name);
  return buf;
}

static zka_zkvm_program *load_guest(const char *name) {
  zka_zkvm_program *prog = NULL;
  zka_status st = zka_zkvm_program_load_file(&prog, guest_path(name), ctx);
  CHECK(st == ZKA_OK, "load %s: %s", name, zka_ctx_last_error(ctx));
  return prog;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* An independent SHA-256 (FIPS 180-4), written differently from the guest's: a
 * message-schedule ring of 16 words and the σ/Σ functions as macros. */
#define RR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
static void ref_sha256(uint8_t out[32], const uint8_t *msg, size_t len) {
  static const uint32_t K[64] = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
      0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
      0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
      0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
      0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
      0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
      0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
  uint32_t H[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const size_t padded = (len + 9 + 63) / 64 * 64;
  uint8_t *m = calloc(1, padded);
  memcpy(m, msg, len);
  m[len] = 0x80;
  for (int i = 0; i < 8; i++) m[padded - 1 - i] = (uint8_t)(((uint64_t)len * 8) >> (8 * i));
  for (size_t off = 0; off < padded; off += 64) {
    uint32_t W[16], v[8];
    memcpy(v, H, sizeof v);
    for (int t = 0; t < 64; t++) {
      uint32_t w;
      if (t < 16) {
        const uint8_t *q = m + off + 4 * t;
        w = W[t] = (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
      } else {
        uint32_t w15 = W[(t - 15) & 15], w2 = W[(t - 2) & 15];
        w = W[t & 15] += (RR(w15, 7) ^ RR(w15, 18) ^ (w15 >> 3)) + W[(t - 7) & 15] +
                         (RR(w2, 17) ^ RR(w2, 19) ^ (w2 >> 10));
      }
      uint32_t t1 = v[7] + (RR(v[4], 6) ^ RR(v[4], 11) ^ RR(v[4], 25)) +
                    ((v[4] & v[5]) ^ (~v[4] & v[6])) + K[t] + w;
      uint32_t t2 = (RR(v[0], 2) ^ RR(v[0], 13) ^ RR(v[0], 22)) +
                    ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
      memmove(v + 1, v, 7 * sizeof v[0]);
      v[4] += t1;
      v[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++) H[i] += v[i];
  }
  free(m);
  for (int i = 0; i < 32; i++) out[i] = (uint8_t)(H[i / 4] >> (24 - 8 * (i % 4)));
}
#undef RR

static void hex_to(uint8_t *out, const char *hex) {
  for (size_t i = 0; hex[2 * i]; i++) {
    unsigned v;
    sscanf(hex + 2 * i, "%2x", &v);
    out[i] = (uint8_t)v;
  }
}

/* Run a loaded guest; on success returns 1 and fills r (clear it). */
static int run_guest(zka_zkvm_program *prog, const char *name, const uint8_t *in, size_t n,
                     zka_zkvm_result *r, double *secs) {
  double t0 = now_s();
  zka_status st = zka_zkvm_run(r, prog, in, n, NULL, ctx);
  if (secs) *secs = now_s() - t0;
  CHECK(st == ZKA_OK, "%s: %s", name, zka_ctx_last_error(ctx));
  CHECK(st != ZKA_OK || r->exit_code == 0, "%s exited %d", name, r->exit_code);
  return st == ZKA_OK;
}

static void put_le32(uint8_t *p, uint32_t v) { put32(p, v); }

static void guest_fibonacci(void) {
  zka_zkvm_program *prog = load_guest("fibonacci");
  if (!prog) return;
  static const uint32_t ns[] = {0, 1, 2, 10, 93, 94, 1000, 123457};
  for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
    uint64_t a = 0, b = 1;
    for (uint32_t k = 0; k < ns[i]; k++) {
      uint64_t t = a + b;
      a = b, b = t;
    }
    uint8_t in[4], want[12];
    put_le32(in, ns[i]);
    put_le32(want, ns[i]), put_le32(want + 4, (uint32_t)a), put_le32(want + 8, (uint32_t)(a >> 32));
    zka_zkvm_result r;
    if (run_guest(prog, "fibonacci", in, 4, &r, NULL))
      CHECK(r.output_len == 12 && !memcmp(r.output, want, 12), "fibonacci(%u) output", ns[i]);
    zka_zkvm_result_clear(&r);
  }
  /* F(93) = 12200160415121876738 is the largest that fits 64 bits */
  printf("guest fibonacci: n = 0, 1, 2, 10, 93, 94, 1000, 123457 match the host\n");
  /* speed */
  uint8_t in[4];
  put_le32(in, 20000000);
  zka_zkvm_result r;
  double secs;
  if (run_guest(prog, "fibonacci", in, 4, &r, &secs))
    printf("speed: fibonacci(2e7): %llu cycles in %.3f s = %.0f MHz\n",
           (unsigned long long)r.cycles, secs, (double)r.cycles / secs * 1e-6);
  zka_zkvm_result_clear(&r);
  zka_zkvm_program_destroy(prog);
}

static void guest_sha256(zka_test_rng *rng) {
  zka_zkvm_program *prog = load_guest("sha256");
  if (!prog) return;
  /* FIPS 180-2 appendix B / NIST CSRC example vectors */
  static const struct {
    const char *msg, *hex;
  } kat[] = {
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"}};
  for (size_t i = 0; i < 3; i++) {
    uint8_t want[32];
    hex_to(want, kat[i].hex);
    zka_zkvm_result r;
    if (run_guest(prog, "sha256", (const uint8_t *)kat[i].msg, strlen(kat[i].msg), &r, NULL))
      CHECK(r.output_len == 32 && !memcmp(r.output, want, 32), "sha256(\"%s\")", kat[i].msg);
    uint8_t mine[32];
    ref_sha256(mine, (const uint8_t *)kat[i].msg, strlen(kat[i].msg));
    CHECK(!memcmp(mine, want, 32), "the test's own SHA-256 fails \"%s\"", kat[i].msg);
    zka_zkvm_result_clear(&r);
  }
  /* one million 'a' (FIPS 180-2 B.3), also the speed figure */
  uint8_t *mil = malloc(1000000);
  memset(mil, 'a', 1000000);
  uint8_t want[32];
  hex_to(want, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  zka_zkvm_result r;
  double secs;
  if (run_guest(prog, "sha256", mil, 1000000, &r, &secs)) {
    CHECK(r.output_len == 32 && !memcmp(r.output, want, 32), "sha256(1M 'a')");
    printf("speed: sha256 of 1 MB: %llu cycles in %.3f s = %.0f MHz\n",
           (unsigned long long)r.cycles, secs, (double)r.cycles / secs * 1e-6);
  }
  zka_zkvm_result_clear(&r);
  free(mil);
  /* random lengths around the block and padding boundaries, and 4 KiB read boundaries */
  int n = 0;
  for (size_t len = 0; len < 300; len += (len < 130 ? 1 : 7), n++) {
    uint8_t *m = malloc(len + 1);
    zka_test_rng_fill(rng, m, len);
    ref_sha256(want, m, len);
    if (run_guest(prog, "sha256", m, len, &r, NULL))
      CHECK(r.output_len == 32 && !memcmp(r.output, want, 32), "sha256 of %zu random bytes", len);
    zka_zkvm_result_clear(&r);
    free(m);
  }
  static const size_t big[] = {4095, 4096, 4097, 8192 + 55, 65536 + 64};
  for (size_t i = 0; i < 5; i++, n++) {
    uint8_t *m = malloc(big[i]);
    zka_test_rng_fill(rng, m, big[i]);
    ref_sha256(want, m, big[i]);
    if (run_guest(prog, "sha256", m, big[i], &r, NULL))
      CHECK(r.output_len == 32 && !memcmp(r.output, want, 32), "sha256 of %zu random bytes", big[i]);
    zka_zkvm_result_clear(&r);
    free(m);
  }
  printf("guest sha256: NIST \"abc\", \"\", 448-bit and 1M 'a' vectors; %d random inputs "
         "(0..65600 bytes) match an independent SHA-256\n", n);
  zka_zkvm_program_destroy(prog);
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

static void guest_sort(zka_test_rng *rng) {
  zka_zkvm_program *prog = load_guest("sort");
  if (!prog) return;
  static const uint32_t sizes[] = {0, 1, 2, 3, 17, 1000, 100000};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    const uint32_t n = sizes[i];
    uint8_t *in = malloc(4 + 4 * (size_t)n);
    uint32_t *v = malloc(4 * (size_t)n + 4);
    put_le32(in, n);
    for (uint32_t k = 0; k < n; k++) {
      /* small values in half the cases: many duplicates */
      v[k] = (uint32_t)zka_test_next(rng) >> (i % 2 ? 28 : 0);
      put_le32(in + 4 + 4 * k, v[k]);
    }
    qsort(v, n, 4, cmp_u32);
    zka_zkvm_result r;
    if (run_guest(prog, "sort", in, 4 + 4 * (size_t)n, &r, NULL)) {
      int same = r.output_len == 4 + 4 * (size_t)n && get32(r.output) == n;
      for (uint32_t k = 0; same && k < n; k++) same = get32(r.output + 4 + 4 * k) == v[k];
      CHECK(same, "sort of %u values", n);
    }
    zka_zkvm_result_clear(&r);
    free(in);
    free(v);
  }
  /* a short input: exit code 1 */
  uint8_t bad[8] = {10, 0, 0, 0, 1, 2, 3, 4};
  zka_zkvm_result r;
  CHECK(zka_zkvm_run(&r, prog, bad, 8, NULL, ctx) == ZKA_OK && r.exit_code == 1,
        "sort with a short input: exit %d", r.exit_code);
  zka_zkvm_result_clear(&r);
  printf("guest sort: 0..100000 values (with duplicates) match qsort; short input exits 1\n");
  zka_zkvm_program_destroy(prog);
}

static void guest_bignum(zka_test_rng *rng) {
  zka_zkvm_program *prog = load_guest("bignum");
  if (!prog) return;
  static const uint32_t sizes[][2] = {{1, 1}, {1, 7}, {8, 8}, {33, 17}, {256, 256}, {1000, 999}};
  mpz_t a, b, c;
  mpz_inits(a, b, c, NULL);
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    const uint32_t na = sizes[i][0], nb = sizes[i][1];
    uint32_t *la = malloc(4 * na), *lb = malloc(4 * nb), *lc = calloc(na + nb, 4);
    for (uint32_t k = 0; k < na; k++) la[k] = i == 2 ? 0xffffffffu : (uint32_t)zka_test_next(rng);
    for (uint32_t k = 0; k < nb; k++) lb[k] = i == 2 ? 0xffffffffu : (uint32_t)zka_test_next(rng);
    mpz_import(a, na, -1, 4, 0, 0, la);
    mpz_import(b, nb, -1, 4, 0, 0, lb);
    mpz_mul(c, a, b);
    size_t count = 0;
    mpz_export(lc, &count, -1, 4, 0, 0, c);
    uint8_t *in = malloc(8 + 4 * (size_t)(na + nb));
    put_le32(in, na), put_le32(in + 4, nb);
    for (uint32_t k = 0; k < na; k++) put_le32(in + 8 + 4 * k, la[k]);
    for (uint32_t k = 0; k < nb; k++) put_le32(in + 8 + 4 * (na + k), lb[k]);
    zka_zkvm_result r;
    if (run_guest(prog, "bignum", in, 8 + 4 * (size_t)(na + nb), &r, NULL)) {
      int same = r.output_len == 4 * (size_t)(na + nb);
      for (uint32_t k = 0; same && k < na + nb; k++) same = get32(r.output + 4 * k) == lc[k];
      CHECK(same, "bignum %u x %u limbs differs from GMP", na, nb);
    }
    zka_zkvm_result_clear(&r);
    free(in), free(la), free(lb), free(lc);
  }
  mpz_clears(a, b, c, NULL);
  printf("guest bignum: products of 1x1 .. 1000x999 limbs (and all-ones operands) match GMP\n");
  zka_zkvm_program_destroy(prog);
}

static void guest_refusals(zka_test_rng *rng) {
  zka_zkvm_program *prog = NULL;
  zka_status st = zka_zkvm_program_load_file(&prog, guest_path("fibonacci_rv64"), ctx);
  CHECK(st == ZKA_ERR_UNSUPPORTED && strstr(zka_ctx_last_error(ctx), "64-bit"),
        "RV64 guest: %d %s", st, zka_ctx_last_error(ctx));
  printf("  refuse fibonacci_rv64.elf (gcc -march=rv64im) -> %s\n", zka_ctx_last_error(ctx));
  st = zka_zkvm_program_load_file(&prog, guest_path("fibonacci_rvc"), ctx);
  CHECK(st == ZKA_ERR_UNSUPPORTED && strstr(zka_ctx_last_error(ctx), "compressed"),
        "RVC guest: %d %s", st, zka_ctx_last_error(ctx));
  printf("  refuse fibonacci_rvc.elf (gcc -march=rv32imc) -> %s\n", zka_ctx_last_error(ctx));

  prog = load_guest("loop_forever");
  if (prog) {
    zka_zkvm_options opt = zka_zkvm_options_default();
    opt.max_cycles = 5000000;
    zka_zkvm_result r;
    st = zka_zkvm_run(&r, prog, NULL, 0, &opt, ctx);
    CHECK(st == ZKA_ERR_INVALID_ARGUMENT && r.stop == ZKA_ZKVM_TRAP_CYCLE_LIMIT &&
              r.cycles == 5000000 && strstr(zka_ctx_last_error(ctx), "cycle limit of 5000000"),
          "loop_forever: %d %s", st, zka_ctx_last_error(ctx));
    printf("  loop_forever -> %s\n", zka_ctx_last_error(ctx));
    zka_zkvm_result_clear(&r);
    zka_zkvm_program_destroy(prog);
  }
  /* mutations of a real, linker-made guest */
  size_t len = 0;
  uint8_t *e = read_file(guest_path("fibonacci"), &len);
  if (e) fuzz_elf_bytes(e, len, zka_test_iters(5000), rng);
  free(e);
}

/* The CLI (host/cli/zkvm.c, compiled into this test): exit statuses of its cases. */
static void guest_cli(void) {
  char input[] = "/tmp/zka_zkvm_cli_XXXXXX";
  int fd = mkstemp(input);
  CHECK(fd >= 0, "mkstemp");
  if (fd < 0) return;
  CHECK(write(fd, "abc", 3) == 3, "write");
  close(fd);
  char elf[4096];
  snprintf(elf, sizeof elf, "%s", guest_path("sha256"));
  char *run_text[] = {"zkvm", "run", elf, "--input", input, NULL};
  char *run_json[] = {"zkvm", "run", elf, "--input", input, "--json", NULL};
  char loop[4096];
  snprintf(loop, sizeof loop, "%s", guest_path("loop_forever"));
  char *run_loop[] = {"zkvm", "run", loop, "--max-cycles", "1000", NULL};
  char *bad_cycles[] = {"zkvm", "run", elf, "--max-cycles", "ten", NULL};
  char *prove[] = {"zkvm", "prove", elf, NULL};
  char *verify[] = {"zkvm", "verify", NULL};
  char *help[] = {"zkvm", "--help", NULL};
  char *none[] = {"zkvm", "run", NULL};
  char self[] = "/proc/self/exe";
  char *not_riscv[] = {"zkvm", "run", self, NULL};
  fflush(stdout);
  CHECK(zka_cli_zkvm(5, run_text) == 0, "zkvm run sha256");
  CHECK(zka_cli_zkvm(6, run_json) == 0, "zkvm run --json");
  CHECK(zka_cli_zkvm(5, run_loop) == 1, "zkvm run loop_forever --max-cycles 1000");
  CHECK(zka_cli_zkvm(5, bad_cycles) == 2, "bad --max-cycles");
  CHECK(zka_cli_zkvm(3, prove) == 2, "prove without -o PROOF: a usage error");
  CHECK(zka_cli_zkvm(2, verify) == 2, "verify without arguments: a usage error");
  CHECK(zka_cli_zkvm(2, help) == 0, "--help");
  CHECK(zka_cli_zkvm(2, none) == 2, "run without a program");
  CHECK(zka_cli_zkvm(3, not_riscv) == 1, "run on an x86-64 ELF");
  /* prove and verify: a proof file that verifies, the same file with one byte changed that
   * does not, a proof checked against another ELF */
  char proof_path[] = "/tmp/zka_zkvm_cli_proof_XXXXXX";
  int pfd = mkstemp(proof_path);
  CHECK(pfd >= 0, "mkstemp");
  if (pfd >= 0) close(pfd);
  char fib[4096];
  snprintf(fib, sizeof fib, "%s", guest_path("fibonacci"));
  char *prove_ok[] = {"zkvm", "prove", elf, "--input", input, "-o", proof_path, "--quiet", "--backend", "cpu", NULL};
  char *prove_json[] = {"zkvm", "prove", elf, "--input", input, "-o", proof_path, "-q", "--json", NULL};
  char *verify_ok[] = {"zkvm", "verify", elf, proof_path, NULL};
  char *verify_json[] = {"zkvm", "verify", elf, proof_path, "--json", NULL};
  char *verify_other[] = {"zkvm", "verify", fib, proof_path, NULL};
  CHECK(zka_cli_zkvm(10, prove_ok) == 0, "zkvm prove sha256");
  CHECK(zka_cli_zkvm(4, verify_ok) == 0, "zkvm verify");
  CHECK(zka_cli_zkvm(9, prove_json) == 0, "zkvm prove --json");
  CHECK(zka_cli_zkvm(5, verify_json) == 0, "zkvm verify --json");
  CHECK(zka_cli_zkvm(4, verify_other) == 1, "zkvm verify against another ELF");
  /* continuations: the same run in segments of 2^11 cycles (sha256("abc") takes ~5.6K) */
  char *prove_seg[] = {"zkvm", "prove", elf, "--input", input, "-o", proof_path, "-q", "--segment-log", "11", NULL};
  char *seg_small[] = {"zkvm", "prove", elf, "-o", proof_path, "--segment-log", "7", NULL};
  char *seg_word[] = {"zkvm", "prove", elf, "-o", proof_path, "--segment-log", "big", NULL};
  CHECK(zka_cli_zkvm(10, prove_seg) == 0, "zkvm prove --segment-log 11");
  CHECK(zka_cli_zkvm(4, verify_ok) == 0, "zkvm verify of a proof in segments");
  CHECK(zka_cli_zkvm(7, seg_small) == 2, "--segment-log 7: a usage error");
  CHECK(zka_cli_zkvm(7, seg_word) == 2, "--segment-log big: a usage error");
  FILE *pf = fopen(proof_path, "r+b");
  CHECK(pf != NULL, "open proof");
  if (pf) {
    CHECK(fseek(pf, 1000, SEEK_SET) == 0 && fputc(0x5a, pf) != EOF && fclose(pf) == 0, "change a byte");
    CHECK(zka_cli_zkvm(4, verify_ok) == 1, "zkvm verify of a changed proof");
  }
  unlink(proof_path);
  fflush(stdout);
  unlink(input);
  printf("cli: run (text, --json), cycle limit exit 1, bad option exit 2, prove/verify "
         "usage errors exit 2, --help, non-RISC-V ELF exit 1; prove (text, --json, in 2^11-cycle "
         "segments) and verify exit 0, a bad --segment-log exit 2, a changed proof and another "
         "ELF exit 1: ok\n");
}

static int part_guests(void) {
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  guest_fibonacci();
  guest_sha256(&rng);
  guest_sort(&rng);
  guest_bignum(&rng);
  guest_refusals(&rng);
  guest_cli();
  return zka_test_finish("test_zkvm_exec (guests)");
}

/* ---- differential against qemu-riscv32 ------------------------------------------------ */
static const char *find_qemu(void) {
  static char buf[4096];
  const char *env = getenv("ZKA_QEMU_RISCV32");
  if (env && *env) return env;
  const char *path = getenv("PATH");
  if (!path) path = "/usr/bin:/bin";
  while (*path) {
    size_t n = strcspn(path, ":");
    snprintf(buf, sizeof buf, "%.*s/qemu-riscv32", (int)n, path);
    if (access(buf, X_OK) == 0) return buf;
    path += n + (path[n] == ':');
  }
  return NULL;
}

static int diff_one(const char *qemu, const char *name, const uint8_t *in, size_t len) {
  char inpath[] = "/tmp/zka_zkvm_in_XXXXXX", outpath[] = "/tmp/zka_zkvm_out_XXXXXX";
  int fi = mkstemp(inpath), fo = mkstemp(outpath);
  if (fi < 0 || fo < 0) {
    CHECK(0, "mkstemp");
    return 0;
  }
  CHECK(write(fi, in, len) == (ssize_t)len, "write input");
  close(fi);
  close(fo);
  char cmd[16384];
  snprintf(cmd, sizeof cmd, "'%s' '%s' < '%s' > '%s' 2>/dev/null", qemu, guest_path(name),
           inpath, outpath);
  int status = system(cmd);
  int qemu_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  size_t qlen = 0;
  uint8_t *qout = read_file(outpath, &qlen);
  unlink(inpath);
  unlink(outpath);
  zka_zkvm_program *prog = load_guest(name);
  int same = 0;
  if (prog) {
    zka_zkvm_result r;
    zka_status st = zka_zkvm_run(&r, prog, in, len, NULL, ctx);
    CHECK(st == ZKA_OK, "%s: %s", name, zka_ctx_last_error(ctx));
    same = st == ZKA_OK && (r.exit_code & 0xff) == qemu_code && qout && r.output_len == qlen &&
           (qlen == 0 || !memcmp(r.output, qout, qlen));
    CHECK(same, "%s on %zu input bytes: qemu exit %d, %zu output bytes; executor exit %d, %zu bytes",
          name, len, qemu_code, qlen, r.exit_code, r.output_len);
    zka_zkvm_result_clear(&r);
    zka_zkvm_program_destroy(prog);
  }
  free(qout);
  return same;
}

static int part_qemu(void) {
  const char *qemu = find_qemu();
  if (!qemu) TEST_SKIP("qemu-riscv32 not found (Debian package qemu-user); set ZKA_QEMU_RISCV32");
  printf("qemu: %s\n", qemu);
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  int n = 0;
  /* alu_mix: every RV32IM register operation, immediates, branches and loads on edge and
   * random operand pairs */
  {
    size_t pairs = NEDGE * NEDGE + 2000;
    uint8_t *in = malloc(8 * pairs);
    for (size_t i = 0; i < pairs; i++) {
      uint32_t a, b;
      if (i < NEDGE * NEDGE) a = edge[i / NEDGE], b = edge[i % NEDGE];
      else a = (uint32_t)zka_test_next(&rng), b = (uint32_t)zka_test_next(&rng);
      if (i % 7 == 0 && i >= NEDGE * NEDGE) b = a;
      put_le32(in + 8 * i, a), put_le32(in + 8 * i + 4, b);
    }
    n += diff_one(qemu, "alu_mix", in, 8 * pairs);
    printf("qemu vs executor: alu_mix on %zu operand pairs\n", pairs);
    free(in);
  }
  uint8_t in[4 + 4 * 5000];
  put_le32(in, 100000);
  n += diff_one(qemu, "fibonacci", in, 4);
  n += diff_one(qemu, "fibonacci", in, 0);
  n += diff_one(qemu, "sha256", (const uint8_t *)"abc", 3);
  zka_test_rng_fill(&rng, in, sizeof in);
  n += diff_one(qemu, "sha256", in, sizeof in);
  put_le32(in, 5000);
  n += diff_one(qemu, "sort", in, sizeof in);
  n += diff_one(qemu, "sort", in, 100); /* short: exit code 1 */
  put_le32(in, 300), put_le32(in + 4, 200);
  n += diff_one(qemu, "bignum", in, 8 + 4 * 500);
  printf("qemu vs executor: %d runs of the example guests agree on exit code and public "
         "output\n", n);
  return zka_test_finish("test_zkvm_exec (qemu)");
}

int main(int argc, char **argv) {
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  const char *part = argc > 1 ? argv[1] : "core";
  int rc;
  if (!strcmp(part, "core")) {
    rc = part_core();
  } else if (!strcmp(part, "guests") || !strcmp(part, "qemu")) {
    guest_dir = argc > 2 ? argv[2] : "";
    if (!guest_dir[0])
      TEST_SKIP("no RISC-V cross compiler (riscv64-unknown-elf-gcc) was found at configure "
                "time, so the guests were not built");
    if (access(guest_path("fibonacci"), R_OK) != 0)
      TEST_SKIP("the guests are not built in %s (build the target zkvm_guests)", guest_dir);
    rc = !strcmp(part, "guests") ? part_guests() : part_qemu();
  } else {
    fprintf(stderr, "usage: test_zkvm_exec [core | guests DIR | qemu DIR]\n");
    rc = 2;
  }
  zka_ctx_destroy(ctx);
  return rc;
}
