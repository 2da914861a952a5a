/* test_backend_cuda_msm.c — multi-scalar multiplication on the cuda backend plug-in, driven
 * directly through its table (host/backend.h, ABI 3): the same checks as
 * tests/test_backend_opencl_msm.c (each group: random n in {1, 2, 7, 100, 1000}, the edge
 * cases, infinity results, n = 0, short scalars, offsets, against the naive sum of mul_var
 * products; refusals), on the first CUDA device.
 *
 * No plug-in (a build without nvcc), no driver or no GPU: prints "SKIPPED: <reason>" (the
 * reason probe gives: cudaGetDeviceCount's error) and exits 77, unless ZKA_REQUIRE_CUDA=1,
 * where that is a failure. */
#define ZKA_BT_BACKEND "cuda"
#define ZKA_BT_REQUIRE_ENV "ZKA_REQUIRE_CUDA"
#define ZKA_BT_TEST_NAME "test_backend_cuda_msm"
/* One test body for both GPU plug-ins (it calls no OpenCL or CUDA function itself). */
#include "test_backend_opencl_msm.c"
