/* test_cuda_field: the portable field reference (core/field/fields_portable.h) compiled by
 * nvcc (kernels/cuda/field_check.cu, the kernels of kernels/opencl/field_check.cl) and run on
 * CUDA device 0, compared byte for byte with the same functions compiled for the host.
 *
 * Every operation of every field (BN254 Fq/Fr, BLS12-381 Fq/Fr: add sub mul sqr neg dbl
 * inv to_mont from_mont; BN254 and BLS12-381 Fq2: add sub mul sqr neg dbl inv mul_by_xi)
 * runs on all pairs of listed edge cases (0, 1 in Montgomery form, the integers 1 and 2,
 * p-1, p-2, (p-1)/2, 2^64-1; for Fq2 their combinations as (c0, c1)) and on 16,384 random
 * fully reduced operand pairs (scaled by ZKA_TEST_SCALE, seed ZKA_TEST_SEED).
 *
 * No CUDA device, or no driver (libcuda.so.1 is loaded at run time by the static CUDA
 * runtime, so the program starts without it): skipped (exit 77) with the reason. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#include "field_check_host.h" /* fields, operands, expected results, comparison */

/* kernels/cuda/field_check.cu */
int zka_cuda_field_check_device_count(int *count, char *why, size_t why_len);
int zka_cuda_field_check_device_name(char *name, size_t name_len, char *why, size_t why_len);
int zka_cuda_field_check_run(int field, int op, const void *a, const void *b, void *out,
                             size_t n, float *kernel_ms, char *why, size_t why_len);

int main(void) {
  double t_start = zka_test_now();
  zka_test_rng_init(&zka_test_field_rng);
  char why[512];
  int count = 0;
  int st = zka_cuda_field_check_device_count(&count, why, sizeof why);
  if (st != 0) TEST_SKIP("no CUDA device (%s)", why);
  if (count == 0) TEST_SKIP("no CUDA device (cudaGetDeviceCount reports 0 devices)");
  char dev_name[256] = "?";
  st = zka_cuda_field_check_device_name(dev_name, sizeof dev_name, why, sizeof why);
  CHECK(st == 0, "device name: %s", why);
  printf("CUDA device 0 of %d: %s\n", count, dev_name);

  const long n_random = zka_test_iters(16384);
  const size_t bytes = zka_test_operand_bytes(n_random);
  unsigned char *host_a = malloc(bytes), *host_b = malloc(bytes);
  unsigned char *host_out = malloc(bytes), *expect = malloc(bytes);
  if (!host_a || !host_b || !host_out || !expect) {
    fprintf(stderr, "FAIL: out of host memory\n");
    return 1;
  }

  long total_checked = 0;
  for (int f = 0; f < ZKA_TEST_NUM_FIELDS && st == 0; f++) {
    const zka_test_field *F = &zka_test_fields[f];
    int ne = 0;
    const size_t n = zka_test_fill_operands(F, host_a, host_b, n_random, &ne);
    printf("  %-14s", F->name);
    float ms_total = 0;
    for (const int *op = F->ops; *op >= 0; op++) {
      float ms = 0;
      st = zka_cuda_field_check_run(F->code, *op, host_a, host_b, host_out, n, &ms, why,
                                    sizeof why);
      CHECK(st == 0, "%s %s: CUDA error %d: %s", F->name, zka_test_op_names[*op], st, why);
      if (st != 0) break;
      ms_total += ms;
      long bad = zka_test_count_mismatches(F, *op, ne, host_a, host_b, host_out, expect, n);
      CHECK(bad == 0, "%s %s: %ld of %zu results differ from the host", F->name,
            zka_test_op_names[*op], bad, n);
      total_checked += (long)n;
      printf(" %s", zka_test_op_names[*op]);
    }
    printf(": %zu operand pairs each (%d x %d edge pairs + %ld random); kernels %.2f ms\n", n,
           ne, ne, n_random, (double)ms_total);
  }
  printf("  %ld device results equal the host's byte for byte; %.2f s in all\n", total_checked,
         zka_test_now() - t_start);
  free(host_a);
  free(host_b);
  free(host_out);
  free(expect);
  return zka_test_finish("test_cuda_field");
}
