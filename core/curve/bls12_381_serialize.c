/* bls12_381_serialize.c — the ZCash encodings of BLS12-381 G1 and G2 points
 * (zkcrypto/bls12_381 README, "Serialization"; the same bytes the IETF BLS signature
 * draft and Ethereum consensus use).  See include/zkaccel/curve.h for the rules.
 *
 * Flags live in the three most significant bits of the first byte:
 *   0x80 compression, 0x40 infinity, 0x20 sort (y lexicographically largest).
 * Coordinates are 48-byte big-endian canonical integers; an Fq2 element c0 + c1·u is
 * written c1 then c0. */
#include <string.h>

#include "../error.h"
#include "curve_internal.h"
#include "curves_host.h"

#define ZKA_FLAG_COMPRESSED 0x80u
#define ZKA_FLAG_INFINITY 0x40u
#define ZKA_FLAG_SORT 0x20u
#define ZKA_FQ_BYTES 48

typedef zka_bls12_381_fq fq;
typedef zka_bls12_381_fq2 fq2;

/* y > (p - 1)/2 as canonical integers: the larger of y and -y (zkcrypto's
 * lexicographically_largest). */
static int zka_bls_fq_lex_largest(fq y) {
  fq c = zka_bls12_381_fq_from_mont_h(y);
  fq half = {{ZKA_BLS12_381_FQ_P_MINUS_1_HALF}};
  zka_u64 borrow;
  (void)zka_bls12_381_fq_sub_raw_h(half, c, &borrow);
  return (int)borrow;
}

/* Fq2: decided by c1, or by c0 when c1 = 0. */
static int zka_bls_fq2_lex_largest(fq2 y) {
  if (!zka_bls12_381_fq_is_zero_h(y.c1)) return zka_bls_fq_lex_largest(y.c1);
  return zka_bls_fq_lex_largest(y.c0);
}

static void zka_bls_put_fq(uint8_t out[ZKA_FQ_BYTES], fq a) { zka_bls12_381_fq_to_bytes_be(out, &a); }

/* A canonical coordinate, with the flag bits already cleared by the caller. */
static zka_status zka_bls_get_fq(fq *out, const uint8_t in[ZKA_FQ_BYTES], const char *what,
                                 zka_ctx *ctx) {
  if (zka_bls12_381_fq_from_bytes_be(out, in) != ZKA_OK)
    return zka_error(ctx, ZKA_ERR_OUT_OF_RANGE, "%s is not below the field modulus p", what);
  return ZKA_OK;
}

static int zka_all_zero(const uint8_t *b, size_t n) {
  uint8_t acc = 0;
  for (size_t i = 0; i < n; i++) acc |= b[i];
  return acc == 0;
}

/* The flag checks shared by all four decoders.  Returns ZKA_OK and sets *is_inf when the
 * encoding is the point at infinity; first byte's flags already validated. */
static zka_status zka_bls_check_flags(const uint8_t *in, size_t len, int compressed,
                                      const char *name, int *is_inf, int *sort, zka_ctx *ctx) {
  unsigned f = in[0];
  int c = (f & ZKA_FLAG_COMPRESSED) != 0, i = (f & ZKA_FLAG_INFINITY) != 0,
      s = (f & ZKA_FLAG_SORT) != 0;
  if (c != compressed)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     "%s: compression flag (0x80 of byte 0) is %s in a %zu-byte %s encoding", name,
                     c ? "set" : "clear", len, compressed ? "compressed" : "uncompressed");
  if (!compressed && s)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     "%s: sort flag (0x20 of byte 0) set in an uncompressed encoding", name);
  if (i) {
    if (s)
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "%s: infinity flag set together with the sort flag", name);
    if ((f & 0x1fu) != 0 || !zka_all_zero(in + 1, len - 1))
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "%s: infinity flag set but the coordinate bytes are not all zero", name);
  }
  *is_inf = i;
  *sort = s;
  return ZKA_OK;
}

/* ---- G1 ----------------------------------------------------------------------------- */

void zka_bls12_381_g1_serialize_compressed(uint8_t out[48], const zka_bls12_381_g1_affine *p) {
  if (zka_bls12_381_g1_affine_is_infinity_h(*p)) {
    memset(out, 0, 48);
    out[0] = ZKA_FLAG_COMPRESSED | ZKA_FLAG_INFINITY;
    return;
  }
  zka_bls_put_fq(out, p->x);
  out[0] |= ZKA_FLAG_COMPRESSED;
  if (zka_bls_fq_lex_largest(p->y)) out[0] |= ZKA_FLAG_SORT;
}

void zka_bls12_381_g1_serialize_uncompressed(uint8_t out[96], const zka_bls12_381_g1_affine *p) {
  if (zka_bls12_381_g1_affine_is_infinity_h(*p)) {
    memset(out, 0, 96);
    out[0] = ZKA_FLAG_INFINITY;
    return;
  }
  zka_bls_put_fq(out, p->x);
  zka_bls_put_fq(out + 48, p->y);
}

static zka_status zka_bls_g1_finish(zka_bls12_381_g1_affine *out, zka_bls12_381_g1_affine p,
                                    const char *name, zka_ctx *ctx) {
  if (!zka_bls12_381_g1_affine_is_on_curve_h(p))
    return zka_error(ctx, ZKA_ERR_NOT_ON_CURVE, "%s: the point (x, y) is not on the curve y^2 = x^3 + 4", name);
  if (!zka_bls12_381_g1_in_subgroup(&p))
    return zka_error(ctx, ZKA_ERR_NOT_IN_SUBGROUP,
                     "%s: the point is on the curve but not in the order-r subgroup G1", name);
  *out = p;
  return ZKA_OK;
}

zka_status zka_bls12_381_g1_deserialize_compressed(zka_bls12_381_g1_affine *out,
                                                   const uint8_t in[48], zka_ctx *ctx) {
  static const char name[] = "bls12_381_g1 compressed";
  if (!out || !in) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "%s: NULL argument", name);
  int inf = 0, sort = 0;
  zka_status st = zka_bls_check_flags(in, 48, 1, name, &inf, &sort, ctx);
  if (st != ZKA_OK) return st;
  if (inf) {
    *out = zka_bls12_381_g1_affine_infinity_h();
    return ZKA_OK;
  }
  uint8_t xb[48];
  memcpy(xb, in, 48);
  xb[0] &= 0x1f;
  zka_bls12_381_g1_affine p;
  if ((st = zka_bls_get_fq(&p.x, xb, "bls12_381_g1 compressed: x (bytes 0..47)", ctx)) != ZKA_OK)
    return st;
  fq b = {{ZKA_BLS12_381_G1_B}};
  fq rhs = zka_bls12_381_fq_add_h(zka_bls12_381_fq_mul_h(zka_bls12_381_fq_sqr_h(p.x), p.x), b);
  if (!zka_bls12_381_fq_sqrt_h(rhs, &p.y))
    return zka_error(ctx, ZKA_ERR_NOT_ON_CURVE,
                     "%s: x is not the x-coordinate of a curve point (x^3 + 4 is not a square)", name);
  if (zka_bls_fq_lex_largest(p.y) != sort) p.y = zka_bls12_381_fq_neg_h(p.y);
  return zka_bls_g1_finish(out, p, name, ctx);
}

zka_status zka_bls12_381_g1_deserialize_uncompressed(zka_bls12_381_g1_affine *out,
                                                     const uint8_t in[96], zka_ctx *ctx) {
  static const char name[] = "bls12_381_g1 uncompressed";
  if (!out || !in) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "%s: NULL argument", name);
  int inf = 0, sort = 0;
  zka_status st = zka_bls_check_flags(in, 96, 0, name, &inf, &sort, ctx);
  if (st != ZKA_OK) return st;
  if (inf) {
    *out = zka_bls12_381_g1_affine_infinity_h();
    return ZKA_OK;
  }
  uint8_t xb[48];
  memcpy(xb, in, 48);
  xb[0] &= 0x1f;
  zka_bls12_381_g1_affine p;
  if ((st = zka_bls_get_fq(&p.x, xb, "bls12_381_g1 uncompressed: x (bytes 0..47)", ctx)) != ZKA_OK)
    return st;
  if ((st = zka_bls_get_fq(&p.y, in + 48, "bls12_381_g1 uncompressed: y (bytes 48..95)", ctx)) !=
      ZKA_OK)
    return st;
  if (zka_bls12_381_g1_affine_is_infinity_h(p))
    return zka_error(ctx, ZKA_ERR_NOT_ON_CURVE,
                     "%s: (0, 0) without the infinity flag is not on the curve", name);
  return zka_bls_g1_finish(out, p, name, ctx);
}

/* ---- G2 ----------------------------------------------------------------------------- */

static void zka_bls_put_fq2(uint8_t out[96], fq2 a) {
  zka_bls_put_fq(out, a.c1);
  zka_bls_put_fq(out + 48, a.c0);
}

void zka_bls12_381_g2_serialize_compressed(uint8_t out[96], const zka_bls12_381_g2_affine *p) {
  if (zka_bls12_381_g2_affine_is_infinity_h(*p)) {
    memset(out, 0, 96);
    out[0] = ZKA_FLAG_COMPRESSED | ZKA_FLAG_INFINITY;
    return;
  }
  zka_bls_put_fq2(out, p->x);
  out[0] |= ZKA_FLAG_COMPRESSED;
  if (zka_bls_fq2_lex_largest(p->y)) out[0] |= ZKA_FLAG_SORT;
}

void zka_bls12_381_g2_serialize_uncompressed(uint8_t out[192], const zka_bls12_381_g2_affine *p) {
  if (zka_bls12_381_g2_affine_is_infinity_h(*p)) {
    memset(out, 0, 192);
    out[0] = ZKA_FLAG_INFINITY;
    return;
  }
  zka_bls_put_fq2(out, p->x);
  zka_bls_put_fq2(out + 96, p->y);
}

/* x = (bytes [off, off+48) = c1, [off+48, off+96) = c0), flag bits of byte 0 cleared. */
static zka_status zka_bls_get_fq2(fq2 *out, const uint8_t *in, int clear_flags,
                                  const char *what_c1, const char *what_c0, zka_ctx *ctx) {
  uint8_t b[48];
  memcpy(b, in, 48);
  if (clear_flags) b[0] &= 0x1f;
  zka_status st = zka_bls_get_fq(&out->c1, b, what_c1, ctx);
  if (st != ZKA_OK) return st;
  return zka_bls_get_fq(&out->c0, in + 48, what_c0, ctx);
}

static zka_status zka_bls_g2_finish(zka_bls12_381_g2_affine *out, zka_bls12_381_g2_affine p,
                                    const char *name, zka_ctx *ctx) {
  if (!zka_bls12_381_g2_affine_is_on_curve_h(p))
    return zka_error(ctx, ZKA_ERR_NOT_ON_CURVE,
                     "%s: the point (x, y) is not on the twist y^2 = x^3 + 4(1 + u)", name);
  if (!zka_bls12_381_g2_in_subgroup(&p))
    return zka_error(ctx, ZKA_ERR_NOT_IN_SUBGROUP,
                     "%s: the point is on the twist but not in the order-r subgroup G2", name);
  *out = p;
  return ZKA_OK;
}

zka_status zka_bls12_381_g2_deserialize_compressed(zka_bls12_381_g2_affine *out,
                                                   const uint8_t in[96], zka_ctx *ctx) {
  static const char name[] = "bls12_381_g2 compressed";
  if (!out || !in) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "%s: NULL argument", name);
  int inf = 0, sort = 0;
  zka_status st = zka_bls_check_flags(in, 96, 1, name, &inf, &sort, ctx);
  if (st != ZKA_OK) return st;
  if (inf) {
    *out = zka_bls12_381_g2_affine_infinity_h();
    return ZKA_OK;
  }
  zka_bls12_381_g2_affine p;
  if ((st = zka_bls_get_fq2(&p.x, in, 1, "bls12_381_g2 compressed: x.c1 (bytes 0..47)",
                            "bls12_381_g2 compressed: x.c0 (bytes 48..95)", ctx)) != ZKA_OK)
    return st;
  fq2 b = {{{ZKA_BLS12_381_G2_B_C0}}, {{ZKA_BLS12_381_G2_B_C1}}};
  fq2 rhs = zka_bls12_381_fq2_add_h(zka_bls12_381_fq2_mul_h(zka_bls12_381_fq2_sqr_h(p.x), p.x), b);
  if (!zka_bls12_381_fq2_sqrt_h(rhs, &p.y))
    return zka_error(ctx, ZKA_ERR_NOT_ON_CURVE,
                     "%s: x is not the x-coordinate of a twist point (x^3 + 4(1 + u) is not a "
                     "square in Fq2)", name);
  if (zka_bls_fq2_lex_largest(p.y) != sort) p.y = zka_bls12_381_fq2_neg_h(p.y);
  return zka_bls_g2_finish(out, p, name, ctx);
}

zka_status zka_bls12_381_g2_deserialize_uncompressed(zka_bls12_381_g2_affine *out,
                                                     const uint8_t in[192], zka_ctx *ctx) {
  static const char name[] = "bls12_381_g2 uncompressed";
  if (!out || !in) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "%s: NULL argument", name);
  int inf = 0, sort = 0;
  zka_status st = zka_bls_check_flags(in, 192, 0, name, &inf, &sort, ctx);
  if (st != ZKA_OK) return st;
  if (inf) {
    *out = zka_bls12_381_g2_affine_infinity_h();
    return ZKA_OK;
  }
  zka_bls12_381_g2_affine p;
  if ((st = zka_bls_get_fq2(&p.x, in, 1, "bls12_381_g2 uncompressed: x.c1 (bytes 0..47)",
                            "bls12_381_g2 uncompressed: x.c0 (bytes 48..95)", ctx)) != ZKA_OK)
    return st;
  if ((st = zka_bls_get_fq2(&p.y, in + 96, 0, "bls12_381_g2 uncompressed: y.c1 (bytes 96..143)",
                            "bls12_381_g2 uncompressed: y.c0 (bytes 144..191)", ctx)) != ZKA_OK)
    return st;
  if (zka_bls12_381_g2_affine_is_infinity_h(p))
    return zka_error(ctx, ZKA_ERR_NOT_ON_CURVE,
                     "%s: (0, 0) without the infinity flag is not on the twist", name);
  return zka_bls_g2_finish(out, p, name, ctx);
}
