/* ntt_ref.h — the independent reference for every NTT test: an O(n^2) DFT straight from
 * the definition in include/zkaccel/ntt.h, written over the public pointer API of the
 * fields (not the kernels under test), plus random inputs and the bit-reversal helper.
 * Use for n <= 2^12 or so; larger sizes are checked by round trips and against the CPU
 * backend. */
#ifndef ZKA_TESTS_NTT_REF_H
#define ZKA_TESTS_NTT_REF_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/backend.h"
#include "test_util.h"
#include "zkaccel/field.h"
#include "zkaccel/field_small.h"

/* Per-field operations on opaque elements of `size` bytes. */
typedef struct {
  zka_field_id id;
  size_t size;
  unsigned two_adicity;
  void (*add)(void *out, const void *a, const void *b);
  void (*mul)(void *out, const void *a, const void *b);
  void (*from_u64)(void *out, uint64_t v);
  zka_status (*inv)(void *out, const void *a);
  zka_status (*root)(void *out, unsigned log_n);
  void (*generator)(void *out);
  zka_status (*random)(void *out, zka_rng_fn rng, void *rng_ctx);
} zka_test_field_ops;

#define ZKA_TEST_FIELD_OPS(F, ID)                                                             \
  static void zka_tf_add_##F(void *o, const void *a, const void *b) { zka_##F##_add(o, a, b); } \
  static void zka_tf_mul_##F(void *o, const void *a, const void *b) { zka_##F##_mul(o, a, b); } \
  static void zka_tf_u64_##F(void *o, uint64_t v) { zka_##F##_from_u64(o, v); }              \
  static zka_status zka_tf_inv_##F(void *o, const void *a) { return zka_##F##_inv(o, a); }   \
  static zka_status zka_tf_root_##F(void *o, unsigned k) { return zka_##F##_root_of_unity(o, k); } \
  static void zka_tf_gen_##F(void *o) { zka_##F##_generator(o); }                            \
  static zka_status zka_tf_rand_##F(void *o, zka_rng_fn r, void *c) { return zka_##F##_random(o, r, c); } \
  __attribute__((unused)) static const zka_test_field_ops zka_tf_##F = {ID, sizeof(zka_##F), 0, zka_tf_add_##F,      \
                                                zka_tf_mul_##F, zka_tf_u64_##F, zka_tf_inv_##F, \
                                                zka_tf_root_##F, zka_tf_gen_##F, zka_tf_rand_##F};

ZKA_TEST_FIELD_OPS(bn254_fr, ZKA_FIELD_BN254_FR)
ZKA_TEST_FIELD_OPS(bls12_381_fr, ZKA_FIELD_BLS12_381_FR)
ZKA_TEST_FIELD_OPS(babybear, ZKA_FIELD_BABYBEAR)
ZKA_TEST_FIELD_OPS(goldilocks, ZKA_FIELD_GOLDILOCKS)

/* The four NTT fields, for loops over all of them. */
__attribute__((unused)) static const zka_test_field_ops *const zka_test_ntt_fields[4] = {
    &zka_tf_bn254_fr, &zka_tf_bls12_381_fr, &zka_tf_babybear, &zka_tf_goldilocks};

static inline const zka_test_field_ops *zka_test_field(zka_field_id id) {
  for (int i = 0; i < 4; i++)
    if (zka_test_ntt_fields[i]->id == id) return zka_test_ntt_fields[i];
  return NULL;
}

static inline size_t zka_test_bitrev(size_t i, unsigned log_n) {
  size_t r = 0;
  for (unsigned b = 0; b < log_n; b++) r |= ((i >> b) & 1u) << (log_n - 1 - b);
  return r;
}

/* Fill n elements with uniform random field elements. */
static inline void zka_test_random_elements(const zka_test_field_ops *f, void *data, size_t n,
                                            zka_test_rng *rng) {
  for (size_t i = 0; i < n; i++) {
    zka_status st = f->random((uint8_t *)data + i * f->size, zka_test_rng_fill, rng);
    if (st != ZKA_OK) abort();
  }
}

/* x^e for a small exponent, by square and multiply. */
static inline void zka_test_pow_u64(const zka_test_field_ops *f, void *out, const void *x,
                                    uint64_t e) {
  _Alignas(8) uint8_t acc[32], base[32];
  f->from_u64(acc, 1);
  memcpy(base, x, f->size);
  while (e) {
    if (e & 1) f->mul(acc, acc, base);
    f->mul(base, base, base);
    e >>= 1;
  }
  memcpy(out, acc, f->size);
}

/* The reference: job->batch transforms of data in place, O(n^2) each, from the definition.
 * Returns 0, or -1 when the job is malformed (the reference refuses, it never guesses). */
static inline int zka_test_ntt_ref(void *data, const zka_ntt_job *job) {
  const zka_test_field_ops *f = zka_test_field(job->field);
  if (!f || job->log_n > 16) return -1;
  size_t n = (size_t)1 << job->log_n, sz = f->size;
  uint8_t *in = malloc(n * sz), *out = malloc(n * sz);
  _Alignas(8) uint8_t w[32], s[32], term[32], wk[32], pt[32], ninv[32];
  if (!in || !out) abort();
  if (f->root(w, job->log_n) != ZKA_OK) abort();
  if (job->coset) memcpy(s, job->coset_shift, sz); else f->from_u64(s, 1);
  if (job->direction == ZKA_NTT_INVERSE) {
    if (f->inv(w, w) != ZKA_OK || f->inv(s, s) != ZKA_OK) abort();
    f->from_u64(ninv, n);
    if (f->inv(ninv, ninv) != ZKA_OK) abort();
  }
  for (size_t b = 0; b < job->batch; b++) {
    uint8_t *row = (uint8_t *)data + b * n * sz;
    for (size_t i = 0; i < n; i++) {  /* natural-order input */
      size_t src = job->input_order == ZKA_ORDER_BITREV ? zka_test_bitrev(i, job->log_n) : i;
      memcpy(in + i * sz, row + src * sz, sz);
    }
    for (size_t k = 0; k < n; k++) {
      _Alignas(8) uint8_t acc[32];
      f->from_u64(acc, 0);
      zka_test_pow_u64(f, wk, w, k);
      if (job->direction == ZKA_NTT_FORWARD) f->mul(pt, wk, s); /* evaluation point s*w^k */
      else memcpy(pt, wk, sz);
      _Alignas(8) uint8_t pj[32];
      f->from_u64(pj, 1);
      for (size_t j = 0; j < n; j++) {
        f->mul(term, in + j * sz, pj);
        f->add(acc, acc, term);
        f->mul(pj, pj, pt);
      }
      if (job->direction == ZKA_NTT_INVERSE) { /* X[k] = n^-1 s^-k sum_j Y[j] w^-jk */
        _Alignas(8) uint8_t sk[32];
        zka_test_pow_u64(f, sk, s, k);
        f->mul(acc, acc, sk);
        f->mul(acc, acc, ninv);
      }
      memcpy(out + k * sz, acc, sz);
    }
    for (size_t i = 0; i < n; i++) {  /* write in the requested output order */
      size_t src = job->output_order == ZKA_ORDER_BITREV ? zka_test_bitrev(i, job->log_n) : i;
      memcpy(row + i * sz, out + src * sz, sz);
    }
  }
  free(in);
  free(out);
  return 0;
}

#endif
