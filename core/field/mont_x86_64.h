/* mont_x86_64.h — the x86-64 fast path for Montgomery multiplication (BMI2 MULX + ADX
 * ADCX/ADOX carry chains).  Same inputs/outputs as the portable reference: fully reduced
 * Montgomery-form limbs in, fully reduced out; r may alias a or b.  Callers must check
 * zka_cpu_has_bmi2_adx() first (field_host.h does, through zka_field_fast_enabled). */
#ifndef ZKA_MONT_X86_64_H
#define ZKA_MONT_X86_64_H
#include <stdint.h>

int zka_cpu_has_bmi2_adx(void);

void zka_bn254_fq_mul_adx(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]);
void zka_bn254_fq_sqr_adx(uint64_t r[4], const uint64_t a[4]);
void zka_bn254_fr_mul_adx(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]);
void zka_bn254_fr_sqr_adx(uint64_t r[4], const uint64_t a[4]);
void zka_bls12_381_fr_mul_adx(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]);
void zka_bls12_381_fr_sqr_adx(uint64_t r[4], const uint64_t a[4]);
void zka_bls12_381_fq_mul_adx(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]);
void zka_bls12_381_fq_sqr_adx(uint64_t r[6], const uint64_t a[6]);

#endif
