/* alu_addsub.c — the ADD/SUB chip.
 *
 * Columns: is_add, is_sub, a[4], b[4], c[4], carry[4].
 * One byte-wise addition x + b = z (mod 2^32) proves both ops: ADD is a + b = c, SUB is
 * c + b = a (c = a - b).  Per byte i:
 *     x_i + b_i + carry_{i-1} = z_i + 256·carry_i,   carry_i boolean, carry_{-1} = 0,
 * with x = is_add·a + is_sub·c and z = is_add·c + is_sub·a (degree 2).  Both sides stay
 * below 2^10 < p, so each equation holds over the integers, and with c's bytes
 * range-checked (ZKA_BUS_U8) the result is the unique RV32 one. */
#include "zkvm/chips/alu_internal.h"

static void addsub_air(zka_air_builder *b) {
  static const uint32_t ops[2] = {ZKA_ALU_ADD, ZKA_ALU_SUB};
  zka_expr op;
  zka_expr real = zka_alu_air_flags(b, 0, ops, 2, &op);
  zka_expr is_add = zka_air_col(b, 0), is_sub = zka_air_col(b, 1);
  zka_expr a[4], bv[4], c[4];
  for (size_t i = 0; i < 4; i++) {
    a[i] = zka_air_col(b, ZKA_ALU_ADD_A + i);
    bv[i] = zka_air_col(b, ZKA_ALU_ADD_B + i);
    c[i] = zka_air_col(b, ZKA_ALU_ADD_C + i);
  }
  zka_expr carry_in = zka_air_const(b, 0);
  for (size_t i = 0; i < 4; i++) {
    zka_expr carry = zka_air_col(b, ZKA_ALU_ADD_CARRY + i);
    zka_air_label(b, "addsub: carry is boolean");
    zka_air_assert_bool(b, carry);
    zka_expr x = zka_air_add(b, zka_air_mul(b, is_add, a[i]), zka_air_mul(b, is_sub, c[i]));
    zka_expr z = zka_air_add(b, zka_air_mul(b, is_add, c[i]), zka_air_mul(b, is_sub, a[i]));
    zka_air_label(b, "addsub: byte sum");
    zka_air_assert_eq(b, zka_air_add(b, zka_air_add(b, x, bv[i]), carry_in),
                      zka_air_add(b, z, zka_air_scale(b, carry, 256)));
    zka_alu_air_byte(b, real, c[i]);
    carry_in = carry;
  }
  zka_alu_air_receive(b, real, op, a, bv, c);
}

static uint32_t addsub_row(zka_zkvm_witness *w, uint32_t op, uint32_t a, uint32_t b,
                           uint32_t *cells) {
  uint32_t c = op == ZKA_ALU_ADD ? a + b : a - b;
  uint32_t x = op == ZKA_ALU_ADD ? a : c; /* SUB proves c + b = a */
  cells[op == ZKA_ALU_ADD ? 0 : 1] = 1;
  uint32_t carry = 0;
  for (unsigned i = 0; i < 4; i++) {
    cells[ZKA_ALU_ADD_A + i] = zka_alu_byte(a, i);
    cells[ZKA_ALU_ADD_B + i] = zka_alu_byte(b, i);
    cells[ZKA_ALU_ADD_C + i] = zka_alu_byte(c, i);
    uint32_t s = zka_alu_byte(x, i) + zka_alu_byte(b, i) + carry;
    carry = s >> 8;
    cells[ZKA_ALU_ADD_CARRY + i] = carry;
    zka_witness_u8(w, zka_alu_byte(c, i));
  }
  return c;
}

ZKA_ALU_DEFINE_CHIP(zka_chip_alu_addsub, "alu_addsub", ZKA_ALU_ADD_WIDTH,
                    (1u << ZKA_ALU_ADD) | (1u << ZKA_ALU_SUB), addsub_row, addsub_air);
