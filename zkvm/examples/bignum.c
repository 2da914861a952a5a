/* bignum — input: na, nb (uint32 LE each, 1..4096), then a (na limbs) and b (nb limbs),
 * little-endian 32-bit limbs, least significant first.
 * Public output: a * b as na + nb limbs (uint32 LE each), schoolbook multiplication.
 * Exit code 1: short input or a size out of range. */
#include "zkaccel_guest.h"

#define ZKA_MAX_LIMBS 4096

static uint32_t zka_a[ZKA_MAX_LIMBS], zka_b[ZKA_MAX_LIMBS], zka_p[2 * ZKA_MAX_LIMBS];

int main(void) {
  int ok1, ok2;
  uint32_t na = zka_read_u32(&ok1), nb = zka_read_u32(&ok2);
  if (!ok1 || !ok2 || na == 0 || nb == 0 || na > ZKA_MAX_LIMBS || nb > ZKA_MAX_LIMBS) return 1;
  if (zka_read_input(zka_a, 4 * na) != 4 * na || zka_read_input(zka_b, 4 * nb) != 4 * nb)
    return 1;
  for (uint32_t i = 0; i < na; i++) {
    uint32_t carry = 0;
    for (uint32_t j = 0; j < nb; j++) {
      /* (2^32-1)^2 + 2 (2^32-1) < 2^64: the sum cannot overflow. */
      uint64_t t = (uint64_t)zka_a[i] * zka_b[j] + zka_p[i + j] + carry;
      zka_p[i + j] = (uint32_t)t;
      carry = (uint32_t)(t >> 32);
    }
    zka_p[i + nb] = carry;
  }
  zka_commit(zka_p, 4 * (size_t)(na + nb));
  return 0;
}
