/* pairing_types.h — Fq6 and Fq12 types shared by host C, OpenCL C, CUDA and HLS.  The same
 * structs (same guard) as include/zkaccel/pairing.h, spelled with the core field types.
 * Layout: an Fq6 is c0 + c1·v + c2·v^2 over Fq2 (v^3 = xi), an Fq12 is c0 + c1·w over Fq6
 * (w^2 = v); xi = 9 + u for BN254 and 1 + u for BLS12-381. */
#ifndef ZKA_PAIRING_TYPES_H
#define ZKA_PAIRING_TYPES_H
#include "../field/field_types.h"

#ifndef ZKA_PAIRING_TYPES_DEFINED
#define ZKA_PAIRING_TYPES_DEFINED
typedef struct { zka_bn254_fq2 c0, c1, c2; } zka_bn254_fq6;
typedef struct { zka_bn254_fq6 c0, c1; } zka_bn254_fq12;
typedef struct { zka_bls12_381_fq2 c0, c1, c2; } zka_bls12_381_fq6;
typedef struct { zka_bls12_381_fq6 c0, c1; } zka_bls12_381_fq12;
#endif

#endif
