/* poseidon2.c — the public Poseidon2 permutations of include/zkaccel/hash.h and the host
 * sponge / compression (core/hash/poseidon2_host.h), over the portable reference
 * permutations of core/hash/poseidon2.h.  Batches go through kernels/cpu/poseidon2_cpu.c,
 * which adds SIMD lanes; this file is the one-message path and the reference the tests
 * compare the batches to. */
#include "core/hash/poseidon2_host.h"

#include <string.h>

#include "core/hash/poseidon2.h"

void zka_poseidon2_babybear16_permute(zka_babybear state[16]) {
  zka_poseidon2_babybear16_permute_ref(state);
}
void zka_poseidon2_babybear24_permute(zka_babybear state[24]) {
  zka_poseidon2_babybear24_permute_ref(state);
}
void zka_poseidon2_goldilocks8_permute(zka_goldilocks state[8]) {
  zka_poseidon2_goldilocks8_permute_ref(state);
}
void zka_poseidon2_goldilocks12_permute(zka_goldilocks state[12]) {
  zka_poseidon2_goldilocks12_permute_ref(state);
}

int zka_poseidon2_shape_of(zka_hash_id h, zka_poseidon2_shape *out) {
  zka_poseidon2_shape s;
  switch (h) {
    case ZKA_HASH_POSEIDON2_BABYBEAR_16: s.width = 16; s.digest = 8; s.elem_size = 4; break;
    case ZKA_HASH_POSEIDON2_BABYBEAR_24: s.width = 24; s.digest = 8; s.elem_size = 4; break;
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_8: s.width = 8; s.digest = 4; s.elem_size = 8; break;
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_12: s.width = 12; s.digest = 4; s.elem_size = 8; break;
    default: return 0;
  }
  /* capacity = digest size (8 BabyBear, 4 Goldilocks): hash.h */
  s.rate = s.width - s.digest;
  *out = s;
  return 1;
}

void zka_poseidon2_permute_any(zka_hash_id h, void *state) {
  switch (h) {
    case ZKA_HASH_POSEIDON2_BABYBEAR_16: zka_poseidon2_babybear16_permute_ref(state); break;
    case ZKA_HASH_POSEIDON2_BABYBEAR_24: zka_poseidon2_babybear24_permute_ref(state); break;
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_8: zka_poseidon2_goldilocks8_permute_ref(state); break;
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_12: zka_poseidon2_goldilocks12_permute_ref(state); break;
    default: break;
  }
}

/* The state as raw words, big enough for the widest instance (24 x 4 or 12 x 8 bytes);
 * uint64_t alignment suits both element types. */
typedef union {
  zka_babybear bb[24];
  zka_goldilocks gl[12];
} zka_poseidon2_state;

void zka_poseidon2_sponge(zka_hash_id h, void *digest, const void *msg, size_t len) {
  zka_poseidon2_shape s;
  zka_poseidon2_state st;
  const unsigned char *in = msg;
  if (!zka_poseidon2_shape_of(h, &s)) return;
  memset(&st, 0, sizeof st);
  while (len > 0) {
    size_t chunk = len < s.rate ? len : s.rate;
    memcpy(&st, in, chunk * s.elem_size); /* overwrite mode: state[0..chunk) = chunk */
    zka_poseidon2_permute_any(h, &st);
    in += chunk * s.elem_size;
    len -= chunk;
  }
  memcpy(digest, &st, s.digest * s.elem_size);
}

void zka_poseidon2_compress2(zka_hash_id h, void *out, const void *left, const void *right) {
  zka_poseidon2_shape s;
  zka_poseidon2_state st;
  size_t half;
  if (!zka_poseidon2_shape_of(h, &s)) return;
  half = s.digest * s.elem_size;
  memset(&st, 0, sizeof st);
  memcpy(&st, left, half);
  memcpy((unsigned char *)&st + half, right, half);
  zka_poseidon2_permute_any(h, &st);
  memcpy(out, &st, half);
}
