/* poseidon2.h — the portable Poseidon2 permutations (host C, OpenCL C 1.2, CUDA, HLS C):
 *
 *   zka_poseidon2_babybear16_permute_ref(zka_babybear st[16])     t = 16, R_F = 8, R_P = 13
 *   zka_poseidon2_babybear24_permute_ref(zka_babybear st[24])     t = 24, R_F = 8, R_P = 21
 *   zka_poseidon2_goldilocks8_permute_ref(zka_goldilocks st[8])   t = 8,  R_F = 8, R_P = 22
 *   zka_poseidon2_goldilocks12_permute_ref(zka_goldilocks st[12]) t = 12, R_F = 8, R_P = 22
 *
 * Poseidon2 (Grassi, Khovratovich, Schofnegger, eprint 2023/323) with the HorizenLabs
 * reference parameters (github.com/HorizenLabs/poseidon2, plain_implementations/src/poseidon2/
 * poseidon2.rs and poseidon2_instance_{babybear,goldilocks}.rs); constants in
 * core/params/poseidon2_{babybear,goldilocks}.h (tools/gen_poseidon2_params.py).
 *
 * The permutation, as the reference computes it:
 *   x = M_E x                                      (linear layer first, paper §5.1)
 *   4 full rounds:    x_i += c_r,i; x_i = x_i^7 for all i; x = M_E x
 *   R_P partial rounds: x_0 += c_r; x_0 = x_0^7; x = M_I x
 *   4 full rounds as above.
 * S-box x^7: gcd(7, p - 1) = 1 for both fields (BabyBear p - 1 = 2^27·3·5, Goldilocks
 * p - 1 = 2^32·3·5·17·257·65537), the smallest such exponent.
 * M_E (t = 4k): circ(2·M4, M4, ..., M4) = M4 applied to each 4-block, then each element
 * gets the sum of its column position over all blocks (paper §5.1), with
 *   M4 = [[5,7,1,3],[4,6,1,1],[1,3,5,7],[1,1,4,6]]   (paper eq. (2), "cheap" 8-addition form).
 * M_I = 1·1^T + diag(MAT_DIAG_M_1): x_i = x_i·d_i + sum(x) (paper §5.2).
 *
 * Element forms: BabyBear in Montgomery form (core/field/babybear.h), Goldilocks canonical;
 * the tables hold the constants in those forms.  Every function takes a private array by
 * pointer (OpenCL private address space) and uses bounded loops only.
 */
#ifndef ZKA_CORE_HASH_POSEIDON2_H
#define ZKA_CORE_HASH_POSEIDON2_H
#include "../field/small_fields_portable.h"
#include "../params/poseidon2_babybear.h"
#include "../params/poseidon2_goldilocks.h"

/* The permutations read ZKA_CONST_TABLE tables, which CUDA places in __device__ memory that
 * host code cannot read: there they are device-only (host callers use the host build). */
#if defined(ZKA_TARGET_CUDA)
#define ZKA_POSEIDON2_FN static __device__ __forceinline__
#else
#define ZKA_POSEIDON2_FN ZKA_INLINE
#endif

/* ---- BabyBear ------------------------------------------------------------------------- */

ZKA_INLINE zka_babybear zka_poseidon2_babybear_sbox_ref(zka_babybear x) {
  zka_babybear x2 = zka_babybear_sqr_ref(x);
  zka_babybear x3 = zka_babybear_mul_ref(x2, x);
  zka_babybear x6 = zka_babybear_sqr_ref(x3);
  return zka_babybear_mul_ref(x6, x); /* x^7 in 4 multiplications */
}

/* M4 on st[0..4) in the reference's 8-addition chain (paper eq. (2)). */
ZKA_INLINE void zka_poseidon2_babybear_m4_ref(zka_babybear *st) {
  zka_babybear t0 = zka_babybear_add_ref(st[0], st[1]);
  zka_babybear t1 = zka_babybear_add_ref(st[2], st[3]);
  zka_babybear t2 = zka_babybear_add_ref(zka_babybear_dbl_ref(st[1]), t1);
  zka_babybear t3 = zka_babybear_add_ref(zka_babybear_dbl_ref(st[3]), t0);
  zka_babybear t4 = zka_babybear_add_ref(zka_babybear_dbl_ref(zka_babybear_dbl_ref(t1)), t3);
  zka_babybear t5 = zka_babybear_add_ref(zka_babybear_dbl_ref(zka_babybear_dbl_ref(t0)), t2);
  st[0] = zka_babybear_add_ref(t3, t5);
  st[1] = t5;
  st[2] = zka_babybear_add_ref(t2, t4);
  st[3] = t4;
}

/* M_E for t = 4k (k = t/4 blocks). */
ZKA_INLINE void zka_poseidon2_babybear_external_ref(zka_babybear *st, int t) {
  zka_babybear col[4];
  for (int b = 0; b < t; b += 4) zka_poseidon2_babybear_m4_ref(st + b);
  for (int l = 0; l < 4; l++) {
    col[l] = st[l];
    for (int b = 4; b < t; b += 4) col[l] = zka_babybear_add_ref(col[l], st[b + l]);
  }
  for (int i = 0; i < t; i++) st[i] = zka_babybear_add_ref(st[i], col[i & 3]);
}

/* One full round with constants rc[0..t). */
#define ZKA_POSEIDON2_BABYBEAR_FULL_ROUND_(st, t, rc)                                  \
  do {                                                                                 \
    for (int i_ = 0; i_ < (t); i_++)                                                   \
      (st)[i_] = zka_poseidon2_babybear_sbox_ref(                                      \
          zka_babybear_add_ref((st)[i_], zka_babybear_make_ref((rc)[i_])));            \
    zka_poseidon2_babybear_external_ref((st), (t));                                    \
  } while (0)

/* One partial round: constant c, then M_I with diagonal diag[0..t). */
#define ZKA_POSEIDON2_BABYBEAR_PARTIAL_ROUND_(st, t, c, diag)                          \
  do {                                                                                 \
    zka_babybear sum_;                                                                 \
    (st)[0] = zka_poseidon2_babybear_sbox_ref(                                         \
        zka_babybear_add_ref((st)[0], zka_babybear_make_ref(c)));                      \
    sum_ = (st)[0];                                                                    \
    for (int i_ = 1; i_ < (t); i_++) sum_ = zka_babybear_add_ref(sum_, (st)[i_]);      \
    for (int i_ = 0; i_ < (t); i_++)                                                   \
      (st)[i_] = zka_babybear_add_ref(                                                 \
          zka_babybear_mul_ref((st)[i_], zka_babybear_make_ref((diag)[i_])), sum_);    \
  } while (0)

/* The macros above expand inside each instance so that the __constant tables are read
 * directly (OpenCL 1.2 cannot pass a __constant table through a private pointer). */
ZKA_POSEIDON2_FN void zka_poseidon2_babybear16_permute_ref(zka_babybear st[16]) {
  const int t = 16, rf_half = ZKA_POSEIDON2_BABYBEAR16_RF / 2;
  zka_poseidon2_babybear_external_ref(st, t);
  for (int r = 0; r < rf_half; r++)
    ZKA_POSEIDON2_BABYBEAR_FULL_ROUND_(st, t, zka_poseidon2_babybear16_rc_ext + r * 16);
  for (int r = 0; r < ZKA_POSEIDON2_BABYBEAR16_RP; r++)
    ZKA_POSEIDON2_BABYBEAR_PARTIAL_ROUND_(st, t, zka_poseidon2_babybear16_rc_int[r],
                                          zka_poseidon2_babybear16_diag_m_1);
  for (int r = rf_half; r < 2 * rf_half; r++)
    ZKA_POSEIDON2_BABYBEAR_FULL_ROUND_(st, t, zka_poseidon2_babybear16_rc_ext + r * 16);
}

ZKA_POSEIDON2_FN void zka_poseidon2_babybear24_permute_ref(zka_babybear st[24]) {
  const int t = 24, rf_half = ZKA_POSEIDON2_BABYBEAR24_RF / 2;
  zka_poseidon2_babybear_external_ref(st, t);
  for (int r = 0; r < rf_half; r++)
    ZKA_POSEIDON2_BABYBEAR_FULL_ROUND_(st, t, zka_poseidon2_babybear24_rc_ext + r * 24);
  for (int r = 0; r < ZKA_POSEIDON2_BABYBEAR24_RP; r++)
    ZKA_POSEIDON2_BABYBEAR_PARTIAL_ROUND_(st, t, zka_poseidon2_babybear24_rc_int[r],
                                          zka_poseidon2_babybear24_diag_m_1);
  for (int r = rf_half; r < 2 * rf_half; r++)
    ZKA_POSEIDON2_BABYBEAR_FULL_ROUND_(st, t, zka_poseidon2_babybear24_rc_ext + r * 24);
}

/* ---- Goldilocks ----------------------------------------------------------------------- */

ZKA_INLINE zka_goldilocks zka_poseidon2_goldilocks_sbox_ref(zka_goldilocks x) {
  zka_goldilocks x2 = zka_goldilocks_sqr_ref(x);
  zka_goldilocks x3 = zka_goldilocks_mul_ref(x2, x);
  zka_goldilocks x6 = zka_goldilocks_sqr_ref(x3);
  return zka_goldilocks_mul_ref(x6, x);
}

ZKA_INLINE void zka_poseidon2_goldilocks_m4_ref(zka_goldilocks *st) {
  zka_goldilocks t0 = zka_goldilocks_add_ref(st[0], st[1]);
  zka_goldilocks t1 = zka_goldilocks_add_ref(st[2], st[3]);
  zka_goldilocks t2 = zka_goldilocks_add_ref(zka_goldilocks_dbl_ref(st[1]), t1);
  zka_goldilocks t3 = zka_goldilocks_add_ref(zka_goldilocks_dbl_ref(st[3]), t0);
  zka_goldilocks t4 =
      zka_goldilocks_add_ref(zka_goldilocks_dbl_ref(zka_goldilocks_dbl_ref(t1)), t3);
  zka_goldilocks t5 =
      zka_goldilocks_add_ref(zka_goldilocks_dbl_ref(zka_goldilocks_dbl_ref(t0)), t2);
  st[0] = zka_goldilocks_add_ref(t3, t5);
  st[1] = t5;
  st[2] = zka_goldilocks_add_ref(t2, t4);
  st[3] = t4;
}

ZKA_INLINE void zka_poseidon2_goldilocks_external_ref(zka_goldilocks *st, int t) {
  zka_goldilocks col[4];
  for (int b = 0; b < t; b += 4) zka_poseidon2_goldilocks_m4_ref(st + b);
  for (int l = 0; l < 4; l++) {
    col[l] = st[l];
    for (int b = 4; b < t; b += 4) col[l] = zka_goldilocks_add_ref(col[l], st[b + l]);
  }
  for (int i = 0; i < t; i++) st[i] = zka_goldilocks_add_ref(st[i], col[i & 3]);
}

#define ZKA_POSEIDON2_GOLDILOCKS_FULL_ROUND_(st, t, rc)                                \
  do {                                                                                 \
    for (int i_ = 0; i_ < (t); i_++)                                                   \
      (st)[i_] = zka_poseidon2_goldilocks_sbox_ref(                                    \
          zka_goldilocks_add_ref((st)[i_], zka_goldilocks_make_ref((rc)[i_])));        \
    zka_poseidon2_goldilocks_external_ref((st), (t));                                  \
  } while (0)

#define ZKA_POSEIDON2_GOLDILOCKS_PARTIAL_ROUND_(st, t, c, diag)                        \
  do {                                                                                 \
    zka_goldilocks sum_;                                                               \
    (st)[0] = zka_poseidon2_goldilocks_sbox_ref(                                       \
        zka_goldilocks_add_ref((st)[0], zka_goldilocks_make_ref(c)));                  \
    sum_ = (st)[0];                                                                    \
    for (int i_ = 1; i_ < (t); i_++) sum_ = zka_goldilocks_add_ref(sum_, (st)[i_]);    \
    for (int i_ = 0; i_ < (t); i_++)                                                   \
      (st)[i_] = zka_goldilocks_add_ref(                                               \
          zka_goldilocks_mul_ref((st)[i_], zka_goldilocks_make_ref((diag)[i_])), sum_); \
  } while (0)

ZKA_POSEIDON2_FN void zka_poseidon2_goldilocks8_permute_ref(zka_goldilocks st[8]) {
  const int t = 8, rf_half = ZKA_POSEIDON2_GOLDILOCKS8_RF / 2;
  zka_poseidon2_goldilocks_external_ref(st, t);
  for (int r = 0; r < rf_half; r++)
    ZKA_POSEIDON2_GOLDILOCKS_FULL_ROUND_(st, t, zka_poseidon2_goldilocks8_rc_ext + r * 8);
  for (int r = 0; r < ZKA_POSEIDON2_GOLDILOCKS8_RP; r++)
    ZKA_POSEIDON2_GOLDILOCKS_PARTIAL_ROUND_(st, t, zka_poseidon2_goldilocks8_rc_int[r],
                                            zka_poseidon2_goldilocks8_diag_m_1);
  for (int r = rf_half; r < 2 * rf_half; r++)
    ZKA_POSEIDON2_GOLDILOCKS_FULL_ROUND_(st, t, zka_poseidon2_goldilocks8_rc_ext + r * 8);
}

ZKA_POSEIDON2_FN void zka_poseidon2_goldilocks12_permute_ref(zka_goldilocks st[12]) {
  const int t = 12, rf_half = ZKA_POSEIDON2_GOLDILOCKS12_RF / 2;
  zka_poseidon2_goldilocks_external_ref(st, t);
  for (int r = 0; r < rf_half; r++)
    ZKA_POSEIDON2_GOLDILOCKS_FULL_ROUND_(st, t, zka_poseidon2_goldilocks12_rc_ext + r * 12);
  for (int r = 0; r < ZKA_POSEIDON2_GOLDILOCKS12_RP; r++)
    ZKA_POSEIDON2_GOLDILOCKS_PARTIAL_ROUND_(st, t, zka_poseidon2_goldilocks12_rc_int[r],
                                            zka_poseidon2_goldilocks12_diag_m_1);
  for (int r = rf_half; r < 2 * rf_half; r++)
    ZKA_POSEIDON2_GOLDILOCKS_FULL_ROUND_(st, t, zka_poseidon2_goldilocks12_rc_ext + r * 12);
}

#endif /* ZKA_CORE_HASH_POSEIDON2_H */
