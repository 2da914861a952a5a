/* g16_internal.h — internal: the parsed forms of .zkey and .wtns files and the helpers the
 * Groth16 prover, verifier and CLI share. */
#ifndef ZKA_CIRCUITS_G16_INTERNAL_H
#define ZKA_CIRCUITS_G16_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "circuits/binfile.h"
#include "circuits/g16_curve.h"
#include "zkaccel/groth16.h"

/* zkey section ids (snarkjs src/zkey_utils.js) */
enum {
  ZKA_ZKEY_HEADER = 1,
  ZKA_ZKEY_GROTH16_HEADER = 2,
  ZKA_ZKEY_IC = 3,
  ZKA_ZKEY_COEFFS = 4,
  ZKA_ZKEY_POINTS_A = 5,
  ZKA_ZKEY_POINTS_B1 = 6,
  ZKA_ZKEY_POINTS_B2 = 7,
  ZKA_ZKEY_POINTS_C = 8,
  ZKA_ZKEY_POINTS_H = 9
};

/* The five point sets of a zkey, in this order. */
enum { ZKA_G16_SET_A, ZKA_G16_SET_B1, ZKA_G16_SET_B2, ZKA_G16_SET_C, ZKA_G16_SET_H, ZKA_G16_SETS };

struct zka_zkey {
  zka_binfile file;
  const zka_g16_curve *curve;
  zka_zkey_info info;
  /* header points, copied out (aligned): alpha1, beta1, delta1 (G1); beta2, gamma2, delta2 (G2) */
  _Alignas(8) uint8_t alpha1[ZKA_G16_MAX_G1_AFF], beta1[ZKA_G16_MAX_G1_AFF],
      delta1[ZKA_G16_MAX_G1_AFF];
  _Alignas(8) uint8_t beta2[ZKA_G16_MAX_G2_AFF], gamma2[ZKA_G16_MAX_G2_AFF],
      delta2[ZKA_G16_MAX_G2_AFF];
  const uint8_t *coefs; /* n_coefficients entries of 12 + 32 bytes */
  /* the point sets: in the file when it is 8-byte aligned there, else an aligned copy */
  const void *points[ZKA_G16_SETS];
  size_t counts[ZKA_G16_SETS];
  void *owned[ZKA_G16_SETS];
  const uint8_t *ic; /* n_public + 1 G1 points (raw, maybe unaligned) */
};

struct zka_wtns {
  zka_binfile file;
  const zka_g16_curve *curve;
  uint32_t count;
  const uint8_t *values; /* count x 32 bytes, canonical little-endian */
};

/* Run body(arg, t, nthreads) on nthreads threads (the caller's thread is one of them). */
void zka_g16_parallel(unsigned nthreads, void (*body)(void *arg, unsigned t, unsigned nt), void *arg);
unsigned zka_g16_threads(void);

#endif
