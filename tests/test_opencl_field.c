/* Cross-target test: the portable field reference (core/field/fields_portable.h) built as
 * OpenCL C 1.2 from the embedded kernels/opencl/field_check.cl and run on an OpenCL device
 * (PoCL on the CPU where there is no GPU), compared byte for byte with the same functions
 * compiled for the host.
 *
 * Every operation of every field (BN254 Fq/Fr, BLS12-381 Fq/Fr: add sub mul sqr neg dbl
 * inv to_mont from_mont; BN254 and BLS12-381 Fq2: add sub mul sqr neg dbl inv mul_by_xi)
 * runs on all pairs of listed edge cases (0, 1 in Montgomery form, the integers 1 and 2,
 * p-1, p-2, (p-1)/2, 2^64-1; for Fq2 their combinations as (c0, c1)) and on 4,096 random
 * fully reduced operand pairs (scaled by ZKA_TEST_SCALE, seed ZKA_TEST_SEED).
 *
 * No OpenCL platform or device: skipped (exit 77) with the reason, unless
 * ZKA_REQUIRE_OPENCL=1, where that is a failure (CI requires PoCL). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>

#include "field_check_host.h" /* fields, operands, expected results, comparison */

extern const char zka_cl_field_check[];
extern const size_t zka_cl_field_check_len;

/* ---- OpenCL errors: the call, where, and the driver's code ------------------------------ */

static const char *zka_test_cl_error_name(cl_int e) {
  switch (e) {
    case CL_SUCCESS: return "CL_SUCCESS";
    case CL_DEVICE_NOT_FOUND: return "CL_DEVICE_NOT_FOUND";
    case CL_DEVICE_NOT_AVAILABLE: return "CL_DEVICE_NOT_AVAILABLE";
    case CL_COMPILER_NOT_AVAILABLE: return "CL_COMPILER_NOT_AVAILABLE";
    case CL_MEM_OBJECT_ALLOCATION_FAILURE: return "CL_MEM_OBJECT_ALLOCATION_FAILURE";
    case CL_OUT_OF_RESOURCES: return "CL_OUT_OF_RESOURCES";
    case CL_OUT_OF_HOST_MEMORY: return "CL_OUT_OF_HOST_MEMORY";
    case CL_BUILD_PROGRAM_FAILURE: return "CL_BUILD_PROGRAM_FAILURE";
    case CL_INVALID_VALUE: return "CL_INVALID_VALUE";
    case CL_INVALID_PLATFORM: return "CL_INVALID_PLATFORM";
    case CL_INVALID_DEVICE: return "CL_INVALID_DEVICE";
    case CL_INVALID_CONTEXT: return "CL_INVALID_CONTEXT";
    case CL_INVALID_COMMAND_QUEUE: return "CL_INVALID_COMMAND_QUEUE";
    case CL_INVALID_MEM_OBJECT: return "CL_INVALID_MEM_OBJECT";
    case CL_INVALID_BUILD_OPTIONS: return "CL_INVALID_BUILD_OPTIONS";
    case CL_INVALID_PROGRAM: return "CL_INVALID_PROGRAM";
    case CL_INVALID_PROGRAM_EXECUTABLE: return "CL_INVALID_PROGRAM_EXECUTABLE";
    case CL_INVALID_KERNEL_NAME: return "CL_INVALID_KERNEL_NAME";
    case CL_INVALID_KERNEL: return "CL_INVALID_KERNEL";
    case CL_INVALID_ARG_INDEX: return "CL_INVALID_ARG_INDEX";
    case CL_INVALID_ARG_VALUE: return "CL_INVALID_ARG_VALUE";
    case CL_INVALID_ARG_SIZE: return "CL_INVALID_ARG_SIZE";
    case CL_INVALID_KERNEL_ARGS: return "CL_INVALID_KERNEL_ARGS";
    case CL_INVALID_WORK_GROUP_SIZE: return "CL_INVALID_WORK_GROUP_SIZE";
    case CL_INVALID_GLOBAL_WORK_SIZE: return "CL_INVALID_GLOBAL_WORK_SIZE";
    case CL_INVALID_BUFFER_SIZE: return "CL_INVALID_BUFFER_SIZE";
    case -1001: return "CL_PLATFORM_NOT_FOUND_KHR";
    default: return "unknown OpenCL error";
  }
}

/* Every OpenCL call goes through this (STYLE.md, ZKA_CL_CHECK): on failure it prints
 * `expr@file:line` with the driver's code, counts a failure and jumps to cleanup.  Calls
 * that return a handle are written as (h = clCreateX(..., &err), err). */
#define ZKA_TEST_CL_CHECK(expr)                                                          \
  do {                                                                                   \
    cl_int zka_cl_err_ = (expr);                                                         \
    if (zka_cl_err_ != CL_SUCCESS) {                                                     \
      fprintf(stderr, "FAIL %s@%s:%d: OpenCL error %d (%s)\n", #expr, __FILE__, __LINE__, \
              (int)zka_cl_err_, zka_test_cl_error_name(zka_cl_err_));                    \
      zka_test_failures++;                                                               \
      goto cleanup;                                                                      \
    }                                                                                    \
  } while (0)

/* An explicit work-group size for the kernel launches (see the launch below). */
#define ZKA_TEST_LOCAL_SIZE 64

/* The build log: always on failure, on success only when the compiler said something. */
static void zka_test_print_build_log(cl_program prog, cl_device_id device, size_t src_len,
                                     int failed) {
  size_t log_len = 0;
  if (clGetProgramBuildInfo(prog, device, CL_PROGRAM_BUILD_LOG, 0, NULL, &log_len) != CL_SUCCESS)
    return;
  char *log = malloc(log_len + 1);
  if (!log) return;
  log[0] = 0;
  if (clGetProgramBuildInfo(prog, device, CL_PROGRAM_BUILD_LOG, log_len, log, NULL) != CL_SUCCESS)
    log[0] = 0;
  log[log_len] = 0;
  int empty = 1;
  for (const char *c = log; *c; c++)
    if (*c != ' ' && *c != '\n' && *c != '\t' && *c != '\r') empty = 0;
  if (failed || !empty)
    fprintf(failed ? stderr : stdout,
            "OpenCL build log (kernels/opencl/field_check.cl, %zu bytes expanded):\n%s\n", src_len,
            log);
  free(log);
}

/* ---- the device ----------------------------------------------------------------------------- */

/* The first GPU of any platform, else the first CPU, else the first device of any kind.
 * Returns 0 with *why filled when there is none. */
static int zka_test_pick_device(cl_platform_id *platform, cl_device_id *device, char *why,
                                size_t why_len) {
  cl_platform_id plats[16];
  cl_uint np = 0;
  cl_int err = clGetPlatformIDs(16, plats, &np);
  if (err != CL_SUCCESS || np == 0) {
    snprintf(why, why_len, "no OpenCL platform (clGetPlatformIDs: %d %s, %u platform(s)); "
             "is an ICD (e.g. pocl-opencl-icd) installed?", (int)err, zka_test_cl_error_name(err),
             (unsigned)np);
    return 0;
  }
  if (np > 16) np = 16;
  static const cl_device_type order[3] = {CL_DEVICE_TYPE_GPU, CL_DEVICE_TYPE_CPU,
                                          CL_DEVICE_TYPE_ALL};
  for (int t = 0; t < 3; t++) {
    for (cl_uint i = 0; i < np; i++) {
      cl_device_id d;
      cl_uint nd = 0;
      if (clGetDeviceIDs(plats[i], order[t], 1, &d, &nd) == CL_SUCCESS && nd > 0) {
        *platform = plats[i];
        *device = d;
        return 1;
      }
    }
  }
  snprintf(why, why_len, "%u OpenCL platform(s) but no device on any", (unsigned)np);
  return 0;
}

int main(void) {
  double t_start = zka_test_now();
  zka_test_rng_init(&zka_test_field_rng);
  cl_platform_id platform = NULL;
  cl_device_id device = NULL;
  char why[256];
  if (!zka_test_pick_device(&platform, &device, why, sizeof why)) {
    const char *req = getenv("ZKA_REQUIRE_OPENCL");
    if (req && !strcmp(req, "1")) {
      fprintf(stderr, "FAIL: ZKA_REQUIRE_OPENCL=1 but %s\n", why);
      return 1;
    }
    TEST_SKIP("%s (set ZKA_REQUIRE_OPENCL=1 to make this a failure)", why);
  }

  cl_context ctx = NULL;
  cl_command_queue queue = NULL;
  cl_program prog = NULL;
  cl_kernel kernel = NULL;
  cl_mem buf_a = NULL, buf_b = NULL, buf_out = NULL;
  unsigned char *host_a = NULL, *host_b = NULL, *host_out = NULL, *expect = NULL;
  cl_int err;

  char plat_name[256] = "?", dev_name[256] = "?", dev_ver[256] = "?", drv_ver[256] = "?";
  ZKA_TEST_CL_CHECK(clGetPlatformInfo(platform, CL_PLATFORM_NAME, sizeof plat_name, plat_name, NULL));
  ZKA_TEST_CL_CHECK(clGetDeviceInfo(device, CL_DEVICE_NAME, sizeof dev_name, dev_name, NULL));
  ZKA_TEST_CL_CHECK(clGetDeviceInfo(device, CL_DEVICE_VERSION, sizeof dev_ver, dev_ver, NULL));
  ZKA_TEST_CL_CHECK(clGetDeviceInfo(device, CL_DRIVER_VERSION, sizeof drv_ver, drv_ver, NULL));
  printf("OpenCL platform: %s\n  device: %s (%s, driver %s)\n", plat_name, dev_name, dev_ver,
         drv_ver);

  ZKA_TEST_CL_CHECK((ctx = clCreateContext(NULL, 1, &device, NULL, NULL, &err), err));
  ZKA_TEST_CL_CHECK((queue = clCreateCommandQueue(ctx, device, 0, &err), err));
  const char *src = zka_cl_field_check;
  size_t src_len = zka_cl_field_check_len;
  ZKA_TEST_CL_CHECK((prog = clCreateProgramWithSource(ctx, 1, &src, &src_len, &err), err));
  double t_build = zka_test_now();
  cl_int build_err = clBuildProgram(prog, 1, &device, "-cl-std=CL1.2", NULL, NULL);
  t_build = zka_test_now() - t_build;
  zka_test_print_build_log(prog, device, src_len, build_err != CL_SUCCESS);
  ZKA_TEST_CL_CHECK(build_err);
  printf("  clBuildProgram(field_check.cl, %zu bytes with includes expanded, -cl-std=CL1.2): "
         "%.2f s (PoCL caches binaries: the first build on a machine is the slow one)\n",
         src_len, t_build);

  const long n_random = zka_test_iters(4096);
  const size_t bytes = zka_test_operand_bytes(n_random);
  host_a = malloc(bytes);
  host_b = malloc(bytes);
  host_out = malloc(bytes);
  expect = malloc(bytes);
  if (!host_a || !host_b || !host_out || !expect) {
    fprintf(stderr, "FAIL: out of host memory\n");
    zka_test_failures++;
    goto cleanup;
  }

  long total_checked = 0;
  for (int f = 0; f < ZKA_TEST_NUM_FIELDS; f++) {
    const zka_test_field *F = &zka_test_fields[f];
    const size_t sz = F->size;
    /* operands: every pair of edge cases, then random pairs */
    int ne = 0;
    const size_t n = zka_test_fill_operands(F, host_a, host_b, n_random, &ne);
    ZKA_TEST_CL_CHECK((buf_a = clCreateBuffer(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                                              n * sz, host_a, &err), err));
    ZKA_TEST_CL_CHECK((buf_b = clCreateBuffer(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                                              n * sz, host_b, &err), err));
    ZKA_TEST_CL_CHECK((buf_out = clCreateBuffer(ctx, CL_MEM_WRITE_ONLY, n * sz, NULL, &err), err));
    ZKA_TEST_CL_CHECK((kernel = clCreateKernel(prog, F->kernel, &err), err));
    cl_uint n_arg = (cl_uint)n;
    ZKA_TEST_CL_CHECK(clSetKernelArg(kernel, 1, sizeof buf_a, &buf_a));
    ZKA_TEST_CL_CHECK(clSetKernelArg(kernel, 2, sizeof buf_b, &buf_b));
    ZKA_TEST_CL_CHECK(clSetKernelArg(kernel, 3, sizeof buf_out, &buf_out));
    ZKA_TEST_CL_CHECK(clSetKernelArg(kernel, 4, sizeof n_arg, &n_arg));
    printf("  %-14s", F->name);
    double t_field = zka_test_now(), t_first = 0;
    for (const int *op = F->ops; *op >= 0; op++) {
      cl_uint op_arg = (cl_uint)*op;
      /* An explicit work-group size: left to PoCL it picks n/2 items, and the Fq2 kernels'
       * private state then overflows its work-group thread's stack (a segfault). */
      size_t local = ZKA_TEST_LOCAL_SIZE, global = (n + local - 1) / local * local;
      ZKA_TEST_CL_CHECK(clSetKernelArg(kernel, 0, sizeof op_arg, &op_arg));
      ZKA_TEST_CL_CHECK(clEnqueueNDRangeKernel(queue, kernel, 1, NULL, &global, &local, 0, NULL, NULL));
      ZKA_TEST_CL_CHECK(clEnqueueReadBuffer(queue, buf_out, CL_TRUE, 0, n * sz, host_out, 0, NULL, NULL));
      if (op == F->ops) t_first = zka_test_now() - t_field;
      long bad = zka_test_count_mismatches(F, *op, ne, host_a, host_b, host_out, expect, n);
      CHECK(bad == 0, "%s %s: %ld of %zu results differ from the host", F->name,
            zka_test_op_names[*op], bad, n);
      total_checked += (long)n;
      printf(" %s", zka_test_op_names[*op]);
    }
    printf(": %zu operand pairs each (%d x %d edge pairs + %ld random); %.2f s, of which "
           "%.2f s the first launch (PoCL compiles the kernel for the work-group size then)\n",
           n, ne, ne, n_random, zka_test_now() - t_field, t_first);
    clReleaseKernel(kernel);
    kernel = NULL;
    clReleaseMemObject(buf_a);
    clReleaseMemObject(buf_b);
    clReleaseMemObject(buf_out);
    buf_a = buf_b = buf_out = NULL;
  }
  printf("  %ld device results equal the host's byte for byte; %.2f s in all\n", total_checked,
         zka_test_now() - t_start);

cleanup:
  if (kernel) clReleaseKernel(kernel);
  if (buf_a) clReleaseMemObject(buf_a);
  if (buf_b) clReleaseMemObject(buf_b);
  if (buf_out) clReleaseMemObject(buf_out);
  if (prog) clReleaseProgram(prog);
  if (queue) clReleaseCommandQueue(queue);
  if (ctx) clReleaseContext(ctx);
  free(host_a);
  free(host_b);
  free(host_out);
  free(expect);
  return zka_test_finish("test_opencl_field");
}
