/* alu_shift.c — the SLL/SRL/SRA chip.
 *
 * Columns: is_sll, is_srl, is_sra, a[4], the 8 bits of b_0, b_1..b_3, c[4], t01, pm, pw,
 * sel[4], v[5], carry[3], w3, sign.
 * The shift s = b mod 32 = bits 0..4 of b_0 (b_0 is decomposed into its 8 bits, so the
 * received b_0 equals their sum); s = 8k + m.
 *  - pm = 2^m = (1 + bit0)(1 + 3·bit1)(1 + 15·bit2), through t01 = (1 + bit0)(1 + 3·bit1)
 *    (both times "real", so padding rows stay zero);
 *  - sel_k = [k = bit3 + 2·bit4], one-hot (times real);
 *  - pw = 2^m for SLL; pw·pm = 256, i.e. pw = 2^(8-m), for SRL/SRA;
 *  - v = a·pw as five bytes: a_i·pw + carry_{i-1} = v_i + 256·carry_i (i < 3), and
 *    a_3·pw + carry_2 = v_3 + 256·v_4; v and the carries are range-checked bytes, every
 *    equation is below 2^17, so v is the exact 40-bit product.
 *  - SLL: a << m = v_0..v_3, then c_i = Σ_k sel_k·v_{i-k} (a byte shift by k).
 *  - SRL/SRA: a >> m = v_1..v_4 (v = (a·2^(8-m)) and a >> m = v >> 8).  For SRA the top byte
 *    gets the sign extension: w3 = v_4 + sign·(256 - pw) (the 40-bit product of the signed
 *    a), and bytes past the top are fill = 255·sign; then c_i = Σ_k sel_k·W_{i+k} with
 *    W = (v_1, v_2, v_3, w3, fill, fill, fill).
 * c is fully determined by these constraints (each term is a proven byte), so it is not
 * range-checked again. */
#include "zkvm/chips/alu_internal.h"

static void shift_air(zka_air_builder *b) {
  static const uint32_t ops[3] = {ZKA_ALU_SLL, ZKA_ALU_SRL, ZKA_ALU_SRA};
  zka_expr op;
  zka_expr real = zka_alu_air_flags(b, 0, ops, 3, &op);
  zka_expr is_sll = zka_air_col(b, 0), is_sra = zka_air_col(b, 2);
  zka_expr is_right = zka_air_add(b, zka_air_col(b, 1), is_sra);
  zka_expr a[4], bv[4], c[4], bit[8];
  size_t bcols[8];
  int64_t pow[8];
  for (size_t j = 0; j < 8; j++) {
    bcols[j] = ZKA_ALU_SH_B0BITS + j;
    pow[j] = (int64_t)1 << j;
    bit[j] = zka_air_col(b, bcols[j]);
    zka_air_label(b, "shift: bit of b0 is boolean");
    zka_air_assert_bool(b, bit[j]);
  }
  bv[0] = zka_air_lincomb(b, bcols, pow, 8);
  for (size_t i = 0; i < 4; i++) {
    a[i] = zka_air_col(b, ZKA_ALU_SH_A + i);
    c[i] = zka_air_col(b, ZKA_ALU_SH_C + i);
    if (i) bv[i] = zka_air_col(b, ZKA_ALU_SH_BHI + i - 1);
  }
  zka_expr t01 = zka_air_col(b, ZKA_ALU_SH_T01), pm = zka_air_col(b, ZKA_ALU_SH_PM);
  zka_expr pw = zka_air_col(b, ZKA_ALU_SH_PW);
  zka_air_label(b, "shift: t01 = (1 + bit0)(1 + 3 bit1)");
  zka_air_assert_zero_when(
      b, real,
      zka_air_sub(b, t01,
                  zka_air_mul(b, zka_air_add_const(b, bit[0], 1),
                              zka_air_add_const(b, zka_air_scale(b, bit[1], 3), 1))));
  zka_air_label(b, "shift: pm = 2^m");
  zka_air_assert_zero_when(
      b, real,
      zka_air_sub(b, pm,
                  zka_air_mul(b, t01, zka_air_add_const(b, zka_air_scale(b, bit[2], 15), 1))));
  zka_air_label(b, "shift: SLL pw = pm");
  zka_air_assert_zero_when(b, is_sll, zka_air_sub(b, pw, pm));
  zka_air_label(b, "shift: SRL/SRA pw·pm = 256");
  zka_air_assert_zero_when(b, is_right, zka_air_add_const(b, zka_air_mul(b, pw, pm), -256));
  zka_expr sel[4];
  zka_expr nb3 = zka_air_not(b, bit[3]), nb4 = zka_air_not(b, bit[4]);
  zka_expr sel_def[4] = {zka_air_mul(b, nb3, nb4), zka_air_mul(b, bit[3], nb4),
                         zka_air_mul(b, nb3, bit[4]), zka_air_mul(b, bit[3], bit[4])};
  zka_air_label(b, "shift: byte-shift selector");
  for (size_t k = 0; k < 4; k++) {
    sel[k] = zka_air_col(b, ZKA_ALU_SH_SEL + k);
    zka_air_assert_zero_when(b, real, zka_air_sub(b, sel[k], sel_def[k]));
  }
  /* v = a·pw, five range-checked bytes. */
  zka_expr v[5], carry_in = zka_air_const(b, 0);
  for (size_t i = 0; i < 5; i++) {
    v[i] = zka_air_col(b, ZKA_ALU_SH_V + i);
    zka_alu_air_byte(b, real, v[i]);
  }
  zka_air_label(b, "shift: v = a·pw");
  for (size_t i = 0; i < 4; i++) {
    zka_expr carry = i < 3 ? zka_air_col(b, ZKA_ALU_SH_CARRY + i) : v[4];
    if (i < 3) zka_alu_air_byte(b, real, carry);
    zka_air_assert_eq(b, zka_air_add(b, zka_air_mul(b, a[i], pw), carry_in),
                      zka_air_add(b, v[i], zka_air_scale(b, carry, 256)));
    carry_in = carry;
  }
  /* The sign of a (SRA only). */
  zka_expr sign = zka_air_col(b, ZKA_ALU_SH_SIGN), w3 = zka_air_col(b, ZKA_ALU_SH_W3);
  zka_alu_air_sign(b, is_sra, a[3], sign);
  zka_air_label(b, "shift: sign is zero unless SRA");
  zka_air_assert_zero_when(b, zka_air_not(b, is_sra), sign);
  zka_air_label(b, "shift: w3 = v4 + sign·(256 - pw)");
  zka_air_assert_eq(
      b, w3, zka_air_add(b, v[4], zka_air_mul(b, sign, zka_air_sub(b, zka_air_const(b, 256), pw))));
  zka_expr fill = zka_air_scale(b, sign, 255);
  zka_expr wr[7] = {v[1], v[2], v[3], w3, fill, fill, fill};
  for (size_t i = 0; i < 4; i++) {
    zka_expr left = zka_air_const(b, 0), right = zka_air_const(b, 0);
    for (size_t k = 0; k < 4; k++) {
      if (k <= i) left = zka_air_add(b, left, zka_air_mul(b, sel[k], v[i - k]));
      right = zka_air_add(b, right, zka_air_mul(b, sel[k], wr[i + k]));
    }
    zka_air_label(b, "shift: SLL result byte");
    zka_air_assert_zero_when(b, is_sll, zka_air_sub(b, c[i], left));
    zka_air_label(b, "shift: SRL/SRA result byte");
    zka_air_assert_zero_when(b, is_right, zka_air_sub(b, c[i], right));
  }
  zka_alu_air_receive(b, real, op, a, bv, c);
}

static uint32_t shift_row(zka_zkvm_witness *w, uint32_t op, uint32_t a, uint32_t b,
                          uint32_t *cells) {
  uint32_t s = b & 31, m = s & 7;
  uint32_t c = op == ZKA_ALU_SLL   ? a << s
               : op == ZKA_ALU_SRL ? a >> s
                                   : (uint32_t)((a >> 31) ? ~(~a >> s) : a >> s);
  cells[op == ZKA_ALU_SLL ? 0 : op == ZKA_ALU_SRL ? 1 : 2] = 1;
  for (unsigned i = 0; i < 4; i++) {
    cells[ZKA_ALU_SH_A + i] = zka_alu_byte(a, i);
    cells[ZKA_ALU_SH_C + i] = zka_alu_byte(c, i);
    if (i) cells[ZKA_ALU_SH_BHI + i - 1] = zka_alu_byte(b, i);
  }
  for (unsigned j = 0; j < 8; j++) cells[ZKA_ALU_SH_B0BITS + j] = (b >> j) & 1u;
  cells[ZKA_ALU_SH_T01] = (1 + (b & 1)) * (1 + 3 * ((b >> 1) & 1));
  cells[ZKA_ALU_SH_PM] = 1u << m;
  uint32_t pw = op == ZKA_ALU_SLL ? 1u << m : 256u >> m;
  cells[ZKA_ALU_SH_PW] = pw;
  cells[ZKA_ALU_SH_SEL + (s >> 3)] = 1;
  uint64_t v = (uint64_t)a * pw; /* < 2^40 */
  for (unsigned i = 0; i < 5; i++) {
    uint32_t vi = (uint32_t)(v >> (8 * i)) & 255u;
    cells[ZKA_ALU_SH_V + i] = vi;
    zka_witness_u8(w, vi);
  }
  uint32_t carry = 0;
  for (unsigned i = 0; i < 3; i++) {
    carry = (zka_alu_byte(a, i) * pw + carry) >> 8;
    cells[ZKA_ALU_SH_CARRY + i] = carry;
    zka_witness_u8(w, carry);
  }
  uint32_t v4 = (uint32_t)(v >> 32), sign = op == ZKA_ALU_SRA ? a >> 31 : 0;
  cells[ZKA_ALU_SH_SIGN] = sign;
  cells[ZKA_ALU_SH_W3] = v4 + sign * (256 - pw);
  if (op == ZKA_ALU_SRA) zka_witness_u8(w, 2 * (zka_alu_byte(a, 3) - 128 * sign));
  return c;
}

ZKA_ALU_DEFINE_CHIP(zka_chip_alu_shift, "alu_shift", ZKA_ALU_SH_WIDTH,
                    (1u << ZKA_ALU_SLL) | (1u << ZKA_ALU_SRL) | (1u << ZKA_ALU_SRA), shift_row,
                    shift_air);
