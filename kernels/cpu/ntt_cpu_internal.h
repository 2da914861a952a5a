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
  const char *name; /* "scalar", "avx2", "avx512" (for test output) */
} zka_ntt_kernels;

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
#endif

#endif
