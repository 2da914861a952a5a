/* hash.h — hash functions and Merkle trees: single-message helpers, and batch hashing
 * through the engine (device.h), split across devices like every other primitive.
 *
 * Hash ids and what a "message" and a "digest" are for each:
 *
 *   ZKA_HASH_SHA256             bytes -> 32 bytes (FIPS 180-4)
 *   ZKA_HASH_KECCAK256          bytes -> 32 bytes (Keccak[r=1088, c=512] with the original
 *                               0x01 padding, as Ethereum uses; not SHA3-256)
 *   ZKA_HASH_POSEIDON_BN254     k zka_bn254_fr (1 <= k <= 16) -> 1 zka_bn254_fr: circomlib's
 *                               Poseidon with t = k + 1 (circomlibjs poseidon([x1..xk]))
 *   ZKA_HASH_POSEIDON2_BABYBEAR_16, _24     zka_babybear elements -> 8 zka_babybear
 *   ZKA_HASH_POSEIDON2_GOLDILOCKS_8, _12    zka_goldilocks elements -> 4 zka_goldilocks
 *                               Poseidon2 (HorizenLabs parameters) in a padding-free sponge:
 *                               the state starts at zero; the message is cut into chunks of
 *                               `rate` = width - capacity elements (capacity 8 for BabyBear,
 *                               4 for Goldilocks); each chunk overwrites state[0..len) and the
 *                               state is permuted; the digest is state[0..digest).  No length
 *                               padding: meant for fixed-length rows (Merkle leaves), as in
 *                               Plonky3's PaddingFreeSponge.  An empty message hashes to the
 *                               first elements of the zero state (no permutation).
 *
 * Two-to-one compression (Merkle layers), zka_hash_compress: SHA-256 and Keccak-256 hash the
 * 64 bytes left || right; Poseidon2 permutes the state (left, right, zeros...) and keeps the
 * first digest elements (Plonky3's TruncatedPermutation); Poseidon BN254 is poseidon([l, r]).
 *
 * Field elements are in their in-memory form (field.h, field_small.h): BN254 Fr and
 * BabyBear in Montgomery form, Goldilocks canonical.  Every backend gives the same bytes.
 */
#ifndef ZKACCEL_HASH_H
#define ZKACCEL_HASH_H
#include <stddef.h>
#include <stdint.h>

#include "device.h"
#include "field.h"
#include "field_small.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  ZKA_HASH_SHA256 = 1,
  ZKA_HASH_KECCAK256 = 2,
  ZKA_HASH_POSEIDON_BN254 = 3,
  ZKA_HASH_POSEIDON2_BABYBEAR_16 = 4,
  ZKA_HASH_POSEIDON2_BABYBEAR_24 = 5,
  ZKA_HASH_POSEIDON2_GOLDILOCKS_8 = 6,
  ZKA_HASH_POSEIDON2_GOLDILOCKS_12 = 7
} zka_hash_id;

/** Bytes of one message unit: 1 for SHA-256/Keccak, the field element size otherwise
 *  (0 for an unknown id). */
ZKA_API size_t zka_hash_unit_size(zka_hash_id h);
/** Bytes of one digest (32, 32, 32, 32, 32, 32, 32): 8 BabyBear or 4 Goldilocks elements,
 *  one BN254 Fr, or 32 bytes.  0 for an unknown id. */
ZKA_API size_t zka_hash_digest_size(zka_hash_id h);
/** "sha256", "keccak256", "poseidon_bn254", "poseidon2_babybear_16", ...; "?" if unknown. */
ZKA_API const char *zka_hash_name(zka_hash_id h);
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_hash_parse(const char *name, zka_hash_id *out);

/* ---- single messages ------------------------------------------------------------------ */

/** SHA-256 of len bytes. */
ZKA_API void zka_sha256(uint8_t out[32], const uint8_t *msg, size_t len);
/** The SHA-256 compression function: state (8 words, FIPS 180-4 order) updated with one
 *  64-byte block (big-endian words as in the standard). */
ZKA_API void zka_sha256_compress(uint32_t state[8], const uint8_t block[64]);
/** Keccak-256 (Ethereum) of len bytes. */
ZKA_API void zka_keccak256(uint8_t out[32], const uint8_t *msg, size_t len);
/** The Keccak-f[1600] permutation on 25 lanes (lane[x + 5y], little-endian). */
ZKA_API void zka_keccak_f1600(uint64_t state[25]);

/** circomlib Poseidon of k inputs (1 <= k <= 16); ZKA_ERR_INVALID_ARGUMENT otherwise. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_poseidon_bn254(zka_bn254_fr *out,
                                                             const zka_bn254_fr *in, size_t k);

/** Poseidon2 permutations in place (HorizenLabs parameters; see core/hash/). */
ZKA_API void zka_poseidon2_babybear16_permute(zka_babybear state[16]);
ZKA_API void zka_poseidon2_babybear24_permute(zka_babybear state[24]);
ZKA_API void zka_poseidon2_goldilocks8_permute(zka_goldilocks state[8]);
ZKA_API void zka_poseidon2_goldilocks12_permute(zka_goldilocks state[12]);

/** One message of len units (bytes or field elements, see above) -> digest
 *  (zka_hash_digest_size bytes).  ZKA_ERR_INVALID_ARGUMENT for a length the hash does not
 *  take (Poseidon BN254: 1..16). */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_hash(zka_hash_id h, void *digest, const void *msg,
                                                   size_t len);
/** Two-to-one compression of two digests (see above). */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_hash_compress(zka_hash_id h, void *out,
                                                            const void *left, const void *right);

/* ---- batches through the engine -------------------------------------------------------- */

/** count messages of len units each, stored one after another at msgs, hashed into count
 *  digests at digests (zka_hash_digest_size bytes each), split across the engine's
 *  selected devices (falling back as zka_ntt does).  Errors: ZKA_ERR_INVALID_ARGUMENT,
 *  ZKA_ERR_OUT_OF_MEMORY, ZKA_ERR_DEVICE (strict). */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_hash_batch(zka_engine *e, zka_hash_id h,
                                                         void *digests, const void *msgs,
                                                         size_t len, size_t count,
                                                         zka_ctx *ctx);
/** count compressions: out[i] = compress(in[2i], in[2i+1]) (in holds 2*count digests). */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_hash_compress_batch(zka_engine *e, zka_hash_id h,
                                                                  void *out, const void *in,
                                                                  size_t count, zka_ctx *ctx);

/* ---- Merkle trees -------------------------------------------------------------------- */

/** A binary Merkle tree over n leaves.  Leaf i's digest is zka_hash of its len units; a
 *  parent is zka_hash_compress(left, right).  When n is not a power of two, the leaf layer
 *  is padded up to the next power of two with all-zero digests (not hashes of anything),
 *  so every tree has depth ceil(log2 n); padded positions cannot be opened.  A tree of one
 *  leaf has depth 0 and its root is the leaf digest.  Immutable after zka_merkle_build:
 *  const calls may run concurrently. */
typedef struct zka_merkle_tree zka_merkle_tree;

typedef struct {
  /** Layers kept in memory, counted from the root (the root alone is 1); 0 keeps all.
   *  Openings need every layer: a tree that keeps fewer cannot be opened. */
  size_t keep_layers;
} zka_merkle_options;

ZKA_API zka_merkle_options zka_merkle_options_default(void);

/** Build the tree; leaves: n rows of len units, one after another.  n >= 1. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_merkle_build(zka_merkle_tree **out, zka_engine *e,
                                                           zka_hash_id h, const void *leaves,
                                                           size_t len, size_t n,
                                                           const zka_merkle_options *opt,
                                                           zka_ctx *ctx);
ZKA_API void zka_merkle_destroy(zka_merkle_tree *t);
/** Depth (number of siblings in a path) and leaf count. */
ZKA_API size_t zka_merkle_depth(const zka_merkle_tree *t);
ZKA_API size_t zka_merkle_leaf_count(const zka_merkle_tree *t);
/** The root digest. */
ZKA_API void zka_merkle_root(const zka_merkle_tree *t, void *root);
/** Path of leaf index: depth sibling digests, the leaf's sibling first.  ZKA_ERR_INVALID_ARGUMENT
 *  for index >= n; ZKA_ERR_UNSUPPORTED when layers were not kept. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_merkle_open(const zka_merkle_tree *t, size_t index,
                                                          void *path, zka_ctx *ctx);
/** Check that the leaf (len units) at index, with path (depth digests, depth =
 *  ceil(log2 n)), leads to root.  ZKA_OK when it does; ZKA_ERR_VERIFY_FAILED otherwise. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_merkle_verify(zka_hash_id h, const void *root,
                                                            const void *leaf, size_t len,
                                                            size_t index, size_t n,
                                                            const void *path, zka_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif
