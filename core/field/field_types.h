/* field_types.h — element types shared by host C, OpenCL C, CUDA and HLS.
 * Layout (the one zkaccel uses everywhere, DMA and files included): little-endian 64-bit
 * limbs, Montgomery form x·2^(64N) mod p, fully reduced.  include/zkaccel/field.h
 * declares the same structs with the same guards for users of the public API. */
#ifndef ZKA_FIELD_TYPES_H
#define ZKA_FIELD_TYPES_H
#include "../../kernels/common/zka_target.h"

#ifndef ZKA_BIG_FIELD_TYPES_DEFINED
#define ZKA_BIG_FIELD_TYPES_DEFINED
typedef struct { zka_u64 l[4]; } zka_bn254_fq;
typedef struct { zka_u64 l[4]; } zka_bn254_fr;
typedef struct { zka_u64 l[6]; } zka_bls12_381_fq;
typedef struct { zka_u64 l[4]; } zka_bls12_381_fr;
typedef struct { zka_bn254_fq c0, c1; } zka_bn254_fq2;
typedef struct { zka_bls12_381_fq c0, c1; } zka_bls12_381_fq2;
#endif

#endif
