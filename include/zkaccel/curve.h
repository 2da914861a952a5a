/* curve.h — BN254 and BLS12-381, groups G1 (over Fq) and G2 (over Fq2).
 *
 * Point layouts (fixed; files, DMA and kernels rely on them), coordinates in Montgomery
 * form as in field.h:
 *   _affine    {x, y}            the point at infinity is x = y = 0 (as snarkjs .zkey files
 *                                carry it; (0, 0) is on neither curve since b != 0)
 *   _jacobian  {x, y, z}         (X/Z^2, Y/Z^3); infinity is z = 0
 *   _xyzz      {x, y, zz, zzz}   (X/ZZ, Y/ZZZ) with ZZ^3 = ZZZ^2; infinity is zz = 0 —
 *                                the bucket representation MSM uses
 *
 * Curves: BN254 y^2 = x^3 + 3 (EIP-196), G2 on the D-type twist y^2 = x^3 + 3/(9+u)
 * (EIP-197); BLS12-381 y^2 = x^3 + 4, G2 on the M-type twist y^2 = x^3 + 4(1+u) (IETF
 * draft-irtf-cfrg-pairing-friendly-curves).
 */
#ifndef ZKACCEL_CURVE_H
#define ZKACCEL_CURVE_H
#include "field.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef ZKA_CURVE_TYPES_DEFINED
#define ZKA_CURVE_TYPES_DEFINED
typedef struct { zka_bn254_fq x, y; } zka_bn254_g1_affine;
typedef struct { zka_bn254_fq x, y, z; } zka_bn254_g1_jacobian;
typedef struct { zka_bn254_fq x, y, zz, zzz; } zka_bn254_g1_xyzz;
typedef struct { zka_bn254_fq2 x, y; } zka_bn254_g2_affine;
typedef struct { zka_bn254_fq2 x, y, z; } zka_bn254_g2_jacobian;
typedef struct { zka_bn254_fq2 x, y, zz, zzz; } zka_bn254_g2_xyzz;
typedef struct { zka_bls12_381_fq x, y; } zka_bls12_381_g1_affine;
typedef struct { zka_bls12_381_fq x, y, z; } zka_bls12_381_g1_jacobian;
typedef struct { zka_bls12_381_fq x, y, zz, zzz; } zka_bls12_381_g1_xyzz;
typedef struct { zka_bls12_381_fq2 x, y; } zka_bls12_381_g2_affine;
typedef struct { zka_bls12_381_fq2 x, y, z; } zka_bls12_381_g2_jacobian;
typedef struct { zka_bls12_381_fq2 x, y, zz, zzz; } zka_bls12_381_g2_xyzz;
#endif

/* ---- decimal strings for field elements ------------------------------------------------
 *
 *   zka_F_from_decimal(out, s, len, ctx)   parse exactly len bytes of ASCII decimal digits
 *       (no sign, no spaces; leading zeros allowed) as a canonical value < p, stored in
 *       Montgomery form.  ZKA_ERR_BAD_ENCODING for an empty string or a non-digit,
 *       ZKA_ERR_OUT_OF_RANGE for a value >= p; the message goes to ctx (may be NULL).
 *   zka_F_to_decimal(out, cap, a)          the canonical value in decimal, no leading zeros
 *       ("0" for zero), NUL-terminated; ZKA_ERR_INVALID_ARGUMENT when cap is too small
 *       (ZKA_DECIMAL_MAX always suffices).
 * For F in bn254_fq, bn254_fr, bls12_381_fq, bls12_381_fr (Groth16 JSON files use them).
 */
/** Bytes that always hold a decimal field element of up to 384 bits plus its NUL. */
#define ZKA_DECIMAL_MAX 120

#define ZKA_DECLARE_DECIMAL(F)                                                              \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##F##_from_decimal(zka_##F *out, const char *s, \
                                                                   size_t len, zka_ctx *ctx); \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##F##_to_decimal(char *out, size_t cap,     \
                                                                 const zka_##F *a);

ZKA_DECLARE_DECIMAL(bn254_fq)
ZKA_DECLARE_DECIMAL(bn254_fr)
ZKA_DECLARE_DECIMAL(bls12_381_fq)
ZKA_DECLARE_DECIMAL(bls12_381_fr)

/* ---- group operations -------------------------------------------------------------------
 *
 * One block per group G in bn254_g1, bn254_g2, bls12_381_g1, bls12_381_g2.  Pointers must
 * not be NULL; outputs may alias inputs.  All functions are thread-safe and variable
 * time (they branch on infinity and equal inputs): fine for provers and verifiers, not for
 * secret scalars.  Inputs are assumed to be valid points (on the curve, coordinates
 * reduced); use the checks or the decoders for outside data.
 *
 *   zka_G_generator(out)               the standard generator (BN254: EIP-196 (1, 2) and
 *                                      the EIP-197 G2 point; BLS12-381: the IETF draft /
 *                                      ZCash generators)
 *   zka_G_is_infinity(p)               1 for the affine infinity (0, 0)
 *   zka_G_infinity(out)                the Jacobian infinity (1, 1, 0)
 *   zka_G_affine_to_jacobian(out, p), zka_G_jacobian_to_affine(out, p)  (one inversion)
 *   zka_G_batch_normalize(out, in, n)  n Jacobian points to affine with one inversion;
 *                                      infinities become (0, 0); out must not overlap in
 *   zka_G_add(out, a, b)               Jacobian a + b (add-2007-bl, 11M + 5S)
 *   zka_G_add_mixed(out, a, b)         Jacobian a + affine b (madd-2007-bl, 7M + 4S)
 *   zka_G_dbl(out, a)                  2a (dbl-2009-l, 2M + 5S)
 *   zka_G_neg(out, a)                  -a
 *   zka_G_jacobian_eq(a, b)            1 when a and b are the same point (projective)
 *   zka_G_affine_neg(out, p), zka_G_affine_eq(a, b)
 *   zka_G_xyzz_from_affine(out, p), zka_G_xyzz_to_affine(out, p)         (one inversion)
 *   zka_G_xyzz_from_jacobian(out, p), zka_G_xyzz_to_jacobian(out, p)     (no inversion)
 *   zka_G_xyzz_add(out, a, b)          (add-2008-s, 12M + 2S)
 *   zka_G_xyzz_add_mixed(out, a, b)    xyzz a + affine b (madd-2008-s, 8M + 2S)
 *   zka_G_xyzz_dbl(out, a)             (dbl-2008-s-1, 6M + 3S)
 *   Every addition handles infinity, a + a (doubles) and a + (-a) (gives infinity).
 *
 *   zka_G_mul_var(out, p, scalar_le)   [k]p for any 256-bit little-endian k (not reduced
 *                                      mod r); width-5 wNAF, variable time
 *   zka_G_affine_mul_var(out, p, scalar_le)   the same on affine points
 *
 *   zka_G_is_on_curve(p)               1 when y^2 = x^3 + b (infinity counts as on it)
 *   zka_G_in_subgroup(p)               1 when p is on the curve and in the order-r
 *                                      subgroup (infinity included); BN254 G1 has
 *                                      cofactor 1, the others check [r]p = O
 *
 *   zka_G_from_json(out, json, len, ctx)   one snarkjs/circom point: decimal strings,
 *       projective with z = "1" or z = "0" for infinity:
 *         G1  ["x","y","1"]                      infinity ["0","1","0"]
 *         G2  [["x0","x1"],["y0","y1"],["1","0"]]  infinity [["0","0"],["1","0"],["0","0"]]
 *       (x = x0 + x1·u).  Whitespace anywhere between tokens; nothing else may follow.
 *       Returns ZKA_ERR_BAD_ENCODING (syntax, a bad digit, z other than 1 or 0),
 *       ZKA_ERR_OUT_OF_RANGE (a coordinate >= p), ZKA_ERR_NOT_ON_CURVE,
 *       ZKA_ERR_NOT_IN_SUBGROUP, ZKA_ERR_INVALID_ARGUMENT (NULL); the message (ctx, may be
 *       NULL) names the coordinate.  out is written only on success.
 *   zka_G_to_json(out, cap, p)             the same format, normalized, on one line with no
 *       spaces (the arrays snarkjs writes in proof.json, without its line breaks),
 *       NUL-terminated; ZKA_ERR_INVALID_ARGUMENT when cap is too small (ZKA_POINT_JSON_MAX
 *       always suffices).
 */
/** Bytes that always hold zka_G_to_json's output (four 115-digit numbers and syntax). */
#define ZKA_POINT_JSON_MAX 512

#define ZKA_DECLARE_GROUP(G)                                                                \
  ZKA_API void zka_##G##_generator(zka_##G##_affine *out);                                  \
  ZKA_API int zka_##G##_is_infinity(const zka_##G##_affine *p);                             \
  ZKA_API void zka_##G##_infinity(zka_##G##_jacobian *out);                                 \
  ZKA_API void zka_##G##_affine_to_jacobian(zka_##G##_jacobian *out, const zka_##G##_affine *p); \
  ZKA_API void zka_##G##_jacobian_to_affine(zka_##G##_affine *out, const zka_##G##_jacobian *p); \
  ZKA_API void zka_##G##_batch_normalize(zka_##G##_affine *out, const zka_##G##_jacobian *in, \
                                         size_t n);                                         \
  ZKA_API void zka_##G##_add(zka_##G##_jacobian *out, const zka_##G##_jacobian *a,          \
                             const zka_##G##_jacobian *b);                                  \
  ZKA_API void zka_##G##_add_mixed(zka_##G##_jacobian *out, const zka_##G##_jacobian *a,    \
                                   const zka_##G##_affine *b);                              \
  ZKA_API void zka_##G##_dbl(zka_##G##_jacobian *out, const zka_##G##_jacobian *a);         \
  ZKA_API void zka_##G##_neg(zka_##G##_jacobian *out, const zka_##G##_jacobian *a);         \
  ZKA_API int zka_##G##_jacobian_eq(const zka_##G##_jacobian *a, const zka_##G##_jacobian *b); \
  ZKA_API void zka_##G##_affine_neg(zka_##G##_affine *out, const zka_##G##_affine *p);      \
  ZKA_API int zka_##G##_affine_eq(const zka_##G##_affine *a, const zka_##G##_affine *b);    \
  ZKA_API void zka_##G##_xyzz_from_affine(zka_##G##_xyzz *out, const zka_##G##_affine *p);  \
  ZKA_API void zka_##G##_xyzz_to_affine(zka_##G##_affine *out, const zka_##G##_xyzz *p);    \
  ZKA_API void zka_##G##_xyzz_from_jacobian(zka_##G##_xyzz *out, const zka_##G##_jacobian *p); \
  ZKA_API void zka_##G##_xyzz_to_jacobian(zka_##G##_jacobian *out, const zka_##G##_xyzz *p); \
  ZKA_API void zka_##G##_xyzz_add(zka_##G##_xyzz *out, const zka_##G##_xyzz *a,            \
                                  const zka_##G##_xyzz *b);                                 \
  ZKA_API void zka_##G##_xyzz_add_mixed(zka_##G##_xyzz *out, const zka_##G##_xyzz *a,      \
                                        const zka_##G##_affine *b);                         \
  ZKA_API void zka_##G##_xyzz_dbl(zka_##G##_xyzz *out, const zka_##G##_xyzz *a);            \
  ZKA_API void zka_##G##_mul_var(zka_##G##_jacobian *out, const zka_##G##_jacobian *p,      \
                                 const uint8_t scalar_le[32]);                              \
  ZKA_API void zka_##G##_affine_mul_var(zka_##G##_affine *out, const zka_##G##_affine *p,   \
                                        const uint8_t scalar_le[32]);                       \
  ZKA_API int zka_##G##_is_on_curve(const zka_##G##_affine *p);                             \
  ZKA_API int zka_##G##_in_subgroup(const zka_##G##_affine *p);                             \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##G##_from_json(                            \
      zka_##G##_affine *out, const char *json, size_t len, zka_ctx *ctx);                   \
  ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_##G##_to_json(char *out, size_t cap,        \
                                                              const zka_##G##_affine *p);

ZKA_DECLARE_GROUP(bn254_g1)
ZKA_DECLARE_GROUP(bn254_g2)
ZKA_DECLARE_GROUP(bls12_381_g1)
ZKA_DECLARE_GROUP(bls12_381_g2)

/* ---- ZCash encodings of BLS12-381 points ------------------------------------------------
 *
 * As zkcrypto/bls12_381 (README, "Serialization") and the IETF/Ethereum BLS specs use them:
 * big-endian coordinates; the three most significant bits of the first byte are flags:
 *   bit 7 (0x80) compression: set in the compressed forms, clear in the uncompressed ones;
 *   bit 6 (0x40) infinity: the point at infinity, every other bit (sort, coordinates) zero;
 *   bit 5 (0x20) sort: compressed only, y is the lexicographically largest of y and -y
 *                (in Fq2: compare c1 first, c0 when c1 = 0).
 * G1: compressed x (48 bytes), uncompressed x || y (96).  G2: an Fq2 element is written
 * c1 then c0, so compressed x.c1 || x.c0 (96), uncompressed x.c1 || x.c0 || y.c1 || y.c0
 * (192).
 *
 * The deserializers reject, with ZKA_ERR_BAD_ENCODING, a wrong compression flag, an
 * infinity encoding with any other bit set, a sort flag in an uncompressed encoding; with
 * ZKA_ERR_OUT_OF_RANGE a coordinate >= p; with ZKA_ERR_NOT_ON_CURVE an x with no y (or an
 * (x, y) off the curve); with ZKA_ERR_NOT_IN_SUBGROUP a point outside the order-r
 * subgroup.  The message (ctx, may be NULL) names the byte range; out is written only on
 * success.  Serializers take valid points (infinity allowed).
 */
ZKA_API void zka_bls12_381_g1_serialize_compressed(uint8_t out[48],
                                                   const zka_bls12_381_g1_affine *p);
ZKA_API void zka_bls12_381_g1_serialize_uncompressed(uint8_t out[96],
                                                     const zka_bls12_381_g1_affine *p);
ZKA_API void zka_bls12_381_g2_serialize_compressed(uint8_t out[96],
                                                   const zka_bls12_381_g2_affine *p);
ZKA_API void zka_bls12_381_g2_serialize_uncompressed(uint8_t out[192],
                                                     const zka_bls12_381_g2_affine *p);
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_bls12_381_g1_deserialize_compressed(
    zka_bls12_381_g1_affine *out, const uint8_t in[48], zka_ctx *ctx);
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_bls12_381_g1_deserialize_uncompressed(
    zka_bls12_381_g1_affine *out, const uint8_t in[96], zka_ctx *ctx);
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_bls12_381_g2_deserialize_compressed(
    zka_bls12_381_g2_affine *out, const uint8_t in[96], zka_ctx *ctx);
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_bls12_381_g2_deserialize_uncompressed(
    zka_bls12_381_g2_affine *out, const uint8_t in[192], zka_ctx *ctx);

/** Square root in Fq2 (Adj & Rodríguez-Henríquez, eprint 2012/685, Alg. 9): a root (either
 *  one) in *out, or ZKA_ERR_NO_SQUARE_ROOT (out untouched). */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_bn254_fq2_sqrt(zka_bn254_fq2 *out,
                                                            const zka_bn254_fq2 *a);
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_bls12_381_fq2_sqrt(zka_bls12_381_fq2 *out,
                                                                const zka_bls12_381_fq2 *a);

#ifdef __cplusplus
}
#endif
#endif
