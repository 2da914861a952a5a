/* field_check_host.h — the host side shared by the cross-target field tests
 * (tests/test_opencl_field.c: kernels/opencl/field_check.cl on an OpenCL device;
 * tests/cuda_field_main.c: the same kernels through kernels/cuda/field_check.cu on CUDA).
 * Each test owns its device (pick, build/launch, skip or fail when there is none); this
 * header owns what the device results are compared with, so both check the same things:
 *
 *   zka_test_fields[]        the six fields (BN254 Fq/Fr, BLS12-381 Fq/Fr, BN254 and
 *                            BLS12-381 Fq2): name, ZKA_FC_* code (CUDA), OpenCL kernel name,
 *                            element size, the ops it has, and per field
 *     ->host_op(op, a, b, r)   the expected result, from the host `_ref` functions of
 *                              core/field/fields_portable.h (unknown op: the modulus, which
 *                              no correct device result equals);
 *     ->random(out)            a uniform fully reduced element (rejection sampling below p,
 *                              from zka_test_field_rng);
 *     ->edges(out)             the edge cases, returns how many (<= ZKA_TEST_MAX_EDGES):
 *                              prime fields 0, 1 in Montgomery form, the integers 1 and 2,
 *                              p-1, p-2, (p-1)/2, 2^64-1; Fq2 every (c0, c1) over
 *                              {0, Montgomery 1, p-1, 2^64-1} of the base field.
 *   zka_test_op_names[op]    "add", "sub", ... for the messages.
 *   zka_test_operand_bytes   the size of one operand/result array for n_random random pairs.
 *   zka_test_fill_operands   every ordered pair of edge cases, then n_random random pairs.
 *   zka_test_count_mismatches  recomputes every expected result, compares byte for byte,
 *                            prints the first 3 differing elements of an op (a, b, device,
 *                            host) and returns how many differ; the caller CHECKs it is 0.
 *   zka_test_now, zka_test_print_elem, zka_test_field_rng (seed it with zka_test_rng_init).
 *
 * Everything is static: include it in one translation unit, after defining
 * _POSIX_C_SOURCE 200809L (clock_gettime under -std=c11) ahead of any system header. */
#ifndef ZKA_TEST_FIELD_CHECK_HOST_H
#define ZKA_TEST_FIELD_CHECK_HOST_H
#include <time.h>

#include "core/field/fields_portable.h"
#define ZKA_FIELD_CHECK_CODES_ONLY
#include "kernels/opencl/field_check.cl"
#include "test_util.h"

static zka_test_rng zka_test_field_rng;

static double zka_test_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- the host side of each field: operands and expected results ------------------------ */

typedef struct {
  const char *name;
  int code;            /* ZKA_FC_* (the CUDA launcher's field argument) */
  const char *kernel;  /* the OpenCL kernel: zka_field_check_<name> */
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

/* Per prime field F: the host computation, a uniform random element (rejection sampling
 * below p) and the edge cases. */
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
      for (int i = 0; i < N; i++) x.l[i] = zka_test_next(&zka_test_field_rng);             \
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
  {#F, CODE, "zka_field_check_" #F, sizeof(zka_##F), OPS, zka_test_host_##F,               \
   zka_test_random_##F, zka_test_edges_##F}

static const zka_test_field zka_test_fields[] = {
    ZKA_TEST_FIELD_ENTRY(bn254_fq, ZKA_FC_BN254_FQ, zka_test_prime_ops),
    ZKA_TEST_FIELD_ENTRY(bn254_fr, ZKA_FC_BN254_FR, zka_test_prime_ops),
    ZKA_TEST_FIELD_ENTRY(bls12_381_fq, ZKA_FC_BLS12_381_FQ, zka_test_prime_ops),
    ZKA_TEST_FIELD_ENTRY(bls12_381_fr, ZKA_FC_BLS12_381_FR, zka_test_prime_ops),
    ZKA_TEST_FIELD_ENTRY(bn254_fq2, ZKA_FC_BN254_FQ2, zka_test_fp2_ops),
    ZKA_TEST_FIELD_ENTRY(bls12_381_fq2, ZKA_FC_BLS12_381_FQ2, zka_test_fp2_ops),
};
#define ZKA_TEST_NUM_FIELDS ((int)(sizeof zka_test_fields / sizeof zka_test_fields[0]))

/* Bytes for one operand/result array: every edge pair plus n_random, at the largest size. */
static size_t zka_test_operand_bytes(long n_random) {
  return (size_t)(ZKA_TEST_MAX_EDGES * ZKA_TEST_MAX_EDGES + n_random) * sizeof(zka_bls12_381_fq2);
}

/* Operands for F: every ordered pair of its edge cases, then n_random random pairs, into
 * a and b (each zka_test_operand_bytes(n_random) long).  Returns how many pairs; *ne gets
 * the number of edge cases (the first ne * ne pairs are the edge pairs). */
static size_t zka_test_fill_operands(const zka_test_field *F, unsigned char *a, unsigned char *b,
                                     long n_random, int *ne) {
  const size_t sz = F->size;
  unsigned char edges[ZKA_TEST_MAX_EDGES * sizeof(zka_bls12_381_fq2)];
  *ne = F->edges(edges);
  size_t n = 0;
  for (int i = 0; i < *ne; i++)
    for (int j = 0; j < *ne; j++, n++) {
      memcpy(a + n * sz, edges + i * sz, sz);
      memcpy(b + n * sz, edges + j * sz, sz);
    }
  for (long r = 0; r < n_random; r++, n++) {
    F->random(a + n * sz);
    F->random(b + n * sz);
  }
  return n;
}

static void zka_test_print_elem(const char *label, const unsigned char *p, size_t size) {
  fprintf(stderr, "    %-8s 0x", label);
  for (size_t i = size; i > 0; i--) {
    fprintf(stderr, "%02x", p[i - 1]);
    if ((i - 1) % 8 == 0 && i > 1) fprintf(stderr, "_");
  }
  fprintf(stderr, "\n");
}

/* The device's results `out` of op on the n pairs (a, b) of F against the host's, computed
 * into `expect`: prints the first 3 that differ (limbs, most significant first) and returns
 * how many differ.  ne: the edge-case count zka_test_fill_operands gave (for the messages). */
static long zka_test_count_mismatches(const zka_test_field *F, int op, int ne,
                                      const unsigned char *a, const unsigned char *b,
                                      const unsigned char *out, unsigned char *expect,
                                      size_t n) {
  const size_t sz = F->size;
  long bad = 0;
  for (size_t i = 0; i < n; i++) {
    F->host_op(op, a + i * sz, b + i * sz, expect + i * sz);
    if (memcmp(out + i * sz, expect + i * sz, sz) != 0 && bad++ < 3) {
      fprintf(stderr, "FAIL %s %s: element %zu (%s) differs from the host (limbs, most "
              "significant first):\n", F->name, zka_test_op_names[op], i,
              i < (size_t)(ne * ne) ? "edge pair" : "random");
      zka_test_print_elem("a", a + i * sz, sz);
      zka_test_print_elem("b", b + i * sz, sz);
      zka_test_print_elem("device", out + i * sz, sz);
      zka_test_print_elem("host", expect + i * sz, sz);
    }
  }
  return bad;
}

#endif /* ZKA_TEST_FIELD_CHECK_HOST_H */
