/* g16_curve.h — internal: the curve operations the Groth16 prover and verifier need, as one
 * table per curve, so that the protocol code is written once for BN254 and BLS12-381.
 * Every pointer argument is the curve's own type (curve.h, field.h) behind a void *. */
#ifndef ZKA_CIRCUITS_G16_CURVE_H
#define ZKA_CIRCUITS_G16_CURVE_H
#include <stddef.h>
#include <stdint.h>

#include "zkaccel/device.h"
#include "zkaccel/groth16.h"
#include "zkaccel/msm.h"

/* Largest sizes over both curves (BLS12-381), for stack buffers. */
#define ZKA_G16_MAX_FQ 48
#define ZKA_G16_MAX_G1_AFF (2 * 48)
#define ZKA_G16_MAX_G1_JAC (3 * 48)
#define ZKA_G16_MAX_G2_AFF (4 * 48)
#define ZKA_G16_MAX_G2_JAC (6 * 48)

typedef struct {
  zka_curve_id id;
  const char *snarkjs_name;   /* "bn128", "bls12381" */
  uint32_t n8q;               /* base-field bytes (32, 48) */
  const uint8_t *q_le;        /* the base-field modulus, n8q bytes little-endian */
  const uint8_t *r_le;        /* the group order, 32 bytes little-endian */
  size_t g1_aff, g1_jac, g2_aff, g2_jac;
  zka_group_id g1, g2;
  zka_field_id fr_field;

  /* Fr (32-byte Montgomery form) */
  void (*fr_mul)(void *out, const void *a, const void *b);
  void (*fr_add)(void *out, const void *a, const void *b);
  void (*fr_sub)(void *out, const void *a, const void *b);
  void (*fr_to_bytes_le)(uint8_t out[32], const void *a);
  zka_status (*fr_from_bytes_le)(void *out, const uint8_t in[32]);
  zka_status (*fr_random)(void *out, zka_rng_fn rng, void *rng_ctx);
  void (*fr_pow)(void *out, const void *a, const uint64_t *e, size_t limbs);
  int (*fr_legendre)(const void *a);
  void (*fr_from_u64)(void *out, uint64_t v);
  zka_status (*fr_to_decimal)(char *out, size_t cap, const void *a);
  zka_status (*fr_from_decimal)(void *out, const char *s, size_t len, zka_ctx *ctx);
  int (*fr_eq)(const void *a, const void *b);

  /* Fq: canonical range check of one raw (Montgomery) coordinate; decimal of a coordinate */
  zka_status (*fq_to_decimal)(char *out, size_t cap, const void *a);

  /* G1 and G2 (index 0 and 1) */
  struct {
    int (*is_on_curve)(const void *aff);
    int (*in_subgroup)(const void *aff);
    int (*is_infinity)(const void *aff);
    void (*to_jac)(void *jac, const void *aff);
    void (*to_aff)(void *aff, const void *jac);
    void (*add)(void *out, const void *a, const void *b);
    void (*add_mixed)(void *out, const void *a, const void *aff);
    void (*neg)(void *out, const void *jac);
    void (*affine_neg)(void *out, const void *aff);
    void (*mul_var)(void *out, const void *jac, const uint8_t scalar_le[32]);
    zka_status (*from_json)(void *aff, const char *json, size_t len, zka_ctx *ctx);
  } g[2];

  /* 1 when prod e(p[i], q[i]) = 1 */
  int (*pairing_check)(const void *p, const void *q, size_t n);
} zka_g16_curve;

/** The table for c, or NULL. */
const zka_g16_curve *zka_g16_curve_get(zka_curve_id c);
/** The curve whose q (n8q bytes, little-endian) this is, or NULL. */
const zka_g16_curve *zka_g16_curve_by_q(const uint8_t *q, uint32_t n8q);
/** The curve whose r (32 bytes) this is, or NULL. */
const zka_g16_curve *zka_g16_curve_by_r(const uint8_t *r, uint32_t n8r);
/** 1 when the raw little-endian n8q-byte coordinate is below q. */
int zka_g16_fq_raw_in_range(const zka_g16_curve *c, const uint8_t *raw);
/** snarkjs's primitive 2^k-th root of unity in Fr (Montgomery form): w = nqr^t squared
 *  (s - k) times, nqr the smallest quadratic non-residue (ffjavascript / wasmcurves). */
zka_status zka_g16_snarkjs_root(const zka_g16_curve *c, void *out, uint32_t k);
/** k with ours^k = snarkjs's root at every size 2^log (k odd); ours = zka_F_root_of_unity. */
zka_status zka_g16_root_exponent(const zka_g16_curve *c, uint32_t log_n, uint64_t *k, zka_ctx *ctx);

#endif
