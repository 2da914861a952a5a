/* mont_x86_64.c — the x86-64 fast path for Montgomery multiplication: BMI2 MULX and ADX
 * ADCX/ADOX, for the 4-limb fields (BN254 Fq, BN254 Fr, BLS12-381 Fr) and the 6-limb
 * BLS12-381 Fq.  Contract in mont_x86_64.h; results are bit-identical to the portable
 * reference (tests/test_field_gmp.c checks both paths against GMP).
 *
 * Why file-scope assembly and not inline asm: the 6-limb product keeps 7 accumulator
 * words, two scratch words, three pointers and RDX live at once; inline asm with that many
 * register operands does not allocate at -O0 or under ASan's frame-pointer builds.  Each
 * function here is a leaf with the System V ABI (r = rdi, a = rsi, b = rdx), saves the
 * callee-saved registers it uses, and reads the modulus from a C constant array built from
 * the generated parameters in core/params/.
 *
 * Algorithm: CIOS Montgomery multiplication (Koç, Acar, Kaliski 1996, "Analyzing and
 * Comparing Montgomery Multiplication Algorithms", section 4), one row of a·b_i followed by
 * one reduction row m·p with m = t_0·(-p^-1) mod 2^64.  Each row runs two independent carry
 * chains — ADCX (CF) for the low halves of the MULX products and ADOX (OF) for the high
 * halves — as in Ozturk, Guilford, Gopal, Feghali, "New Instructions Supporting Large
 * Integer Arithmetic on Intel Architecture Processors" (Intel white paper, 2012).
 *
 * Word count ("no-carry", cf. G. Botrel, "Faster big-integer modular multiplication for
 * most moduli", ConsenSys/gnark goff, 2020): every modulus here has its top bit clear,
 * p < 2^(64N-1).  The CIOS accumulator t stays below 2p before each row, so t + a·b_i + m·p
 * < 2p + 2(2^64 - 1)p < 2^64·2p < 2^(64(N+1)): N+1 words suffice, the final carry out of
 * each chain is zero, and no (N+2)-th word is ever needed.  After the last row t < 2p and
 * one conditional subtraction (branch-free, CMOV) gives the fully reduced result.
 * Each reduction row's m·p_0 low half cancels t_0 exactly, so that register reads zero
 * afterwards and is reused as the next row's top word (the accumulator registers rotate).
 *
 * Squaring uses the same routine (sqr = mul with b = a).
 * Inputs are read from memory throughout and r is written only at the end, so r may alias
 * a and/or b.  Constant time: no branches or memory indices depend on the data. */
#include "mont_x86_64.h"

#include "fields_portable.h"

#if defined(__x86_64__)
#include <cpuid.h>

int zka_cpu_has_bmi2_adx(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  return ((b >> 8) & 1) && ((b >> 19) & 1); /* BMI2: EBX bit 8, ADX: EBX bit 19 */
}
#endif

#if defined(__x86_64__) && defined(__ELF__) && !defined(ZKA_PORTABLE)

/* The moduli and -p^-1 mod 2^64, under names the assembly below reads RIP-relative.
 * Hidden, so the references resolve inside the library (also when built as a shared
 * object); "used" so no optimisation drops them as unreferenced from C. */
#define ZKA_ASM_CONST __attribute__((used, visibility("hidden"), aligned(64)))
ZKA_ASM_CONST const uint64_t zka_asm_bn254_fq_p[5] = {ZKA_BN254_FQ_P, ZKA_BN254_FQ_INV};
ZKA_ASM_CONST const uint64_t zka_asm_bn254_fr_p[5] = {ZKA_BN254_FR_P, ZKA_BN254_FR_INV};
ZKA_ASM_CONST const uint64_t zka_asm_bls12_381_fr_p[5] = {ZKA_BLS12_381_FR_P,
                                                          ZKA_BLS12_381_FR_INV};
ZKA_ASM_CONST const uint64_t zka_asm_bls12_381_fq_p[7] = {ZKA_BLS12_381_FQ_P,
                                                          ZKA_BLS12_381_FQ_INV};

/* The word-count argument above needs p < 2^(64N-1): check the top limbs. */
#define ZKA_LIMB3_(l0, l1, l2, l3) (l3)
#define ZKA_LIMB5_(l0, l1, l2, l3, l4, l5) (l5)
#define ZKA_TOP4(...) ZKA_LIMB3_(__VA_ARGS__)
#define ZKA_TOP6(...) ZKA_LIMB5_(__VA_ARGS__)
_Static_assert(ZKA_TOP4(ZKA_BN254_FQ_P) >> 63 == 0, "BN254 Fq: p must be < 2^255");
_Static_assert(ZKA_TOP4(ZKA_BN254_FR_P) >> 63 == 0, "BN254 Fr: p must be < 2^255");
_Static_assert(ZKA_TOP4(ZKA_BLS12_381_FR_P) >> 63 == 0, "BLS12-381 Fr: p must be < 2^255");
_Static_assert(ZKA_TOP6(ZKA_BLS12_381_FQ_P) >> 63 == 0, "BLS12-381 Fq: p must be < 2^383");

/* ---- assembly building blocks (AT&T syntax; "mulx src, lo, hi") ------------------------
 * Fixed registers: rdi = r, rsi = a, rcx = b, rdx = MULX multiplier, rax = low half,
 * r14 = high half, r15 = zero (its XOR also clears CF and OF at the start of each chain).
 * Accumulator: r8 r9 r10 r11 rbx (N = 4) or r8 .. r13, rbx (N = 6), rotating. */

#define ZKA_PUSH(reg) "pushq %" reg "\n\t.cfi_adjust_cfa_offset 8\n\t.cfi_rel_offset %" reg ", 0\n\t"
#define ZKA_POP(reg) "popq %" reg "\n\t.cfi_adjust_cfa_offset -8\n\t.cfi_restore %" reg "\n\t"

/* lo:hi = rdx * MOP; X += lo (CF chain); Y += hi (OF chain). */
#define ZKA_STEP(MOP, X, Y) \
  "mulxq " MOP ", %rax, %r14\n\tadcxq %rax, %" X "\n\tadoxq %r14, %" Y "\n\t"

/* First row, t = a * b_0 (N = 4) into X0..X4. */
#define ZKA_ROW0_4(X0, X1, X2, X3, X4)                                       \
  "movq 0(%rcx), %rdx\n\t"                                                   \
  "mulxq 0(%rsi), %" X0 ", %" X1 "\n\t"                                      \
  "mulxq 8(%rsi), %rax, %" X2 "\n\taddq %rax, %" X1 "\n\t"                   \
  "mulxq 16(%rsi), %rax, %" X3 "\n\tadcq %rax, %" X2 "\n\t"                  \
  "mulxq 24(%rsi), %rax, %" X4 "\n\tadcq %rax, %" X3 "\n\tadcq $0, %" X4 "\n\t"

/* Row i >= 1: (X1..X5) += a * b_i, with X5 = 0 on entry (the register the previous
 * reduction row emptied). */
#define ZKA_ROW_4(OFF, X1, X2, X3, X4, X5)                                   \
  "movq " OFF "(%rcx), %rdx\n\txorl %r15d, %r15d\n\t"                        \
  ZKA_STEP("0(%rsi)", X1, X2) ZKA_STEP("8(%rsi)", X2, X3)                    \
  ZKA_STEP("16(%rsi)", X3, X4) ZKA_STEP("24(%rsi)", X4, X5)                  \
  "adcxq %r15, %" X5 "\n\t"

/* Reduction row: (X0..X4) += m * p with m = X0 * inv; afterwards X0 = 0 and the value
 * (divided by 2^64) is X1..X4. */
#define ZKA_RED_4(P, X0, X1, X2, X3, X4)                                     \
  "movq %" X0 ", %rdx\n\timulq " P "+32(%rip), %rdx\n\txorl %r15d, %r15d\n\t" \
  ZKA_STEP(P "+0(%rip)", X0, X1) ZKA_STEP(P "+8(%rip)", X1, X2)              \
  ZKA_STEP(P "+16(%rip)", X2, X3) ZKA_STEP(P "+24(%rip)", X3, X4)            \
  "adcxq %r15, %" X4 "\n\t"

/* r = (X0..X3) - p if that does not borrow, else (X0..X3). */
#define ZKA_FINAL_4(P, X0, X1, X2, X3)                                       \
  "movq %" X0 ", %rax\n\tsubq " P "+0(%rip), %rax\n\t"                       \
  "movq %" X1 ", %r14\n\tsbbq " P "+8(%rip), %r14\n\t"                       \
  "movq %" X2 ", %r15\n\tsbbq " P "+16(%rip), %r15\n\t"                      \
  "movq %" X3 ", %rdx\n\tsbbq " P "+24(%rip), %rdx\n\t"                      \
  "cmovcq %" X0 ", %rax\n\tcmovcq %" X1 ", %r14\n\t"                         \
  "cmovcq %" X2 ", %r15\n\tcmovcq %" X3 ", %rdx\n\t"                         \
  "movq %rax, 0(%rdi)\n\tmovq %r14, 8(%rdi)\n\t"                             \
  "movq %r15, 16(%rdi)\n\tmovq %rdx, 24(%rdi)\n\t"

#define ZKA_FUNC_BEGIN(NAME)                                                 \
  ".globl " NAME "\n\t.hidden " NAME "\n\t.type " NAME ", @function\n\t"    \
  ".p2align 5\n" NAME ":\n\t.cfi_startproc\n\t"

#define ZKA_FUNC_END(NAME) "ret\n\t.cfi_endproc\n\t.size " NAME ", .-" NAME "\n\t"

/* sqr(r, a) = mul(r, a, a): set b = a and jump into mul. */
#define ZKA_MONT4(F)                                                         \
  ZKA_FUNC_BEGIN("zka_" F "_sqr_adx")                                        \
  "movq %rsi, %rdx\n\tjmp .Lzka_" F "_mul\n\t"                                \
  ".cfi_endproc\n\t.size zka_" F "_sqr_adx, .-zka_" F "_sqr_adx\n\t"         \
  ZKA_FUNC_BEGIN("zka_" F "_mul_adx") ".Lzka_" F "_mul:\n\t"               \
  ZKA_PUSH("rbx") ZKA_PUSH("r14") ZKA_PUSH("r15")                            \
  "movq %rdx, %rcx\n\t"                                                      \
  ZKA_ROW0_4("r8", "r9", "r10", "r11", "rbx")                                \
  ZKA_RED_4("zka_asm_" F "_p", "r8", "r9", "r10", "r11", "rbx")              \
  ZKA_ROW_4("8", "r9", "r10", "r11", "rbx", "r8")                            \
  ZKA_RED_4("zka_asm_" F "_p", "r9", "r10", "r11", "rbx", "r8")              \
  ZKA_ROW_4("16", "r10", "r11", "rbx", "r8", "r9")                           \
  ZKA_RED_4("zka_asm_" F "_p", "r10", "r11", "rbx", "r8", "r9")              \
  ZKA_ROW_4("24", "r11", "rbx", "r8", "r9", "r10")                           \
  ZKA_RED_4("zka_asm_" F "_p", "r11", "rbx", "r8", "r9", "r10")              \
  ZKA_FINAL_4("zka_asm_" F "_p", "rbx", "r8", "r9", "r10")                   \
  ZKA_POP("r15") ZKA_POP("r14") ZKA_POP("rbx")                               \
  ZKA_FUNC_END("zka_" F "_mul_adx")

/* ---- N = 6 ------------------------------------------------------------------------- */
#define ZKA_ROW0_6(X0, X1, X2, X3, X4, X5, X6)                               \
  "movq 0(%rcx), %rdx\n\t"                                                   \
  "mulxq 0(%rsi), %" X0 ", %" X1 "\n\t"                                      \
  "mulxq 8(%rsi), %rax, %" X2 "\n\taddq %rax, %" X1 "\n\t"                   \
  "mulxq 16(%rsi), %rax, %" X3 "\n\tadcq %rax, %" X2 "\n\t"                  \
  "mulxq 24(%rsi), %rax, %" X4 "\n\tadcq %rax, %" X3 "\n\t"                  \
  "mulxq 32(%rsi), %rax, %" X5 "\n\tadcq %rax, %" X4 "\n\t"                  \
  "mulxq 40(%rsi), %rax, %" X6 "\n\tadcq %rax, %" X5 "\n\tadcq $0, %" X6 "\n\t"

#define ZKA_ROW_6(OFF, X1, X2, X3, X4, X5, X6, X7)                           \
  "movq " OFF "(%rcx), %rdx\n\txorl %r15d, %r15d\n\t"                        \
  ZKA_STEP("0(%rsi)", X1, X2) ZKA_STEP("8(%rsi)", X2, X3)                    \
  ZKA_STEP("16(%rsi)", X3, X4) ZKA_STEP("24(%rsi)", X4, X5)                  \
  ZKA_STEP("32(%rsi)", X5, X6) ZKA_STEP("40(%rsi)", X6, X7)                  \
  "adcxq %r15, %" X7 "\n\t"

#define ZKA_RED_6(P, X0, X1, X2, X3, X4, X5, X6)                             \
  "movq %" X0 ", %rdx\n\timulq " P "+48(%rip), %rdx\n\txorl %r15d, %r15d\n\t" \
  ZKA_STEP(P "+0(%rip)", X0, X1) ZKA_STEP(P "+8(%rip)", X1, X2)              \
  ZKA_STEP(P "+16(%rip)", X2, X3) ZKA_STEP(P "+24(%rip)", X3, X4)            \
  ZKA_STEP(P "+32(%rip)", X4, X5) ZKA_STEP(P "+40(%rip)", X5, X6)            \
  "adcxq %r15, %" X6 "\n\t"

/* Final subtraction for N = 6; X0 (and rcx, rsi, which are dead by now) are scratch. */
#define ZKA_FINAL_6(P, X0, X1, X2, X3, X4, X5)                               \
  "movq %" X0 ", %rax\n\tsubq " P "+0(%rip), %rax\n\t"                       \
  "movq %" X1 ", %r14\n\tsbbq " P "+8(%rip), %r14\n\t"                       \
  "movq %" X2 ", %r15\n\tsbbq " P "+16(%rip), %r15\n\t"                      \
  "movq %" X3 ", %rdx\n\tsbbq " P "+24(%rip), %rdx\n\t"                      \
  "movq %" X4 ", %rcx\n\tsbbq " P "+32(%rip), %rcx\n\t"                      \
  "movq %" X5 ", %rsi\n\tsbbq " P "+40(%rip), %rsi\n\t"                      \
  "cmovcq %" X0 ", %rax\n\tcmovcq %" X1 ", %r14\n\t"                         \
  "cmovcq %" X2 ", %r15\n\tcmovcq %" X3 ", %rdx\n\t"                         \
  "cmovcq %" X4 ", %rcx\n\tcmovcq %" X5 ", %rsi\n\t"                         \
  "movq %rax, 0(%rdi)\n\tmovq %r14, 8(%rdi)\n\tmovq %r15, 16(%rdi)\n\t"      \
  "movq %rdx, 24(%rdi)\n\tmovq %rcx, 32(%rdi)\n\tmovq %rsi, 40(%rdi)\n\t"

#define ZKA_MONT6(F)                                                         \
  ZKA_FUNC_BEGIN("zka_" F "_sqr_adx")                                        \
  "movq %rsi, %rdx\n\tjmp .Lzka_" F "_mul\n\t"                                \
  ".cfi_endproc\n\t.size zka_" F "_sqr_adx, .-zka_" F "_sqr_adx\n\t"         \
  ZKA_FUNC_BEGIN("zka_" F "_mul_adx") ".Lzka_" F "_mul:\n\t"               \
  ZKA_PUSH("rbx") ZKA_PUSH("r12") ZKA_PUSH("r13") ZKA_PUSH("r14") ZKA_PUSH("r15") \
  "movq %rdx, %rcx\n\t"                                                      \
  ZKA_ROW0_6("r8", "r9", "r10", "r11", "rbx", "r12", "r13")                  \
  ZKA_RED_6("zka_asm_" F "_p", "r8", "r9", "r10", "r11", "rbx", "r12", "r13") \
  ZKA_ROW_6("8", "r9", "r10", "r11", "rbx", "r12", "r13", "r8")              \
  ZKA_RED_6("zka_asm_" F "_p", "r9", "r10", "r11", "rbx", "r12", "r13", "r8") \
  ZKA_ROW_6("16", "r10", "r11", "rbx", "r12", "r13", "r8", "r9")             \
  ZKA_RED_6("zka_asm_" F "_p", "r10", "r11", "rbx", "r12", "r13", "r8", "r9") \
  ZKA_ROW_6("24", "r11", "rbx", "r12", "r13", "r8", "r9", "r10")             \
  ZKA_RED_6("zka_asm_" F "_p", "r11", "rbx", "r12", "r13", "r8", "r9", "r10") \
  ZKA_ROW_6("32", "rbx", "r12", "r13", "r8", "r9", "r10", "r11")             \
  ZKA_RED_6("zka_asm_" F "_p", "rbx", "r12", "r13", "r8", "r9", "r10", "r11") \
  ZKA_ROW_6("40", "r12", "r13", "r8", "r9", "r10", "r11", "rbx")             \
  ZKA_RED_6("zka_asm_" F "_p", "r12", "r13", "r8", "r9", "r10", "r11", "rbx") \
  ZKA_FINAL_6("zka_asm_" F "_p", "r13", "r8", "r9", "r10", "r11", "rbx")     \
  ZKA_POP("r15") ZKA_POP("r14") ZKA_POP("r13") ZKA_POP("r12") ZKA_POP("rbx") \
  ZKA_FUNC_END("zka_" F "_mul_adx")

__asm__(".text\n\t"
        ZKA_MONT4("bn254_fq")
        ZKA_MONT4("bn254_fr")
        ZKA_MONT4("bls12_381_fr")
        ZKA_MONT6("bls12_381_fq")
        ".section .note.GNU-stack,\"\",@progbits\n\t"
        ".text\n");

#elif defined(__x86_64__) && !defined(ZKA_PORTABLE)

/* x86-64 but not ELF (Mach-O, PE): the directives above do not apply; forward to the
 * portable reference so the dispatch still links and computes the same bits. */
#define ZKA_FORWARD(F, N)                                                               \
  void zka_##F##_mul_adx(uint64_t r[N], const uint64_t a[N], const uint64_t b[N]) {     \
    zka_##F x, y;                                                                       \
    for (int i = 0; i < N; i++) x.l[i] = a[i], y.l[i] = b[i];                           \
    x = zka_##F##_mul_ref(x, y);                                                        \
    for (int i = 0; i < N; i++) r[i] = x.l[i];                                          \
  }                                                                                     \
  void zka_##F##_sqr_adx(uint64_t r[N], const uint64_t a[N]) { zka_##F##_mul_adx(r, a, a); }

ZKA_FORWARD(bn254_fq, 4)
ZKA_FORWARD(bn254_fr, 4)
ZKA_FORWARD(bls12_381_fr, 4)
ZKA_FORWARD(bls12_381_fq, 6)

#else
/* ZKA_PORTABLE or not x86-64: nothing to compile (ISO C wants a declaration). */
typedef int zka_mont_x86_64_unused;
#endif
