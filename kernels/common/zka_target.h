/* zka_target.h — the one header that lets core/ and kernels/common/ compile as
 * host C11, CUDA C++, OpenCL C 1.2 and Vitis HLS C.
 *
 * Portable code uses only: zka_u8/zka_u32/zka_u64/zka_i64, ZKA_INLINE for helper
 * functions, ZKA_GLOBAL/ZKA_KERNEL at kernel entry points, and zka_mul_wide() for the
 * 64x64->128 product.  No VLAs, no recursion, no pointer casts, no __int128 outside the
 * per-target zka_mul_wide below.
 *
 * Targets:
 *   __OPENCL_VERSION__   OpenCL C 1.2 (mul_hi)
 *   __CUDACC__           CUDA (__umul64hi on the device, the host compiler's __int128 on host)
 *   __VITIS_HLS__ or ZKA_TARGET_HLS   Vitis HLS C (four 32x32 products; also used on the
 *                        host by tests to check that path without Vitis)
 *   otherwise            host C11 (gcc/clang unsigned __int128)
 */
#ifndef ZKA_TARGET_H
#define ZKA_TARGET_H

#if defined(__OPENCL_C_VERSION__) || defined(__OPENCL_VERSION__)
#define ZKA_TARGET_OPENCL 1
typedef uchar zka_u8;
typedef uint zka_u32;
typedef ulong zka_u64;
typedef long zka_i64;
#define ZKA_U64C(x) x##UL
#define ZKA_INLINE static inline
#define ZKA_HOT ZKA_INLINE
#define ZKA_GLOBAL __global
#define ZKA_KERNEL __kernel
#define ZKA_LOCAL __local
#define ZKA_BARRIER() barrier(CLK_LOCAL_MEM_FENCE)
/* Read-only tables at file scope (round constants): OpenCL 1.2 requires __constant. */
#define ZKA_CONST_TABLE __constant
#elif defined(__CUDACC__)
#define ZKA_TARGET_CUDA 1
#include <stdint.h>
typedef uint8_t zka_u8;
typedef uint32_t zka_u32;
typedef uint64_t zka_u64;
typedef int64_t zka_i64;
#define ZKA_U64C(x) UINT64_C(x)
#define ZKA_INLINE static __host__ __device__ __forceinline__
#define ZKA_HOT ZKA_INLINE
#define ZKA_GLOBAL
#define ZKA_KERNEL extern "C" __global__
#define ZKA_LOCAL __shared__
#define ZKA_BARRIER() __syncthreads()
/* __device__ tables are visible to device code; host-side callers use the host build. */
#define ZKA_CONST_TABLE static __device__ const
#else
#if defined(__VITIS_HLS__) && !defined(ZKA_TARGET_HLS)
#define ZKA_TARGET_HLS 1
#endif
#if !defined(ZKA_TARGET_HLS)
#define ZKA_TARGET_HOST 1
#endif
#include <stdint.h>
typedef uint8_t zka_u8;
typedef uint32_t zka_u32;
typedef uint64_t zka_u64;
typedef int64_t zka_i64;
#define ZKA_U64C(x) UINT64_C(x)
#define ZKA_INLINE static inline
/* ZKA_HOT: small field operations that must inline into point formulas; otherwise
 * compilers pass the 32/48-byte structs through the stack and every call pays
 * store-forwarding stalls (measured: half of a G1 mixed addition's time). */
#if defined(__GNUC__) || defined(__clang__)
#define ZKA_HOT static inline __attribute__((always_inline))
#else
#define ZKA_HOT static inline
#endif
#define ZKA_GLOBAL
#define ZKA_KERNEL
#define ZKA_LOCAL
#define ZKA_BARRIER() ((void)0)
#define ZKA_CONST_TABLE static const
#endif

/* A 128-bit product as two 64-bit halves (a struct, so every target can return it). */
typedef struct {
  zka_u64 lo;
  zka_u64 hi;
} zka_u128;

ZKA_INLINE zka_u128 zka_mul_wide(zka_u64 a, zka_u64 b) {
  zka_u128 r;
#if defined(ZKA_TARGET_OPENCL)
  r.lo = a * b;
  r.hi = mul_hi(a, b);
#elif defined(ZKA_TARGET_CUDA) && defined(__CUDA_ARCH__)
  r.lo = a * b;
  r.hi = __umul64hi(a, b);
#elif defined(ZKA_TARGET_HLS)
  /* Four 32x32 products: what an HLS DSP mapping wants, and no 128-bit type. */
  zka_u64 a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
  zka_u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  zka_u64 mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
  r.lo = (p00 & 0xffffffffu) | (mid << 32);
  r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
#else
  unsigned __int128 p = (unsigned __int128)a * b;
  r.lo = (zka_u64)p;
  r.hi = (zka_u64)(p >> 64);
#endif
  return r;
}

/* ZKA_VERIFY builds check internal invariants (limb bounds, reduced inputs) on the host
 * and abort with the failed condition; elsewhere the checks compile to nothing. */
#if defined(ZKA_VERIFY) && defined(ZKA_TARGET_HOST)
#include <stdio.h>
#include <stdlib.h>
#define ZKA_VERIFY_CHECK(cond)                                                           \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      fprintf(stderr, "ZKA_VERIFY check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      abort();                                                                           \
    }                                                                                    \
  } while (0)
#else
#define ZKA_VERIFY_CHECK(cond) ((void)0)
#endif

/* All-ones when c is nonzero, zero otherwise: for branch-free selects. */
ZKA_INLINE zka_u64 zka_mask64(zka_u64 c) { return (zka_u64)0 - (zka_u64)(c != 0); }

#endif /* ZKA_TARGET_H */
