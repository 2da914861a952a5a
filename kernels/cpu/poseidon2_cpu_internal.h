/* poseidon2_cpu_internal.h — internal to the CPU backend's Poseidon2 batches
 * (poseidon2_cpu.c) and their SIMD kernels (poseidon2_x86.c).
 *
 * A "lanes" kernel permutes L independent states at once, stored transposed:
 * st[i * L + l] is element i of state l (L = 16 BabyBear / 8 Goldilocks lanes in AVX-512,
 * 8 / 4 in AVX2).  Lanes are independent messages, so every lane gives exactly the bytes of
 * the portable permutation (core/hash/poseidon2.h); the tests check that on every path. */
#ifndef ZKA_KERNELS_CPU_POSEIDON2_CPU_INTERNAL_H
#define ZKA_KERNELS_CPU_POSEIDON2_CPU_INTERNAL_H
#include <stdint.h>

#include "zkaccel/hash.h"

enum { ZKA_P2_SIMD_SCALAR = 0, ZKA_P2_SIMD_AVX2 = 1, ZKA_P2_SIMD_AVX512 = 2 };

/** The best level this CPU (and this build) offers. */
int zka_cpu_poseidon2_simd_available(void);
/** Cap the level the batches use (SCALAR forces the portable reference); returns the previous
 *  cap.  The default is the available level, or SCALAR when the environment sets
 *  ZKA_PORTABLE to something other than "0".  Not thread-safe with running batches. */
int zka_cpu_poseidon2_set_simd(int level);
/** The level the batches use now. */
int zka_cpu_poseidon2_simd_level(void);

/** A lanes kernel: permute `lanes` transposed states in place (see above). */
typedef void (*zka_p2_lanes_fn)(void *st);

#if (defined(__x86_64__) || defined(__i386__)) && !defined(ZKA_PORTABLE) && defined(__GNUC__)
#define ZKA_P2_HAVE_X86 1
/* poseidon2_x86.c */
void zka_p2_babybear16_x16_avx512(void *st);
void zka_p2_babybear24_x16_avx512(void *st);
void zka_p2_goldilocks8_x8_avx512(void *st);
void zka_p2_goldilocks12_x8_avx512(void *st);
void zka_p2_babybear16_x8_avx2(void *st);
void zka_p2_babybear24_x8_avx2(void *st);
void zka_p2_goldilocks8_x4_avx2(void *st);
void zka_p2_goldilocks12_x4_avx2(void *st);
#endif

#endif
