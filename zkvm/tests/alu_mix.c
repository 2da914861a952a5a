/* alu_mix — a differential-test guest: for each pair (a, b) of uint32 LE values in the
 * input, commits the result of every RV32IM register-register operation, a set of
 * register-immediate ones, the six branch conditions and the five loads at each offset of
 * the word a, each emitted by inline assembly so the compiler cannot fold them.  The same
 * ELF runs under qemu-riscv32 and the executor; their outputs must be equal. */
#include "zkaccel_guest.h"

static uint32_t zka_out[128];
static unsigned zka_nout;

static void zka_put(uint32_t v) { zka_out[zka_nout++] = v; }

#define ZKA_RR(op)                                                              \
  do {                                                                          \
    uint32_t r;                                                                 \
    __asm__ volatile(#op " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));              \
    zka_put(r);                                                                 \
  } while (0)
#define ZKA_RI(op, imm)                                                         \
  do {                                                                          \
    uint32_t r;                                                                 \
    __asm__ volatile(#op " %0, %1, " #imm : "=r"(r) : "r"(a));                  \
    zka_put(r);                                                                 \
  } while (0)
#define ZKA_BR(op)                                                              \
  do {                                                                          \
    uint32_t r;                                                                 \
    __asm__ volatile("li %0, 1\n\t" #op " %1, %2, 1f\n\tli %0, 0\n1:"           \
                     : "=&r"(r) : "r"(a), "r"(b));                              \
    zka_put(r);                                                                 \
  } while (0)
#define ZKA_LD(op, offset)                                                      \
  do {                                                                          \
    uint32_t r;                                                                 \
    __asm__ volatile(#op " %0, " #offset "(%1)" : "=r"(r) : "r"(&word) : "memory"); \
    zka_put(r);                                                                 \
  } while (0)

int main(void) {
  for (;;) {
    int ok1, ok2;
    uint32_t a = zka_read_u32(&ok1), b = zka_read_u32(&ok2);
    if (!ok1 || !ok2) break;
    zka_nout = 0;
    ZKA_RR(add); ZKA_RR(sub); ZKA_RR(sll); ZKA_RR(slt); ZKA_RR(sltu); ZKA_RR(xor);
    ZKA_RR(srl); ZKA_RR(sra); ZKA_RR(or); ZKA_RR(and);
    ZKA_RR(mul); ZKA_RR(mulh); ZKA_RR(mulhsu); ZKA_RR(mulhu);
    ZKA_RR(div); ZKA_RR(divu); ZKA_RR(rem); ZKA_RR(remu);
    ZKA_RI(addi, -2048); ZKA_RI(addi, 2047); ZKA_RI(slti, -1); ZKA_RI(slti, 5);
    ZKA_RI(sltiu, -1); ZKA_RI(sltiu, 5); ZKA_RI(xori, -1); ZKA_RI(ori, 0x555);
    ZKA_RI(andi, -256); ZKA_RI(slli, 31); ZKA_RI(srli, 31); ZKA_RI(srai, 31);
    ZKA_RI(srai, 7); ZKA_RI(slli, 0);
    ZKA_BR(beq); ZKA_BR(bne); ZKA_BR(blt); ZKA_BR(bge); ZKA_BR(bltu); ZKA_BR(bgeu);
    volatile uint32_t word = a;
    ZKA_LD(lb, 0); ZKA_LD(lb, 1); ZKA_LD(lb, 2); ZKA_LD(lb, 3);
    ZKA_LD(lbu, 0); ZKA_LD(lbu, 1); ZKA_LD(lbu, 2); ZKA_LD(lbu, 3);
    ZKA_LD(lh, 0); ZKA_LD(lh, 2); ZKA_LD(lhu, 0); ZKA_LD(lhu, 2); ZKA_LD(lw, 0);
    zka_commit(zka_out, 4 * zka_nout);
  }
  return 0;
}
