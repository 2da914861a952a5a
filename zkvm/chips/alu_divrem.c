/* alu_divrem.c — the DIV/DIVU/REM/REMU chip.
 *
 * Columns: is_div, is_divu, is_rem, is_remu, a[4], b[4], q[4], r[4], sa, sb, sq, sr, bz, ovf,
 * ra[4], ba[4], kr[4], kb[4], d[4], cc[3], product carries (16).
 * The row proves the quotient q and the remainder r of a by b (result: q for DIV/DIVU, r for
 * REM/REMU), signed for DIV/REM ("sgn"), unsigned for DIVU/REMU:
 *  1. signs sa, sb, sq, sr are the top bits of a, b, q, r for sgn ops and 0 otherwise;
 *  2. q·b + r = a over the integers (not under ovf): the product gadget proves
 *     q_ext·b_ext + r_ext ≡ a_ext (mod 2^64) on the 64-bit sign extensions; for signed ops
 *     |q·b + r - a| < 2^63, for unsigned ones (with r < b, step 4) 0 <= q·b + r < 2^64, so
 *     the congruence is an equality;
 *  3. r = 0 or sign(r) = sign(a): (sr - sa)·r_i = 0;
 *  4. |r| < |b| unless b = 0: ra = |r|, ba = |b| (for a negative x, x + |x| = 2^32 byte-wise
 *     with boolean carries kr/kb; else |x| = x), and ra + 1 + d = ba byte-wise with boolean
 *     carries cc and d range-checked (a subtraction that does not underflow);
 *  5. b = 0 ("bz"): bz·b_i = 0, and then q = 0xFFFFFFFF (and r = a by step 2); bz cannot be
 *     0 when b = 0 since step 4 then fails (|r| < 0);
 *  6. overflow ("ovf", -2^31 / -1 signed): ovf forces a = 0x80000000, b = 0xFFFFFFFF, a
 *     signed op, q = a and r = 0, and switches step 2 off; a prover cannot leave ovf at 0
 *     there, since q·(-1) + r = -2^31 with |r| < 1 needs q = 2^31, which no signed q is.
 * With a = q·b + r, |r| < |b| and the sign rule, (q, r) is the unique truncated division
 * (RISC-V's).  q, r, ra, ba, d and the carries are range-checked on ZKA_BUS_U8. */
#include "zkvm/chips/alu_internal.h"

static void divrem_air(zka_air_builder *b) {
  static const uint32_t ops[4] = {ZKA_ALU_DIV, ZKA_ALU_DIVU, ZKA_ALU_REM, ZKA_ALU_REMU};
  zka_expr op;
  zka_expr real = zka_alu_air_flags(b, 0, ops, 4, &op);
  zka_expr is_div = zka_air_col(b, 0), is_divu = zka_air_col(b, 1);
  zka_expr is_rem = zka_air_col(b, 2), is_remu = zka_air_col(b, 3);
  zka_expr sgn = zka_air_add(b, is_div, is_rem);
  zka_expr wants_q = zka_air_add(b, is_div, is_divu), wants_r = zka_air_add(b, is_rem, is_remu);
  zka_expr a[4], bv[4], q[4], r[4], c[4];
  for (size_t i = 0; i < 4; i++) {
    a[i] = zka_air_col(b, ZKA_ALU_DIV_A + i);
    bv[i] = zka_air_col(b, ZKA_ALU_DIV_B + i);
    q[i] = zka_air_col(b, ZKA_ALU_DIV_Q + i);
    r[i] = zka_air_col(b, ZKA_ALU_DIV_R + i);
    zka_alu_air_byte(b, real, q[i]);
    zka_alu_air_byte(b, real, r[i]);
  }
  /* 1. signs */
  zka_expr sa = zka_air_col(b, ZKA_ALU_DIV_SA), sb = zka_air_col(b, ZKA_ALU_DIV_SB);
  zka_expr sq = zka_air_col(b, ZKA_ALU_DIV_SQ), sr = zka_air_col(b, ZKA_ALU_DIV_SR);
  zka_alu_air_sign(b, sgn, a[3], sa);
  zka_alu_air_sign(b, sgn, bv[3], sb);
  zka_alu_air_sign(b, sgn, q[3], sq);
  zka_alu_air_sign(b, sgn, r[3], sr);
  zka_air_label(b, "divrem: signs are zero for unsigned ops");
  zka_expr unsgn = zka_air_not(b, sgn);
  zka_air_assert_zero_when(b, unsgn, sa);
  zka_air_assert_zero_when(b, unsgn, sb);
  zka_air_assert_zero_when(b, unsgn, sq);
  zka_air_assert_zero_when(b, unsgn, sr);

  /* 5, 6: the special cases */
  zka_expr bz = zka_air_col(b, ZKA_ALU_DIV_BZ), ovf = zka_air_col(b, ZKA_ALU_DIV_OVF);
  zka_air_label(b, "divrem: bz, ovf are boolean");
  zka_air_assert_bool(b, bz);
  zka_air_assert_bool(b, ovf);
  /* Keeps cmp = real - bz boolean; padding rows send nothing either way, so this (like the
   * two constraints marked "implied" below) is defence in depth, not needed for soundness. */
  zka_air_label(b, "divrem: bz only on real rows");
  zka_air_assert_zero_when(b, bz, zka_air_not(b, real));
  zka_air_label(b, "divrem: ovf only for signed ops");
  zka_air_assert_zero_when(b, ovf, unsgn);
  for (size_t i = 0; i < 4; i++) {
    zka_air_label(b, "divrem: bz means b = 0");
    zka_air_assert_zero_when(b, bz, bv[i]);
    zka_air_label(b, "divrem: b = 0 gives q = 0xFFFFFFFF");
    zka_air_assert_zero_when(b, bz, zka_air_add_const(b, q[i], -255));
    zka_air_label(b, "divrem: ovf means a = -2^31");
    zka_air_assert_zero_when(b, ovf, zka_air_add_const(b, a[i], i == 3 ? -128 : 0));
    zka_air_label(b, "divrem: ovf means b = -1");
    zka_air_assert_zero_when(b, ovf, zka_air_add_const(b, bv[i], -255));
    zka_air_label(b, "divrem: ovf gives q = a");
    zka_air_assert_zero_when(b, ovf, zka_air_sub(b, q[i], a[i]));
    /* implied: |r| < |b| = 1 */
    zka_air_label(b, "divrem: ovf gives r = 0");
    zka_air_assert_zero_when(b, ovf, r[i]);
  }

  /* 2. q·b + r = a (mod 2^64, sign-extended) */
  zka_expr x[8], y[8], add[8], out[8];
  for (size_t i = 0; i < 4; i++) {
    x[i] = q[i];
    y[i] = bv[i];
    add[i] = r[i];
    out[i] = a[i];
    x[4 + i] = zka_air_scale(b, sq, 255);
    y[4 + i] = zka_air_scale(b, sb, 255);
    add[4 + i] = zka_air_scale(b, sr, 255);
    out[4 + i] = zka_air_scale(b, sa, 255);
  }
  zka_alu_air_product(b, zka_air_not(b, ovf), 1, real, x, y, add, out, ZKA_ALU_DIV_CARRY);

  /* 3. sign rule */
  zka_air_label(b, "divrem: r = 0 or sign(r) = sign(a)");
  for (size_t i = 0; i < 4; i++)
    zka_air_assert_zero(b, zka_air_mul(b, zka_air_sub(b, sr, sa), r[i]));

  /* 4. |r| < |b| */
  const struct {
    size_t abs, k;
    zka_expr sign;
    const zka_expr *x;
  } absv[2] = {{ZKA_ALU_DIV_RA, ZKA_ALU_DIV_KR, sr, r}, {ZKA_ALU_DIV_BA, ZKA_ALU_DIV_KB, sb, bv}};
  zka_expr absx[2][4];
  for (size_t t = 0; t < 2; t++) {
    zka_expr k_in = zka_air_const(b, 0), nsign = zka_air_not(b, absv[t].sign);
    for (size_t i = 0; i < 4; i++) {
      zka_expr ax = absx[t][i] = zka_air_col(b, absv[t].abs + i);
      zka_expr k = zka_air_col(b, absv[t].k + i);
      zka_alu_air_byte(b, real, ax);
      zka_air_label(b, "divrem: abs carry is boolean");
      zka_air_assert_bool(b, k);
      zka_air_label(b, "divrem: |x| = x for x >= 0");
      zka_air_assert_zero_when(b, nsign, zka_air_sub(b, ax, absv[t].x[i]));
      zka_air_label(b, "divrem: x + |x| = 2^32 for x < 0");
      zka_air_assert_zero_when(
          b, absv[t].sign,
          zka_air_sub(b, zka_air_add(b, zka_air_add(b, absv[t].x[i], ax), k_in),
                      zka_air_scale(b, k, 256)));
      k_in = k;
    }
    /* implied: a negative x is >= 2^31, so x + |x| > 0 cannot be 0 */
    zka_air_label(b, "divrem: x + |x| = 2^32 carries out");
    zka_air_assert_zero_when(b, absv[t].sign, zka_air_add_const(b, k_in, -1));
  }
  zka_expr cmp = zka_air_sub(b, real, bz); /* 1 on real rows with b != 0 */
  zka_expr cc_in = zka_air_const(b, 1);    /* the +1 of ra + 1 + d = ba */
  for (size_t i = 0; i < 4; i++) {
    zka_expr d = zka_air_col(b, ZKA_ALU_DIV_D + i);
    zka_alu_air_byte(b, real, d);
    zka_expr lhs = zka_air_add(b, zka_air_add(b, absx[0][i], d), cc_in);
    zka_expr rhs = absx[1][i];
    if (i < 3) {
      zka_expr cc = zka_air_col(b, ZKA_ALU_DIV_CC + i);
      zka_air_label(b, "divrem: compare carry is boolean");
      zka_air_assert_bool(b, cc);
      rhs = zka_air_add(b, rhs, zka_air_scale(b, cc, 256));
      cc_in = cc;
    }
    zka_air_label(b, "divrem: |r| + 1 + d = |b|");
    zka_air_assert_zero_when(b, cmp, zka_air_sub(b, lhs, rhs));
  }

  for (size_t i = 0; i < 4; i++)
    c[i] = zka_air_add(b, zka_air_mul(b, wants_q, q[i]), zka_air_mul(b, wants_r, r[i]));
  zka_alu_air_receive(b, real, op, a, bv, c);
}

/* |x| of a signed word as an unsigned word (|-2^31| = 2^31). */
static uint32_t divrem_abs(uint32_t x, uint32_t sign) { return sign ? 0u - x : x; }

void zka_alu_divrem_row_claim(zka_zkvm_witness *w, uint32_t op, uint32_t a, uint32_t b, uint32_t q,
                              uint32_t r, uint32_t *cells) {
  int sgn = op == ZKA_ALU_DIV || op == ZKA_ALU_REM;
  cells[op - ZKA_ALU_DIV] = 1;
  uint32_t sa = sgn ? a >> 31 : 0, sb = sgn ? b >> 31 : 0;
  uint32_t sq = sgn ? q >> 31 : 0, sr = sgn ? r >> 31 : 0;
  uint32_t bz = b == 0, ovf = sgn && a == 0x80000000u && b == 0xFFFFFFFFu;
  cells[ZKA_ALU_DIV_SA] = sa;
  cells[ZKA_ALU_DIV_SB] = sb;
  cells[ZKA_ALU_DIV_SQ] = sq;
  cells[ZKA_ALU_DIV_SR] = sr;
  cells[ZKA_ALU_DIV_BZ] = bz;
  cells[ZKA_ALU_DIV_OVF] = ovf;
  uint32_t x[8], y[8], add[8], out[8];
  uint32_t ra = divrem_abs(r, sr), ba = divrem_abs(b, sb);
  uint32_t d = bz ? 0 : ba - ra - 1, kr = 0, kb = 0, cc = 1;
  for (unsigned i = 0; i < 4; i++) {
    cells[ZKA_ALU_DIV_A + i] = zka_alu_byte(a, i);
    cells[ZKA_ALU_DIV_B + i] = y[i] = zka_alu_byte(b, i);
    cells[ZKA_ALU_DIV_Q + i] = x[i] = zka_alu_byte(q, i);
    cells[ZKA_ALU_DIV_R + i] = add[i] = zka_alu_byte(r, i);
    x[4 + i] = 255 * sq;
    y[4 + i] = 255 * sb;
    add[4 + i] = 255 * sr;
    zka_witness_u8(w, zka_alu_byte(q, i));
    zka_witness_u8(w, zka_alu_byte(r, i));
    cells[ZKA_ALU_DIV_RA + i] = zka_alu_byte(ra, i);
    cells[ZKA_ALU_DIV_BA + i] = zka_alu_byte(ba, i);
    zka_witness_u8(w, zka_alu_byte(ra, i));
    zka_witness_u8(w, zka_alu_byte(ba, i));
    /* carries of r + |r| and b + |b| (only constrained for negative values) */
    if (sr) kr = (zka_alu_byte(r, i) + zka_alu_byte(ra, i) + kr) >> 8;
    if (sb) kb = (zka_alu_byte(b, i) + zka_alu_byte(ba, i) + kb) >> 8;
    cells[ZKA_ALU_DIV_KR + i] = kr;
    cells[ZKA_ALU_DIV_KB + i] = kb;
    cells[ZKA_ALU_DIV_D + i] = zka_alu_byte(d, i);
    zka_witness_u8(w, zka_alu_byte(d, i));
    if (!bz) cc = (zka_alu_byte(ra, i) + zka_alu_byte(d, i) + cc) >> 8;
    if (i < 3) cells[ZKA_ALU_DIV_CC + i] = bz ? 0 : cc;
  }
  if (sgn) {
    zka_witness_u8(w, 2 * (zka_alu_byte(a, 3) - 128 * sa));
    zka_witness_u8(w, 2 * (zka_alu_byte(b, 3) - 128 * sb));
    zka_witness_u8(w, 2 * (zka_alu_byte(q, 3) - 128 * sq));
    zka_witness_u8(w, 2 * (zka_alu_byte(r, 3) - 128 * sr));
  }
  if (ovf) {
    for (unsigned k = 0; k < 16; k++) {
      cells[ZKA_ALU_DIV_CARRY + k] = 0;
      zka_witness_u8(w, 0);
    }
  } else {
    zka_alu_gen_product(w, cells + ZKA_ALU_DIV_CARRY, out, x, y, add);
  }
}

static uint32_t divrem_row(zka_zkvm_witness *w, uint32_t op, uint32_t a, uint32_t b,
                           uint32_t *cells) {
  uint32_t q, r;
  if (op == ZKA_ALU_DIV || op == ZKA_ALU_REM) {
    int32_t sa = (int32_t)a, sb = (int32_t)b;
    if (b == 0) {
      q = 0xFFFFFFFFu;
      r = a;
    } else if (a == 0x80000000u && b == 0xFFFFFFFFu) {
      q = a;
      r = 0;
    } else {
      q = (uint32_t)(sa / sb);
      r = (uint32_t)(sa % sb);
    }
  } else {
    q = b ? a / b : 0xFFFFFFFFu;
    r = b ? a % b : a;
  }
  zka_alu_divrem_row_claim(w, op, a, b, q, r, cells);
  return op == ZKA_ALU_DIV || op == ZKA_ALU_DIVU ? q : r;
}

ZKA_ALU_DEFINE_CHIP(zka_chip_alu_divrem, "alu_divrem", ZKA_ALU_DIV_WIDTH,
                    (1u << ZKA_ALU_DIV) | (1u << ZKA_ALU_DIVU) | (1u << ZKA_ALU_REM) |
                        (1u << ZKA_ALU_REMU),
                    divrem_row, divrem_air);
