/* poseidon2_host.h — internal: the host-side Poseidon2 sponge and compression of
 * include/zkaccel/hash.h over the four permutations (core/hash/poseidon2.h).
 *
 * Sponge (hash.h): state = 0; the message (len field elements, in their in-memory form) is
 * cut into chunks of rate = width - capacity elements (capacity 8 for BabyBear, 4 for
 * Goldilocks; rate 8 / 16 / 4 / 8 for BabyBear-16 / BabyBear-24 / Goldilocks-8 /
 * Goldilocks-12); each chunk (the last may be shorter) OVERWRITES state[0..chunk) and the
 * state is permuted; digest = state[0..8) (BabyBear) or state[0..4) (Goldilocks).  len = 0
 * gives the zero digest (no permutation).  No padding: Plonky3's PaddingFreeSponge.
 * Compression: state = left || right || zeros (digest elements each), permute, keep the first
 * digest elements (Plonky3's TruncatedPermutation). */
#ifndef ZKA_CORE_HASH_POSEIDON2_HOST_H
#define ZKA_CORE_HASH_POSEIDON2_HOST_H
#include <stddef.h>

#include "zkaccel/hash.h"

/* Per-instance shape: width, rate and digest in elements, element size in bytes. */
typedef struct {
  size_t width, rate, digest, elem_size;
} zka_poseidon2_shape;

/** The shape of one of the four ZKA_HASH_POSEIDON2_* ids; 0 for another id (out untouched). */
int zka_poseidon2_shape_of(zka_hash_id h, zka_poseidon2_shape *out);

/** The permutation of id h on a state of shape.width elements (in place). h must be a
 *  Poseidon2 id. */
void zka_poseidon2_permute_any(zka_hash_id h, void *state);

/** Sponge hash of len elements at msg into digest (shape.digest elements). h must be a
 *  Poseidon2 id; msg may be NULL when len = 0. */
void zka_poseidon2_sponge(zka_hash_id h, void *digest, const void *msg, size_t len);

/** Two-to-one compression of two digests into out (out may alias left or right). */
void zka_poseidon2_compress2(zka_hash_id h, void *out, const void *left, const void *right);

#endif
