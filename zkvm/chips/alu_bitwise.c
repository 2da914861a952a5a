/* alu_bitwise.c — the XOR/OR/AND chip.
 *
 * Columns: is_xor, is_or, is_and, the 32 bits of a, the 32 bits of b (boolean), c[4].
 * No 2^16-entry table exists (tables have the proof's height), so a and b are decomposed
 * into bits: a_i = Σ_j 2^j·abit_{8i+j} appears directly in the received tuple, and
 *     c_i = Σ_j 2^j·(is_xor·(x + y - 2xy) + is_or·(x + y - xy) + is_and·xy)
 * for x = abit, y = bbit (degree 3).  Each term is a bit, so c_i is a byte by construction:
 * c needs no ZKA_BUS_U8 check (the boolean constraints are its range check), and padding
 * rows (all zero) force c = 0. */
#include "zkvm/chips/alu_internal.h"

static void bitwise_air(zka_air_builder *b) {
  static const uint32_t ops[3] = {ZKA_ALU_XOR, ZKA_ALU_OR, ZKA_ALU_AND};
  zka_expr op;
  zka_expr real = zka_alu_air_flags(b, 0, ops, 3, &op);
  zka_expr is_xor = zka_air_col(b, 0), is_or = zka_air_col(b, 1), is_and = zka_air_col(b, 2);
  /* f(x, y) = lin·(x + y) - quad·xy: XOR (1, 2), OR (1, 1), AND (0, -1). */
  zka_expr lin = zka_air_add(b, is_xor, is_or);
  zka_expr quad = zka_air_sub(b, zka_air_add(b, zka_air_scale(b, is_xor, 2), is_or), is_and);
  zka_expr a[4], bv[4], c[4];
  for (size_t i = 0; i < 4; i++) {
    size_t acols[8], bcols[8];
    int64_t pow[8];
    zka_expr f = zka_air_const(b, 0);
    for (size_t j = 0; j < 8; j++) {
      acols[j] = ZKA_ALU_BIT_ABITS + 8 * i + j;
      bcols[j] = ZKA_ALU_BIT_BBITS + 8 * i + j;
      pow[j] = (int64_t)1 << j;
      zka_expr x = zka_air_col(b, acols[j]), y = zka_air_col(b, bcols[j]);
      zka_air_label(b, "bitwise: bit is boolean");
      zka_air_assert_bool(b, x);
      zka_air_assert_bool(b, y);
      zka_expr bit = zka_air_sub(b, zka_air_mul(b, lin, zka_air_add(b, x, y)),
                                 zka_air_mul(b, quad, zka_air_mul(b, x, y)));
      f = zka_air_add(b, f, zka_air_scale(b, bit, pow[j]));
    }
    a[i] = zka_air_lincomb(b, acols, pow, 8);
    bv[i] = zka_air_lincomb(b, bcols, pow, 8);
    c[i] = zka_air_col(b, ZKA_ALU_BIT_C + i);
    zka_air_label(b, "bitwise: result byte");
    zka_air_assert_eq(b, c[i], f);
  }
  zka_alu_air_receive(b, real, op, a, bv, c);
}

static uint32_t bitwise_row(zka_zkvm_witness *w, uint32_t op, uint32_t a, uint32_t b,
                            uint32_t *cells) {
  (void)w; /* no byte sends */
  uint32_t c = op == ZKA_ALU_XOR ? a ^ b : op == ZKA_ALU_OR ? a | b : a & b;
  cells[op == ZKA_ALU_XOR ? 0 : op == ZKA_ALU_OR ? 1 : 2] = 1;
  for (unsigned k = 0; k < 32; k++) {
    cells[ZKA_ALU_BIT_ABITS + k] = (a >> k) & 1u;
    cells[ZKA_ALU_BIT_BBITS + k] = (b >> k) & 1u;
  }
  for (unsigned i = 0; i < 4; i++) cells[ZKA_ALU_BIT_C + i] = zka_alu_byte(c, i);
  return c;
}

ZKA_ALU_DEFINE_CHIP(zka_chip_alu_bitwise, "alu_bitwise", ZKA_ALU_BIT_WIDTH,
                    (1u << ZKA_ALU_XOR) | (1u << ZKA_ALU_OR) | (1u << ZKA_ALU_AND), bitwise_row,
                    bitwise_air);
