/* hash.cl — the OpenCL batch hashing kernels: kernels/common/hash_body.h (the one portable
 * source, also compiled by nvcc in kernels/cuda/hash.cu).
 *
 * Embedded into the opencl plug-in (and, by the top-level glob, into libzkaccel) as the
 * string zka_cl_hash with its includes expanded (tools/embed_cl.py), and built at run time
 * lazily per hash with -DZKA_HASH_ONLY=<zka_hash_id> so a job pays only for its own
 * compile (the Poseidon round-constant tables are the slow part).  Without the define every
 * implemented hash is instantiated (a compile check). */
#include "../common/hash_body.h"
