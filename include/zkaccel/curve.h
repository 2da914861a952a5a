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

/* (function declarations: see the curve section below) */

#ifdef __cplusplus
}
#endif
#endif
