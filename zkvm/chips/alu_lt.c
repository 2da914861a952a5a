/* alu_lt.c — the SLT/SLTU/EQ chip.
 *
 * Columns: is_slt, is_sltu, is_eq, a[4], b[4], r, d[4], borrow[4], sa, sb, inv.
 * All three ops subtract byte-wise, d = A - B (mod 2^32):
 *     A_i - B_i - borrow_{i-1} = d_i - 256·borrow_i,   borrow_i boolean, d_i range-checked,
 * where A = a, B = b except for SLT, whose top bytes have the sign bit flipped
 * (A_3 = a_3 + 128 - 256·sa with sa a's sign bit, proven by zka_alu_air_sign), which turns
 * the signed order into the unsigned one.  Each equation lies in (-2^9, 2^9), so it holds
 * over the integers and the final borrow is exactly [A < B]:
 *     SLT, SLTU:  r = borrow_3.
 *     EQ:         r = 1 - s·inv and s·r = 0 for s = d_0 + d_1 + d_2 + d_3 (< 2^10, zero
 *                 exactly when a = b), so r = [a = b] whatever inv the prover picks.
 * The result word is (r, 0, 0, 0); r is 0/1 by the constraints, so it needs no byte check. */
#include "zkvm/chips/alu_internal.h"

static void lt_air(zka_air_builder *b) {
  static const uint32_t ops[3] = {ZKA_ALU_SLT, ZKA_ALU_SLTU, ZKA_ALU_EQ};
  zka_expr op;
  zka_expr real = zka_alu_air_flags(b, 0, ops, 3, &op);
  zka_expr is_slt = zka_air_col(b, 0), is_sltu = zka_air_col(b, 1), is_eq = zka_air_col(b, 2);
  zka_expr a[4], bv[4], c[4];
  for (size_t i = 0; i < 4; i++) {
    a[i] = zka_air_col(b, ZKA_ALU_LT_A + i);
    bv[i] = zka_air_col(b, ZKA_ALU_LT_B + i);
  }
  zka_expr r = zka_air_col(b, ZKA_ALU_LT_R);
  zka_expr sa = zka_air_col(b, ZKA_ALU_LT_SA), sb = zka_air_col(b, ZKA_ALU_LT_SB);
  /* Sign bits: only meaningful (and only checked) for SLT; zero otherwise. */
  zka_alu_air_sign(b, is_slt, a[3], sa);
  zka_alu_air_sign(b, is_slt, bv[3], sb);
  zka_air_label(b, "lt: sign bits are zero unless SLT");
  zka_air_assert_zero_when(b, zka_air_not(b, is_slt), sa);
  zka_air_assert_zero_when(b, zka_air_not(b, is_slt), sb);

  zka_expr borrow_in = zka_air_const(b, 0), s = zka_air_const(b, 0);
  for (size_t i = 0; i < 4; i++) {
    zka_expr d = zka_air_col(b, ZKA_ALU_LT_D + i);
    zka_expr borrow = zka_air_col(b, ZKA_ALU_LT_BORROW + i);
    zka_expr x = a[i], y = bv[i];
    if (i == 3) { /* flip the sign bits for SLT: x + 128 - 256·sign */
      x = zka_air_add(
          b, x, zka_air_mul(b, is_slt, zka_air_add_const(b, zka_air_scale(b, sa, -256), 128)));
      y = zka_air_add(
          b, y, zka_air_mul(b, is_slt, zka_air_add_const(b, zka_air_scale(b, sb, -256), 128)));
    }
    zka_air_label(b, "lt: borrow is boolean");
    zka_air_assert_bool(b, borrow);
    zka_air_label(b, "lt: byte difference");
    zka_air_assert_eq(b, zka_air_sub(b, zka_air_sub(b, x, y), borrow_in),
                      zka_air_sub(b, d, zka_air_scale(b, borrow, 256)));
    zka_alu_air_byte(b, real, d);
    s = zka_air_add(b, s, d);
    borrow_in = borrow;
  }
  zka_air_label(b, "lt: r = final borrow");
  zka_air_assert_zero_when(b, zka_air_add(b, is_slt, is_sltu), zka_air_sub(b, r, borrow_in));
  zka_expr inv = zka_air_col(b, ZKA_ALU_LT_INV);
  zka_air_label(b, "eq: r = 1 - s·inv");
  zka_air_assert_zero_when(b, is_eq,
                           zka_air_add(b, zka_air_add_const(b, r, -1), zka_air_mul(b, s, inv)));
  zka_air_label(b, "eq: s·r = 0");
  zka_air_assert_zero_when(b, is_eq, zka_air_mul(b, s, r));
  c[0] = r;
  c[1] = c[2] = c[3] = zka_air_const(b, 0);
  zka_alu_air_receive(b, real, op, a, bv, c);
}

/* x^(p-2) mod p: the inverse of a nonzero canonical x (p = 15·2^27 + 1). */
static uint32_t lt_inv(uint32_t x) {
  const uint64_t p = 0x78000001u;
  uint64_t r = 1, base = x % p, e = p - 2;
  while (e) {
    if (e & 1) r = r * base % p;
    base = base * base % p;
    e >>= 1;
  }
  return (uint32_t)r;
}

static uint32_t lt_row(zka_zkvm_witness *w, uint32_t op, uint32_t a, uint32_t b, uint32_t *cells) {
  int slt = op == ZKA_ALU_SLT;
  cells[op == ZKA_ALU_SLT ? 0 : op == ZKA_ALU_SLTU ? 1 : 2] = 1;
  uint32_t x = slt ? a ^ 0x80000000u : a, y = slt ? b ^ 0x80000000u : b;
  uint32_t d = x - y, borrow = 0, s = 0;
  for (unsigned i = 0; i < 4; i++) {
    cells[ZKA_ALU_LT_A + i] = zka_alu_byte(a, i);
    cells[ZKA_ALU_LT_B + i] = zka_alu_byte(b, i);
    cells[ZKA_ALU_LT_D + i] = zka_alu_byte(d, i);
    borrow = zka_alu_byte(x, i) < zka_alu_byte(y, i) + borrow;
    cells[ZKA_ALU_LT_BORROW + i] = borrow;
    zka_witness_u8(w, zka_alu_byte(d, i));
    s += zka_alu_byte(d, i);
  }
  if (slt) {
    uint32_t sa = a >> 31, sb = b >> 31;
    cells[ZKA_ALU_LT_SA] = sa;
    cells[ZKA_ALU_LT_SB] = sb;
    zka_witness_u8(w, 2 * (zka_alu_byte(a, 3) - 128 * sa));
    zka_witness_u8(w, 2 * (zka_alu_byte(b, 3) - 128 * sb));
  }
  uint32_t r = op == ZKA_ALU_EQ ? (uint32_t)(s == 0) : borrow;
  if (op == ZKA_ALU_EQ && s) cells[ZKA_ALU_LT_INV] = lt_inv(s);
  cells[ZKA_ALU_LT_R] = r;
  return r;
}

ZKA_ALU_DEFINE_CHIP(zka_chip_alu_lt, "alu_lt", ZKA_ALU_LT_WIDTH,
                    (1u << ZKA_ALU_SLT) | (1u << ZKA_ALU_SLTU) | (1u << ZKA_ALU_EQ), lt_row,
                    lt_air);
