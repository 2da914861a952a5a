/* hash.c — the hash ids of hash.h and the single-message dispatch over the families
 * (sha256_keccak.c, poseidon_bn254.c, poseidon2.c). */
#include <string.h>

#include "core/error.h"
#include "core/hash/poseidon2_host.h"
#include "zkaccel/hash.h"

static const struct {
  zka_hash_id id;
  const char *name;
  size_t unit;
} zka_hash_table[] = {
    {ZKA_HASH_SHA256, "sha256", 1},
    {ZKA_HASH_KECCAK256, "keccak256", 1},
    {ZKA_HASH_POSEIDON_BN254, "poseidon_bn254", sizeof(zka_bn254_fr)},
    {ZKA_HASH_POSEIDON2_BABYBEAR_16, "poseidon2_babybear_16", sizeof(zka_babybear)},
    {ZKA_HASH_POSEIDON2_BABYBEAR_24, "poseidon2_babybear_24", sizeof(zka_babybear)},
    {ZKA_HASH_POSEIDON2_GOLDILOCKS_8, "poseidon2_goldilocks_8", sizeof(zka_goldilocks)},
    {ZKA_HASH_POSEIDON2_GOLDILOCKS_12, "poseidon2_goldilocks_12", sizeof(zka_goldilocks)},
};
#define ZKA_N_HASHES (sizeof zka_hash_table / sizeof zka_hash_table[0])

size_t zka_hash_unit_size(zka_hash_id h) {
  for (size_t i = 0; i < ZKA_N_HASHES; i++)
    if (zka_hash_table[i].id == h) return zka_hash_table[i].unit;
  return 0;
}

/* Every digest is 32 bytes: a SHA-256/Keccak-256 output, one BN254 Fr, 8 BabyBear or 4
 * Goldilocks elements. */
size_t zka_hash_digest_size(zka_hash_id h) { return zka_hash_unit_size(h) ? 32 : 0; }

const char *zka_hash_name(zka_hash_id h) {
  for (size_t i = 0; i < ZKA_N_HASHES; i++)
    if (zka_hash_table[i].id == h) return zka_hash_table[i].name;
  return "?";
}

zka_status zka_hash_parse(const char *name, zka_hash_id *out) {
  if (!name || !out) return ZKA_ERR_INVALID_ARGUMENT;
  for (size_t i = 0; i < ZKA_N_HASHES; i++)
    if (!strcmp(zka_hash_table[i].name, name)) {
      *out = zka_hash_table[i].id;
      return ZKA_OK;
    }
  return ZKA_ERR_INVALID_ARGUMENT;
}

zka_status zka_hash(zka_hash_id h, void *digest, const void *msg, size_t len) {
  if (!digest || (!msg && len)) return ZKA_ERR_INVALID_ARGUMENT;
  switch (h) {
    case ZKA_HASH_SHA256: zka_sha256(digest, msg, len); return ZKA_OK;
    case ZKA_HASH_KECCAK256: zka_keccak256(digest, msg, len); return ZKA_OK;
    case ZKA_HASH_POSEIDON_BN254: return zka_poseidon_bn254(digest, msg, len);
    case ZKA_HASH_POSEIDON2_BABYBEAR_16:
    case ZKA_HASH_POSEIDON2_BABYBEAR_24:
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_8:
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_12: zka_poseidon2_sponge(h, digest, msg, len); return ZKA_OK;
  }
  return ZKA_ERR_INVALID_ARGUMENT;
}

zka_status zka_hash_compress(zka_hash_id h, void *out, const void *left, const void *right) {
  if (!out || !left || !right) return ZKA_ERR_INVALID_ARGUMENT;
  switch (h) {
    case ZKA_HASH_SHA256:
    case ZKA_HASH_KECCAK256: {
      uint8_t pair[64];
      memcpy(pair, left, 32);
      memcpy(pair + 32, right, 32);
      return zka_hash(h, out, pair, 64);
    }
    case ZKA_HASH_POSEIDON_BN254: {
      zka_bn254_fr pair[2];
      memcpy(&pair[0], left, sizeof pair[0]);
      memcpy(&pair[1], right, sizeof pair[1]);
      return zka_poseidon_bn254(out, pair, 2);
    }
    case ZKA_HASH_POSEIDON2_BABYBEAR_16:
    case ZKA_HASH_POSEIDON2_BABYBEAR_24:
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_8:
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_12: zka_poseidon2_compress2(h, out, left, right); return ZKA_OK;
  }
  return ZKA_ERR_INVALID_ARGUMENT;
}
