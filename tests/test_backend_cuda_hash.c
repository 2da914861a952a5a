/* test_backend_cuda_hash.c — batch hashing on the cuda backend plug-in, driven directly
 * through its table (host/backend.h): the same checks as tests/test_backend_opencl_hash.c
 * (every supported hash, edge lengths, count 1 and 100, sponge and compress, offsets,
 * byte-identical to zka_hash / zka_hash_compress; known answers; refusals), on the first
 * CUDA device.
 *
 * No plug-in (a build without nvcc), no driver or no GPU: prints "SKIPPED: <reason>" (the
 * reason probe gives: cudaGetDeviceCount's error) and exits 77, unless ZKA_REQUIRE_CUDA=1,
 * where that is a failure. */
#define ZKA_BT_BACKEND "cuda"
#define ZKA_BT_REQUIRE_ENV "ZKA_REQUIRE_CUDA"
#define ZKA_BT_TEST_NAME "test_backend_cuda_hash"
/* One test body for both GPU plug-ins (it calls no OpenCL or CUDA function itself). */
#include "test_backend_opencl_hash.c"
