/* zkvm_internal.h — internal: the loaded program and its pre-decoded instructions, shared
 * by the ELF loader (zkvm/elf.c) and the executor (zkvm/exec.c). */
#ifndef ZKA_ZKVM_INTERNAL_H
#define ZKA_ZKVM_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "zkaccel/zkvm.h"

/* Operations after decoding.  AUIPC decodes to LUI with the pc folded into the immediate;
 * JAL and the branches carry their absolute target in imm. */
typedef enum {
  ZKA_OP_LUI = 0, ZKA_OP_JAL, ZKA_OP_JALR,
  ZKA_OP_BEQ, ZKA_OP_BNE, ZKA_OP_BLT, ZKA_OP_BGE, ZKA_OP_BLTU, ZKA_OP_BGEU,
  ZKA_OP_LB, ZKA_OP_LH, ZKA_OP_LW, ZKA_OP_LBU, ZKA_OP_LHU,
  ZKA_OP_SB, ZKA_OP_SH, ZKA_OP_SW,
  ZKA_OP_ADDI, ZKA_OP_SLTI, ZKA_OP_SLTIU, ZKA_OP_XORI, ZKA_OP_ORI, ZKA_OP_ANDI,
  ZKA_OP_SLLI, ZKA_OP_SRLI, ZKA_OP_SRAI,
  ZKA_OP_ADD, ZKA_OP_SUB, ZKA_OP_SLL, ZKA_OP_SLT, ZKA_OP_SLTU, ZKA_OP_XOR, ZKA_OP_SRL,
  ZKA_OP_SRA, ZKA_OP_OR, ZKA_OP_AND,
  ZKA_OP_MUL, ZKA_OP_MULH, ZKA_OP_MULHSU, ZKA_OP_MULHU, ZKA_OP_DIV, ZKA_OP_DIVU,
  ZKA_OP_REM, ZKA_OP_REMU,
  ZKA_OP_FENCE, ZKA_OP_ECALL, ZKA_OP_EBREAK,
  ZKA_OP_ILLEGAL,    /* an unknown or reserved 32-bit encoding */
  ZKA_OP_COMPRESSED, /* low bits != 0b11: an RVC (16-bit) encoding */
  ZKA_OP_NOEXEC,     /* a word inside the code window but outside executable segments */
  ZKA_OP_COUNT
} zka_zkvm_op;

/* Register index 32 is a write sink: an instruction whose rd is x0 (or that writes no
 * register) writes there, so x0 reads as zero without a check on every write. */
#define ZKA_ZKVM_REG_SINK 32

typedef struct {
  uint8_t op;  /* zka_zkvm_op */
  uint8_t rd;  /* 1..31, or ZKA_ZKVM_REG_SINK */
  uint8_t rs1; /* 0..31 (0 when the format has none) */
  uint8_t rs2; /* 0..31 (0 when the format has none) */
  uint32_t imm;
} zka_zkvm_insn;

typedef struct {
  uint32_t vaddr, memsz, filesz, flags;
  size_t offset; /* into the ELF file */
} zka_zkvm_segment;

#define ZKA_ZKVM_MAX_SEGMENTS 16

struct zka_zkvm_program {
  uint32_t entry;
  uint32_t mem_size;     /* bytes mapped from ZKA_ZKVM_TEXT_BASE (multiple of 4096) */
  uint32_t write_lo;     /* lowest writable address (mem end when none) */
  uint32_t code_lo;      /* first address of the code window (4-aligned) */
  uint32_t code_count;   /* instructions in the window */
  zka_zkvm_insn *code;   /* code_count decoded instructions */
  uint32_t *words;       /* the raw words of the window (for traces and messages) */
  size_t nseg;
  zka_zkvm_segment seg[ZKA_ZKVM_MAX_SEGMENTS];
  uint8_t *file;         /* a copy of the file's loadable bytes, indexed by file offset */
  size_t file_len;
};

/* Decode one instruction word at address pc. */
zka_zkvm_insn zka_zkvm_decode(uint32_t word, uint32_t pc);

#endif
