/* cpu_cols.h — internal: the column layout of the zkVM's CPU chip (zkvm/chips/cpu.c), shared
 * with its test (tests/test_zkvm_cpu.c), which reads and tampers with single cells. */
#ifndef ZKA_ZKVM_CHIPS_CPU_COLS_H
#define ZKA_ZKVM_CHIPS_CPU_COLS_H
#include "zkvm/air/zkvm_air.h"

/* One flag per provable operation: ZKA_OP_LUI (0) .. ZKA_OP_ECALL (45). */
#define ZKA_CPU_NFLAGS (ZKA_OP_ECALL + 1)

/* Columns. */
enum {
  ZKA_CPU_PC = 0,  /* this instruction's address */
  ZKA_CPU_NEXT_PC, /* the next instruction's address */
  ZKA_CPU_CLK,     /* cycle index (0 on the first row) */
  ZKA_CPU_TS,      /* ts_base: this row's accesses use ts .. ts+3 */
  ZKA_CPU_TS_END,  /* the next row's ts: ts + 4, or the ecall chip's ts_end */
  ZKA_CPU_HALT,    /* 1 on the exit ecall (then the last real row) */
  /* from the ZKA_BUS_PROGRAM tuple */
  ZKA_CPU_RD, /* 0..31 (0 when the instruction writes no register) */
  ZKA_CPU_RS1,
  ZKA_CPU_RS2,
  ZKA_CPU_WRITES_RD, /* 1 when rd is written (0 for rd = x0) */
  ZKA_CPU_IMM,       /* 4 bytes: the immediate (AUIPC: pc folded in; JAL/branches: target) */
  ZKA_CPU_LINK = ZKA_CPU_IMM + 4, /* 4 bytes: pc + 4 (JAL/JALR's rd value) */
  /* witness */
  ZKA_CPU_C = ZKA_CPU_LINK + 4,  /* 4 bytes: the ALU result (loads/stores/JALR: rs1 + imm) */
  ZKA_CPU_RDV = ZKA_CPU_C + 4,   /* 4 bytes: the value written to rd */
  ZKA_CPU_NW = ZKA_CPU_RDV + 4,  /* 4 bytes: the memory word after the access (loads: unchanged) */
  ZKA_CPU_Q = ZKA_CPU_NW + 4,    /* c0 >> 2 (loads/stores/JALR) */
  ZKA_CPU_OFF,                   /* 4 one-hot cells: c0 & 3 (the byte offset in the word) */
  ZKA_CPU_SGN = ZKA_CPU_OFF + 4, /* LB/LH: the sign bit of the loaded value */
  ZKA_CPU_INV,                   /* loads/stores: 1 / (c2 + 256·c3): the address is >= 2^16 */
  ZKA_CPU_LB,                    /* the byte at the offset: Σ off_k·m_k */
  ZKA_CPU_LH0,                   /* the half-word at offset 0 or 2: low byte */
  ZKA_CPU_LH1,                   /*   high byte */
  ZKA_CPU_ACC_RS1,               /* memory-access gadgets: slot 0 read rs1 */
  ZKA_CPU_ACC_RS2 = ZKA_CPU_ACC_RS1 + ZKA_MEMACC_COLS, /* slot 1 read rs2 */
  ZKA_CPU_ACC_MEM = ZKA_CPU_ACC_RS2 + ZKA_MEMACC_COLS, /* slot 2 the load/store word */
  ZKA_CPU_ACC_RD = ZKA_CPU_ACC_MEM + ZKA_MEMACC_COLS,  /* slot 3 write rd */
  ZKA_CPU_FLAG = ZKA_CPU_ACC_RD + ZKA_MEMACC_COLS,     /* ZKA_CPU_NFLAGS one-hot op flags */
  ZKA_CPU_MRO = ZKA_CPU_FLAG + ZKA_CPU_NFLAGS, /* loads: 1 when the word is below write_lo
                                                 (read-only); 0 on stores (constrained) */
  ZKA_CPU_PAUSE,                 /* 1 on the last real row of a segment that does not exit:
                                    it sends next_pc on ZKA_BUS_END */
  ZKA_CPU_WIDTH
};

#endif
