/* hash.cu — the CUDA batch hashing kernels: kernels/common/hash_body.h (the one portable
 * source, also built as OpenCL C from kernels/opencl/hash.cl) with zka_target.h's CUDA
 * mapping, and the one C launcher the cuda plug-in's host code calls (backend_cuda.h). */
#include <cuda_runtime.h>

#include "../common/hash_body.h"
#include "backend_cuda.h"

/* Hash H's kernel with W-word pointers (every kernel has the same signature). */
#define ZKA_CU_HASH(ID, NAME, W)                                                             \
  case ID:                                                                                   \
    zka_hash_##NAME<<<grid, block, 0, s>>>((W *)out, out_off, (const W *)in, in_off, len,    \
                                          count, compress);                                  \
    break;

extern "C" int zka_cuda_hash_launch(unsigned hash, uint64_t count, unsigned block, void *out,
                                    uint64_t out_off, const void *in, uint64_t in_off,
                                    uint64_t len, uint32_t compress, void *stream) {
  if (count == 0) return 0;
  if (block == 0 || block > 1024) return (int)cudaErrorInvalidValue;
  const uint64_t blocks = (count + block - 1) / block;
  if (blocks > 0x7fffffffu) return (int)cudaErrorInvalidValue;
  const dim3 grid((unsigned)blocks);
  cudaStream_t s = (cudaStream_t)stream;
  switch (hash) {
#if ZKA_HB_HAVE_SHA256
    ZKA_CU_HASH(ZKA_HB_SHA256, sha256, zka_u8)
#endif
#if ZKA_HB_HAVE_KECCAK256
    ZKA_CU_HASH(ZKA_HB_KECCAK256, keccak256, zka_u8)
#endif
#if ZKA_HB_HAVE_POSEIDON_BN254
    ZKA_CU_HASH(ZKA_HB_POSEIDON_BN254, poseidon_bn254, zka_u64)
#endif
#if ZKA_HB_HAVE_POSEIDON2
    ZKA_CU_HASH(ZKA_HB_POSEIDON2_BABYBEAR_16, poseidon2_babybear_16, zka_u32)
    ZKA_CU_HASH(ZKA_HB_POSEIDON2_BABYBEAR_24, poseidon2_babybear_24, zka_u32)
    ZKA_CU_HASH(ZKA_HB_POSEIDON2_GOLDILOCKS_8, poseidon2_goldilocks_8, zka_u64)
    ZKA_CU_HASH(ZKA_HB_POSEIDON2_GOLDILOCKS_12, poseidon2_goldilocks_12, zka_u64)
#endif
    default: return (int)cudaErrorInvalidValue;
  }
  return (int)cudaGetLastError();
}
