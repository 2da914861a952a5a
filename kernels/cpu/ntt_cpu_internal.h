/* ntt_cpu_internal.h — internal to kernels/cpu/ntt_*.c: the per-field butterfly kernels the
 * CPU NTT driver (ntt_cpu.c) calls, the SIMD tables (ntt_simd_x86.c) and the switch that
 * forces the portable path (tests compare the two byte for byte).
 *
 * Twiddle layout shared by every kernel: one table tw[] of n elements per field and
 * direction, tw[h + j] = w_{2h}^j for the radix-2 stage of half-size h (0 <= j < h), where
 * w_{2h} = zka_<field>_root_of_unity(log2(2h)) (or its inverse).  Entry 0 is unused.  The
 * stage of half-size h pairs elements (j, j + h) inside each block of 2h:
 *   DIF (Gentleman-Sande):  u' = u + v,  v' = (u - v)·tw[h + j]
 *   DIT (Cooley-Tukey):     u' = u + v·tw[h + j],  v' = u - v·tw[h + j]
 * Because the roots form one family (root(k)^2 = root(k-1)), the table for 2^k also serves
 * every smaller size, so one table per field and direction is cached (ntt_cpu.c).
 */
#ifndef ZKA_KERNELS_CPU_NTT_CPU_INTERNAL_H
#define ZKA_KERNELS_CPU_NTT_CPU_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

/* Row kernels work on `len` consecutive elements of each row; rows may be anywhere. */
typedef struct {
  /* One radix-2 layer on rows u, v with twiddles tw[0..len). */
  void (*dif2)(void *u, void *v, const void *tw, size_t len);
  void (*dit2)(void *u, void *v, const void *tw, size_t len);
  /* Two fused layers (radix-4) on rows r0..r3 = elements [0,h2), [h2,2h2), [2h2,3h2),
   * [3h2,4h2) of a group of 4·h2 (rows may also be strided columns, see ntt_cpu.c):
   * ta = stage 2h2, j in [0,h2); tb = stage 2h2, j in [h2, 2h2); tc = stage h2. */
  void (*dif4)(void *r0, void *r1, void *r2, void *r3, const void *ta, const void *tb,
               const void *tc, size_t len);
  void (*dit4)(void *r0, void *r1, void *r2, void *r3, const void *ta, const void *tb,
               const void *tc, size_t len);
  /* The stages of half-size h < 2^tail_log on every group of 2^tail_log in x[0..len)
   * (len a multiple of 2^tail_log); tw is the whole table. */
  void (*tail_dif)(void *x, size_t len, const void *tw);
  void (*tail_dit)(void *x, size_t len, const void *tw);
  unsigned tail_log;
  /* x[i] *= c, and x[i] *= t[i]. */
  void (*scale)(void *x, const void *c, size_t len);
  void (*mulpw)(void *x, const void *t, size_t len);
  const char *name; /* "scalar", "avx2", "avx512", "adx" (for test output) */
  /* The twiddle table the row and tail kernels read (scale and mulpw never read it):
   * ZKA_NTT_TW_STANDARD, the layout above, or ZKA_NTT_TW_IFMA52 (ntt_ifma.c): for the
   * 4-limb fields, each entry multiplied by 16 (so a product by it divides by 2^260 instead
   * of R = 2^256) and cut into 5 limbs of 52 bits, in blocks of 8 entries of 40 words,
   * limb j of entry 8b + e at word 40b + 8j + e.  Entry i (i % 8 == 0) starts at byte 40·i,
   * so the driver's pointer arithmetic is the same with 40 for the element size. */
  unsigned tw_format;
} zka_ntt_kernels;

enum { ZKA_NTT_TW_STANDARD = 0, ZKA_NTT_TW_IFMA52 = 1 };
/* Bytes per entry of an IFMA52 table. */
#define ZKA_NTT_TW_IFMA52_BYTES 40

/* SIMD levels, ordered. */
enum { ZKA_NTT_SIMD_SCALAR = 0, ZKA_NTT_SIMD_AVX2 = 1, ZKA_NTT_SIMD_AVX512 = 2 };

/** The highest SIMD level the CPU supports and the build has (ZKA_PORTABLE builds: 0). */
int zka_ntt_cpu_simd_available(void);
/** Cap the SIMD level the CPU NTT uses (ZKA_NTT_SIMD_SCALAR forces the portable kernels;
 *  the default is the available level, or scalar when the environment sets ZKA_PORTABLE to
 *  something other than "0").  Returns the previous cap.  Not thread-safe with running
 *  transforms: tests call it between them. */
int zka_ntt_cpu_set_simd(int level);
/** The kernels the NTT uses now for field f (for test output); NULL for unknown fields. */
const zka_ntt_kernels *zka_ntt_cpu_kernels(int field_id);

#if (defined(__x86_64__) || defined(__i386__)) && !defined(ZKA_PORTABLE) && defined(__GNUC__)
#define ZKA_NTT_HAVE_X86 1
/* In ntt_simd_x86.c. */
extern const zka_ntt_kernels zka_ntt_babybear_avx2;
extern const zka_ntt_kernels zka_ntt_babybear_avx512;
extern const zka_ntt_kernels zka_ntt_goldilocks_avx2;
extern const zka_ntt_kernels zka_ntt_goldilocks_avx512;
/* One tile step of the bit-reversal permutation for 4-byte elements, AVX-512F (ntt_cpu.c
 * describes the tiling): with A[r][c] = pa[r·rowstep + c] and B likewise from pb
 * (r, c < 16), writes A[r][c] = B[rev c][rev r] and B[r][c] = A[rev c][rev r], rev the
 * 4-bit reversal; pa == pb permutes one tile in place.  scale: see below. */
void zka_ntt_bitrev_tile16_avx512(uint32_t *pa, uint32_t *pb, size_t rowstep,
                                  const uint32_t *scale);
/* The same for 8-byte elements on 8 × 8 tiles (3-bit reversal).  For both: scale non-NULL
 * multiplies every element moved by *scale (a BabyBear / Goldilocks element in memory form),
 * the inverse transform's n^-1. */
void zka_ntt_bitrev_tile8_avx512(uint64_t *pa, uint64_t *pb, size_t rowstep,
                                 const uint64_t *scale);
/* The same for 32-byte elements (four 64-bit words) on 8 × 8 tiles; rowstep in elements. */
void zka_ntt_bitrev_tile8x32_avx512(uint64_t *pa, uint64_t *pb, size_t rowstep);
#if defined(__x86_64__) && defined(__ELF__)
/* In ntt_mont4.c: BN254 Fr and BLS12-381 Fr over the MULX/ADX products (needs BMI2 + ADX,
 * which core/field checks: zka_field_fast_enabled). */
#define ZKA_NTT_HAVE_MONT4 1
extern const zka_ntt_kernels *const zka_ntt_bn254_fr_adx;
extern const zka_ntt_kernels *const zka_ntt_bls12_381_fr_adx;
/* In ntt_ifma.c: the same fields eight lanes at a time with AVX-512 IFMA (the ends of rows
 * and the tails through the ADX kernels above). */
extern const zka_ntt_kernels zka_ntt_bn254_fr_ifma;
extern const zka_ntt_kernels zka_ntt_bls12_381_fr_ifma;
/** Nonzero when the CPU has AVX-512F and AVX-512 IFMA. */
int zka_ntt_ifma_available(void);
/** Write entries [0, n) of a ZKA_NTT_TW_IFMA52 table (n a multiple of 8) to out (n·40
 *  bytes) from the 4-limb entries tw16[i] = 16·tw[i] (already multiplied). */
void zka_ntt_ifma_pack_table(uint64_t *out, const uint64_t *tw16, size_t n);
#endif
#endif

#endif
