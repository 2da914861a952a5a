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
#include <time.h>

#include "core/field/fields_portable.h"
#define ZKA_FIELD_CHECK_CODES_ONLY
#include "kernels/opencl/field_check.cl"
#include "test_util.h"

/* kernels/cuda/field_check.cu */
int zka_cuda_field_check_device_count(int *count, char *why, size_t why_len);
int zka_cuda_field_check_device_name(char *name, size_t name_len, char *why, size_t why_len);
int zka_cuda_field_check_run(int field, int op, const void *a, const void *b, void *out,
                             size_t n, float *kernel_ms, char *why, size_t why_len);

static zka_test_rng rng;

static double zka_test_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- the host side of each field: operands and expected results ------------------------ */
/* (the same operands and expectations as tests/test_opencl_field.c) */

typedef struct {
  const char *name;
  int code;        /* ZKA_FC_* */
  size_t size;     /* bytes per element */
  const int *ops;  /* op codes this field has, -1 terminated */
  void (*host_op)(int op, const void *a, const void *b, void *out);
  void (*random)(void *out);
  int (*edges)(void *out); /* writes the edge cases (up to ZKA_TEST_MAX_EDGES), returns how many */
} zka_test_field;

#define ZKA_TEST_MAX_EDGES 16

static const int zka_test_prime_ops[] = {ZKA_FC_OP_ADD, ZKA_FC_OP_SUB, ZKA_FC_OP_MUL,
                                         ZKA_FC_OP_SQR, ZKA_FC_OP_NEG, ZKA_FC_OP_DBL,
                                         ZKA_FC_OP_INV, ZKA_FC_OP_TO_MONT,
                                         ZKA_FC_OP_FROM_MONT, -1};
static const int zka_test_fp2_ops[] = {ZKA_FC_OP_ADD, ZKA_FC_OP_SUB, ZKA_FC_OP_MUL,
                                       ZKA_FC_OP_SQR, ZKA_FC_OP_NEG, ZKA_FC_OP_DBL,
                                       ZKA_FC_OP_INV, ZKA_FC_OP_MUL_BY_XI, -1};
static const char *const zka_test_op_names[ZKA_FC_NUM_OPS] = {
    "add", "sub", "mul", "sqr", "neg", "dbl", "inv", "to_mont", "from_mont", "mul_by_xi"};

#define ZKA_TEST_PRIME(F)                                                                  \
  static void zka_test_host_##F(int op, const void *pa, const void *pb, void *pout) {      \
    zka_##F a, b, r;                                                                       \
    memcpy(&a, pa, sizeof a);                                                              \
    memcpy(&b, pb, sizeof b);                                                              \
    switch (op) {                                                                          \
      case ZKA_FC_OP_ADD: r = zka_##F##_add_ref(a, b); break;                              \
      case ZKA_FC_OP_SUB: r = zka_##F##_sub_ref(a, b); break;                              \
      case ZKA_FC_OP_MUL: r = zka_##F##_mul_ref(a, b); break;                              \
      case ZKA_FC_OP_SQR: r = zka_##F##_sqr_ref(a); break;                                 \
      case ZKA_FC_OP_NEG: r = zka_##F##_neg_ref(a); break;                                 \
      case ZKA_FC_OP_DBL: r = zka_##F##_dbl_ref(a); break;                                 \
      case ZKA_FC_OP_INV: r = zka_##F##_inv_ref(a); break;                                 \
      case ZKA_FC_OP_TO_MONT: r = zka_##F##_to_mont_ref(a); break;                         \
      case ZKA_FC_OP_FROM_MONT: r = zka_##F##_from_mont_ref(a); break;                     \
      default: r = zka_##F##_modulus_ref(); break;                                         \
    }                                                                                      \
    memcpy(pout, &r, sizeof r);                                                            \
  }                                                                                        \
  static zka_##F zka_test_random_val_##F(void) {                                           \
    enum { N = sizeof(zka_##F) / 8 };                                                      \
    zka_##F p = zka_##F##_modulus_ref(), x;                                                \
    uint64_t mask = p.l[N - 1];                                                            \
    for (int s = 1; s < 64; s <<= 1) mask |= mask >> s;                                    \
    do {                                                                                   \
      for (int i = 0; i < N; i++) x.l[i] = zka_test_next(&rng);                            \
      x.l[N - 1] &= mask;                                                                  \
    } while (!zka_##F##_is_canonical_ref(x));                                              \
    return x;                                                                              \
  }                                                                                        \
  static void zka_test_random_##F(void *out) {                                             \
    zka_##F x = zka_test_random_val_##F();                                                 \
    memcpy(out, &x, sizeof x);                                                             \
  }                                                                                        \
  static int zka_test_edge_vals_##F(zka_##F *e) {                                          \
    enum { N = sizeof(zka_##F) / 8 };                                                      \
    zka_##F raw1 = zka_##F##_zero_ref(), raw2 = zka_##F##_zero_ref();                      \
    raw1.l[0] = 1;                                                                         \
    raw2.l[0] = 2;                                                                         \
    int k = 0;                                                                             \
    e[k++] = zka_##F##_zero_ref();                                                         \
    e[k++] = zka_##F##_one_ref();                                                          \
    e[k++] = raw1;                                                                         \
    e[k++] = raw2;                                                                         \
    e[k++] = zka_##F##_neg_ref(raw1); /* p - 1 */                                          \
    e[k++] = zka_##F##_neg_ref(raw2); /* p - 2 */                                          \
    zka_##F half = e[k - 2];          /* (p - 1) / 2 */                                    \
    for (int i = 0; i < N; i++)                                                            \
      half.l[i] = (half.l[i] >> 1) | (i + 1 < N ? half.l[i + 1] << 63 : 0);                \
    e[k++] = half;                                                                         \
    e[k] = zka_##F##_zero_ref();                                                           \
    e[k++].l[0] = ~(uint64_t)0; /* 2^64 - 1: an all-ones limb */                           \
    return k;                                                                              \
  }                                                                                        \
  static int zka_test_edges_##F(void *out) {                                               \
    zka_##F e[ZKA_TEST_MAX_EDGES];                                                         \
    int k = zka_test_edge_vals_##F(e);                                                     \
    memcpy(out, e, k * sizeof e[0]);                                                       \
    return k;                                                                              \
  }

ZKA_TEST_PRIME(bn254_fq)
ZKA_TEST_PRIME(bn254_fr)
ZKA_TEST_PRIME(bls12_381_fq)
ZKA_TEST_PRIME(bls12_381_fr)

/* Per Fq2 F over base B: edges are (c0, c1) over {0, 1 (Montgomery), p-1, 2^64-1}. */
#define ZKA_TEST_FP2(F, B)                                                                 \
  static void zka_test_host_##F(int op, const void *pa, const void *pb, void *pout) {      \
    zka_##F a, b, r;                                                                       \
    memcpy(&a, pa, sizeof a);                                                              \
    memcpy(&b, pb, sizeof b);                                                              \
    switch (op) {                                                                          \
      case ZKA_FC_OP_ADD: r = zka_##F##_add_ref(a, b); break;                              \
      case ZKA_FC_OP_SUB: r = zka_##F##_sub_ref(a, b); break;                              \
      case ZKA_FC_OP_MUL: r = zka_##F##_mul_ref(a, b); break;                              \
      case ZKA_FC_OP_SQR: r = zka_##F##_sqr_ref(a); break;                                 \
      case ZKA_FC_OP_NEG: r = zka_##F##_neg_ref(a); break;                                 \
      case ZKA_FC_OP_DBL: r = zka_##F##_dbl_ref(a); break;                                 \
      case ZKA_FC_OP_INV: r = zka_##F##_inv_ref(a); break;                                 \
      case ZKA_FC_OP_MUL_BY_XI: r = zka_##F##_mul_by_xi_ref(a); break;                     \
      default: r = zka_##F##_make_ref(zka_##B##_modulus_ref(), zka_##B##_modulus_ref()); break; \
    }                                                                                      \
    memcpy(pout, &r, sizeof r);                                                            \
  }                                                                                        \
  static void zka_test_random_##F(void *out) {                                             \
    zka_##F x;                                                                             \
    x.c0 = zka_test_random_val_##B();                                                      \
    x.c1 = zka_test_random_val_##B();                                                      \
    memcpy(out, &x, sizeof x);                                                             \
  }                                                                                        \
  static int zka_test_edges_##F(void *out) {                                               \
    zka_##B be[ZKA_TEST_MAX_EDGES];                                                        \
    (void)zka_test_edge_vals_##B(be);                                                      \
    /* indices into the base edges: 0, Montgomery 1, p-1, 2^64-1 */                        \
    static const int pick[4] = {0, 1, 4, 7};                                               \
    zka_##F e[16];                                                                         \
    int k = 0;                                                                             \
    for (int i = 0; i < 4; i++)                                                            \
      for (int j = 0; j < 4; j++) e[k++] = zka_##F##_make_ref(be[pick[i]], be[pick[j]]);   \
    memcpy(out, e, k * sizeof e[0]);                                                       \
    return k;                                                                              \
  }

ZKA_TEST_FP2(bn254_fq2, bn254_fq)
ZKA_TEST_FP2(bls12_381_fq2, bls12_381_fq)

#define ZKA_TEST_FIELD_ENTRY(F, CODE, OPS)                                                 \
  {#F, CODE, sizeof(zka_##F), OPS, zka_test_host_##F, zka_test_random_##F, zka_test_edges_##F}

static const zka_test_field zka_test_fields[] = {
    ZKA_TEST_FIELD_ENTRY(bn254_fq, ZKA_FC_BN254_FQ, zka_test_prime_ops),
    ZKA_TEST_FIELD_ENTRY(bn254_fr, ZKA_FC_BN254_FR, zka_test_prime_ops),
    ZKA_TEST_FIELD_ENTRY(bls12_381_fq, ZKA_FC_BLS12_381_FQ, zka_test_prime_ops),
    ZKA_TEST_FIELD_ENTRY(bls12_381_fr, ZKA_FC_BLS12_381_FR, zka_test_prime_ops),
    ZKA_TEST_FIELD_ENTRY(bn254_fq2, ZKA_FC_BN254_FQ2, zka_test_fp2_ops),
    ZKA_TEST_FIELD_ENTRY(bls12_381_fq2, ZKA_FC_BLS12_381_FQ2, zka_test_fp2_ops),
};
#define ZKA_TEST_NUM_FIELDS ((int)(sizeof zka_test_fields / sizeof zka_test_fields[0]))

static void zka_test_print_elem(const char *label, const unsigned char *p, size_t size) {
  fprintf(stderr, "    %-8s 0x", label);
  for (size_t i = size; i > 0; i--) {
    fprintf(stderr, "%02x", p[i - 1]);
    if ((i - 1) % 8 == 0 && i > 1) fprintf(stderr, "_");
  }
  fprintf(stderr, "\n");
}

int main(void) {
  double t_start = zka_test_now();
  zka_test_rng_init(&rng);
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
  const size_t n_max = (size_t)(ZKA_TEST_MAX_EDGES * ZKA_TEST_MAX_EDGES + n_random);
  const size_t max_size = sizeof(zka_bls12_381_fq2);
  unsigned char *host_a = malloc(n_max * max_size), *host_b = malloc(n_max * max_size);
  unsigned char *host_out = malloc(n_max * max_size), *expect = malloc(n_max * max_size);
  if (!host_a || !host_b || !host_out || !expect) {
    fprintf(stderr, "FAIL: out of host memory\n");
    return 1;
  }

  long total_checked = 0;
  for (int f = 0; f < ZKA_TEST_NUM_FIELDS && st == 0; f++) {
    const zka_test_field *F = &zka_test_fields[f];
    const size_t sz = F->size;
    unsigned char edges[ZKA_TEST_MAX_EDGES * sizeof(zka_bls12_381_fq2)];
    int ne = F->edges(edges);
    size_t n = 0;
    for (int i = 0; i < ne; i++)
      for (int j = 0; j < ne; j++, n++) {
        memcpy(host_a + n * sz, edges + i * sz, sz);
        memcpy(host_b + n * sz, edges + j * sz, sz);
      }
    for (long r = 0; r < n_random; r++, n++) {
      F->random(host_a + n * sz);
      F->random(host_b + n * sz);
    }
    printf("  %-14s", F->name);
    float ms_total = 0;
    for (const int *op = F->ops; *op >= 0; op++) {
      float ms = 0;
      st = zka_cuda_field_check_run(F->code, *op, host_a, host_b, host_out, n, &ms, why,
                                    sizeof why);
      CHECK(st == 0, "%s %s: CUDA error %d: %s", F->name, zka_test_op_names[*op], st, why);
      if (st != 0) break;
      ms_total += ms;
      long bad = 0;
      for (size_t i = 0; i < n; i++) {
        F->host_op(*op, host_a + i * sz, host_b + i * sz, expect + i * sz);
        if (memcmp(host_out + i * sz, expect + i * sz, sz) != 0 && bad++ < 3) {
          fprintf(stderr, "FAIL %s %s: element %zu (%s) differs from the host (limbs, most "
                  "significant first):\n", F->name, zka_test_op_names[*op], i,
                  i < (size_t)(ne * ne) ? "edge pair" : "random");
          zka_test_print_elem("a", host_a + i * sz, sz);
          zka_test_print_elem("b", host_b + i * sz, sz);
          zka_test_print_elem("device", host_out + i * sz, sz);
          zka_test_print_elem("host", expect + i * sz, sz);
        }
      }
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
