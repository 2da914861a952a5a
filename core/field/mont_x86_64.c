/* mont_x86_64.c — PLACEHOLDER until the MULX/ADX assembly lands: forwards to the portable
 * reference so the dispatch and the tests are wired.  Replaced by the real fast path. */
#include "mont_x86_64.h"

#include <cpuid.h>

#include "fields_portable.h"

int zka_cpu_has_bmi2_adx(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  return ((b >> 8) & 1) && ((b >> 19) & 1); /* BMI2: EBX bit 8, ADX: EBX bit 19 */
}

#define ZKA_PLACEHOLDER(F, N)                                                     \
  void zka_##F##_mul_adx(uint64_t r[N], const uint64_t a[N], const uint64_t b[N]) { \
    zka_##F x, y;                                                                 \
    for (int i = 0; i < N; i++) x.l[i] = a[i], y.l[i] = b[i];                     \
    x = zka_##F##_mul_ref(x, y);                                                  \
    for (int i = 0; i < N; i++) r[i] = x.l[i];                                    \
  }                                                                               \
  void zka_##F##_sqr_adx(uint64_t r[N], const uint64_t a[N]) { zka_##F##_mul_adx(r, a, a); }

ZKA_PLACEHOLDER(bn254_fq, 4)
ZKA_PLACEHOLDER(bn254_fr, 4)
ZKA_PLACEHOLDER(bls12_381_fr, 4)
ZKA_PLACEHOLDER(bls12_381_fq, 6)
