/* sort — input: count (uint32 LE), then count uint32 LE values.
 * Public output: count, then the values in ascending order (uint32 LE each).
 * Heapsort (Williams 1964, Floyd's sift-down) in the heap section.
 * Exit code 1: the input is short or does not fit the heap. */
#include "zkaccel_guest.h"

static void zka_sift(uint32_t *v, uint32_t root, uint32_t n) {
  for (;;) {
    uint32_t child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && v[child] < v[child + 1]) child++;
    if (v[root] >= v[child]) return;
    uint32_t t = v[root];
    v[root] = v[child];
    v[child] = t;
    root = child;
  }
}

int main(void) {
  int ok;
  uint32_t n = zka_read_u32(&ok);
  uint32_t *v = (uint32_t *)__heap_start;
  if (!ok || n > (uint32_t)(__heap_end - __heap_start) / 4) return 1;
  if (zka_read_input(v, (size_t)n * 4) != (size_t)n * 4) return 1;
  for (uint32_t i = n / 2; i-- > 0;) zka_sift(v, i, n);
  for (uint32_t end = n; end > 1; end--) {
    uint32_t t = v[0];
    v[0] = v[end - 1];
    v[end - 1] = t;
    zka_sift(v, 0, end - 1);
  }
  zka_commit_u32(n);
  zka_commit(v, (size_t)n * 4);
  return 0;
}
