/* asm.h — for the zkVM tests and the demo: RV32IM instruction encoders (unprivileged ISA 20191213,
 * chapter 24), a tiny program builder and an ELF32 writer (text R X at 0x10000, data R W at
 * DATA_BASE), so tests assemble their programs without a cross compiler. */
#ifndef ZKA_ZKVM_ASM_H
#define ZKA_ZKVM_ASM_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zkaccel/zkvm.h"

static inline uint32_t enc_r(uint32_t f7, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
  return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
static inline uint32_t enc_i(int32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
  return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
static inline uint32_t enc_s(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3) {
  uint32_t u = (uint32_t)imm;
  return ((u >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 31) << 7 | 0x23;
}
static inline uint32_t enc_b(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3) {
  uint32_t u = (uint32_t)imm;
  return ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
         ((u >> 1) & 0xf) << 8 | ((u >> 11) & 1) << 7 | 0x63;
}
static inline uint32_t enc_u(uint32_t imm, uint32_t rd, uint32_t op) { return (imm & 0xfffff000u) | rd << 7 | op; }
static inline uint32_t enc_j(int32_t imm, uint32_t rd) {
  uint32_t u = (uint32_t)imm;
  return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 | ((u >> 11) & 1) << 20 |
         ((u >> 12) & 0xff) << 12 | rd << 7 | 0x6f;
}
#define ADDI(rd, rs1, imm) enc_i(imm, rs1, 0, rd, 0x13)
#define JALR(rd, rs1, imm) enc_i(imm, rs1, 0, rd, 0x67)
#define LUI(rd, imm) enc_u(imm, rd, 0x37)
#define AUIPC(rd, imm) enc_u(imm, rd, 0x17)
#define JAL(rd, imm) enc_j(imm, rd)
#define ECALL 0x00000073u
#define EBREAK 0x00100073u
#define FENCE 0x0ff0000fu
#define FENCE_I 0x0000100fu

/* A program: instruction words placed at ZKA_ZKVM_TEXT_BASE. */
typedef struct {
  uint32_t w[1024];
  int n;
} prog_t;

static inline void emit(prog_t *p, uint32_t w) {
  if (p->n >= (int)(sizeof p->w / sizeof p->w[0])) abort(); /* a test program too long */
  p->w[p->n++] = w;
}
/* li rd, v: LUI + ADDI (the ADDI immediate is sign-extended, hence the + 0x800). */
static inline void li(prog_t *p, uint32_t rd, uint32_t v) {
  emit(p, LUI(rd, v + 0x800));
  emit(p, ADDI(rd, rd, (int32_t)((v & 0xfff) ^ 0x800) - 0x800));
}
/* An ecall with a0..a2 loaded and a7 = num (Linux's RISC-V convention; num < 2048). */
static inline void sys(prog_t *p, uint32_t num, uint32_t a0, uint32_t a1, uint32_t a2) {
  li(p, 10, a0);
  li(p, 11, a1);
  li(p, 12, a2);
  emit(p, ADDI(17, 0, (int32_t)num));
  emit(p, ECALL);
}
static inline void exit_with(prog_t *p, uint32_t reg) {
  emit(p, ADDI(10, reg, 0));
  emit(p, ADDI(17, 0, 93));
  emit(p, ECALL);
}

/* ---- an ELF32 writer: text (R X) at 0x10000, data (R W) at DATA_BASE ---------------- */
#define DATA_BASE 0x00020000u
#define DATA_FILESZ 64u
#define DATA_MEMSZ 8192u
#define OFF_PH0 52u
#define OFF_PH1 84u
#define OFF_TEXT 128u

static inline void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static inline void put32(uint8_t *p, uint32_t v) { put16(p, v), put16(p + 2, v >> 16); }
static inline uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const uint8_t data_init[16] = {0x80, 0xff, 0x7f, 0x01, 0xfe, 0x80, 0x34, 0x12,
                                      0x78, 0x56, 0x34, 0x12, 0xef, 0xbe, 0xad, 0xde};

/* Returns a malloc'd ELF image of p, its length in *len. */
static inline uint8_t *mk_elf(const prog_t *p, size_t *len) {
  const uint32_t text_sz = 4u * (uint32_t)p->n, off_data = OFF_TEXT + ((text_sz + 15) & ~15u);
  *len = off_data + DATA_FILESZ;
  uint8_t *e = calloc(1, *len);
  if (!e) abort();
  memcpy(e, "\177ELF", 4);
  e[4] = 1, e[5] = 1, e[6] = 1;
  put16(e + 16, 2);         /* ET_EXEC */
  put16(e + 18, 243);       /* EM_RISCV */
  put32(e + 20, 1);         /* version */
  put32(e + 24, ZKA_ZKVM_TEXT_BASE);
  put32(e + 28, OFF_PH0);   /* e_phoff */
  put16(e + 40, 52);
  put16(e + 42, 32);
  put16(e + 44, 2);
  uint8_t *ph = e + OFF_PH0; /* text: R X */
  put32(ph, 1), put32(ph + 4, OFF_TEXT), put32(ph + 8, ZKA_ZKVM_TEXT_BASE);
  put32(ph + 12, ZKA_ZKVM_TEXT_BASE), put32(ph + 16, text_sz), put32(ph + 20, text_sz);
  put32(ph + 24, 5), put32(ph + 28, 4);
  ph = e + OFF_PH1;          /* data: R W */
  put32(ph, 1), put32(ph + 4, off_data), put32(ph + 8, DATA_BASE), put32(ph + 12, DATA_BASE);
  put32(ph + 16, DATA_FILESZ), put32(ph + 20, DATA_MEMSZ), put32(ph + 24, 6), put32(ph + 28, 4);
  for (int i = 0; i < p->n; i++) put32(e + OFF_TEXT + 4 * i, p->w[i]);
  for (uint32_t i = 0; i < DATA_FILESZ; i++)
    e[off_data + i] = i < sizeof data_init ? data_init[i] : (uint8_t)(i * 7 + 3);
  return e;
}

#endif
