/* poseidon_bn254.h — the portable circomlib Poseidon over BN254 Fr: zka_poseidon_bn254_hash_ref
 * (k = 1..16 inputs, width t = k + 1) and the permutation under it.  Compiles as host C11,
 * OpenCL C 1.2, CUDA and HLS C (kernels/common/zka_target.h): the state is a private array
 * of ZKA_POSEIDON_BN254_T_MAX elements, field elements by value through
 * core/field/fields_portable.h (zka_bn254_fr_*_ref), constants from the generated
 * core/params/poseidon_bn254.h as ZKA_CONST_TABLE arrays of plain 64-bit limbs.
 *
 * What it computes (include/zkaccel/hash.h, ZKA_HASH_POSEIDON_BN254): circomlibjs
 * poseidon([x1..xk]) (iden3/circomlibjs src/poseidon_reference.js; the circuit is iden3/circomlib
 * circuits/poseidon.circom): state = (0, x1, .., xk), R_F = 8 full rounds (S-box x^5 on every
 * element) around R_P[t - 2] partial rounds (x^5 on state[0] only), each round adding round
 * constants and multiplying by the MDS matrix; the hash is state[0] at the end.
 *
 * It evaluates the equivalent optimized form of circomlibjs src/poseidon_opt.js (Poseidon
 * paper, eprint 2019/458, Appendix B): the partial rounds' constants are moved so that each
 * partial round adds one constant to state[0] and multiplies by a sparse matrix (2t - 1
 * products instead of t^2); the last first-half full round uses the pre-sparse matrix P.
 * Per hash: R_F * t + R_P S-boxes (3 products each) and R_F * t^2 + R_P * (2t - 1)
 * products in the linear layers (t = 3: 600 products in all, 828 in the reference form;
 * t = 17: 5 168 against 22 576).
 *
 * Field elements are in Montgomery form (zkaccel's in-memory form) and must be reduced
 * (< r); the output is reduced.  Constant-time in the inputs (no data-dependent branches;
 * k is public).
 *
 * Table size: all of t = 2..17 is 24 060 elements (752 KiB).  A device kernel that only needs
 * small widths defines ZKA_POSEIDON_BN254_MAX_T before including this header (e.g. 3 for
 * Merkle compression: 20 KiB, inside OpenCL's minimum 64 KiB __constant budget); then k must
 * be at most MAX_T - 1 (larger k returns zero; the host code never sets MAX_T).  Measured
 * on PoCL (CPU): a kernel with every t builds in 4.7 s cold, MAX_T = 3 in 2.9 s, and both
 * give the host's hashes.  On CUDA these functions are __device__ only (see below).
 */
#ifndef ZKA_HASH_POSEIDON_BN254_H
#define ZKA_HASH_POSEIDON_BN254_H
#include "../../kernels/common/zka_target.h"
#include "../field/fields_portable.h"
#include "../params/poseidon_bn254.h"

/* On CUDA the tables are __device__ arrays, which nvcc's host pass cannot read: these
 * functions are device-only there (host code uses the C build, core/hash/poseidon_bn254.c;
 * a host copy of 752 KiB per .cu object is not worth it). */
#if defined(ZKA_TARGET_CUDA)
#define ZKA_POSEIDON_BN254_INLINE static __device__ __forceinline__
#else
#define ZKA_POSEIDON_BN254_INLINE ZKA_INLINE
#endif

/** Widest state (t = 17, 16 inputs) and the most inputs. */
#define ZKA_POSEIDON_BN254_T_MAX 17
#define ZKA_POSEIDON_BN254_MAX_INPUTS 16

/* Per t = 2..17: partial rounds and element offsets into the four constant tables. */
ZKA_CONST_TABLE zka_u32 zka_poseidon_bn254_rp[16] = {ZKA_POSEIDON_BN254_RP_VALUES};
ZKA_CONST_TABLE zka_u32 zka_poseidon_bn254_c_off[16] = {ZKA_POSEIDON_BN254_C_OFF_VALUES};
ZKA_CONST_TABLE zka_u32 zka_poseidon_bn254_s_off[16] = {ZKA_POSEIDON_BN254_S_OFF_VALUES};
ZKA_CONST_TABLE zka_u32 zka_poseidon_bn254_m_off[16] = {ZKA_POSEIDON_BN254_M_OFF_VALUES};

/* Element e of each table as a field element (the tables hold plain limbs so that every
 * target can place them in its constant memory). */
ZKA_POSEIDON_BN254_INLINE zka_bn254_fr zka_poseidon_bn254_c_at(zka_u32 e) {
  zka_bn254_fr r;
  for (int i = 0; i < 4; i++) r.l[i] = zka_poseidon_bn254_c[4 * e + (zka_u32)i];
  return r;
}
ZKA_POSEIDON_BN254_INLINE zka_bn254_fr zka_poseidon_bn254_s_at(zka_u32 e) {
  zka_bn254_fr r;
  for (int i = 0; i < 4; i++) r.l[i] = zka_poseidon_bn254_s[4 * e + (zka_u32)i];
  return r;
}
ZKA_POSEIDON_BN254_INLINE zka_bn254_fr zka_poseidon_bn254_m_at(zka_u32 e) {
  zka_bn254_fr r;
  for (int i = 0; i < 4; i++) r.l[i] = zka_poseidon_bn254_m[4 * e + (zka_u32)i];
  return r;
}
ZKA_POSEIDON_BN254_INLINE zka_bn254_fr zka_poseidon_bn254_p_at(zka_u32 e) {
  zka_bn254_fr r;
  for (int i = 0; i < 4; i++) r.l[i] = zka_poseidon_bn254_p[4 * e + (zka_u32)i];
  return r;
}

/* x^5: two squarings and a product. */
ZKA_POSEIDON_BN254_INLINE zka_bn254_fr zka_poseidon_bn254_pow5_ref(zka_bn254_fr x) {
  zka_bn254_fr x4 = zka_bn254_fr_sqr_ref(zka_bn254_fr_sqr_ref(x));
  return zka_bn254_fr_mul_ref(x, x4);
}

/* state = A * state for the t x t row-major matrix at element offset off of M (use_p == 0)
 * or P (use_p != 0). */
ZKA_POSEIDON_BN254_INLINE void zka_poseidon_bn254_mix_ref(zka_bn254_fr *state, int t, zka_u32 off,
                                                          int use_p) {
  zka_bn254_fr mixed[ZKA_POSEIDON_BN254_T_MAX];
  for (int i = 0; i < t; i++) {
    zka_bn254_fr acc = zka_bn254_fr_zero_ref();
    for (int j = 0; j < t; j++) {
      zka_u32 e = off + (zka_u32)(i * t + j);
      zka_bn254_fr a = use_p ? zka_poseidon_bn254_p_at(e) : zka_poseidon_bn254_m_at(e);
      acc = zka_bn254_fr_add_ref(acc, zka_bn254_fr_mul_ref(a, state[j]));
    }
    mixed[i] = acc;
  }
  for (int i = 0; i < t; i++) state[i] = mixed[i];
}

/** The circomlib Poseidon permutation of width t (2..17, and <= ZKA_POSEIDON_BN254_MAX_T)
 *  on state[0..t), in place.  state: a private array of at least t elements. */
ZKA_POSEIDON_BN254_INLINE void zka_poseidon_bn254_permute_ref(zka_bn254_fr *state, int t) {
  const int half_rounds = ZKA_POSEIDON_BN254_RF / 2;
  const zka_u32 rp = zka_poseidon_bn254_rp[t - 2];
  const zka_u32 c0 = zka_poseidon_bn254_c_off[t - 2];
  const zka_u32 s0 = zka_poseidon_bn254_s_off[t - 2];
  const zka_u32 m0 = zka_poseidon_bn254_m_off[t - 2]; /* M and P share offsets */
  zka_u32 c = c0;                                     /* next round constant */

  for (int i = 0; i < t; i++)
    state[i] = zka_bn254_fr_add_ref(state[i], zka_poseidon_bn254_c_at(c++));
  /* First half of the full rounds: S-box, then the next round's constants (moved before
   * the linear layer), then M; the last of them multiplies by P instead. */
  for (int r = 0; r < half_rounds; r++) {
    for (int i = 0; i < t; i++) {
      state[i] =
          zka_bn254_fr_add_ref(zka_poseidon_bn254_pow5_ref(state[i]), zka_poseidon_bn254_c_at(c++));
    }
    zka_poseidon_bn254_mix_ref(state, t, m0, r == half_rounds - 1);
  }
  /* Partial rounds: x^5 on state[0], one constant, the sparse matrix
   *   new0 = sum_j S[j] * s[j],  s[k] += S[t + k - 1] * s0  (k = 1..t-1). */
  for (zka_u32 r = 0; r < rp; r++) {
    const zka_u32 w = s0 + r * (zka_u32)(2 * t - 1);
    zka_bn254_fr x0 =
        zka_bn254_fr_add_ref(zka_poseidon_bn254_pow5_ref(state[0]), zka_poseidon_bn254_c_at(c++));
    zka_bn254_fr acc = zka_bn254_fr_mul_ref(zka_poseidon_bn254_s_at(w), x0);
    for (int j = 1; j < t; j++) {
      acc = zka_bn254_fr_add_ref(
          acc, zka_bn254_fr_mul_ref(zka_poseidon_bn254_s_at(w + (zka_u32)j), state[j]));
    }
    for (int k = 1; k < t; k++) {
      state[k] = zka_bn254_fr_add_ref(
          state[k], zka_bn254_fr_mul_ref(zka_poseidon_bn254_s_at(w + (zka_u32)(t + k - 1)), x0));
    }
    state[0] = acc;
  }
  /* Second half: S-box, constants (none after the last S-box), M. */
  for (int r = 0; r < half_rounds; r++) {
    for (int i = 0; i < t; i++) {
      state[i] = zka_poseidon_bn254_pow5_ref(state[i]);
      if (r < half_rounds - 1)
        state[i] = zka_bn254_fr_add_ref(state[i], zka_poseidon_bn254_c_at(c++));
    }
    zka_poseidon_bn254_mix_ref(state, t, m0, 0);
  }
}

/** circomlibjs poseidon(in[0..k)) for k = 1..16 (k <= ZKA_POSEIDON_BN254_MAX_T - 1): the
 *  permutation of (0, in[0], .., in[k-1]) with t = k + 1, output state[0].  in: a private
 *  array (copy global data in first on OpenCL).  Returns zero for a k out of range; callers
 *  validate k (the host API returns ZKA_ERR_INVALID_ARGUMENT). */
ZKA_POSEIDON_BN254_INLINE zka_bn254_fr zka_poseidon_bn254_hash_ref(const zka_bn254_fr *in, int k) {
  zka_bn254_fr state[ZKA_POSEIDON_BN254_T_MAX];
  if (k < 1 || k > ZKA_POSEIDON_BN254_MAX_T - 1) return zka_bn254_fr_zero_ref();
  state[0] = zka_bn254_fr_zero_ref();
  for (int i = 0; i < k; i++) state[i + 1] = in[i];
  zka_poseidon_bn254_permute_ref(state, k + 1);
  return state[0];
}

#endif
