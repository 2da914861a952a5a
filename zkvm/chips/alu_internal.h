/* alu_internal.h — internal: what the ALU chips (zkvm/chips/alu_*.c) share.
 *
 * Every ALU chip has the same shape: one row per ALU event it handles (no sharing of rows
 * between identical events), the first columns one boolean flag per operation it handles,
 * and the row's multiplicity on every bus is the sum of the flags ("real": 0 on padding,
 * 1 on a real row).  The multiplicity is never a free column: a free field-element
 * multiplicity would let a row with -1 cancel another row's range checks.  Padding rows are
 * all zero and satisfy every constraint.
 *
 * The trace generator is generic: a chip describes itself with a zka_alu_desc whose `row`
 * function writes one row's cells (canonical integers, < 2^24) from (op, a, b), counts the
 * bytes that row sends on ZKA_BUS_U8 and returns the result it proves; gen keeps the cells,
 * fill converts them. */
#ifndef ZKA_ZKVM_CHIPS_ALU_INTERNAL_H
#define ZKA_ZKVM_CHIPS_ALU_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "zkvm/air/zkvm_air.h"

#define ZKA_ALU_MAX_WIDTH 96 /* widest ALU chip (divrem: 66 columns), with room */

typedef struct {
  const char *name;
  size_t width;
  uint32_t ops; /* bit op set for each zka_alu_op the chip handles */
  /* Write one row's cells (zeroed on entry) for op(a, b), count its U8 sends on w, and
   * return the result the row proves. */
  uint32_t (*row)(zka_zkvm_witness *w, uint32_t op, uint32_t a, uint32_t b, uint32_t *cells);
} zka_alu_desc;

/* ---- generic hooks (alu_common.c) ------------------------------------------------------- */

/** Take every event of w->alu whose op the chip handles, in order, and make its row. */
zka_status zka_alu_gen(const zka_alu_desc *d, zka_zkvm_witness *w, size_t index, zka_ctx *ctx);
/** The rows gen made. */
size_t zka_alu_rows(const zka_zkvm_witness *w, size_t index);
/** Write the rows gen made (padding rows stay zero). */
zka_status zka_alu_fill(const zka_alu_desc *d, const zka_zkvm_witness *w, size_t index,
                        zka_babybear *rows, size_t n, zka_ctx *ctx);
/** Release gen's rows. */
void zka_alu_free(zka_zkvm_witness *w, size_t index);

/** The cells of real row r of chip index after gen (NULL past the end): for tests. */
const uint32_t *zka_alu_row_cells(const zka_zkvm_witness *w, size_t index, size_t r);

/* Define `const zka_chip chip` (and its descriptor chip##_desc) from its name, width, op
 * set, row function and constraint builder. */
#define ZKA_ALU_DEFINE_CHIP(chip, name, width, ops, row, air)                               \
  static const zka_alu_desc chip##_desc = {name, width, ops, row};                          \
  static zka_status chip##_gen(zka_zkvm_witness *w, size_t index, zka_ctx *ctx) {          \
    return zka_alu_gen(&chip##_desc, w, index, ctx);                                        \
  }                                                                                         \
  static zka_status chip##_fill(const zka_zkvm_witness *w, size_t index, zka_babybear *rows, \
                                size_t n, zka_ctx *ctx) {                                   \
    return zka_alu_fill(&chip##_desc, w, index, rows, n, ctx);                              \
  }                                                                                         \
  const zka_chip chip = {name, width, air, chip##_gen, zka_alu_rows, chip##_fill, zka_alu_free}

/* ---- constraint helpers (alu_common.c) -------------------------------------------------- */

/** Columns col..col+k-1 are boolean flags, at most one set, for ops[0..k): asserts that,
 *  returns their sum (the row's multiplicity) and sets *op_out = Σ ops[i]·flag_i. */
zka_expr zka_alu_air_flags(zka_air_builder *b, size_t col, const uint32_t *ops, size_t k,
                           zka_expr *op_out);
/** Receive (op, a0..a3, b0..b3, c0..c3) on ZKA_BUS_ALU with multiplicity mult. */
void zka_alu_air_receive(zka_air_builder *b, zka_expr mult, zka_expr op, const zka_expr a[4],
                         const zka_expr bv[4], const zka_expr c[4]);
/** Send (x) on ZKA_BUS_U8 with multiplicity mult (x is a byte). */
void zka_alu_air_byte(zka_air_builder *b, zka_expr mult, zka_expr x);
/** sign is the top bit of the byte top (where mult = 1): sign is boolean and
 *  2·(top - 128·sign) is a byte (sent on ZKA_BUS_U8 with mult). */
void zka_alu_air_sign(zka_air_builder *b, zka_expr mult, zka_expr top, zka_expr sign);

/** 64-bit product gadget: for k = 0..7,
 *     gate · (Σ_{i+j=k} x_i·y_j + add_k + carry_{k-1} - out_k - 256·carry_k) = 0
 * with carry_k = cells[carry_col + 2k] + 256·cells[carry_col + 2k + 1] (two range-checked
 * bytes, sent on ZKA_BUS_U8 with mult; carry_{-1} = 0).  With x, y, add, out byte-valued, a
 * column's sum is at most 8·255^2 + 255 + 2^16 < 2^20 and the right side below 2^25, so
 * each equation holds over the integers (p > 2^30): the gadget proves
 *     Σ x_i 256^i · Σ y_j 256^j + add ≡ out  (mod 2^64).
 * ZKA_ALU_PRODUCT_COLS carry columns. */
#define ZKA_ALU_PRODUCT_COLS 16
void zka_alu_air_product(zka_air_builder *b, zka_expr gate, int has_gate, zka_expr mult,
                         const zka_expr x[8], const zka_expr y[8], const zka_expr *add,
                         const zka_expr out[8], size_t carry_col);
/** Trace side of the gadget: out[k] = the low 8 bytes of x·y + add (add may be NULL),
 *  carries written at cells[0..16) and counted on w. */
void zka_alu_gen_product(zka_zkvm_witness *w, uint32_t *cells, uint32_t out[8],
                         const uint32_t x[8], const uint32_t y[8], const uint32_t *add);

/** Byte i of v. */
static inline uint32_t zka_alu_byte(uint32_t v, unsigned i) { return (v >> (8 * i)) & 255u; }

/* ---- the chips, in fill order ----------------------------------------------------------- */

extern const zka_chip zka_chip_alu_addsub;  /* ADD, SUB */
extern const zka_chip zka_chip_alu_bitwise; /* XOR, OR, AND */
extern const zka_chip zka_chip_alu_lt;      /* SLT, SLTU, EQ */
extern const zka_chip zka_chip_alu_shift;   /* SLL, SRL, SRA */
extern const zka_chip zka_chip_alu_mul;     /* MUL, MULH, MULHSU, MULHU */
extern const zka_chip zka_chip_alu_divrem;  /* DIV, DIVU, REM, REMU */

/* Column layouts the tests tamper with. */
enum { /* addsub */
  ZKA_ALU_ADD_A = 2, ZKA_ALU_ADD_B = 6, ZKA_ALU_ADD_C = 10, ZKA_ALU_ADD_CARRY = 14,
  ZKA_ALU_ADD_WIDTH = 18
};
enum { /* bitwise: a and b as bits only */
  ZKA_ALU_BIT_ABITS = 3, ZKA_ALU_BIT_BBITS = 35, ZKA_ALU_BIT_C = 67, ZKA_ALU_BIT_WIDTH = 71
};
enum { /* lt / eq */
  ZKA_ALU_LT_A = 3, ZKA_ALU_LT_B = 7, ZKA_ALU_LT_R = 11, ZKA_ALU_LT_D = 12,
  ZKA_ALU_LT_BORROW = 16, ZKA_ALU_LT_SA = 20, ZKA_ALU_LT_SB = 21, ZKA_ALU_LT_INV = 22,
  ZKA_ALU_LT_WIDTH = 23
};
enum { /* shifts */
  ZKA_ALU_SH_A = 3, ZKA_ALU_SH_B0BITS = 7, ZKA_ALU_SH_BHI = 15, ZKA_ALU_SH_C = 18,
  ZKA_ALU_SH_T01 = 22, ZKA_ALU_SH_PM = 23, ZKA_ALU_SH_PW = 24, ZKA_ALU_SH_SEL = 25,
  ZKA_ALU_SH_V = 29, ZKA_ALU_SH_CARRY = 34, ZKA_ALU_SH_W3 = 37, ZKA_ALU_SH_SIGN = 38,
  ZKA_ALU_SH_WIDTH = 39
};
enum { /* mul */
  ZKA_ALU_MUL_A = 4, ZKA_ALU_MUL_B = 8, ZKA_ALU_MUL_SA = 12, ZKA_ALU_MUL_SB = 13,
  ZKA_ALU_MUL_P = 14, ZKA_ALU_MUL_CARRY = 22, ZKA_ALU_MUL_WIDTH = 38
};
enum { /* divrem */
  ZKA_ALU_DIV_A = 4, ZKA_ALU_DIV_B = 8, ZKA_ALU_DIV_Q = 12, ZKA_ALU_DIV_R = 16,
  ZKA_ALU_DIV_SA = 20, ZKA_ALU_DIV_SB = 21, ZKA_ALU_DIV_SQ = 22, ZKA_ALU_DIV_SR = 23,
  ZKA_ALU_DIV_BZ = 24, ZKA_ALU_DIV_OVF = 25, ZKA_ALU_DIV_RA = 26, ZKA_ALU_DIV_BA = 30,
  ZKA_ALU_DIV_KR = 34, ZKA_ALU_DIV_KB = 38, ZKA_ALU_DIV_D = 42, ZKA_ALU_DIV_CC = 46,
  ZKA_ALU_DIV_CARRY = 49, ZKA_ALU_DIV_WIDTH = 65
};

/** The divrem row for a claimed quotient q and remainder r (not necessarily the right
 *  ones): the tests use it to check that a wrong division cannot be proven. */
void zka_alu_divrem_row_claim(zka_zkvm_witness *w, uint32_t op, uint32_t a, uint32_t b,
                              uint32_t q, uint32_t r, uint32_t *cells);

#endif
