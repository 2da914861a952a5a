/* curve.c — the public point API of include/zkaccel/curve.h (group operations, scalar
 * multiplication, on-curve and subgroup checks, snarkjs JSON points, decimal strings for
 * field elements) over the by-value host instantiation of the point template
 * (curves_host.h).  The ZCash encodings of BLS12-381 live in bls12_381_serialize.c. */
#include "zkaccel/curve.h"

#include <stdio.h>
#include <string.h>

#include "../error.h"
#include "curve_internal.h"
#include "curves_host.h"

/* ---- decimal strings ------------------------------------------------------------------ */

zka_status zka_dec_parse(uint64_t *out, int n, const char *s, size_t len, const char *what,
                         zka_ctx *ctx) {
  if (len == 0) return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: empty number", what);
  for (int i = 0; i < n; i++) out[i] = 0;
  for (size_t k = 0; k < len; k++) {
    unsigned char ch = (unsigned char)s[k];
    if (ch < '0' || ch > '9') {
      if (ch >= 0x20 && ch < 0x7f)
        return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                         "%s: bad digit '%c' at position %zu (decimal digits only)", what, ch, k);
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "%s: bad digit (byte 0x%02x) at position %zu (decimal digits only)", what,
                       ch, k);
    }
    unsigned __int128 carry = ch - '0';
    for (int i = 0; i < n; i++) {
      unsigned __int128 t = (unsigned __int128)out[i] * 10 + carry;
      out[i] = (uint64_t)t;
      carry = t >> 64;
    }
    if (carry)
      return zka_error(ctx, ZKA_ERR_OUT_OF_RANGE, "%s: value >= 2^%d, not below the modulus",
                       what, 64 * n);
  }
  return ZKA_OK;
}

void zka_dec_format(char out[ZKA_DECIMAL_MAX], const uint64_t *in, int n) {
  uint64_t v[8];
  char rev[ZKA_DECIMAL_MAX];
  int nd = 0;
  for (int i = 0; i < n; i++) v[i] = in[i];
  for (;;) {
    /* v /= 10^19, remainder in rem: 19 digits per pass */
    const uint64_t base = UINT64_C(10000000000000000000);
    unsigned __int128 rem = 0;
    int nonzero = 0;
    for (int i = n - 1; i >= 0; i--) {
      unsigned __int128 cur = (rem << 64) | v[i];
      v[i] = (uint64_t)(cur / base);
      rem = cur % base;
      nonzero |= v[i] != 0;
    }
    uint64_t r = (uint64_t)rem;
    for (int d = 0; d < 19 && nd < ZKA_DECIMAL_MAX - 1; d++) {
      rev[nd++] = (char)('0' + r % 10);
      r /= 10;
      if (!nonzero && r == 0) break;
    }
    if (!nonzero) break;
  }
  while (nd > 1 && rev[nd - 1] == '0') nd--;
  for (int i = 0; i < nd; i++) out[i] = rev[nd - 1 - i];
  out[nd] = 0;
}

#define ZKA_DEFINE_DECIMAL(F, LIMBS)                                                         \
  zka_status zka_##F##_parse_dec(zka_##F *out, const char *s, size_t len, const char *what,   \
                                 zka_ctx *ctx) {                                             \
    zka_##F x;                                                                               \
    zka_status st = zka_dec_parse(x.l, LIMBS, s, len, what, ctx);                            \
    if (st != ZKA_OK) return st;                                                             \
    if (!zka_##F##_is_canonical_h(x))                                                        \
      return zka_error(ctx, ZKA_ERR_OUT_OF_RANGE, "%s: value >= the " #F " modulus", what);  \
    *out = zka_##F##_to_mont_h(x);                                                           \
    return ZKA_OK;                                                                           \
  }                                                                                          \
  zka_status zka_##F##_from_decimal(zka_##F *out, const char *s, size_t len, zka_ctx *ctx) {  \
    if (!out || (!s && len))                                                                 \
      return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, #F " decimal: NULL argument");         \
    return zka_##F##_parse_dec(out, s, len, #F " decimal", ctx);                            \
  }                                                                                          \
  zka_status zka_##F##_to_decimal(char *out, size_t cap, const zka_##F *a) {                 \
    if (!out || !a) return ZKA_ERR_INVALID_ARGUMENT;                                         \
    char buf[ZKA_DECIMAL_MAX];                                                               \
    zka_dec_format(buf, zka_##F##_from_mont_h(*a).l, LIMBS);                                 \
    size_t n = strlen(buf);                                                                  \
    if (n + 1 > cap) {                                                                       \
      if (cap) out[0] = 0;                                                                   \
      return ZKA_ERR_INVALID_ARGUMENT;                                                       \
    }                                                                                        \
    memcpy(out, buf, n + 1);                                                                 \
    return ZKA_OK;                                                                           \
  }

ZKA_DEFINE_DECIMAL(bn254_fq, 4)
ZKA_DEFINE_DECIMAL(bn254_fr, 4)
ZKA_DEFINE_DECIMAL(bls12_381_fq, 6)
ZKA_DEFINE_DECIMAL(bls12_381_fr, 4)

/* ---- a tiny JSON reader for one point array ------------------------------------------- */

typedef struct {
  const char *s;
  size_t len, pos;
} zka_json_cursor;

static void zka_json_ws(zka_json_cursor *c) {
  while (c->pos < c->len && (c->s[c->pos] == ' ' || c->s[c->pos] == '\t' ||
                             c->s[c->pos] == '\n' || c->s[c->pos] == '\r'))
    c->pos++;
}

static zka_status zka_json_expect(zka_json_cursor *c, char want, const char *group, zka_ctx *ctx) {
  zka_json_ws(c);
  if (c->pos >= c->len)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s JSON: expected '%c' at offset %zu, found the end",
                     group, want, c->pos);
  if (c->s[c->pos] != want) {
    unsigned char ch = (unsigned char)c->s[c->pos];
    if (ch >= 0x20 && ch < 0x7f)
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s JSON: expected '%c' at offset %zu, found '%c'",
                       group, want, c->pos, ch);
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     "%s JSON: expected '%c' at offset %zu, found byte 0x%02x", group, want, c->pos,
                     ch);
  }
  c->pos++;
  return ZKA_OK;
}

/* A quoted string without escapes (snarkjs writes decimal digits only). */
static zka_status zka_json_string(zka_json_cursor *c, zka_json_str *out, const char *group,
                                  zka_ctx *ctx) {
  zka_status st = zka_json_expect(c, '"', group, ctx);
  if (st != ZKA_OK) return st;
  size_t start = c->pos;
  while (c->pos < c->len && c->s[c->pos] != '"') {
    if (c->s[c->pos] == '\\')
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "%s JSON: escape sequence at offset %zu in a number string", group, c->pos);
    c->pos++;
  }
  if (c->pos >= c->len)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s JSON: unterminated string from offset %zu",
                     group, start - 1);
  out->off = start;
  out->len = c->pos - start;
  c->pos++;
  return ZKA_OK;
}

zka_status zka_json_point_strings(const char *json, size_t len, int ext, zka_json_str *out,
                                  const char *group, zka_ctx *ctx) {
  zka_json_cursor c = {json, len, 0};
  zka_status st;
#define ZKA_TRY(e)                  \
  do {                              \
    if ((st = (e)) != ZKA_OK) return st; \
  } while (0)
  ZKA_TRY(zka_json_expect(&c, '[', group, ctx));
  for (int i = 0; i < 3; i++) {
    if (i) ZKA_TRY(zka_json_expect(&c, ',', group, ctx));
    if (ext) {
      ZKA_TRY(zka_json_expect(&c, '[', group, ctx));
      ZKA_TRY(zka_json_string(&c, &out[2 * i], group, ctx));
      ZKA_TRY(zka_json_expect(&c, ',', group, ctx));
      ZKA_TRY(zka_json_string(&c, &out[2 * i + 1], group, ctx));
      ZKA_TRY(zka_json_expect(&c, ']', group, ctx));
    } else {
      ZKA_TRY(zka_json_string(&c, &out[i], group, ctx));
    }
  }
  ZKA_TRY(zka_json_expect(&c, ']', group, ctx));
#undef ZKA_TRY
  zka_json_ws(&c);
  if (c.pos != c.len)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     "%s JSON: unexpected characters after the point array at offset %zu", group,
                     c.pos);
  return ZKA_OK;
}

/* ---- the four groups ------------------------------------------------------------------- */

void zka_scalar_to_limbs(zka_u64 k[4], const uint8_t scalar_le[32]) {
  for (int i = 0; i < 4; i++) {
    zka_u64 v = 0;
    for (int b = 7; b >= 0; b--) v = (v << 8) | scalar_le[8 * i + b];
    k[i] = v;
  }
}

#define ZKA_G(op) zka_bn254_g1_##op
#define ZKA_GH(op) zka_bn254_g1_##op##_h
#define ZKA_GA zka_bn254_g1_affine
#define ZKA_GJ zka_bn254_g1_jacobian
#define ZKA_GX zka_bn254_g1_xyzz
#define ZKA_GF zka_bn254_fq
#define ZKA_GFH(op) zka_bn254_fq_##op##_h
#define ZKA_GB zka_bn254_fq
#define ZKA_GBN(op) zka_bn254_fq_##op
#define ZKA_G_EXT 0
#define ZKA_G_NAME "bn254_g1"
#define ZKA_G_R ZKA_BN254_R
#define ZKA_G_COFACTOR_ONE 1
#include "curve_api_template.h"

#define ZKA_G(op) zka_bn254_g2_##op
#define ZKA_GH(op) zka_bn254_g2_##op##_h
#define ZKA_GA zka_bn254_g2_affine
#define ZKA_GJ zka_bn254_g2_jacobian
#define ZKA_GX zka_bn254_g2_xyzz
#define ZKA_GF zka_bn254_fq2
#define ZKA_GFH(op) zka_bn254_fq2_##op##_h
#define ZKA_GB zka_bn254_fq
#define ZKA_GBN(op) zka_bn254_fq_##op
#define ZKA_G_EXT 1
#define ZKA_G_NAME "bn254_g2"
#define ZKA_G_R ZKA_BN254_R
#define ZKA_G_COFACTOR_ONE 0
#include "curve_api_template.h"

#define ZKA_G(op) zka_bls12_381_g1_##op
#define ZKA_GH(op) zka_bls12_381_g1_##op##_h
#define ZKA_GA zka_bls12_381_g1_affine
#define ZKA_GJ zka_bls12_381_g1_jacobian
#define ZKA_GX zka_bls12_381_g1_xyzz
#define ZKA_GF zka_bls12_381_fq
#define ZKA_GFH(op) zka_bls12_381_fq_##op##_h
#define ZKA_GB zka_bls12_381_fq
#define ZKA_GBN(op) zka_bls12_381_fq_##op
#define ZKA_G_EXT 0
#define ZKA_G_NAME "bls12_381_g1"
#define ZKA_G_R ZKA_BLS12_381_R
#define ZKA_G_COFACTOR_ONE 0
#include "curve_api_template.h"

/* BLS12-381 G2 membership: psi(P) = [x]P (Scott, "A note on group membership tests for G1,
 * G2 and GT on BLS pairing-friendly curves", eprint 2021/1130, section 4), where psi is the
 * untwist-Frobenius-twist endomorphism (x, y) -> (conj(x)·cx, conj(y)·cy) and x the
 * negative seed: a 64-bit multiplication instead of the 255-bit [r]P.  The tests compare
 * it with [r]P = O inside and outside G2. */
static int zka_bls12_381_g2_in_subgroup_psi(zka_bls12_381_g2_affine p) {
  const zka_bls12_381_fq2 cx = {{{ZKA_BLS12_381_G2_PSI_CX_C0}}, {{ZKA_BLS12_381_G2_PSI_CX_C1}}};
  const zka_bls12_381_fq2 cy = {{{ZKA_BLS12_381_G2_PSI_CY_C0}}, {{ZKA_BLS12_381_G2_PSI_CY_C1}}};
  const zka_u64 x_abs[ZKA_BLS12_381_X_ABS_LIMBS] = {ZKA_BLS12_381_X_ABS};
  zka_bls12_381_g2_affine psi;
  psi.x = zka_bls12_381_fq2_mul_h(zka_bls12_381_fq2_conj_h(p.x), cx);
  psi.y = zka_bls12_381_fq2_mul_h(zka_bls12_381_fq2_conj_h(p.y), cy);
  zka_bls12_381_g2_jacobian xp = zka_bls12_381_g2_neg_h(zka_bls12_381_g2_mul_limbs_var_h(
      zka_bls12_381_g2_from_affine_h(p), x_abs, ZKA_BLS12_381_X_ABS_LIMBS));
  return (int)zka_bls12_381_g2_eq_h(xp, zka_bls12_381_g2_from_affine_h(psi));
}

#define ZKA_G(op) zka_bls12_381_g2_##op
#define ZKA_GH(op) zka_bls12_381_g2_##op##_h
#define ZKA_GA zka_bls12_381_g2_affine
#define ZKA_GJ zka_bls12_381_g2_jacobian
#define ZKA_GX zka_bls12_381_g2_xyzz
#define ZKA_GF zka_bls12_381_fq2
#define ZKA_GFH(op) zka_bls12_381_fq2_##op##_h
#define ZKA_GB zka_bls12_381_fq
#define ZKA_GBN(op) zka_bls12_381_fq_##op
#define ZKA_G_EXT 1
#define ZKA_G_NAME "bls12_381_g2"
#define ZKA_G_R ZKA_BLS12_381_R
#define ZKA_G_COFACTOR_ONE 0
#define ZKA_G_SUBGROUP_FAST zka_bls12_381_g2_in_subgroup_psi
#include "curve_api_template.h"

/* ---- Fq2 square roots ----------------------------------------------------------------- */

zka_status zka_bn254_fq2_sqrt(zka_bn254_fq2 *out, const zka_bn254_fq2 *a) {
  zka_bn254_fq2 r;
  if (!zka_bn254_fq2_sqrt_h(*a, &r)) return ZKA_ERR_NO_SQUARE_ROOT;
  *out = r;
  return ZKA_OK;
}

zka_status zka_bls12_381_fq2_sqrt(zka_bls12_381_fq2 *out, const zka_bls12_381_fq2 *a) {
  zka_bls12_381_fq2 r;
  if (!zka_bls12_381_fq2_sqrt_h(*a, &r)) return ZKA_ERR_NO_SQUARE_ROOT;
  *out = r;
  return ZKA_OK;
}
