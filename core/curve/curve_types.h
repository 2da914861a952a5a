/* curve_types.h — point types shared by host C, OpenCL C, CUDA and HLS.
 * The same structs (same guard) as include/zkaccel/curve.h, spelled with zka_u64 so that
 * kernels can include this without <stdint.h>.  Layouts: see include/zkaccel/curve.h. */
#ifndef ZKA_CURVE_TYPES_H
#define ZKA_CURVE_TYPES_H
#include "../field/field_types.h"

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

#endif
