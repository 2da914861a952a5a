/* ntt.cl — the OpenCL NTT kernels: kernels/common/ntt_body.h (the one portable source,
 * also compiled by nvcc in kernels/cuda/ntt.cu) instantiated for one field.
 *
 * Embedded into the opencl plug-in (and, by the top-level glob, into libzkaccel) as the
 * string zka_cl_ntt with its includes expanded (tools/embed_cl.py), and built at run time
 * lazily per field with -DZKA_NTT_FIELD=<code> (ZKA_NTT_BN254_FR .. ZKA_NTT_GOLDILOCKS, the
 * zka_field_id values) so a job pays only for its field's compile.  Without the define all
 * four fields are instantiated (a compile check). */
#include "../common/ntt_body.h"

#if !defined(ZKA_NTT_FIELD) || ZKA_NTT_FIELD == ZKA_NTT_BN254_FR
ZKA_NTT_KERNELS(bn254_fr, zka_u64, 4, ZKA_NTT_LD_L4, ZKA_NTT_ST_L4)
#endif
#if !defined(ZKA_NTT_FIELD) || ZKA_NTT_FIELD == ZKA_NTT_BLS12_381_FR
ZKA_NTT_KERNELS(bls12_381_fr, zka_u64, 4, ZKA_NTT_LD_L4, ZKA_NTT_ST_L4)
#endif
#if !defined(ZKA_NTT_FIELD) || ZKA_NTT_FIELD == ZKA_NTT_BABYBEAR
ZKA_NTT_KERNELS(babybear, zka_u32, 1, ZKA_NTT_LD_V, ZKA_NTT_ST_V)
#endif
#if !defined(ZKA_NTT_FIELD) || ZKA_NTT_FIELD == ZKA_NTT_GOLDILOCKS
ZKA_NTT_KERNELS(goldilocks, zka_u64, 1, ZKA_NTT_LD_V, ZKA_NTT_ST_V)
#endif
