/* poseidon_bn254.c — the host circomlib Poseidon (include/zkaccel/hash.h zka_poseidon_bn254):
 * the algorithm of core/hash/poseidon_bn254.h (the optimized form of circomlibjs
 * src/poseidon_opt.js, constants from core/params/poseidon_bn254.h) on the host field
 * (core/field/field_host.h: ADX/MULX Montgomery products where the CPU has them).
 * tests/test_poseidon_bn254.c checks it against circomlibjs's outputs and against the
 * portable zka_poseidon_bn254_hash_ref. */
#include "core/hash/poseidon_bn254.h"

#include "core/field/field_host.h"
#include "zkaccel/hash.h"

/* x^5: two squarings and a product. */
static inline zka_bn254_fr zka_poseidon_bn254_pow5_h(zka_bn254_fr x) {
  zka_bn254_fr x4 = zka_bn254_fr_sqr_h(zka_bn254_fr_sqr_h(x));
  return zka_bn254_fr_mul_h(x, x4);
}

/* state = A * state, A the t x t row-major matrix at limb table tab + 4 * off. */
static inline void zka_poseidon_bn254_mix_h(zka_bn254_fr *state, int t, const zka_u64 *tab) {
  zka_bn254_fr mixed[ZKA_POSEIDON_BN254_T_MAX];
  for (int i = 0; i < t; i++) {
    const zka_u64 *row = tab + 4 * (size_t)(i * t);
    zka_bn254_fr acc = zka_bn254_fr_zero_h();
    for (int j = 0; j < t; j++) {
      const zka_bn254_fr a = {{row[4 * j], row[4 * j + 1], row[4 * j + 2], row[4 * j + 3]}};
      acc = zka_bn254_fr_add_h(acc, zka_bn254_fr_mul_h(a, state[j]));
    }
    mixed[i] = acc;
  }
  for (int i = 0; i < t; i++) state[i] = mixed[i];
}

/* Element e of a limb table. */
static inline zka_bn254_fr zka_poseidon_bn254_elem(const zka_u64 *tab, size_t e) {
  const zka_bn254_fr r = {{tab[4 * e], tab[4 * e + 1], tab[4 * e + 2], tab[4 * e + 3]}};
  return r;
}

/* The permutation of width t on state[0..t): core/hash/poseidon_bn254.h
 * zka_poseidon_bn254_permute_ref, step for step. */
static void zka_poseidon_bn254_permute_h(zka_bn254_fr *state, int t) {
  const int half_rounds = ZKA_POSEIDON_BN254_RF / 2;
  const int rp = (int)zka_poseidon_bn254_rp[t - 2];
  const zka_u64 *c = zka_poseidon_bn254_c + 4 * (size_t)zka_poseidon_bn254_c_off[t - 2];
  const zka_u64 *s = zka_poseidon_bn254_s + 4 * (size_t)zka_poseidon_bn254_s_off[t - 2];
  const zka_u64 *m = zka_poseidon_bn254_m + 4 * (size_t)zka_poseidon_bn254_m_off[t - 2];
  const zka_u64 *p = zka_poseidon_bn254_p + 4 * (size_t)zka_poseidon_bn254_m_off[t - 2];
  size_t ci = 0; /* next round constant */

  for (int i = 0; i < t; i++)
    state[i] = zka_bn254_fr_add_h(state[i], zka_poseidon_bn254_elem(c, ci++));
  for (int r = 0; r < half_rounds; r++) {
    for (int i = 0; i < t; i++) {
      state[i] =
          zka_bn254_fr_add_h(zka_poseidon_bn254_pow5_h(state[i]), zka_poseidon_bn254_elem(c, ci++));
    }
    zka_poseidon_bn254_mix_h(state, t, r == half_rounds - 1 ? p : m);
  }
  for (int r = 0; r < rp; r++) {
    const zka_u64 *w = s + 4 * (size_t)(r * (2 * t - 1));
    const zka_bn254_fr x0 =
        zka_bn254_fr_add_h(zka_poseidon_bn254_pow5_h(state[0]), zka_poseidon_bn254_elem(c, ci++));
    zka_bn254_fr acc = zka_bn254_fr_mul_h(zka_poseidon_bn254_elem(w, 0), x0);
    for (int j = 1; j < t; j++) {
      acc = zka_bn254_fr_add_h(acc,
                               zka_bn254_fr_mul_h(zka_poseidon_bn254_elem(w, (size_t)j), state[j]));
    }
    for (int k = 1; k < t; k++) {
      state[k] = zka_bn254_fr_add_h(
          state[k], zka_bn254_fr_mul_h(zka_poseidon_bn254_elem(w, (size_t)(t + k - 1)), x0));
    }
    state[0] = acc;
  }
  for (int r = 0; r < half_rounds; r++) {
    for (int i = 0; i < t; i++) {
      state[i] = zka_poseidon_bn254_pow5_h(state[i]);
      if (r < half_rounds - 1)
        state[i] = zka_bn254_fr_add_h(state[i], zka_poseidon_bn254_elem(c, ci++));
    }
    zka_poseidon_bn254_mix_h(state, t, m);
  }
}

zka_status zka_poseidon_bn254(zka_bn254_fr *out, const zka_bn254_fr *in, size_t k) {
  zka_bn254_fr state[ZKA_POSEIDON_BN254_T_MAX];
  if (out == NULL || in == NULL || k < 1 || k > ZKA_POSEIDON_BN254_MAX_INPUTS) {
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  state[0] = zka_bn254_fr_zero_h();
  for (size_t i = 0; i < k; i++) state[i + 1] = in[i];
  zka_poseidon_bn254_permute_h(state, (int)k + 1);
  *out = state[0];
  return ZKA_OK;
}
