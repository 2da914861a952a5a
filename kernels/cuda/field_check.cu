/* field_check.cu — the CUDA half of the cross-target field check: the kernels of
 * kernels/opencl/field_check.cl (one source: the same kernel bodies over the portable
 * field reference, core/field/fields_portable.h) compiled by nvcc, and two C launchers for
 * tests/cuda_field_main.c.  Building this file is what keeps the portable headers CUDA-clean
 * wherever nvcc exists; running it needs a GPU.
 *
 * Launchers return 0 or the cudaError_t of the first failing call, with
 * "expr@file:line: cudaErrorName: text" in why (always NUL-terminated). */
#include <cuda_runtime.h>
#include <stdio.h>

#include "../opencl/field_check.cl"

#define ZKA_FC_CUDA_CHECK(expr)                                                        \
  do {                                                                                 \
    cudaError_t zka_cu_err_ = (expr);                                                  \
    if (zka_cu_err_ != cudaSuccess) {                                                  \
      if (why && why_len)                                                              \
        snprintf(why, why_len, "%s@%s:%d: %s: %s", #expr, __FILE__, __LINE__,          \
                 cudaGetErrorName(zka_cu_err_), cudaGetErrorString(zka_cu_err_));      \
      status = (int)zka_cu_err_;                                                       \
      goto cleanup;                                                                    \
    }                                                                                  \
  } while (0)

/* Number of CUDA devices in *count (0 on any error, e.g. no driver: libcuda.so.1 is loaded
 * by the static runtime at this first call, not when the program starts). */
extern "C" int zka_cuda_field_check_device_count(int *count, char *why, size_t why_len) {
  int status = 0;
  *count = 0;
  if (why && why_len) why[0] = 0;
  ZKA_FC_CUDA_CHECK(cudaGetDeviceCount(count));
cleanup:
  if (status) *count = 0;
  return status;
}

/* Name of device 0 (for the report). */
extern "C" int zka_cuda_field_check_device_name(char *name, size_t name_len, char *why,
                                                size_t why_len) {
  int status = 0;
  cudaDeviceProp prop;
  if (why && why_len) why[0] = 0;
  ZKA_FC_CUDA_CHECK(cudaGetDeviceProperties(&prop, 0));
  snprintf(name, name_len, "%s (sm_%d%d, %d SMs)", prop.name, prop.major, prop.minor,
           prop.multiProcessorCount);
cleanup:
  return status;
}

/* out[i] = op(a[i], b[i]) for i < n on device 0, for field code `field` (ZKA_FC_*) and op
 * code `op` (ZKA_FC_OP_*); a, b, out are host arrays of n elements.  *kernel_ms (may be
 * NULL) receives the kernel time. */
extern "C" int zka_cuda_field_check_run(int field, int op, const void *a, const void *b,
                                        void *out, size_t n, float *kernel_ms, char *why,
                                        size_t why_len) {
  int status = 0;
  size_t size = 0;
  void *da = NULL, *db = NULL, *dout = NULL;
  cudaEvent_t start = NULL, stop = NULL;
  const unsigned threads = 128;
  const unsigned blocks = (unsigned)((n + threads - 1) / threads);
  if (why && why_len) why[0] = 0;
  switch (field) {
    case ZKA_FC_BN254_FQ: size = sizeof(zka_bn254_fq); break;
    case ZKA_FC_BN254_FR: size = sizeof(zka_bn254_fr); break;
    case ZKA_FC_BLS12_381_FQ: size = sizeof(zka_bls12_381_fq); break;
    case ZKA_FC_BLS12_381_FR: size = sizeof(zka_bls12_381_fr); break;
    case ZKA_FC_BN254_FQ2: size = sizeof(zka_bn254_fq2); break;
    case ZKA_FC_BLS12_381_FQ2: size = sizeof(zka_bls12_381_fq2); break;
    default: ZKA_FC_CUDA_CHECK(cudaErrorInvalidValue);
  }
  if (n == 0) return 0;
  if (n > 0xffffffffu) ZKA_FC_CUDA_CHECK(cudaErrorInvalidValue);
  ZKA_FC_CUDA_CHECK(cudaMalloc(&da, n * size));
  ZKA_FC_CUDA_CHECK(cudaMalloc(&db, n * size));
  ZKA_FC_CUDA_CHECK(cudaMalloc(&dout, n * size));
  ZKA_FC_CUDA_CHECK(cudaMemcpy(da, a, n * size, cudaMemcpyHostToDevice));
  ZKA_FC_CUDA_CHECK(cudaMemcpy(db, b, n * size, cudaMemcpyHostToDevice));
  ZKA_FC_CUDA_CHECK(cudaEventCreate(&start));
  ZKA_FC_CUDA_CHECK(cudaEventCreate(&stop));
  ZKA_FC_CUDA_CHECK(cudaEventRecord(start));
#define ZKA_FC_LAUNCH(F)                                                                   \
  zka_field_check_##F<<<blocks, threads>>>((zka_u32)op, (const zka_##F *)da,               \
                                           (const zka_##F *)db, (zka_##F *)dout, (zka_u32)n)
  switch (field) {
    case ZKA_FC_BN254_FQ: ZKA_FC_LAUNCH(bn254_fq); break;
    case ZKA_FC_BN254_FR: ZKA_FC_LAUNCH(bn254_fr); break;
    case ZKA_FC_BLS12_381_FQ: ZKA_FC_LAUNCH(bls12_381_fq); break;
    case ZKA_FC_BLS12_381_FR: ZKA_FC_LAUNCH(bls12_381_fr); break;
    case ZKA_FC_BN254_FQ2: ZKA_FC_LAUNCH(bn254_fq2); break;
    case ZKA_FC_BLS12_381_FQ2: ZKA_FC_LAUNCH(bls12_381_fq2); break;
  }
#undef ZKA_FC_LAUNCH
  ZKA_FC_CUDA_CHECK(cudaGetLastError());
  ZKA_FC_CUDA_CHECK(cudaEventRecord(stop));
  ZKA_FC_CUDA_CHECK(cudaEventSynchronize(stop));
  if (kernel_ms) ZKA_FC_CUDA_CHECK(cudaEventElapsedTime(kernel_ms, start, stop));
  ZKA_FC_CUDA_CHECK(cudaMemcpy(out, dout, n * size, cudaMemcpyDeviceToHost));
cleanup:
  if (start) cudaEventDestroy(start);
  if (stop) cudaEventDestroy(stop);
  cudaFree(da);
  cudaFree(db);
  cudaFree(dout);
  return status;
}
