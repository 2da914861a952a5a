/* test_backend_cuda.c — the cuda backend plug-in, driven directly through its table
 * (host/backend.h): the same checks as tests/test_backend_opencl.c (every NTT option
 * against the reference DFT for log_n 1..10 with batch 1 and 2, round trips to log_n 16, a
 * transform at a byte offset, refusals, an absurd allocation), on the first CUDA device.
 *
 * No plug-in (a build without nvcc), no driver or no GPU: prints "SKIPPED: <reason>" (the
 * reason probe gives: cudaGetDeviceCount's error) and exits 77, unless ZKA_REQUIRE_CUDA=1,
 * where that is a failure. */
#define ZKA_BT_BACKEND "cuda"
#define ZKA_BT_REQUIRE_ENV "ZKA_REQUIRE_CUDA"
#define ZKA_BT_TEST_NAME "test_backend_cuda"
/* One test body for both GPU plug-ins (it calls no OpenCL or CUDA function itself). */
#include "test_backend_opencl.c"
