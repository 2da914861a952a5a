/* fibonacci — input: n (uint32 LE; 1000 when the input is empty).
 * Public output: n (uint32 LE), then F(n) mod 2^64 (uint64 LE), F(0) = 0, F(1) = 1.
 * A loop of n 64-bit additions: the executor's speed benchmark. */
#include "zkaccel_guest.h"

int main(void) {
  int ok;
  uint32_t n = zka_read_u32(&ok);
  if (!ok) n = 1000;
  uint64_t a = 0, b = 1;
  for (uint32_t i = 0; i < n; i++) {
    uint64_t t = a + b;
    a = b;
    b = t;
  }
  zka_commit_u32(n);
  zka_commit_u32((uint32_t)a);
  zka_commit_u32((uint32_t)(a >> 32));
  return 0;
}
