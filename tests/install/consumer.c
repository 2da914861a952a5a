/* A program outside the tree, built against an installed zkaccel (pkg-config and CMake). */
#include <stdio.h>
#include <zkaccel/zkaccel.h>

int main(void) {
  zka_bn254_fr a, b, c;
  zka_bn254_fr_from_u64(&a, 6);
  zka_bn254_fr_from_u64(&b, 7);
  zka_bn254_fr_mul(&c, &a, &b);
  uint8_t out[32];
  zka_bn254_fr_to_bytes_le(out, &c);
  printf("6*7 = %u\n", out[0]);
  return out[0] == 42 ? 0 : 1;
}
