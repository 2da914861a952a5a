/* cpu.c — the CPU chip of the zkVM: one row per executed RV32IM instruction.
 *
 * What a row proves (the constraints are in zka_cpu_air; soundness arguments beside each):
 *  - the instruction: the row receives its ZKA_BUS_PROGRAM tuple (zka_cpu_program_tuple),
 *    which the verifier sends for every instruction of the ELF's code window, so a row can
 *    only run an instruction of the program, at its pc.  The operation is a one-hot set of
 *    flag columns (one per provable zka_zkvm_op) with op = Σ k·flag_k and is_real = Σ
 *    flag_k; the trap operations (EBREAK, ILLEGAL, COMPRESSED, NOEXEC) have no flag, so no
 *    real row can carry them.
 *  - registers (addresses 0..31) and RAM words (aligned byte addresses) through the
 *    memory-access gadget at the four timestamp slots ts .. ts+3 (zkvm_air.h); x0 is never
 *    written (the tuple's writes_rd is 0 for rd = x0, and it is the rd write's
 *    multiplicity), so it reads 0 forever.
 *  - arithmetic through ZKA_BUS_ALU: every operation but LUI, JAL, FENCE and ECALL sends
 *    one (op, rs1, b, c) with b = rs2 (register-register ops and branches) or the immediate
 *    bytes (everything else); loads, stores and JALR use ADD for rs1 + imm.
 *  - control flow: the first row's pc is the segment's start (ZKA_BUS_START), the next real
 *    row's pc is this row's next_pc, clk counts rows from 0, ts starts at 1 and grows by 4
 *    (or to the ecall chip's ts_end), real rows form a prefix and the last one is an exit
 *    ecall (halt = 1) or, in a segment that does not exit, a pause (pause = 1) that sends
 *    its next_pc — the next segment's start — to the verifier on ZKA_BUS_END.
 *
 * pc arithmetic in the field: every pc of the program is below ZKA_ZKVM_MEM_END = 2^28
 * (the loader's memory map), so pc + 4 < 2^28 + 4 < p does not wrap, and the field equation
 * next.pc = pc + 4 is the integer one.  Jump targets are either a tuple value below 2^28
 * (zka_cpu_program_tuple replaces a JAL/branch target >= 2^28 by 1, which is not a pc of the
 * program: the executor traps on such a jump) or JALR's c & ~1 with c's top byte < 16
 * (range-checked), both below 2^28.  A misaligned target is never the pc of a program
 * instruction (those are code_lo + 4i), and the row after a jump must be real (only an
 * exit ecall may be the last real row), so misaligned jumps are not provable.
 */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "zkvm/air/zkvm_air.h"
#include "zkvm/chips/cpu_cols.h"

/* What an operation does, for the constraints and the trace generator alike. */
typedef enum {
  ZKA_CPU_K_ALU = 0, /* rd = ALU(rs1, b) */
  ZKA_CPU_K_LUI,     /* rd = imm */
  ZKA_CPU_K_JAL,     /* rd = pc + 4, next = imm */
  ZKA_CPU_K_JALR,    /* rd = pc + 4, next = (rs1 + imm) & ~1 */
  ZKA_CPU_K_BR_POS,  /* next = c ? imm : pc + 4 (BEQ, BLT, BLTU) */
  ZKA_CPU_K_BR_NEG,  /* next = c ? pc + 4 : imm (BNE, BGE, BGEU) */
  ZKA_CPU_K_LOAD,
  ZKA_CPU_K_STORE,
  ZKA_CPU_K_FENCE,
  ZKA_CPU_K_ECALL
} zka_cpu_kind;

typedef struct {
  uint8_t kind;  /* zka_cpu_kind */
  uint8_t alu;   /* zka_alu_op sent on ZKA_BUS_ALU, 0 for none */
  uint8_t b_imm; /* the ALU's b is the immediate (else rs2) */
} zka_cpu_opinfo;

static const zka_cpu_opinfo zka_cpu_ops[ZKA_CPU_NFLAGS] = {
    [ZKA_OP_LUI] = {ZKA_CPU_K_LUI, 0, 0},
    [ZKA_OP_JAL] = {ZKA_CPU_K_JAL, 0, 0},
    [ZKA_OP_JALR] = {ZKA_CPU_K_JALR, ZKA_ALU_ADD, 1},
    [ZKA_OP_BEQ] = {ZKA_CPU_K_BR_POS, ZKA_ALU_EQ, 0},
    [ZKA_OP_BNE] = {ZKA_CPU_K_BR_NEG, ZKA_ALU_EQ, 0},
    [ZKA_OP_BLT] = {ZKA_CPU_K_BR_POS, ZKA_ALU_SLT, 0},
    [ZKA_OP_BGE] = {ZKA_CPU_K_BR_NEG, ZKA_ALU_SLT, 0},
    [ZKA_OP_BLTU] = {ZKA_CPU_K_BR_POS, ZKA_ALU_SLTU, 0},
    [ZKA_OP_BGEU] = {ZKA_CPU_K_BR_NEG, ZKA_ALU_SLTU, 0},
    [ZKA_OP_LB] = {ZKA_CPU_K_LOAD, ZKA_ALU_ADD, 1},
    [ZKA_OP_LH] = {ZKA_CPU_K_LOAD, ZKA_ALU_ADD, 1},
    [ZKA_OP_LW] = {ZKA_CPU_K_LOAD, ZKA_ALU_ADD, 1},
    [ZKA_OP_LBU] = {ZKA_CPU_K_LOAD, ZKA_ALU_ADD, 1},
    [ZKA_OP_LHU] = {ZKA_CPU_K_LOAD, ZKA_ALU_ADD, 1},
    [ZKA_OP_SB] = {ZKA_CPU_K_STORE, ZKA_ALU_ADD, 1},
    [ZKA_OP_SH] = {ZKA_CPU_K_STORE, ZKA_ALU_ADD, 1},
    [ZKA_OP_SW] = {ZKA_CPU_K_STORE, ZKA_ALU_ADD, 1},
    [ZKA_OP_ADDI] = {ZKA_CPU_K_ALU, ZKA_ALU_ADD, 1},
    [ZKA_OP_SLTI] = {ZKA_CPU_K_ALU, ZKA_ALU_SLT, 1},
    [ZKA_OP_SLTIU] = {ZKA_CPU_K_ALU, ZKA_ALU_SLTU, 1},
    [ZKA_OP_XORI] = {ZKA_CPU_K_ALU, ZKA_ALU_XOR, 1},
    [ZKA_OP_ORI] = {ZKA_CPU_K_ALU, ZKA_ALU_OR, 1},
    [ZKA_OP_ANDI] = {ZKA_CPU_K_ALU, ZKA_ALU_AND, 1},
    [ZKA_OP_SLLI] = {ZKA_CPU_K_ALU, ZKA_ALU_SLL, 1},
    [ZKA_OP_SRLI] = {ZKA_CPU_K_ALU, ZKA_ALU_SRL, 1},
    [ZKA_OP_SRAI] = {ZKA_CPU_K_ALU, ZKA_ALU_SRA, 1},
    [ZKA_OP_ADD] = {ZKA_CPU_K_ALU, ZKA_ALU_ADD, 0},
    [ZKA_OP_SUB] = {ZKA_CPU_K_ALU, ZKA_ALU_SUB, 0},
    [ZKA_OP_SLL] = {ZKA_CPU_K_ALU, ZKA_ALU_SLL, 0},
    [ZKA_OP_SLT] = {ZKA_CPU_K_ALU, ZKA_ALU_SLT, 0},
    [ZKA_OP_SLTU] = {ZKA_CPU_K_ALU, ZKA_ALU_SLTU, 0},
    [ZKA_OP_XOR] = {ZKA_CPU_K_ALU, ZKA_ALU_XOR, 0},
    [ZKA_OP_SRL] = {ZKA_CPU_K_ALU, ZKA_ALU_SRL, 0},
    [ZKA_OP_SRA] = {ZKA_CPU_K_ALU, ZKA_ALU_SRA, 0},
    [ZKA_OP_OR] = {ZKA_CPU_K_ALU, ZKA_ALU_OR, 0},
    [ZKA_OP_AND] = {ZKA_CPU_K_ALU, ZKA_ALU_AND, 0},
    [ZKA_OP_MUL] = {ZKA_CPU_K_ALU, ZKA_ALU_MUL, 0},
    [ZKA_OP_MULH] = {ZKA_CPU_K_ALU, ZKA_ALU_MULH, 0},
    [ZKA_OP_MULHSU] = {ZKA_CPU_K_ALU, ZKA_ALU_MULHSU, 0},
    [ZKA_OP_MULHU] = {ZKA_CPU_K_ALU, ZKA_ALU_MULHU, 0},
    [ZKA_OP_DIV] = {ZKA_CPU_K_ALU, ZKA_ALU_DIV, 0},
    [ZKA_OP_DIVU] = {ZKA_CPU_K_ALU, ZKA_ALU_DIVU, 0},
    [ZKA_OP_REM] = {ZKA_CPU_K_ALU, ZKA_ALU_REM, 0},
    [ZKA_OP_REMU] = {ZKA_CPU_K_ALU, ZKA_ALU_REMU, 0},
    [ZKA_OP_FENCE] = {ZKA_CPU_K_FENCE, 0, 0},
    [ZKA_OP_ECALL] = {ZKA_CPU_K_ECALL, 0, 0},
};

/* ---- the program tuple ------------------------------------------------------------------ */

enum { ZKA_CPU_TUPLE_N = 14 };

/* The tuple of instruction d at pc as integers:
 * (pc, op, rd, rs1, rs2, writes_rd, imm0..imm3, link0..link3), link = pc + 4.
 * JAL and branch targets at or above ZKA_ZKVM_MEM_END become 1: no program pc, so the jump
 * cannot be proven (the executor traps on it), and the target's field value below 2^28
 * cannot wrap onto a real pc. */
static void zka_cpu_tuple_u32(uint32_t t[ZKA_CPU_TUPLE_N], const zka_zkvm_insn *d, uint32_t pc) {
  const uint32_t op = d->op;
  const int provable = op < ZKA_CPU_NFLAGS;
  const zka_cpu_kind k = provable ? (zka_cpu_kind)zka_cpu_ops[op].kind : ZKA_CPU_K_FENCE;
  uint32_t imm = d->imm;
  if ((k == ZKA_CPU_K_JAL || k == ZKA_CPU_K_BR_POS || k == ZKA_CPU_K_BR_NEG) &&
      imm >= ZKA_ZKVM_MEM_END)
    imm = 1;
  const int writes = provable && d->rd != ZKA_ZKVM_REG_SINK &&
                     (k == ZKA_CPU_K_ALU || k == ZKA_CPU_K_LUI || k == ZKA_CPU_K_JAL ||
                      k == ZKA_CPU_K_JALR || k == ZKA_CPU_K_LOAD);
  const uint32_t link = pc + 4;
  t[0] = pc;
  t[1] = op;
  t[2] = writes ? d->rd : 0;
  t[3] = d->rs1;
  t[4] = d->rs2;
  t[5] = (uint32_t)writes;
  for (int i = 0; i < 4; i++) {
    t[6 + i] = (imm >> (8 * i)) & 255;
    t[10 + i] = (link >> (8 * i)) & 255;
  }
}

void zka_cpu_program_tuple(const zka_zkvm_program *prog, size_t i, zka_babybear *vals, size_t *n) {
  uint32_t t[ZKA_CPU_TUPLE_N];
  const uint32_t pc = prog->code_lo + 4 * (uint32_t)i;
  zka_cpu_tuple_u32(t, &prog->code[i], pc);
  for (int k = 0; k < ZKA_CPU_TUPLE_N; k++) vals[k] = zka_bb(t[k]);
  *n = ZKA_CPU_TUPLE_N;
}

/* ---- constraints ------------------------------------------------------------------------ */

typedef enum {
  ZKA_CPU_SEL_REAL,      /* every op */
  ZKA_CPU_SEL_OPID,      /* Σ k·flag_k */
  ZKA_CPU_SEL_ALUOP,     /* Σ alu_k·flag_k */
  ZKA_CPU_SEL_USES_ALU,  /* ops with an ALU request (they all read rs1) */
  ZKA_CPU_SEL_READS_RS2, /* register-register ops, branches, stores */
  ZKA_CPU_SEL_B_RS2,     /* the ALU's b is rs2 */
  ZKA_CPU_SEL_B_IMM,     /* the ALU's b is the immediate */
  ZKA_CPU_SEL_SEQ,       /* next = pc + 4 */
  ZKA_CPU_SEL_KIND       /* flags of one zka_cpu_kind (argument) */
} zka_cpu_selector;

/* The coefficient of flag k in the selector s. */
static int64_t zka_cpu_sel_coef(zka_cpu_selector s, int kind, int k) {
  const zka_cpu_opinfo *o = &zka_cpu_ops[k];
  switch (s) {
    case ZKA_CPU_SEL_REAL: return 1;
    case ZKA_CPU_SEL_OPID: return k;
    case ZKA_CPU_SEL_ALUOP: return o->alu;
    case ZKA_CPU_SEL_USES_ALU: return o->alu != 0;
    case ZKA_CPU_SEL_READS_RS2: return (o->alu != 0 && !o->b_imm) || o->kind == ZKA_CPU_K_STORE;
    case ZKA_CPU_SEL_B_RS2: return o->alu != 0 && !o->b_imm;
    case ZKA_CPU_SEL_B_IMM: return o->alu != 0 && o->b_imm;
    case ZKA_CPU_SEL_SEQ:
      return o->kind != ZKA_CPU_K_JAL && o->kind != ZKA_CPU_K_JALR && o->kind != ZKA_CPU_K_BR_POS &&
             o->kind != ZKA_CPU_K_BR_NEG;
    case ZKA_CPU_SEL_KIND: return o->kind == kind;
  }
  return 0;
}

/* Σ coef_k·flag_k over this row (next = 0) or the next row (next = 1). */
static zka_expr zka_cpu_sel(zka_air_builder *b, zka_cpu_selector s, int kind, int next) {
  size_t cols[ZKA_CPU_NFLAGS];
  int64_t coef[ZKA_CPU_NFLAGS];
  size_t n = 0;
  zka_expr acc = zka_air_const(b, 0);
  for (int k = 0; k < ZKA_CPU_NFLAGS; k++) {
    int64_t c = zka_cpu_sel_coef(s, kind, k);
    if (!c) continue;
    if (next)
      acc = zka_air_add(b, acc, zka_air_scale(b, zka_air_next(b, ZKA_CPU_FLAG + (size_t)k), c));
    cols[n] = ZKA_CPU_FLAG + (size_t)k;
    coef[n++] = c;
  }
  return next ? acc : zka_air_lincomb(b, cols, coef, n);
}

static zka_expr zka_cpu_flag(zka_air_builder *b, int op) {
  return zka_air_col(b, ZKA_CPU_FLAG + (size_t)op);
}

/* b0 + 256·b1 + 65536·b2 + 2^24·b3 for four byte expressions.  Callers use it only where
 * b3 < 16 (a tuple value below 2^28, or a range-checked top byte), so it stays < 2^28 < p. */
static zka_expr zka_cpu_word(zka_air_builder *b, const zka_expr x[4]) {
  zka_expr acc = x[0];
  for (int i = 1; i < 4; i++)
    acc = zka_air_add(b, acc, zka_air_scale(b, x[i], (int64_t)1 << (8 * i)));
  return acc;
}

static void zka_cpu_cols(zka_air_builder *b, zka_expr out[4], size_t col) {
  for (size_t i = 0; i < 4; i++) out[i] = zka_air_col(b, col + i);
}

static void zka_cpu_air(zka_air_builder *b) {
  const zka_expr real = zka_cpu_sel(b, ZKA_CPU_SEL_REAL, 0, 0);
  const zka_expr next_real = zka_cpu_sel(b, ZKA_CPU_SEL_REAL, 0, 1);
  const zka_expr first = zka_air_first_row(b), last = zka_air_last_row(b);
  const zka_expr trans = zka_air_transition(b);
  const zka_expr pc = zka_air_col(b, ZKA_CPU_PC), next_pc = zka_air_col(b, ZKA_CPU_NEXT_PC);
  const zka_expr clk = zka_air_col(b, ZKA_CPU_CLK), ts = zka_air_col(b, ZKA_CPU_TS);
  const zka_expr ts_end = zka_air_col(b, ZKA_CPU_TS_END), halt = zka_air_col(b, ZKA_CPU_HALT);
  const zka_expr pause = zka_air_col(b, ZKA_CPU_PAUSE);
  const zka_expr stop = zka_air_add(b, halt, pause);
  const zka_expr writes_rd = zka_air_col(b, ZKA_CPU_WRITES_RD);
  const zka_expr ecall = zka_cpu_flag(b, ZKA_OP_ECALL);
  const zka_expr pc4 = zka_air_add_const(b, pc, 4);
  zka_expr imm[4], link[4], c[4], rdv[4], nw[4], off[4], r1[4], r2[4], m[4];
  zka_cpu_cols(b, imm, ZKA_CPU_IMM);
  zka_cpu_cols(b, link, ZKA_CPU_LINK);
  zka_cpu_cols(b, c, ZKA_CPU_C);
  zka_cpu_cols(b, rdv, ZKA_CPU_RDV);
  zka_cpu_cols(b, nw, ZKA_CPU_NW);
  zka_cpu_cols(b, off, ZKA_CPU_OFF);
  for (size_t i = 0; i < 4; i++) {
    r1[i] = zka_air_memacc_old(b, ZKA_CPU_ACC_RS1, i);
    r2[i] = zka_air_memacc_old(b, ZKA_CPU_ACC_RS2, i);
    m[i] = zka_air_memacc_old(b, ZKA_CPU_ACC_MEM, i);
  }
  const zka_expr target = zka_cpu_word(b, imm); /* JAL/branches: < 2^28 by the tuple */
  const zka_expr q = zka_air_col(b, ZKA_CPU_Q), sgn = zka_air_col(b, ZKA_CPU_SGN);
  const zka_expr lb = zka_air_col(b, ZKA_CPU_LB), lh0 = zka_air_col(b, ZKA_CPU_LH0);
  const zka_expr lh1 = zka_air_col(b, ZKA_CPU_LH1);
  const zka_expr is_load = zka_cpu_sel(b, ZKA_CPU_SEL_KIND, ZKA_CPU_K_LOAD, 0);
  const zka_expr is_store = zka_cpu_sel(b, ZKA_CPU_SEL_KIND, ZKA_CPU_K_STORE, 0);
  const zka_expr is_mem = zka_air_add(b, is_load, is_store);
  const zka_expr jal = zka_cpu_flag(b, ZKA_OP_JAL), jalr = zka_cpu_flag(b, ZKA_OP_JALR);
  const zka_expr uses_addr = zka_air_add(b, is_mem, jalr); /* c0 split into q, off */
  const zka_expr f_lb = zka_cpu_flag(b, ZKA_OP_LB), f_lh = zka_cpu_flag(b, ZKA_OP_LH);
  const zka_expr f_lw = zka_cpu_flag(b, ZKA_OP_LW), f_lbu = zka_cpu_flag(b, ZKA_OP_LBU);
  const zka_expr f_lhu = zka_cpu_flag(b, ZKA_OP_LHU), f_sb = zka_cpu_flag(b, ZKA_OP_SB);
  const zka_expr f_sh = zka_cpu_flag(b, ZKA_OP_SH), f_sw = zka_cpu_flag(b, ZKA_OP_SW);

  /* Decoding: one-hot flags (each boolean, their sum boolean), so op = Σ k·flag_k names
   * exactly one provable operation on a real row and padding rows have none. */
  zka_air_label(b, "cpu: op flags are boolean");
  for (int k = 0; k < ZKA_CPU_NFLAGS; k++) zka_air_assert_bool(b, zka_cpu_flag(b, k));
  zka_air_label(b, "cpu: at most one op flag");
  zka_air_assert_bool(b, real);
  /* writes_rd comes from the tuple on real rows; on padding rows it must be 0, or a padding
   * row could write a register. */
  zka_air_label(b, "cpu: writes_rd only on real rows");
  zka_air_assert_bool(b, writes_rd);
  zka_air_assert_zero_when(b, zka_air_not(b, real), writes_rd);

  /* Start: the first row is real, clk = 0, ts = 1 (0 is the memory's initial time). */
  zka_air_label(b, "cpu: first row");
  zka_air_assert_zero_when(b, first, zka_air_not(b, real));
  zka_air_assert_zero_when(b, first, clk);
  zka_air_assert_zero_when(b, first, zka_air_add_const(b, ts, -1));

  /* End: halt only on an ecall; real rows are a prefix that ends exactly at a halt or a
   * pause: real - next_real = halt + pause on transitions (real = 0, next = 1 would need
   * halt + pause = -1 with both boolean), and a real last row halts or pauses.  The
   * verifier receives exactly one of ZKA_BUS_HALT (the last segment) and ZKA_BUS_END (the
   * others), so a segment that should exit cannot pause and vice versa. */
  zka_air_label(b, "cpu: halt is an ecall's");
  zka_air_assert_bool(b, halt);
  zka_air_assert_bool(b, pause);
  zka_air_assert_zero_when(b, halt, zka_air_not(b, ecall));
  zka_air_label(b, "cpu: real rows end at the halt or pause");
  zka_air_assert_zero_when(b, trans, zka_air_sub(b, zka_air_sub(b, real, next_real), stop));
  zka_air_assert_zero_when(b, last, zka_air_sub(b, real, stop));

  /* Sequencing between real rows. */
  const zka_expr both = zka_air_mul(b, trans, next_real);
  zka_air_label(b, "cpu: next pc");
  zka_air_assert_zero_when(b, both, zka_air_sub(b, zka_air_next(b, ZKA_CPU_PC), next_pc));
  zka_air_label(b, "cpu: clk increments");
  zka_air_assert_zero_when(
      b, both, zka_air_sub(b, zka_air_next(b, ZKA_CPU_CLK), zka_air_add_const(b, clk, 1)));
  zka_air_label(b, "cpu: next ts");
  zka_air_assert_zero_when(b, both, zka_air_sub(b, zka_air_next(b, ZKA_CPU_TS), ts_end));
  zka_air_label(b, "cpu: ts_end = ts + 4 off ecalls");
  zka_air_assert_zero_when(b, zka_air_sub(b, real, ecall),
                           zka_air_sub(b, ts_end, zka_air_add_const(b, ts, 4)));

  /* next_pc per kind. */
  zka_air_label(b, "cpu: next_pc = pc + 4");
  zka_air_assert_zero_when(b, zka_cpu_sel(b, ZKA_CPU_SEL_SEQ, 0, 0), zka_air_sub(b, next_pc, pc4));
  zka_air_label(b, "cpu: jal target");
  zka_air_assert_zero_when(b, jal, zka_air_sub(b, next_pc, target));
  /* JALR: (rs1 + imm) & ~1 = 4q + 2·(bit 1 of c0) + 256·c1 + 65536·c2 + 2^24·c3, with
   * c3 < 16 range-checked below: an integer < 2^28. */
  zka_air_label(b, "cpu: jalr target");
  {
    zka_expr hi[4] = {zka_air_const(b, 0), c[1], c[2], c[3]};
    zka_expr t = zka_air_add(b, zka_cpu_word(b, hi),
                             zka_air_add(b, zka_air_scale(b, q, 4),
                                         zka_air_scale(b, zka_air_add(b, off[2], off[3]), 2)));
    zka_air_assert_zero_when(b, jalr, zka_air_sub(b, next_pc, t));
  }
  /* Branches: the ALU's c is 0 or 1 (EQ/SLT/SLTU), c0 the condition. */
  zka_air_label(b, "cpu: branch target");
  zka_air_assert_zero_when(b, zka_cpu_sel(b, ZKA_CPU_SEL_KIND, ZKA_CPU_K_BR_POS, 0),
                           zka_air_sub(b, zka_air_sub(b, next_pc, pc4),
                                       zka_air_mul(b, c[0], zka_air_sub(b, target, pc4))));
  zka_air_assert_zero_when(b, zka_cpu_sel(b, ZKA_CPU_SEL_KIND, ZKA_CPU_K_BR_NEG, 0),
                           zka_air_sub(b, zka_air_sub(b, next_pc, target),
                                       zka_air_mul(b, c[0], zka_air_sub(b, pc4, target))));

  /* The effective address c (loads, stores, JALR): c0 = 4q + o with o one-hot in 0..3 and
   * q a byte (sent on ZKA_BUS_U8): 4q + o < 1024 < p, so with c0 < 256 this is the
   * integer split q = c0 >> 2, o = c0 & 3. */
  zka_air_label(b, "cpu: address offset one-hot");
  for (int i = 0; i < 4; i++) zka_air_assert_bool(b, off[i]);
  zka_air_assert_eq(
      b, zka_air_add(b, zka_air_add(b, off[0], off[1]), zka_air_add(b, off[2], off[3])), uses_addr);
  zka_air_label(b, "cpu: c0 = 4q + offset");
  zka_air_assert_zero_when(
      b, uses_addr,
      zka_air_sub(b, c[0],
                  zka_air_add(b, zka_air_scale(b, q, 4),
                              zka_air_add(b, off[1],
                                          zka_air_add(b, zka_air_scale(b, off[2], 2),
                                                      zka_air_scale(b, off[3], 3))))));
  /* Alignment (the executor traps otherwise): words at offset 0, half-words at 0 or 2. */
  zka_air_label(b, "cpu: aligned access");
  zka_air_assert_zero_when(b, zka_air_add(b, f_lw, f_sw), zka_air_not(b, off[0]));
  zka_air_assert_zero_when(b, zka_air_add(b, zka_air_add(b, f_lh, f_lhu), f_sh),
                           zka_air_add(b, off[1], off[3]));
  /* The address is >= 2^16 = ZKA_ZKVM_TEXT_BASE (below it are the registers and the NULL
   * guard): c2 + 256·c3 (< 2^12, no wrap) is nonzero. */
  zka_air_label(b, "cpu: address >= 0x10000");
  zka_air_assert_zero_when(
      b, is_mem,
      zka_air_add_const(b,
                        zka_air_mul(b, zka_air_col(b, ZKA_CPU_INV),
                                    zka_air_add(b, c[2], zka_air_scale(b, c[3], 256))),
                        -1));

  /* The selected byte and half-word of the memory word m. */
  zka_air_label(b, "cpu: loaded byte / half-word");
  {
    zka_expr s = zka_air_const(b, 0);
    for (int i = 0; i < 4; i++) s = zka_air_add(b, s, zka_air_mul(b, off[i], m[i]));
    zka_air_assert_eq(b, lb, s);
    zka_air_assert_eq(b, lh0,
                      zka_air_add(b, zka_air_mul(b, off[0], m[0]), zka_air_mul(b, off[2], m[2])));
    zka_air_assert_eq(b, lh1,
                      zka_air_add(b, zka_air_mul(b, off[0], m[1]), zka_air_mul(b, off[2], m[3])));
  }
  zka_air_label(b, "cpu: sign bit");
  zka_air_assert_bool(b, sgn);

  /* The value written to rd, per kind. */
  zka_air_label(b, "cpu: rd = alu result");
  const zka_expr is_alu = zka_cpu_sel(b, ZKA_CPU_SEL_KIND, ZKA_CPU_K_ALU, 0);
  for (int i = 0; i < 4; i++) zka_air_assert_zero_when(b, is_alu, zka_air_sub(b, rdv[i], c[i]));
  zka_air_label(b, "cpu: rd = imm (lui/auipc)");
  for (int i = 0; i < 4; i++)
    zka_air_assert_zero_when(b, zka_cpu_flag(b, ZKA_OP_LUI), zka_air_sub(b, rdv[i], imm[i]));
  zka_air_label(b, "cpu: rd = pc + 4 (jal/jalr)");
  for (int i = 0; i < 4; i++)
    zka_air_assert_zero_when(b, zka_air_add(b, jal, jalr), zka_air_sub(b, rdv[i], link[i]));
  zka_air_label(b, "cpu: rd = loaded value");
  {
    const zka_expr ext = zka_air_scale(b, sgn, 255);
    for (int i = 0; i < 4; i++) zka_air_assert_zero_when(b, f_lw, zka_air_sub(b, rdv[i], m[i]));
    zka_air_assert_zero_when(b, zka_air_add(b, f_lb, f_lbu), zka_air_sub(b, rdv[0], lb));
    zka_air_assert_zero_when(b, zka_air_add(b, f_lh, f_lhu), zka_air_sub(b, rdv[0], lh0));
    zka_air_assert_zero_when(b, zka_air_add(b, f_lh, f_lhu), zka_air_sub(b, rdv[1], lh1));
    for (int i = 1; i < 4; i++) {
      zka_air_assert_zero_when(b, f_lbu, rdv[i]);
      zka_air_assert_zero_when(b, f_lb, zka_air_sub(b, rdv[i], ext));
    }
    for (int i = 2; i < 4; i++) {
      zka_air_assert_zero_when(b, f_lhu, rdv[i]);
      zka_air_assert_zero_when(b, f_lh, zka_air_sub(b, rdv[i], ext));
    }
  }

  /* The memory word after the access: loads leave it; SW writes rs2; SB/SH merge rs2's low
   * byte(s) at the offset.  Every new byte is an old byte or an rs2 byte, so a byte. */
  zka_air_label(b, "cpu: stored word");
  for (int i = 0; i < 4; i++) {
    zka_air_assert_zero_when(b, is_load, zka_air_sub(b, nw[i], m[i]));
    zka_air_assert_zero_when(b, f_sw, zka_air_sub(b, nw[i], r2[i]));
    zka_air_assert_zero_when(b, f_sb,
                             zka_air_sub(b, zka_air_sub(b, nw[i], m[i]),
                                         zka_air_mul(b, off[i], zka_air_sub(b, r2[0], m[i]))));
    const zka_expr o = off[i < 2 ? 0 : 2];
    const zka_expr src = r2[i & 1];
    zka_air_assert_zero_when(
        b, f_sh,
        zka_air_sub(b, zka_air_sub(b, nw[i], m[i]), zka_air_mul(b, o, zka_air_sub(b, src, m[i]))));
  }

  /* ---- interactions ---- */
  zka_air_label(b, "cpu: program bus");
  {
    /* The instruction. */
    zka_expr t[ZKA_CPU_TUPLE_N];
    t[0] = pc;
    t[1] = zka_cpu_sel(b, ZKA_CPU_SEL_OPID, 0, 0);
    t[2] = zka_air_col(b, ZKA_CPU_RD);
    t[3] = zka_air_col(b, ZKA_CPU_RS1);
    t[4] = zka_air_col(b, ZKA_CPU_RS2);
    t[5] = writes_rd;
    for (int i = 0; i < 4; i++) {
      t[6 + i] = imm[i];
      t[10 + i] = link[i];
    }
    zka_air_receive(b, ZKA_BUS_PROGRAM, real, t, ZKA_CPU_TUPLE_N);
  }
  const zka_expr uses_alu = zka_cpu_sel(b, ZKA_CPU_SEL_USES_ALU, 0, 0);
  /* Registers and memory, slots 0..3 (the gadget's own constraint: prev_ts < ts). */
  zka_air_label(b, "cpu: rs1 read (slot 0)");
  zka_air_mem_access(b, ZKA_CPU_ACC_RS1, uses_alu, zka_air_col(b, ZKA_CPU_RS1), r1, ts);
  zka_air_label(b, "cpu: rs2 read (slot 1)");
  zka_air_mem_access(b, ZKA_CPU_ACC_RS2, zka_cpu_sel(b, ZKA_CPU_SEL_READS_RS2, 0, 0),
                     zka_air_col(b, ZKA_CPU_RS2), r2, zka_air_add_const(b, ts, 1));
  {
    zka_expr hi[4] = {zka_air_scale(b, q, 4), c[1], c[2], c[3]};
    /* The word's writable flag on the MEM bus is 1 - mro: a load may read code or
     * read-only data (mro = 1), a store must find the word writable (mro = 0), or its
     * tuples match no memory-chip row (zkvm_air.h, ZKA_BUS_MEM's wr). */
    const zka_expr mro = zka_air_col(b, ZKA_CPU_MRO);
    zka_air_label(b, "cpu: stores only to writable memory");
    zka_air_assert_zero_when(b, is_store, mro);
    zka_air_label(b, "cpu: memory word (slot 2)");
    zka_air_mem_access_wr(b, ZKA_CPU_ACC_MEM, is_mem, zka_cpu_word(b, hi), nw,
                          zka_air_add_const(b, ts, 2), zka_air_not(b, mro));
  }
  zka_air_label(b, "cpu: rd write (slot 3)");
  zka_air_mem_access(b, ZKA_CPU_ACC_RD, writes_rd, zka_air_col(b, ZKA_CPU_RD), rdv,
                     zka_air_add_const(b, ts, 3));
  /* The ALU request. */
  {
    const zka_expr b_rs2 = zka_cpu_sel(b, ZKA_CPU_SEL_B_RS2, 0, 0);
    const zka_expr b_imm = zka_cpu_sel(b, ZKA_CPU_SEL_B_IMM, 0, 0);
    zka_expr t[13];
    t[0] = zka_cpu_sel(b, ZKA_CPU_SEL_ALUOP, 0, 0);
    for (int i = 0; i < 4; i++) {
      t[1 + i] = r1[i];
      t[5 + i] = zka_air_add(b, zka_air_mul(b, b_rs2, r2[i]), zka_air_mul(b, b_imm, imm[i]));
      t[9 + i] = c[i];
    }
    zka_air_send(b, ZKA_BUS_ALU, uses_alu, t, 13);
  }
  /* Range checks: q a byte; 16·c3 a byte (c3 < 16: the address / jump target < 2^28); for
   * LB/LH, 2·x - 256·sgn is a byte for the sign-carrying byte x, i.e. sgn = x >> 7. */
  zka_air_send(b, ZKA_BUS_U8, uses_addr, &q, 1);
  {
    zka_expr v = zka_air_scale(b, c[3], 16);
    zka_air_send(b, ZKA_BUS_U8, uses_addr, &v, 1);
    zka_expr x = zka_air_add(b, zka_air_mul(b, f_lb, lb), zka_air_mul(b, f_lh, lh1));
    zka_expr s = zka_air_sub(b, zka_air_scale(b, x, 2), zka_air_scale(b, sgn, 256));
    zka_air_send(b, ZKA_BUS_U8, zka_air_add(b, f_lb, f_lh), &s, 1);
  }
  /* The ecall chip takes over ts .. ts_end - 1 and says whether this was exit. */
  {
    zka_expr t[4] = {clk, ts, ts_end, halt};
    zka_air_send(b, ZKA_BUS_ECALL, ecall, t, 4);
  }
  /* The segment's start and, when it pauses, its end. */
  zka_air_send(b, ZKA_BUS_START, first, &pc, 1);
  zka_air_send(b, ZKA_BUS_END, pause, &next_pc, 1);
}

/* ---- trace generation ------------------------------------------------------------------- */

typedef struct {
  zka_vec rows; /* ZKA_CPU_WIDTH cells each */
} zka_cpu_state;

static void zka_cpu_set_word(zka_babybear *row, size_t col, uint32_t v) {
  for (size_t i = 0; i < 4; i++) row[col + i] = zka_bb((v >> (8 * i)) & 255);
}

static zka_status zka_cpu_gen(zka_zkvm_witness *w, size_t index, zka_ctx *ctx) {
  const zka_zkvm_program *prog = w->prog;
  if (!prog || !w->mem || !w->program_count || (!w->steps && w->n_steps))
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm cpu: incomplete witness");
  zka_cpu_state *st = calloc(1, sizeof *st);
  if (!st) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm cpu: out of memory");
  zka_vec_init(&st->rows, ZKA_CPU_WIDTH * sizeof(zka_babybear));
  w->chip[index] = st;
  zka_babybear row[ZKA_CPU_WIDTH];
  uint32_t pc = w->pc0 ? w->pc0 : prog->entry;
  int halted = 0;
  w->ts = 1;
  for (size_t s = 0; s < w->n_steps; s++) {
    const zka_zkvm_step *e = &w->steps[s];
    if (halted)
      return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm cpu: step %zu after the exit", s);
    if (e->pc != pc || e->cycle != w->cycle0 + s)
      return zka_error(ctx, ZKA_ERR_INTERNAL,
                       "zkvm cpu: step %zu is at pc 0x%08x (cycle %llu), "
                       "expected pc 0x%08x",
                       s, e->pc, (unsigned long long)e->cycle, pc);
    const uint32_t idx = (pc - prog->code_lo) / 4;
    if (pc < prog->code_lo || (pc & 3) || idx >= prog->code_count)
      return zka_error(ctx, ZKA_ERR_INTERNAL, "zkvm cpu: pc 0x%08x outside the code", pc);
    const zka_zkvm_insn *d = &prog->code[idx];
    if (d->op >= ZKA_CPU_NFLAGS)
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "zkvm cpu: instruction 0x%08x at pc 0x%08x "
                       "cannot be proven",
                       prog->words[idx], pc);
    const zka_cpu_opinfo *o = &zka_cpu_ops[d->op];
    const uint32_t ts = w->ts;
    if (ts >= ZKA_ZKVM_MAX_TS - 8)
      return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                       "zkvm cpu: the run needs more than %u "
                       "timestamps (too long to prove)",
                       ZKA_ZKVM_MAX_TS);
    uint32_t t[ZKA_CPU_TUPLE_N];
    zka_cpu_tuple_u32(t, d, pc);
    memset(row, 0, sizeof row);
    row[ZKA_CPU_PC] = zka_bb(pc);
    row[ZKA_CPU_CLK] = zka_bb((uint32_t)s);
    row[ZKA_CPU_TS] = zka_bb(ts);
    row[ZKA_CPU_FLAG + d->op] = zka_bb(1);
    row[ZKA_CPU_RD] = zka_bb(t[2]);
    row[ZKA_CPU_RS1] = zka_bb(t[3]);
    row[ZKA_CPU_RS2] = zka_bb(t[4]);
    row[ZKA_CPU_WRITES_RD] = zka_bb(t[5]);
    for (int i = 0; i < 4; i++) {
      row[ZKA_CPU_IMM + i] = zka_bb(t[6 + i]);
      row[ZKA_CPU_LINK + i] = zka_bb(t[10 + i]);
    }
    const uint32_t imm = d->imm;
    uint32_t next = pc + 4, ts_end = ts + 4;
    if (o->kind == ZKA_CPU_K_ECALL) {
      int halt = 0;
      zka_status r = zka_ecall_gen(w, (uint32_t)s, ts, &ts_end, &halt, ctx);
      if (r != ZKA_OK) return r;
      if (ts_end <= ts)
        return zka_error(ctx, ZKA_ERR_INTERNAL,
                         "zkvm cpu: ecall at pc 0x%08x returned time %u "
                         "after %u",
                         pc, ts_end, ts);
      if (ts_end >= ZKA_ZKVM_MAX_TS - 8)
        return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                         "zkvm cpu: the run needs more than %u "
                         "timestamps (too long to prove)",
                         ZKA_ZKVM_MAX_TS);
      row[ZKA_CPU_HALT] = zka_bb((uint32_t)halt);
      halted = halt;
    } else if (o->kind != ZKA_CPU_K_FENCE) {
      uint32_t rs1v = 0, rs2v = 0, c = 0, rdv = 0;
      const int reads_rs2 = (o->alu && !o->b_imm) || o->kind == ZKA_CPU_K_STORE;
      if (o->alu) rs1v = zka_memacc_gen(w, row + ZKA_CPU_ACC_RS1, d->rs1, 0, 0, ts);
      if (reads_rs2) rs2v = zka_memacc_gen(w, row + ZKA_CPU_ACC_RS2, d->rs2, 0, 0, ts + 1);
      if (rs1v != e->rs1_val || rs2v != (reads_rs2 ? e->rs2_val : 0))
        return zka_error(ctx, ZKA_ERR_INTERNAL,
                         "zkvm cpu: at pc 0x%08x the registers read "
                         "0x%08x, 0x%08x; the executor had 0x%08x, 0x%08x",
                         pc, rs1v, rs2v, e->rs1_val, e->rs2_val);
      if (o->alu) {
        const size_t before = w->alu.n;
        c = zka_witness_alu(w, o->alu, rs1v, o->b_imm ? imm : rs2v);
        if (w->alu.n != before + 1)
          return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm cpu: out of memory");
        zka_cpu_set_word(row, ZKA_CPU_C, c);
      }
      if (o->kind == ZKA_CPU_K_LOAD || o->kind == ZKA_CPU_K_STORE || o->kind == ZKA_CPU_K_JALR) {
        const uint32_t lo = c & 3;
        row[ZKA_CPU_Q] = zka_bb((c & 255) >> 2);
        row[ZKA_CPU_OFF + lo] = zka_bb(1);
        zka_witness_u8(w, (c & 255) >> 2);
        if ((c >> 24) >= 16)
          return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                           "zkvm cpu: address 0x%08x at pc 0x%08x "
                           "is above the memory map",
                           c, pc);
        zka_witness_u8(w, (c >> 24) * 16);
      }
      if (o->kind == ZKA_CPU_K_LOAD || o->kind == ZKA_CPU_K_STORE) {
        const uint32_t lo = c & 3, aligned = c & ~3u, hi = (c >> 16) & 0xfff;
        const uint32_t width = d->op == ZKA_OP_LW || d->op == ZKA_OP_SW ? 4
                               : d->op == ZKA_OP_LB || d->op == ZKA_OP_LBU || d->op == ZKA_OP_SB
                                   ? 1
                                   : 2;
        if ((c & (width - 1)) || hi == 0 || c != e->mem_addr)
          return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                           "zkvm cpu: access at 0x%08x (pc 0x%08x) is "
                           "misaligned or below the memory map (executor: 0x%08x)",
                           c, pc, e->mem_addr);
        row[ZKA_CPU_INV] = zka_babybear_inv_ref(zka_bb(hi));
        uint32_t mword, val;
        if (o->kind == ZKA_CPU_K_LOAD) {
          mword = zka_memacc_gen(w, row + ZKA_CPU_ACC_MEM, aligned, 0, 0, ts + 2);
          zka_cpu_set_word(row, ZKA_CPU_NW, mword);
          row[ZKA_CPU_MRO] = zka_bb(aligned < prog->write_lo);
        } else {
          mword = zka_memstate_peek(w->mem, aligned);
          uint32_t nwv = rs2v;
          if (width == 1) nwv = (mword & ~(0xffu << (8 * lo))) | ((rs2v & 0xff) << (8 * lo));
          if (width == 2) nwv = (mword & ~(0xffffu << (8 * lo))) | ((rs2v & 0xffff) << (8 * lo));
          (void)zka_memacc_gen(w, row + ZKA_CPU_ACC_MEM, aligned, 1, nwv, ts + 2);
          zka_cpu_set_word(row, ZKA_CPU_NW, nwv);
        }
        const uint32_t byte = (mword >> (8 * lo)) & 255;
        const uint32_t half = (mword >> (8 * (lo & 2))) & 0xffff;
        row[ZKA_CPU_LB] = zka_bb(byte);
        if (!(lo & 1)) {
          row[ZKA_CPU_LH0] = zka_bb(half & 255);
          row[ZKA_CPU_LH1] = zka_bb(half >> 8);
        }
        switch (d->op) {
          case ZKA_OP_LB:
            rdv = (byte ^ 0x80) - 0x80;
            row[ZKA_CPU_SGN] = zka_bb(byte >> 7);
            zka_witness_u8(w, 2 * byte - 256 * (byte >> 7));
            break;
          case ZKA_OP_LH:
            rdv = (half ^ 0x8000) - 0x8000;
            row[ZKA_CPU_SGN] = zka_bb(half >> 15);
            zka_witness_u8(w, 2 * (half >> 8) - 256 * (half >> 15));
            break;
          case ZKA_OP_LBU: rdv = byte; break;
          case ZKA_OP_LHU: rdv = half; break;
          case ZKA_OP_LW: rdv = mword; break;
          default: rdv = 0; break;
        }
        val = o->kind == ZKA_CPU_K_LOAD ? rdv
              : width == 4              ? rs2v
                                        : rs2v & (width == 1 ? 0xffu : 0xffffu);
        if (val != e->mem_val)
          return zka_error(ctx, ZKA_ERR_INTERNAL,
                           "zkvm cpu: %s at pc 0x%08x: 0x%08x, executor "
                           "0x%08x",
                           o->kind == ZKA_CPU_K_LOAD ? "load" : "store", pc, val, e->mem_val);
      }
      switch (o->kind) {
        case ZKA_CPU_K_ALU: rdv = c; break;
        case ZKA_CPU_K_LUI: rdv = imm; break;
        case ZKA_CPU_K_JAL:
          rdv = pc + 4;
          next = imm;
          break;
        case ZKA_CPU_K_JALR:
          rdv = pc + 4;
          next = c & ~1u;
          break;
        case ZKA_CPU_K_BR_POS:
          if (c) next = imm;
          break;
        case ZKA_CPU_K_BR_NEG:
          if (!c) next = imm;
          break;
        default: break;
      }
      if (t[5]) {
        (void)zka_memacc_gen(w, row + ZKA_CPU_ACC_RD, d->rd, 1, rdv, ts + 3);
        if (rdv != e->rd_val)
          return zka_error(ctx, ZKA_ERR_INTERNAL,
                           "zkvm cpu: at pc 0x%08x rd = 0x%08x, executor "
                           "0x%08x",
                           pc, rdv, e->rd_val);
      }
      zka_cpu_set_word(row, ZKA_CPU_RDV, rdv);
    }
    if (!halted && next != e->next_pc)
      return zka_error(ctx, ZKA_ERR_INTERNAL,
                       "zkvm cpu: at pc 0x%08x next pc 0x%08x, executor "
                       "0x%08x",
                       pc, next, e->next_pc);
    row[ZKA_CPU_NEXT_PC] = zka_bb(next);
    row[ZKA_CPU_TS_END] = zka_bb(ts_end);
    if (!zka_vec_push(&st->rows, row))
      return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm cpu: out of memory for %zu rows", s + 1);
    w->program_count[idx]++;
    w->ts = ts_end;
    pc = next;
  }
  if (!w->pauses && !halted)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                     "zkvm cpu: the run did not end with exit "
                     "(%zu steps): only halted runs can be proven",
                     w->n_steps);
  if (w->pauses) {
    if (halted)
      return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                       "zkvm cpu: the run exits inside a segment that is not the last");
    if (!st->rows.n)
      return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm cpu: an empty segment");
    zka_babybear *lastrow = (zka_babybear *)st->rows.p + (st->rows.n - 1) * ZKA_CPU_WIDTH;
    lastrow[ZKA_CPU_PAUSE] = zka_bb(1);
  }
  return ZKA_OK;
}

static size_t zka_cpu_rows(const zka_zkvm_witness *w, size_t index) {
  const zka_cpu_state *st = w->chip[index];
  return st ? st->rows.n : 0;
}

static zka_status zka_cpu_fill(const zka_zkvm_witness *w, size_t index, zka_babybear *rows,
                               size_t n, zka_ctx *ctx) {
  const zka_cpu_state *st = w->chip[index];
  const size_t k = st ? st->rows.n : 0;
  if (k > n)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm cpu: %zu rows do not fit in %zu", k, n);
  if (k) memcpy(rows, st->rows.p, k * ZKA_CPU_WIDTH * sizeof(zka_babybear));
  /* Padding rows stay zero: no flag, so every constraint and multiplicity vanishes. */
  return ZKA_OK;
}

static void zka_cpu_free(zka_zkvm_witness *w, size_t index) {
  zka_cpu_state *st = w->chip[index];
  if (!st) return;
  zka_vec_free(&st->rows);
  free(st);
  w->chip[index] = NULL;
}

const zka_chip zka_chip_cpu = {"cpu",        ZKA_CPU_WIDTH, zka_cpu_air, zka_cpu_gen,
                               zka_cpu_rows, zka_cpu_fill,  zka_cpu_free};
