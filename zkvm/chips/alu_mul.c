/* alu_mul.c — the MUL/MULH/MULHSU/MULHU chip.
 *
 * Columns: is_mul, is_mulh, is_mulhsu, is_mulhu, a[4], b[4], sa, sb, P[8], carries (16).
 * The operands are sign-extended to 64 bits (bytes 4..7 = 255·sign, sign = the top bit,
 * proven by zka_alu_air_sign; sa only for MULH/MULHSU, sb only for MULH, else 0), and the
 * product gadget (alu_common.c) proves P = a_ext·b_ext mod 2^64, byte by byte with
 * range-checked carries; P's bytes are range-checked.  The low 64 bits of the product of
 * the sign-extended operands are those of the exact signed/unsigned product, so MUL's
 * result is P_0..P_3 and the high ops' is P_4..P_7. */
#include "zkvm/chips/alu_internal.h"

static void mul_air(zka_air_builder *b) {
  static const uint32_t ops[4] = {ZKA_ALU_MUL, ZKA_ALU_MULH, ZKA_ALU_MULHSU, ZKA_ALU_MULHU};
  zka_expr op;
  zka_expr real = zka_alu_air_flags(b, 0, ops, 4, &op);
  zka_expr is_mul = zka_air_col(b, 0), is_mulh = zka_air_col(b, 1);
  zka_expr a_signed = zka_air_add(b, is_mulh, zka_air_col(b, 2));
  zka_expr high = zka_air_sub(b, real, is_mul);
  zka_expr sa = zka_air_col(b, ZKA_ALU_MUL_SA), sb = zka_air_col(b, ZKA_ALU_MUL_SB);
  zka_expr a[4], bv[4], c[4], x[8], y[8], p[8];
  for (size_t i = 0; i < 4; i++) {
    a[i] = x[i] = zka_air_col(b, ZKA_ALU_MUL_A + i);
    bv[i] = y[i] = zka_air_col(b, ZKA_ALU_MUL_B + i);
    x[4 + i] = zka_air_scale(b, sa, 255);
    y[4 + i] = zka_air_scale(b, sb, 255);
  }
  zka_alu_air_sign(b, a_signed, a[3], sa);
  zka_alu_air_sign(b, is_mulh, bv[3], sb);
  zka_air_label(b, "mul: a unsigned unless MULH/MULHSU");
  zka_air_assert_zero_when(b, zka_air_not(b, a_signed), sa);
  zka_air_label(b, "mul: b unsigned unless MULH");
  zka_air_assert_zero_when(b, zka_air_not(b, is_mulh), sb);
  for (size_t k = 0; k < 8; k++) {
    p[k] = zka_air_col(b, ZKA_ALU_MUL_P + k);
    zka_alu_air_byte(b, real, p[k]);
  }
  zka_alu_air_product(b, 0, 0, real, x, y, NULL, p, ZKA_ALU_MUL_CARRY);
  for (size_t i = 0; i < 4; i++)
    c[i] = zka_air_add(b, zka_air_mul(b, is_mul, p[i]), zka_air_mul(b, high, p[4 + i]));
  zka_alu_air_receive(b, real, op, a, bv, c);
}

static uint32_t mul_row(zka_zkvm_witness *w, uint32_t op, uint32_t a, uint32_t b, uint32_t *cells) {
  uint32_t sa = (op == ZKA_ALU_MULH || op == ZKA_ALU_MULHSU) ? a >> 31 : 0;
  uint32_t sb = op == ZKA_ALU_MULH ? b >> 31 : 0;
  cells[op - ZKA_ALU_MUL] = 1;
  uint32_t x[8], y[8], p[8];
  for (unsigned i = 0; i < 4; i++) {
    cells[ZKA_ALU_MUL_A + i] = x[i] = zka_alu_byte(a, i);
    cells[ZKA_ALU_MUL_B + i] = y[i] = zka_alu_byte(b, i);
    x[4 + i] = 255 * sa;
    y[4 + i] = 255 * sb;
  }
  cells[ZKA_ALU_MUL_SA] = sa;
  cells[ZKA_ALU_MUL_SB] = sb;
  if (op == ZKA_ALU_MULH || op == ZKA_ALU_MULHSU) zka_witness_u8(w, 2 * (x[3] - 128 * sa));
  if (op == ZKA_ALU_MULH) zka_witness_u8(w, 2 * (y[3] - 128 * sb));
  zka_alu_gen_product(w, cells + ZKA_ALU_MUL_CARRY, p, x, y, NULL);
  uint32_t c = 0;
  for (unsigned k = 0; k < 8; k++) {
    cells[ZKA_ALU_MUL_P + k] = p[k];
    zka_witness_u8(w, p[k]);
  }
  unsigned base = op == ZKA_ALU_MUL ? 0 : 4;
  for (unsigned i = 0; i < 4; i++) c |= p[base + i] << (8 * i);
  return c;
}

ZKA_ALU_DEFINE_CHIP(zka_chip_alu_mul, "alu_mul", ZKA_ALU_MUL_WIDTH,
                    (1u << ZKA_ALU_MUL) | (1u << ZKA_ALU_MULH) | (1u << ZKA_ALU_MULHSU) |
                        (1u << ZKA_ALU_MULHU),
                    mul_row, mul_air);
