/* decode.c — RV32IM instruction decoding (RISC-V unprivileged ISA, version 20191213,
 * chapter 2 "RV32I" and chapter 7 "M"; opcode map in chapter 24, table 24.1). */
#include "zkvm/zkvm_internal.h"

static uint32_t zka_zkvm_sext(uint32_t v, unsigned bits) {
  uint32_t m = 1u << (bits - 1);
  return (v ^ m) - m;
}

static zka_zkvm_insn zka_zkvm_mk(zka_zkvm_op op, uint32_t rd, uint32_t rs1, uint32_t rs2,
                                 uint32_t imm) {
  zka_zkvm_insn d;
  d.op = (uint8_t)op;
  d.rd = (uint8_t)(rd ? rd : ZKA_ZKVM_REG_SINK);
  d.rs1 = (uint8_t)rs1;
  d.rs2 = (uint8_t)rs2;
  d.imm = imm;
  return d;
}

zka_zkvm_insn zka_zkvm_decode(uint32_t w, uint32_t pc) {
  const uint32_t opcode = w & 0x7f, rd = (w >> 7) & 31, f3 = (w >> 12) & 7;
  const uint32_t rs1 = (w >> 15) & 31, rs2 = (w >> 20) & 31, f7 = w >> 25;
  const uint32_t imm_i = zka_zkvm_sext(w >> 20, 12);
  const uint32_t imm_s = zka_zkvm_sext(((w >> 25) << 5) | ((w >> 7) & 31), 12);
  const uint32_t imm_b = zka_zkvm_sext(((w >> 31) << 12) | (((w >> 7) & 1) << 11) |
                                           (((w >> 25) & 0x3f) << 5) | (((w >> 8) & 0xf) << 1),
                                       13);
  const uint32_t imm_j = zka_zkvm_sext(((w >> 31) << 20) | (((w >> 12) & 0xff) << 12) |
                                           (((w >> 20) & 1) << 11) | (((w >> 21) & 0x3ff) << 1),
                                       21);
  const zka_zkvm_insn illegal = zka_zkvm_mk(ZKA_OP_ILLEGAL, 0, 0, 0, 0);

  /* 16 zero bits are the defined illegal instruction (RVC, 16.1); other low bits != 11
   * start a compressed encoding, which RV32IM lacks. */
  if ((w & 0xffff) == 0) return illegal;
  if ((w & 3) != 3) return zka_zkvm_mk(ZKA_OP_COMPRESSED, 0, 0, 0, 0);
  switch (opcode) {
    case 0x37: return zka_zkvm_mk(ZKA_OP_LUI, rd, 0, 0, w & 0xfffff000u);
    case 0x17: return zka_zkvm_mk(ZKA_OP_LUI, rd, 0, 0, pc + (w & 0xfffff000u)); /* AUIPC */
    case 0x6f: return zka_zkvm_mk(ZKA_OP_JAL, rd, 0, 0, pc + imm_j);
    case 0x67:
      return f3 == 0 ? zka_zkvm_mk(ZKA_OP_JALR, rd, rs1, 0, imm_i) : illegal;
    case 0x63: {
      static const int8_t ops[8] = {ZKA_OP_BEQ, ZKA_OP_BNE, -1, -1,
                                    ZKA_OP_BLT, ZKA_OP_BGE, ZKA_OP_BLTU, ZKA_OP_BGEU};
      return ops[f3] < 0 ? illegal : zka_zkvm_mk((zka_zkvm_op)ops[f3], 0, rs1, rs2, pc + imm_b);
    }
    case 0x03: {
      static const int8_t ops[8] = {ZKA_OP_LB, ZKA_OP_LH, ZKA_OP_LW, -1,
                                    ZKA_OP_LBU, ZKA_OP_LHU, -1, -1};
      return ops[f3] < 0 ? illegal : zka_zkvm_mk((zka_zkvm_op)ops[f3], rd, rs1, 0, imm_i);
    }
    case 0x23: {
      static const int8_t ops[8] = {ZKA_OP_SB, ZKA_OP_SH, ZKA_OP_SW, -1, -1, -1, -1, -1};
      return ops[f3] < 0 ? illegal : zka_zkvm_mk((zka_zkvm_op)ops[f3], 0, rs1, rs2, imm_s);
    }
    case 0x13:
      switch (f3) {
        case 0: return zka_zkvm_mk(ZKA_OP_ADDI, rd, rs1, 0, imm_i);
        case 2: return zka_zkvm_mk(ZKA_OP_SLTI, rd, rs1, 0, imm_i);
        case 3: return zka_zkvm_mk(ZKA_OP_SLTIU, rd, rs1, 0, imm_i);
        case 4: return zka_zkvm_mk(ZKA_OP_XORI, rd, rs1, 0, imm_i);
        case 6: return zka_zkvm_mk(ZKA_OP_ORI, rd, rs1, 0, imm_i);
        case 7: return zka_zkvm_mk(ZKA_OP_ANDI, rd, rs1, 0, imm_i);
        /* RV32: shamt is 5 bits; imm[5] set is reserved (2.4), so illegal. */
        case 1: return f7 == 0 ? zka_zkvm_mk(ZKA_OP_SLLI, rd, rs1, 0, rs2) : illegal;
        case 5:
          if (f7 == 0) return zka_zkvm_mk(ZKA_OP_SRLI, rd, rs1, 0, rs2);
          if (f7 == 0x20) return zka_zkvm_mk(ZKA_OP_SRAI, rd, rs1, 0, rs2);
          return illegal;
      }
      return illegal;
    case 0x33: {
      static const int8_t base[8] = {ZKA_OP_ADD, ZKA_OP_SLL, ZKA_OP_SLT, ZKA_OP_SLTU,
                                     ZKA_OP_XOR, ZKA_OP_SRL, ZKA_OP_OR, ZKA_OP_AND};
      static const int8_t mext[8] = {ZKA_OP_MUL, ZKA_OP_MULH, ZKA_OP_MULHSU, ZKA_OP_MULHU,
                                     ZKA_OP_DIV, ZKA_OP_DIVU, ZKA_OP_REM, ZKA_OP_REMU};
      if (f7 == 0) return zka_zkvm_mk((zka_zkvm_op)base[f3], rd, rs1, rs2, 0);
      if (f7 == 1) return zka_zkvm_mk((zka_zkvm_op)mext[f3], rd, rs1, rs2, 0);
      if (f7 == 0x20 && f3 == 0) return zka_zkvm_mk(ZKA_OP_SUB, rd, rs1, rs2, 0);
      if (f7 == 0x20 && f3 == 5) return zka_zkvm_mk(ZKA_OP_SRA, rd, rs1, rs2, 0);
      return illegal;
    }
    case 0x0f:
      /* FENCE (and FENCE.TSO, PAUSE): one hart, no devices, so a no-op; the spec asks
       * base implementations to ignore its unused fields (2.7).  FENCE.I (Zifencei) is a
       * no-op too: code never changes while a program runs (it is not writable). */
      return (f3 == 0 || f3 == 1) ? zka_zkvm_mk(ZKA_OP_FENCE, 0, 0, 0, 0) : illegal;
    case 0x73:
      if (w == 0x00000073u) return zka_zkvm_mk(ZKA_OP_ECALL, 0, 0, 0, 0);
      if (w == 0x00100073u) return zka_zkvm_mk(ZKA_OP_EBREAK, 0, 0, 0, 0);
      return illegal; /* CSR instructions (Zicsr) and privileged ones are not RV32IM */
  }
  return illegal;
}
